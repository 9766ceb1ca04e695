// SPDX-License-Identifier: MIT
#include "tracestore.h"

#include "storeindex.h"
#include "storeobserver.h"
#include "traceentry.h"

#include <algorithm>
#include <mutex>

namespace traceflow {

TraceStore::TraceStore(StoreLimits limits)
    : m_limits(limits)
    , m_index(std::make_unique<StoreIndex>())
{
}

TraceStore::~TraceStore() = default;

InsertResult TraceStore::insert(StoreBatch batch)
{
    InsertResult result;
    if (batch.empty())
        return result;
    std::unique_lock lock(m_mutex);
    std::vector<Span> logged; // copies of what was taken, for the observer
    if (m_observer)
        logged.reserve(batch.size());
    // Each part comes grouped by trace, so each trace's summary and index row are updated once
    // per run; a trace in two runs (two requests merged) is updated twice, like two inserts.
    for (std::size_t part = 0; part < batch.partCount(); ++part) {
        const std::span<Span> spans = batch.mutableSpans(part);
        const std::span<StoreBatch::Prepared> prepared = batch.prepared(part);
        for (std::size_t i = 0; i < spans.size();) {
            const std::size_t begin = i;
            for (++i; i < spans.size() && spans[i].traceId == spans[begin].traceId; ++i) {
            }
            insertRun(spans.subspan(begin, i - begin), prepared.subspan(begin, i - begin),
                      result, logged);
        }
    }
    m_counters.spansInserted += static_cast<std::uint64_t>(result.inserted);
    m_counters.duplicateSpans += static_cast<std::uint64_t>(result.duplicates);
    if (m_observer && !logged.empty())
        m_observer->spansStored(std::move(logged));
    evictIfNeeded();
    m_generation.fetch_add(1, std::memory_order_release);
    return result;
}

void TraceStore::insertRun(std::span<Span> run, std::span<StoreBatch::Prepared> prepared,
                           InsertResult &result, std::vector<Span> &logged)
{
    const TraceId id = run.front().traceId;
    if (!id.isValid())
        return; // decoders refuse spans without a trace id; nothing to group them by
    auto [it, created] = m_traces.try_emplace(id);
    if (created) {
        it->second = std::make_unique<TraceEntry>();
        it->second->id = id;
        it->second->sequence = m_nextSequence++;
        m_arrivals.emplace_back(it->second->sequence, id);
        ++m_counters.traces;
    }
    TraceEntry &entry = *it->second;
    const std::size_t bytesBefore = entry.bytes;
    const std::size_t spansBefore = entry.spans.size();
    entry.add(run, prepared, m_latency, m_graph, m_operations, result);
    if (m_observer)
        logged.insert(logged.end(), entry.spans.begin() + std::ptrdiff_t(spansBefore),
                      entry.spans.end());
    m_index->update(entry);
    m_counters.spans += entry.spans.size() - spansBefore;
    m_counters.bytes += entry.bytes - bytesBefore;
}

void TraceStore::evictIfNeeded()
{
    while ((m_counters.spans > m_limits.maxSpans || m_counters.bytes > m_limits.maxBytes)
           && !m_arrivals.empty()) {
        const auto [sequence, id] = m_arrivals.front();
        m_arrivals.pop_front();
        auto it = m_traces.find(id);
        if (it == m_traces.end() || it->second->sequence != sequence)
            continue; // removed earlier
        ++m_counters.evictedTraces;
        m_counters.evictedSpans += it->second->spans.size();
        dropTrace(it, false);
    }
    // Traces removed on request leave stale arrival records; compact them now and then.
    if (m_arrivals.size() > 2 * m_traces.size() + 1024) {
        std::erase_if(m_arrivals, [this](const std::pair<std::uint64_t, TraceId> &a) {
            auto it = m_traces.find(a.second);
            return it == m_traces.end() || it->second->sequence != a.first;
        });
    }
}

void TraceStore::dropTrace(TraceMap::iterator it, bool removal)
{
    TraceEntry &entry = *it->second;
    m_index->remove(entry);
    entry.retract(m_latency, m_graph, m_operations);
    m_counters.spans -= entry.spans.size();
    m_counters.bytes -= entry.bytes;
    --m_counters.traces;
    if (removal)
        ++m_counters.removedTraces;
    m_traces.erase(it);
}

bool TraceStore::removeTrace(const TraceId &id)
{
    std::unique_lock lock(m_mutex);
    auto it = m_traces.find(id);
    if (it == m_traces.end())
        return false;
    dropTrace(it, true);
    if (m_observer)
        m_observer->traceRemoved(id);
    m_generation.fetch_add(1, std::memory_order_release);
    return true;
}

void TraceStore::clear()
{
    std::unique_lock lock(m_mutex);
    m_traces.clear();
    m_arrivals.clear();
    m_index->clear();
    m_latency.clear();
    m_graph.clear();
    m_operations.clear();
    m_counters.traces = m_counters.spans = m_counters.bytes = 0;
    if (m_observer)
        m_observer->storeCleared();
    m_generation.fetch_add(1, std::memory_order_release);
}

void TraceStore::setObserver(StoreObserver *observer)
{
    std::unique_lock lock(m_mutex);
    m_observer = observer;
}

std::vector<Span> TraceStore::trace(const TraceId &id) const
{
    std::shared_lock lock(m_mutex);
    auto it = m_traces.find(id);
    return it == m_traces.end() ? std::vector<Span>() : it->second->spans;
}

std::optional<TraceSummary> TraceStore::summary(const TraceId &id) const
{
    std::shared_lock lock(m_mutex);
    auto it = m_traces.find(id);
    if (it == m_traces.end())
        return std::nullopt;
    return it->second->summary();
}

bool TraceStore::contains(const TraceId &id) const
{
    std::shared_lock lock(m_mutex);
    return m_traces.count(id) != 0;
}

QueryResult TraceStore::query(const TraceQuery &query) const
{
    std::shared_lock lock(m_mutex);
    return m_index->query(query);
}

QStringList TraceStore::services() const
{
    std::shared_lock lock(m_mutex);
    std::vector<StringPool::Id> ids;
    for (const auto &[key, count] : m_operations)
        ids.push_back(static_cast<StringPool::Id>(key >> 32));
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    const StringPool &pool = StringPool::instance();
    QStringList names;
    for (StringPool::Id id : ids)
        names.append(pool.string(id));
    names.sort();
    return names;
}

QStringList TraceStore::operations(const QString &service) const
{
    std::shared_lock lock(m_mutex);
    const StringPool &pool = StringPool::instance();
    const StringPool::Id serviceId = pool.find(service);
    QStringList names;
    if (!serviceId)
        return names;
    for (const auto &[key, count] : m_operations) {
        if (static_cast<StringPool::Id>(key >> 32) == serviceId && count > 0)
            names.append(pool.string(static_cast<StringPool::Id>(key)));
    }
    names.sort();
    return names;
}

LatencyIndex::Snapshot TraceStore::latency() const
{
    std::shared_lock lock(m_mutex);
    return m_latency.snapshot();
}

std::vector<LatencyIndex::Point> TraceStore::latencySeries(const QString &service,
                                                           const QString &operation,
                                                           qint64 fromNs, qint64 toNs) const
{
    const StringPool &pool = StringPool::instance();
    const StringPool::Id s = pool.find(service);
    const StringPool::Id o = pool.find(operation);
    if ((!service.isEmpty() && !s) || (!operation.isEmpty() && !o))
        return {};
    std::shared_lock lock(m_mutex);
    return m_latency.series(s, o, fromNs, toNs);
}

std::vector<ServiceEdge> TraceStore::dependencies() const
{
    std::shared_lock lock(m_mutex);
    return m_graph.edges();
}

ServiceGraphData TraceStore::serviceGraph(std::optional<qint64> fromNs,
                                          std::optional<qint64> toNs) const
{
    std::vector<ServiceEdge> calls;
    {
        std::shared_lock lock(m_mutex);
        calls = m_graph.calls(fromNs, toNs);
    }
    return ServiceGraphData::fromCalls(calls); // the sketch merges run without the lock
}

StatsReport TraceStore::statistics(const StatsRequest &request) const
{
    StatsReport report;
    {
        std::shared_lock lock(m_mutex);
        report = StatsReport::build(m_latency, request);
        report.traces = m_counters.traces;
        report.spans = m_counters.spans;
        report.spansInserted = m_counters.spansInserted;
    }
    report.serviceCount = static_cast<int>(services().size());
    return report;
}

StoreCounters TraceStore::counters() const
{
    std::shared_lock lock(m_mutex);
    return m_counters;
}

StoreLimits TraceStore::limits() const
{
    std::shared_lock lock(m_mutex);
    return m_limits;
}

void TraceStore::setLimits(StoreLimits limits)
{
    std::unique_lock lock(m_mutex);
    m_limits = limits;
    evictIfNeeded();
    m_generation.fetch_add(1, std::memory_order_release);
}

} // namespace traceflow
