// SPDX-License-Identifier: MIT
#include "latencyindex.h"

#include "minutebucket.h"

#include <algorithm>
#include <tuple>

namespace traceflow {

namespace {

// Heap bytes of a table: its bucket array, one node per entry and each sketch's bins.
template<typename Table>
std::size_t tableBytes(const Table &table)
{
    std::size_t bytes = table.bucket_count() * sizeof(void *);
    for (const auto &entry : table) {
        bytes += sizeof(entry) + 2 * sizeof(void *);
        bytes += entry.second.sketch.memoryBytes() - sizeof(DDSketch);
    }
    return bytes;
}

} // namespace

void LatencyIndex::Stats::add(const Stats &other)
{
    count += other.count;
    errors += other.errors;
    roots += other.roots;
    sketch.merge(other.sketch);
}

// Takes one span out of stats (which the caller erases once empty); false, changing nothing,
// when stats cannot hold it.
bool LatencyIndex::take(Stats &stats, DDSketch::Sample duration, bool error, bool root)
{
    if ((error && stats.errors == 0) || (root && stats.roots == 0) ||
        !stats.sketch.remove(duration))
        return false;
    --stats.count;
    stats.errors -= error ? 1 : 0;
    stats.roots -= root ? 1 : 0;
    return true;
}

void LatencyIndex::add(StringPool::Id service, StringPool::Id operation, qint64 startNs,
                       DDSketch::Sample duration, bool error, bool root)
{
    const Key key{service, operation};
    const qint64 bucket = minuteStart(startNs);
    if (!m_lastBucket || bucket != m_lastBucketStart) {
        m_lastBucket = &m_buckets[bucket];
        m_lastBucketStart = bucket;
        m_lastAdded = {};
    }
    if (!m_lastAdded.total || !(m_lastAdded.key == key))
        m_lastAdded = {key, &m_total[key], &(*m_lastBucket)[key]};
    for (Stats *stats : {m_lastAdded.total, m_lastAdded.bucket}) {
        ++stats->count;
        stats->errors += error ? 1 : 0;
        stats->roots += root ? 1 : 0;
        stats->sketch.add(duration);
    }
}

void LatencyIndex::merge(StringPool::Id service, StringPool::Id operation, qint64 startNs,
                         const Stats &stats)
{
    const Key key{service, operation};
    m_total[key].add(stats);
    m_buckets[minuteStart(startNs)][key].add(stats);
}

void LatencyIndex::remove(StringPool::Id service, StringPool::Id operation, qint64 startNs,
                          DDSketch::Sample duration, bool error, bool root)
{
    // The minute's table goes first: a span it does not hold (never added) is ignored whole,
    // so the totals and the buckets always describe the same spans.
    const Key key{service, operation};
    const qint64 start = minuteStart(startNs);
    if (!m_lastRemoved || start != m_lastRemovedStart) {
        const auto bucket = m_buckets.find(start);
        if (bucket == m_buckets.end())
            return;
        m_lastRemoved = &bucket->second;
        m_lastRemovedStart = start;
        m_lastTaken = {};
    }
    if (!m_lastTaken.bucket || !(m_lastTaken.key == key)) {
        const auto held = m_lastRemoved->find(key);
        if (held == m_lastRemoved->end())
            return;
        const auto total = m_total.find(key);
        m_lastTaken = {key, total == m_total.end() ? nullptr : &total->second, &held->second};
    }
    if (!take(*m_lastTaken.bucket, duration, error, root))
        return;
    Stats *const total = m_lastTaken.total;
    if (m_lastTaken.bucket->count == 0) {
        m_lastRemoved->erase(key);
        forgetKeys();
        if (m_lastRemoved->empty()) {
            if (m_lastBucket == m_lastRemoved)
                m_lastBucket = nullptr;
            m_lastRemoved = nullptr;
            m_buckets.erase(start);
        }
    }
    if (!total)
        m_lastTaken = {}; // only remembered while the totals hold the key
    else if (take(*total, duration, error, root) && total->count == 0) {
        m_total.erase(key);
        forgetKeys();
    }
    if (m_total.empty())
        Table().swap(m_total); // release the hash buckets too
}

void LatencyIndex::clear()
{
    Table().swap(m_total);
    m_buckets.clear();
    m_lastBucket = nullptr;
    m_lastRemoved = nullptr;
    forgetKeys();
}

LatencyIndex::Snapshot LatencyIndex::snapshot() const
{
    Snapshot snapshot;
    StringPool &pool = StringPool::instance();
    std::unordered_map<StringPool::Id, std::size_t> serviceRow;
    snapshot.operations.reserve(m_total.size());
    for (const auto &[key, stats] : m_total) {
        snapshot.total.add(stats);
        const auto [it, inserted] = serviceRow.try_emplace(key.service, snapshot.services.size());
        if (inserted)
            snapshot.services.push_back(Row{pool.string(key.service), QString(), Stats()});
        snapshot.services[it->second].stats.add(stats);
        snapshot.operations.push_back(
            Row{snapshot.services[it->second].service, pool.string(key.operation), stats});
    }
    std::sort(snapshot.services.begin(), snapshot.services.end(),
              [](const Row &a, const Row &b) { return a.service < b.service; });
    std::sort(snapshot.operations.begin(), snapshot.operations.end(),
              [](const Row &a, const Row &b) {
                  return std::tie(a.service, a.operation) < std::tie(b.service, b.operation);
              });
    return snapshot;
}

std::vector<LatencyIndex::Point> LatencyIndex::series(StringPool::Id service,
                                                      StringPool::Id operation, qint64 fromNs,
                                                      qint64 toNs) const
{
    std::vector<Point> points;
    if (fromNs > toNs)
        return points;
    const auto end = m_buckets.upper_bound(toNs);
    for (auto bucket = m_buckets.lower_bound(fromNs); bucket != end; ++bucket) {
        Point point;
        point.bucketStartNs = bucket->first;
        const Table &table = bucket->second;
        if (service == 0) {
            for (const auto &entry : table)
                point.stats.add(entry.second);
        } else if (operation == 0) {
            for (const auto &[key, stats] : table) {
                if (key.service == service)
                    point.stats.add(stats);
            }
        } else if (const auto it = table.find(Key{service, operation}); it != table.end()) {
            point.stats.add(it->second);
        }
        if (point.stats.count > 0)
            points.push_back(std::move(point));
    }
    return points;
}

std::pair<qint64, qint64> LatencyIndex::bucketRange() const
{
    if (m_buckets.empty())
        return {0, 0};
    return {m_buckets.begin()->first, m_buckets.rbegin()->first};
}

std::size_t LatencyIndex::memoryBytes() const
{
    std::size_t bytes = sizeof(LatencyIndex) + tableBytes(m_total);
    for (const auto &bucket : m_buckets)
        bytes += sizeof(bucket) + 4 * sizeof(void *) + tableBytes(bucket.second);
    return bytes;
}

} // namespace traceflow
