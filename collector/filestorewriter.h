// SPDX-License-Identifier: MIT
#pragma once

#include "span.h"

#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace traceflow {

class StoreDatabase;

// What the writer has done, for /metrics and the tests.
struct FileStoreCounters
{
    std::uint64_t pendingSpans = 0;   // taken from the store, not yet committed
    std::uint64_t writtenSpans = 0;   // committed since the start
    std::uint64_t commits = 0;
    std::uint64_t writeErrors = 0;    // failed transactions (each retried)
    std::uint64_t droppedSpans = 0;   // lost because the disk stayed full too long
    std::uint64_t retentionAgeTraces = 0, retentionAgeSpans = 0;
    std::uint64_t retentionSizeTraces = 0, retentionSizeSpans = 0;
    qint64 lastCommitMs = 0;          // epoch ms of the last commit, 0 before the first
    qint64 usedBytes = 0;             // pages in use after the last commit or retention pass
    bool writable = true;
    QString error;                    // why the last write failed while !writable
};

// The file store's writer thread: owns its SQLite connection, takes what the TraceStore
// reports, and commits it in one transaction per flush interval (0: as soon as it can). A
// failed transaction (disk full, I/O error) is rolled back and retried every RetryMs with the
// same spans, so nothing is half written; while it fails the store is "not writable" (ingest
// answers 503) and at most MaxPendingSpans wait, the oldest dropped beyond that. Retention
// runs in the same thread, between commits.
class FileStoreWriter
{
public:
    // Also FileStore::Options: the store file as the collector's options describe it.
    struct Settings
    {
        QString path;
        int flushIntervalMs = 1000;
        qint64 retentionAgeMs = qint64(7) * 24 * 3600 * 1000; // 0: none
        qint64 retentionBytes = qint64(1) << 30;              // 0: none
        int retentionPeriodMs = 60'000;
        std::size_t maxPendingSpans = 2'000'000;
        // > 0: a hard cap on the file in pages (SQLite's max_page_count); writing beyond it
        // fails like a full disk. The tests simulate a full disk with it.
        qint64 maxPageCount = 0;
    };
    static constexpr int RetryMs = 1000;
    static constexpr std::size_t MaxChunkSpans = 2000;

    // onRetention runs on the writer thread with the traces retention deleted.
    FileStoreWriter(Settings settings, std::function<void(const std::vector<TraceId> &)> onRetention);
    ~FileStoreWriter(); // commits what is pending (one last try), then stops

    // False when the writer's connection could not be opened (error() says why).
    bool start();
    QString startError() const { return m_startError; }

    void addSpans(std::vector<Span> spans);
    void removeTrace(const TraceId &id);
    void clear();

    // Blocks until everything added so far is committed; false when a write failed (the
    // spans stay pending and are retried).
    bool flush();
    // Runs a retention pass now and waits for it.
    void runRetention();
    // Changes the hard size cap (0: SQLite's default) before the next transaction.
    void setMaxPageCount(qint64 pages);

    FileStoreCounters counters() const;
    bool writable() const { return m_writable.load(std::memory_order_acquire); }

private:
    enum class OpKind { Spans, Remove, Clear };
    struct Op
    {
        OpKind kind = OpKind::Spans;
        std::vector<Span> spans;
        TraceId trace;
    };
    using Clock = std::chrono::steady_clock;

    void push(Op op);
    void run();
    bool write(StoreDatabase &db, const std::deque<Op> &ops);
    bool writeSpans(StoreDatabase &db, const std::vector<const Span *> &spans, qint64 nowMs);
    void retention(StoreDatabase &db);
    std::vector<TraceId> deleteOldest(StoreDatabase &db, qint64 beforeSeq, std::uint64_t *spans);
    void dropOverflow();

    Settings m_settings;
    std::function<void(const std::vector<TraceId> &)> m_onRetention;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done; // a transaction or a retention pass finished
    std::deque<Op> m_pending;
    std::size_t m_pendingSpans = 0;
    std::size_t m_inFlightSpans = 0;
    Clock::time_point m_firstPending;
    bool m_flushRequested = false;
    bool m_retentionRequested = false;
    std::uint64_t m_retentionPasses = 0;
    qint64 m_maxPageCount = 0;
    bool m_maxPageCountChanged = false;
    bool m_stop = false;
    bool m_busy = false;
    FileStoreCounters m_counters;
    std::atomic<bool> m_writable{true};
    QString m_startError;
    bool m_started = false;
    std::mutex m_startMutex;
    std::condition_variable m_startCv;
    std::thread m_thread;
};

} // namespace traceflow
