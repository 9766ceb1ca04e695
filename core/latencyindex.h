// SPDX-License-Identifier: MIT
#pragma once

#include "ddsketch.h"
#include "minutebucket.h"
#include "stringpool.h"

#include <QString>

#include <cstdint>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

namespace traceflow {

// Span latency and error statistics, kept per service/operation over everything added and per
// one-minute bucket of span start time. Spans can be removed again (evicted traces), so the
// figures always describe exactly the spans held. Aggregates (per service, per operation, the
// whole system) are merged from the service/operation sketches on demand, which keeps the
// insert path to two sketch updates. Not thread-safe: the TraceStore's lock guards it.
class LatencyIndex
{
public:
    LatencyIndex() = default;
    // Not copyable: the caches point into the tables. A move takes the nodes with it, so the
    // caches stay valid in the new index and are reset in the moved-from one.
    LatencyIndex(const LatencyIndex &) = delete;
    LatencyIndex &operator=(const LatencyIndex &) = delete;
    LatencyIndex(LatencyIndex &&other) noexcept { *this = std::move(other); }
    LatencyIndex &operator=(LatencyIndex &&other) noexcept
    {
        if (this == &other)
            return *this;
        m_total = std::move(other.m_total);
        m_buckets = std::move(other.m_buckets);
        m_lastBucketStart = other.m_lastBucketStart;
        m_lastBucket = std::exchange(other.m_lastBucket, nullptr);
        m_lastRemovedStart = other.m_lastRemovedStart;
        m_lastRemoved = std::exchange(other.m_lastRemoved, nullptr);
        m_lastAdded = std::exchange(other.m_lastAdded, {});
        m_lastTaken = std::exchange(other.m_lastTaken, {});
        other.m_total.clear();
        other.m_buckets.clear();
        return *this;
    }
    static constexpr qint64 BucketNs = MinuteNs;

    struct Stats
    {
        std::uint64_t count = 0;
        std::uint64_t errors = 0;
        std::uint64_t roots = 0; // spans without a parent: the traces that started here
        DDSketch sketch; // durations in nanoseconds
        double errorRate() const { return count ? double(errors) / double(count) : 0.0; }
        double quantileMs(double q) const { return sketch.quantile(q) / 1e6; }
        void add(const Stats &other);
    };
    struct Row
    {
        QString service;   // empty in the whole-system row
        QString operation; // empty in per-service rows
        Stats stats;
    };
    struct Point
    {
        qint64 bucketStartNs = 0;
        Stats stats;
    };
    // A copy of the figures, safe to read without the store's lock.
    struct Snapshot
    {
        Stats total;
        std::vector<Row> services;   // one row per service, sorted by name
        std::vector<Row> operations; // one row per service/operation, sorted
    };

    // root: the span has no parent (counted in Stats::roots, i.e. traces per minute).
    // remove() must be given the same figures add() was.
    void add(StringPool::Id service, StringPool::Id operation, qint64 startNs, qint64 durationNs,
             bool error, bool root = false)
    {
        add(service, operation, startNs, DDSketch::sample(double(durationNs)), error, root);
    }
    void remove(StringPool::Id service, StringPool::Id operation, qint64 startNs,
                qint64 durationNs, bool error, bool root = false)
    {
        remove(service, operation, startNs, DDSketch::sample(double(durationNs)), error, root);
    }
    // The same with the duration's sketch sample taken by the caller (one per span, shared
    // with the service graph).
    void add(StringPool::Id service, StringPool::Id operation, qint64 startNs,
             DDSketch::Sample duration, bool error, bool root);
    void remove(StringPool::Id service, StringPool::Id operation, qint64 startNs,
                DDSketch::Sample duration, bool error, bool root);
    void clear();
    // Adds figures counted elsewhere (ClickHouse's per-minute groups) to the minute holding
    // startNs, as if their spans had been added one by one. They cannot be removed again.
    void merge(StringPool::Id service, StringPool::Id operation, qint64 startNs,
               const Stats &stats);

    Snapshot snapshot() const;
    // Per-minute figures between fromNs and toNs (bucket starts, inclusive) for the whole
    // system, one service (operation 0) or one service/operation; only non-empty buckets.
    std::vector<Point> series(StringPool::Id service, StringPool::Id operation, qint64 fromNs,
                              qint64 toNs) const;
    // Calls visit(bucketStartNs, service, operation, stats) for every service/operation of
    // every minute whose start lies in [fromNs, toNs], in time order. For statistics that need
    // more than series() (several keys at once); the caller holds the store's lock.
    template<typename Visit>
    void visitBuckets(qint64 fromNs, qint64 toNs, Visit &&visit) const
    {
        if (fromNs > toNs)
            return;
        const auto end = m_buckets.upper_bound(toNs);
        for (auto bucket = m_buckets.lower_bound(fromNs); bucket != end; ++bucket) {
            for (const auto &[key, stats] : bucket->second)
                visit(bucket->first, key.service, key.operation, stats);
        }
    }
    // The first and last minute holding a span; {0, 0} when empty.
    std::pair<qint64, qint64> bucketRange() const;
    std::size_t memoryBytes() const;
    // Minutes holding at least one span (empty minutes are dropped by remove()).
    std::size_t bucketCount() const { return m_buckets.size(); }

private:
    struct Key
    {
        StringPool::Id service;
        StringPool::Id operation;
        bool operator==(const Key &) const = default;
    };
    struct KeyHash
    {
        std::size_t operator()(const Key &k) const
        {
            return (std::size_t(k.service) << 32) ^ k.operation;
        }
    };
    using Table = std::unordered_map<Key, Stats, KeyHash>;

    static bool take(Stats &stats, DDSketch::Sample duration, bool error, bool root);
    // A key's figures in the totals and in one minute, remembered between calls: a trace's
    // spans mostly come grouped by service/operation. Node pointers survive a rehash; any
    // erase forgets both.
    struct KeyCache
    {
        Key key{0, 0};
        Stats *total = nullptr;
        Stats *bucket = nullptr;
    };
    void forgetKeys() { m_lastAdded = m_lastTaken = {}; }

    Table m_total;
    std::map<qint64, Table> m_buckets; // bucket start -> figures of that minute
    // The minute the last span went into: a batch's spans mostly share one.
    qint64 m_lastBucketStart = 0;
    Table *m_lastBucket = nullptr;
    // The same for removals, which walk the oldest minutes while adds fill the newest.
    qint64 m_lastRemovedStart = 0;
    Table *m_lastRemoved = nullptr;
    KeyCache m_lastAdded; // in m_total and *m_lastBucket
    KeyCache m_lastTaken; // in m_total and *m_lastRemoved
};

} // namespace traceflow
