// SPDX-License-Identifier: MIT
#pragma once

#include "ids.h"
#include "latencyindex.h"
#include "servicegraph.h"
#include "servicegraphdata.h"
#include "span.h"
#include "statsreport.h"
#include "storebatch.h"
#include "tracequery.h"

#include <QStringList>

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <span>
#include <unordered_map>
#include <vector>

namespace traceflow {

class StoreIndex;
class StoreObserver;
class TraceEntry;
// Spans held per service/operation pair, keyed service << 32 | operation.
using OperationCounts = std::unordered_map<std::uint64_t, std::uint64_t>;

struct StoreLimits
{
    std::size_t maxSpans = 1'000'000;
    std::size_t maxBytes = std::size_t(512) << 20;
};

struct StoreCounters
{
    std::uint64_t traces = 0;        // traces held now
    std::uint64_t spans = 0;         // spans held now
    std::uint64_t bytes = 0;         // estimated bytes held now
    std::uint64_t spansInserted = 0; // ever
    std::uint64_t duplicateSpans = 0;
    std::uint64_t evictedTraces = 0;
    std::uint64_t evictedSpans = 0;
    std::uint64_t removedTraces = 0; // removed on request (the tail sampler's drops)
};

struct InsertResult
{
    int inserted = 0;
    int duplicates = 0; // same trace, span id, start and duration as a stored span
};

// The in-memory trace store: spans grouped by trace id, arriving in any order and in any
// number of batches. Bounded by a span count and a byte budget, evicting the traces that
// arrived first. Keeps latency sketches and the service graph up to date as spans come and go,
// so statistics never rescan spans. Thread-safe: writers are exclusive, readers shared.
class TraceStore
{
public:
    explicit TraceStore(StoreLimits limits = {});
    ~TraceStore();
    TraceStore(const TraceStore &) = delete;
    TraceStore &operator=(const TraceStore &) = delete;

    InsertResult insert(std::vector<Span> spans) { return insert(StoreBatch(std::move(spans))); }
    // The spans of a batch prepared beforehand (see StoreBatch), the way the collector's
    // decode threads hand them over: less work under the lock.
    InsertResult insert(StoreBatch batch);

    QueryResult query(const TraceQuery &query) const;
    // All spans of a trace, in arrival order; empty when unknown.
    std::vector<Span> trace(const TraceId &id) const;
    std::optional<TraceSummary> summary(const TraceId &id) const;
    bool contains(const TraceId &id) const;
    bool removeTrace(const TraceId &id);
    void clear();

    QStringList services() const;
    QStringList operations(const QString &service) const;
    // The latency/error statistics over every span held (see LatencyIndex).
    LatencyIndex::Snapshot latency() const;
    // Per-minute figures for the whole system (both names empty), a service, or an operation.
    std::vector<LatencyIndex::Point> latencySeries(const QString &service, const QString &operation,
                                                   qint64 fromNs, qint64 toNs) const;
    std::vector<ServiceEdge> dependencies() const;
    // The service graph of the calls whose callee span started in [fromNs, toNs] (to the
    // minute; no bounds: everything held), with each service's request figures.
    ServiceGraphData serviceGraph(std::optional<qint64> fromNs, std::optional<qint64> toNs) const;
    // The statistics dashboard's figures over a window, store counts filled in (healthy is
    // left false: the store cannot tell).
    StatsReport statistics(const StatsRequest &request) const;

    StoreCounters counters() const;
    StoreLimits limits() const;
    void setLimits(StoreLimits limits); // evicts at once when the new limits are lower
    // Tells observer (or nobody, when null) about every later insert, removal and clear; it
    // must outlive the store or be unset first.
    void setObserver(StoreObserver *observer);
    // Grows by one on every change; a viewer polls it to know when to refresh.
    std::uint64_t generation() const { return m_generation.load(std::memory_order_acquire); }

private:
    using TraceMap = std::unordered_map<TraceId, std::unique_ptr<TraceEntry>>;

    // One trace's spans of a batch part (moved from), with their prepared figures.
    void insertRun(std::span<Span> run, std::span<StoreBatch::Prepared> prepared,
                   InsertResult &result, std::vector<Span> &logged);
    void evictIfNeeded();
    // removal: counted as a removal on request rather than part of an insert
    void dropTrace(TraceMap::iterator it, bool removal);

    mutable std::shared_mutex m_mutex;
    StoreLimits m_limits;
    StoreCounters m_counters;
    TraceMap m_traces;
    std::deque<std::pair<std::uint64_t, TraceId>> m_arrivals; // eviction order
    std::uint64_t m_nextSequence = 1;
    std::unique_ptr<StoreIndex> m_index;
    LatencyIndex m_latency;
    ServiceGraph m_graph;
    OperationCounts m_operations;
    std::atomic<std::uint64_t> m_generation{0};
    StoreObserver *m_observer = nullptr;
};

} // namespace traceflow
