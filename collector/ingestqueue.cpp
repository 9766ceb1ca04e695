// SPDX-License-Identifier: MIT
#include "ingestqueue.h"

#include "tracestore.h"

namespace traceflow {

namespace {
constexpr std::size_t MergeSpans = 8192;
} // namespace

IngestQueue::IngestQueue(TraceStore &store, std::size_t capacitySpans,
                         std::function<void(std::size_t)> onInserted)
    : m_store(store), m_capacity(capacitySpans), m_onInserted(std::move(onInserted))
{
    m_worker = std::thread([this] { run(); });
}

IngestQueue::~IngestQueue()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_worker.join();
}

bool IngestQueue::tryPush(std::vector<Span> &spans)
{
    if (spans.empty())
        return true;
    const std::size_t count = spans.size();
    {
        std::lock_guard lock(m_mutex);
        if (m_spans > 0 && m_spans + count > m_capacity)
            return false;
        m_spans += count; // room taken now, so admission does not wait for the preparation
    }
    StoreBatch batch(std::move(spans));
    spans = {};
    {
        std::lock_guard lock(m_mutex);
        m_batches.push_back(std::move(batch));
    }
    m_wake.notify_one();
    return true;
}

void IngestQueue::flush()
{
    setHeld(false);
    std::unique_lock lock(m_mutex);
    m_drained.wait(lock, [this] { return m_spans == 0; });
}

void IngestQueue::setHeld(bool held)
{
    {
        std::lock_guard lock(m_mutex);
        m_held = held;
    }
    m_wake.notify_one();
}

bool IngestQueue::isHeld() const
{
    std::lock_guard lock(m_mutex);
    return m_held;
}

std::size_t IngestQueue::queuedSpans() const
{
    std::lock_guard lock(m_mutex);
    return m_spans;
}

std::size_t IngestQueue::queuedBatches() const
{
    std::lock_guard lock(m_mutex);
    return m_batches.size() + m_inFlight;
}

void IngestQueue::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || (!m_held && !m_batches.empty()); });
        if (m_batches.empty())
            return; // stopping, and nothing left to insert
        // Small batches go in together, to take the store's exclusive lock less often; but not
        // too many at once, or queries would wait for one long insert.
        // Appended as parts, neither copied nor sorted again: each is grouped by trace already,
        // and a trace split over two parts goes in as two runs.
        StoreBatch batch = std::move(m_batches.front());
        m_batches.pop_front();
        m_inFlight = 1;
        while (!m_batches.empty() && batch.size() + m_batches.front().size() <= MergeSpans) {
            ++m_inFlight;
            batch.append(std::move(m_batches.front()));
            m_batches.pop_front();
        }
        lock.unlock();
        const std::size_t count = batch.size();
        for (std::size_t part = 0; m_tap && part < batch.partCount(); ++part)
            m_tap(batch.spans(part));
        if (m_insert)
            m_insert(batch.takeSpans());
        else
            m_store.insert(std::move(batch));
        if (m_onInserted)
            m_onInserted(count);
        lock.lock();
        m_spans -= count;
        m_inFlight = 0;
        if (m_spans == 0)
            m_drained.notify_all();
    }
}

} // namespace traceflow
