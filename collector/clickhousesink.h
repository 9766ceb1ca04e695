// SPDX-License-Identifier: MIT
#pragma once

#include "clickhouseclient.h"
#include "clickhouseconfig.h"
#include "span.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace traceflow {

class SpillQueue;

// Writes every span it is given through to ClickHouse, from a background thread: spans are
// gathered into batches (sent at config.batchSpans spans or config.flushMs after the first),
// encoded as TabSeparated and inserted over HTTP. A failed insert is retried with backoff;
// when ClickHouse stays away the batch goes to the on-disk SpillQueue, and so does everything
// after it (order is kept), until a retry of the oldest spilled batch succeeds and the spill
// drains. A full memory queue makes push() wait (back-pressure onto ingestion) instead of
// dropping; pushOrSpill() never waits and hands what the queue cannot take to a spill writer
// thread, which puts it in the spill folder (ahead of what is queued). Nothing is dropped silently:
// spans beyond the spill budget are counted as dropped, with the reason, in prometheus().
class ClickHouseSink
{
public:
    struct Counters
    {
        quint64 writtenSpans = 0;
        quint64 writtenBatches = 0;
        quint64 retries = 0;  // attempts after a failure (memory batches and spilled ones)
        quint64 failures = 0; // failed attempts
        quint64 spilledSpans = 0;
        quint64 droppedSpillFull = 0;
        quint64 droppedUnreadable = 0;
        quint64 backpressure = 0; // pushes that waited for room
        quint64 overflowSpans = 0; // pushOrSpill() spans that found the memory queue full
        quint64 queuedSpans = 0; // in memory, waiting for a batch
        quint64 spillSpans = 0;  // on disk now
        quint64 spillBytes = 0;
        double lagSeconds = 0; // age of the oldest span not yet in ClickHouse
        bool up = false;       // the last attempt succeeded
        bool schemaReady = false;
    };

    explicit ClickHouseSink(const ClickHouseConfig &config);
    ~ClickHouseSink(); // one last attempt for what is queued; the rest is spilled to disk

    // Opens the spill folder and starts the worker, which creates the schema as soon as
    // ClickHouse answers. False with *error when the spill folder cannot be used.
    bool start(QString *error);
    // Thread-safe: copies the spans into the queue; waits while the queue is full (the worker
    // empties it into ClickHouse or the spill folder, so the wait is bounded by one request).
    void push(const std::vector<Span> &spans);
    // Thread-safe and never waits on ClickHouse: the spans go into the queue when it has
    // room, else to the spill writer, a thread that writes them to the spill folder; when
    // that is also a whole queue behind, to the spill folder on the caller's thread. Beyond
    // the spill budget they are counted as dropped (spill_full). For a caller that must not
    // stall (the tail sampler's decisions, on the event loop) and has nobody to push back on.
    void pushOrSpill(const std::vector<Span> &spans);
    // Sends what is queued now and waits until the queue and the spill are empty; false
    // after timeoutMs with something still undelivered.
    bool flush(int timeoutMs);

    Counters counters() const;
    // traceflow_clickhouse_* in the Prometheus text format.
    QByteArray prometheus() const;
    QString lastError() const;

private:
    void run();
    bool ensureSchema();
    bool insert(const QByteArray &rows);
    bool enqueue(const std::vector<Span> &spans); // under m_mutex; true: wake the worker
    bool spillIsEmpty() const;
    void deliverOrSpill(std::vector<Span> batch);
    void drainSpill();
    void spill(const QByteArray &rows, qint64 spans);
    // Any thread; true when the spill was empty and now holds the batch.
    bool appendToSpill(const QByteArray &rows, qint64 spans);
    void spillNow(const std::vector<Span> &spans); // encodes, appends, wakes the worker
    void writeOverflow();                          // the spill writer's loop
    void updateSpillGauges(); // under m_spillMutex
    void applyRetention();
    void setError(const QString &error);
    void reportUp();

    ClickHouseConfig m_config;
    ClickHouseClient m_client;
    // Guarded by m_spillMutex (the worker and pushOrSpill() callers); sizes mirrored in the
    // atomics below. Lock order: m_mutex, then m_spillMutex; never m_mutex inside it.
    std::unique_ptr<SpillQueue> m_spill;
    mutable std::mutex m_spillMutex;
    const std::size_t m_maxQueued;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::condition_variable m_room; // push(): the queue has room again
    std::vector<Span> m_queue;
    qint64 m_queueSinceMs = 0; // when the oldest queued span arrived
    bool m_flushNow = false;
    bool m_stop = false;
    bool m_busy = false; // the worker holds a batch outside the queue
    qint64 m_nextRetryMs = 0;
    int m_backoffMs = 0;
    qint64 m_nextRetentionMs = 0;
    QString m_lastError;
    std::atomic<bool> m_reportedDown{false}; // an outage was logged
    std::thread m_worker;
    // pushOrSpill()'s spans that found the queue full, on their way to the spill folder.
    // Guarded by m_mutex.
    std::thread m_spillWriter;
    std::condition_variable m_overflowWake;
    std::vector<Span> m_overflowQueue;
    bool m_overflowBusy = false; // the writer holds spans outside m_overflowQueue

    std::atomic<quint64> m_written{0}, m_batches{0}, m_retries{0}, m_failures{0}, m_spilled{0},
        m_droppedSpill{0}, m_droppedUnreadable{0}, m_backpressure{0}, m_overflow{0},
        m_spillSpans{0}, m_spillBytes{0};
    std::atomic<qint64> m_spillOldestMs{0};
    std::atomic<bool> m_up{false}, m_schemaReady{false};
};

} // namespace traceflow
