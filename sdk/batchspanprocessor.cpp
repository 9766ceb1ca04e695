// SPDX-License-Identifier: MIT
#include "batchspanprocessor.h"

#include "spanexporter.h"

#include <QThread>

#include <algorithm>

namespace traceflow::sdk {

BatchSpanProcessor::BatchSpanProcessor(std::shared_ptr<SpanExporter> exporter,
                                       const BatchOptions &options)
    : m_options{std::max(1, options.maxQueueSize),
                std::clamp(options.maxExportBatchSize, 1, std::max(1, options.maxQueueSize)),
                std::max(options.scheduleDelay, std::chrono::milliseconds(1))},
      m_exporter(std::move(exporter))
{
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("traceflow-batch-exporter"));
    m_thread->start();
}

BatchSpanProcessor::~BatchSpanProcessor()
{
    shutdown();
}

void BatchSpanProcessor::onEnd(SpanData &&span)
{
    bool batchFull = false;
    {
        const std::lock_guard lock(m_mutex);
        if (m_stopping || qsizetype(m_queue.size()) >= m_options.maxQueueSize) {
            ++m_stats.dropped;
            return;
        }
        m_queue.push_back(std::move(span));
        ++m_stats.accepted;
        batchFull = qsizetype(m_queue.size()) == m_options.maxExportBatchSize;
    }
    if (batchFull)
        m_wake.notify_one();
}

bool BatchSpanProcessor::forceFlush(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    if (m_stopping)
        return m_queue.empty();
    const quint64 ticket = ++m_flushRequested;
    m_wake.notify_one();
    return m_flushed.wait_for(lock, timeout, [&] { return m_flushCompleted >= ticket; });
}

void BatchSpanProcessor::shutdown()
{
    {
        const std::lock_guard lock(m_mutex);
        if (m_stopping)
            return;
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread->wait();
    m_exporter->shutdown();
    const std::lock_guard lock(m_mutex);
    m_flushCompleted = m_flushRequested;
    m_flushed.notify_all();
}

BatchSpanProcessor::Stats BatchSpanProcessor::stats() const
{
    const std::lock_guard lock(m_mutex);
    Stats stats = m_stats;
    stats.queued = qsizetype(m_queue.size());
    return stats;
}

void BatchSpanProcessor::run()
{
    const auto batchSize = std::size_t(m_options.maxExportBatchSize);
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait_for(lock, m_options.scheduleDelay, [&] {
            return m_stopping || m_flushRequested != m_flushCompleted
                || m_queue.size() >= batchSize;
        });
        // A flush or a stop exports everything queued; the timer or a full batch one
        // batch, then more while full batches remain.
        const quint64 flushTicket = m_flushRequested;
        const bool drain = m_stopping || flushTicket != m_flushCompleted;
        while (!m_queue.empty()) {
            const std::size_t count = std::min(batchSize, m_queue.size());
            QList<SpanData> batch;
            batch.reserve(qsizetype(count));
            for (std::size_t i = 0; i < count; ++i) {
                batch.append(std::move(m_queue.front()));
                m_queue.pop_front();
            }
            lock.unlock();
            const ExportResult result = m_exporter->exportSpans(batch);
            lock.lock();
            ++m_stats.batches;
            (result == ExportResult::Success ? m_stats.exported : m_stats.failed) += count;
            if (!drain && m_queue.size() < batchSize)
                break;
        }
        if (flushTicket != m_flushCompleted) {
            m_flushCompleted = flushTicket;
            m_flushed.notify_all();
        }
        if (m_stopping && m_queue.empty())
            return;
    }
}

} // namespace traceflow::sdk
