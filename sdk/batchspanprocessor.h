// SPDX-License-Identifier: MIT
#pragma once

#include "spanprocessor.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace traceflow::sdk {

class SpanExporter;

struct BatchOptions
{
    int maxQueueSize = 2048;
    int maxExportBatchSize = 512;
    // Longest time an ended span waits before its batch is exported.
    std::chrono::milliseconds scheduleDelay{1000};
};

// Queues ended spans and exports them in batches from its own thread, so the traced code
// only ever takes a short lock. When the queue is full new spans are dropped and counted.
// Needs a QCoreApplication (the network exporters run a local event loop on the worker).
class BatchSpanProcessor final : public SpanProcessor
{
public:
    struct Stats
    {
        quint64 accepted = 0;      // spans queued
        quint64 dropped = 0;       // spans refused: queue full or processor shut down
        quint64 exported = 0;      // spans in batches the exporter accepted
        quint64 failed = 0;        // spans in batches the exporter gave up on
        quint64 batches = 0;       // exportSpans() calls
        qsizetype queued = 0;      // spans waiting now
    };

    explicit BatchSpanProcessor(std::shared_ptr<SpanExporter> exporter,
                                const BatchOptions &options = {});
    // Shuts down: what is queued is exported first.
    ~BatchSpanProcessor() override;

    void onEnd(SpanData &&span) override;
    bool forceFlush(std::chrono::milliseconds timeout = std::chrono::seconds(30)) override;
    void shutdown() override;

    Stats stats() const;
    const BatchOptions &options() const { return m_options; }

private:
    void run();

    const BatchOptions m_options;
    std::shared_ptr<SpanExporter> m_exporter;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;    // worker: a batch is full, a flush or a stop is asked
    std::condition_variable m_flushed; // forceFlush callers
    std::deque<SpanData> m_queue;
    quint64 m_flushRequested = 0;
    quint64 m_flushCompleted = 0;
    bool m_stopping = false;
    Stats m_stats;
    std::unique_ptr<QThread> m_thread;
};

} // namespace traceflow::sdk
