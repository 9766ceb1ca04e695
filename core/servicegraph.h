// SPDX-License-Identifier: MIT
#pragma once

#include "ddsketch.h"
#include "minutebucket.h"
#include "stringpool.h"

#include <QString>

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace traceflow {

// A caller -> callee edge: a span of `child` service whose parent span is of `parent` service.
struct ServiceEdge
{
    QString parent;
    QString child;
    std::uint64_t callCount = 0;
    std::uint64_t errorCount = 0; // calls whose child span errored
    DDSketch latency;             // child span durations, nanoseconds
    double p95Ms() const { return latency.quantile(0.95) / 1e6; }
};

// The service dependency graph accumulated from cross-service parent/child span pairs. Calls
// can be removed again (evicted traces). Besides the totals it keeps the calls per one-minute
// bucket of the child span's start, so a graph for a time window costs a merge of the
// window's buckets. Entry spans (trace roots) are kept as calls from parent id 0, which gives
// each service its request figures; edges() leaves them out.
// Not thread-safe: the TraceStore's lock guards it.
class ServiceGraph
{
public:
    static constexpr qint64 BucketNs = MinuteNs;
    // The minute buckets' sketches are coarser than the totals' (2% instead of 0.5%): four
    // times fewer bins per edge and minute, still plenty for a p95 on a graph's label.
    static constexpr double BucketAccuracy = 0.02;

    ServiceGraph() = default;
    // Not copyable: the bucket caches point into m_buckets. A move takes the nodes with it, so
    // the caches stay valid in the new graph and are reset in the moved-from one.
    ServiceGraph(const ServiceGraph &) = delete;
    ServiceGraph &operator=(const ServiceGraph &) = delete;
    ServiceGraph(ServiceGraph &&other) noexcept { *this = std::move(other); }
    ServiceGraph &operator=(ServiceGraph &&other) noexcept
    {
        if (this == &other)
            return *this;
        m_edges = std::move(other.m_edges);
        m_buckets = std::move(other.m_buckets);
        m_lastAdded = std::exchange(other.m_lastAdded, {});
        m_lastRemoved = std::exchange(other.m_lastRemoved, {});
        other.m_edges.clear();
        other.m_buckets.clear();
        return *this;
    }

    // parent 0: child is a trace root, an entry into the system. startNs picks the minute.
    void addCall(StringPool::Id parent, StringPool::Id child, qint64 durationNs, bool error,
                 qint64 startNs = 0)
    {
        addCall(parent, child, DDSketch::sample(double(durationNs)), error, startNs);
    }
    void removeCall(StringPool::Id parent, StringPool::Id child, qint64 durationNs, bool error,
                    qint64 startNs = 0)
    {
        removeCall(parent, child, DDSketch::sample(double(durationNs)), error, startNs);
    }
    // The same with the child's duration sample taken by the caller (one per span, shared
    // with the latency index).
    void addCall(StringPool::Id parent, StringPool::Id child, DDSketch::Sample duration,
                 bool error, qint64 startNs);
    void removeCall(StringPool::Id parent, StringPool::Id child, DDSketch::Sample duration,
                    bool error, qint64 startNs);
    void clear()
    {
        m_edges.clear();
        m_buckets.clear();
        m_lastAdded = m_lastRemoved = {};
    }
    // Edges between services (no entries), sorted by parent, then child.
    std::vector<ServiceEdge> edges() const;
    // Edges and entries (parent empty) whose child span started in [fromNs, toNs], to the
    // minute (the buckets overlapping the range); no bounds: everything held. Sorted.
    // Windowed sketches have BucketAccuracy.
    std::vector<ServiceEdge> calls(std::optional<qint64> fromNs,
                                   std::optional<qint64> toNs) const;
    std::size_t bucketCount() const { return m_buckets.size(); }

private:
    struct Edge
    {
        std::uint64_t calls = 0;
        std::uint64_t errors = 0;
        DDSketch latency;
    };
    using Table = std::unordered_map<std::uint64_t, Edge>; // parent << 32 | child
    static bool apply(Table &table, std::uint64_t key, DDSketch::Sample duration, bool error,
                      bool adding, double accuracy);
    static void appendEdges(const Table &table, std::vector<ServiceEdge> &out, bool entries);

    // A minute and its table, remembered between calls: a batch's spans mostly share one.
    struct BucketCache
    {
        qint64 start = 0;
        Table *table = nullptr;
    };

    Table m_edges;
    std::map<qint64, Table> m_buckets; // minute start -> calls of that minute
    BucketCache m_lastAdded;
    BucketCache m_lastRemoved; // removals walk the oldest minutes, adds the newest
};

} // namespace traceflow
