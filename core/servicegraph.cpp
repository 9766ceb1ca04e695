// SPDX-License-Identifier: MIT
#include "servicegraph.h"

#include "minutebucket.h"

#include <algorithm>
#include <tuple>

namespace traceflow {

namespace {

std::uint64_t edgeKey(StringPool::Id parent, StringPool::Id child)
{
    return (std::uint64_t(parent) << 32) | child;
}

} // namespace

bool ServiceGraph::apply(Table &table, std::uint64_t key, DDSketch::Sample duration, bool error,
                         bool adding, double accuracy)
{
    if (adding) {
        auto [it, created] = table.try_emplace(key);
        if (created)
            it->second.latency = DDSketch(accuracy);
        Edge &edge = it->second;
        ++edge.calls;
        edge.errors += error ? 1 : 0;
        edge.latency.add(duration);
        return true;
    }
    const auto it = table.find(key);
    // A call that was never added is ignored, so counts and sketch stay in step.
    if (it == table.end() || (error && it->second.errors == 0)
        || !it->second.latency.remove(duration))
        return false;
    Edge &edge = it->second;
    --edge.calls;
    edge.errors -= error ? 1 : 0;
    if (edge.calls == 0)
        table.erase(it);
    return true;
}

void ServiceGraph::addCall(StringPool::Id parent, StringPool::Id child,
                           DDSketch::Sample duration, bool error, qint64 startNs)
{
    const std::uint64_t key = edgeKey(parent, child);
    apply(m_edges, key, duration, error, true, DDSketch::DefaultAccuracy);
    const qint64 start = minuteStart(startNs);
    if (!m_lastAdded.table || m_lastAdded.start != start)
        m_lastAdded = {start, &m_buckets[start]};
    apply(*m_lastAdded.table, key, duration, error, true, BucketAccuracy);
}

void ServiceGraph::removeCall(StringPool::Id parent, StringPool::Id child,
                              DDSketch::Sample duration, bool error, qint64 startNs)
{
    const std::uint64_t key = edgeKey(parent, child);
    if (!apply(m_edges, key, duration, error, false, 0))
        return;
    const qint64 start = minuteStart(startNs);
    if (!m_lastRemoved.table || m_lastRemoved.start != start) {
        const auto it = m_buckets.find(start);
        if (it == m_buckets.end())
            return;
        m_lastRemoved = {start, &it->second};
    }
    apply(*m_lastRemoved.table, key, duration, error, false, 0);
    if (m_lastRemoved.table->empty()) {
        if (m_lastAdded.table == m_lastRemoved.table)
            m_lastAdded = {};
        m_lastRemoved = {};
        m_buckets.erase(start);
    }
}

void ServiceGraph::appendEdges(const Table &table, std::vector<ServiceEdge> &out, bool entries)
{
    StringPool &pool = StringPool::instance();
    for (const auto &[key, edge] : table) {
        const auto parent = StringPool::Id(key >> 32);
        if (parent == 0 && !entries)
            continue;
        ServiceEdge e;
        e.parent = parent == 0 ? QString() : pool.string(parent);
        e.child = pool.string(StringPool::Id(key & 0xffffffffu));
        e.callCount = edge.calls;
        e.errorCount = edge.errors;
        e.latency = edge.latency;
        out.push_back(std::move(e));
    }
}

namespace {
void sortEdges(std::vector<ServiceEdge> &edges)
{
    std::sort(edges.begin(), edges.end(), [](const ServiceEdge &a, const ServiceEdge &b) {
        return std::tie(a.parent, a.child) < std::tie(b.parent, b.child);
    });
}
} // namespace

std::vector<ServiceEdge> ServiceGraph::edges() const
{
    std::vector<ServiceEdge> result;
    result.reserve(m_edges.size());
    appendEdges(m_edges, result, false);
    sortEdges(result);
    return result;
}

std::vector<ServiceEdge> ServiceGraph::calls(std::optional<qint64> fromNs,
                                             std::optional<qint64> toNs) const
{
    std::vector<ServiceEdge> result;
    if (!fromNs && !toNs) {
        appendEdges(m_edges, result, true);
        sortEdges(result);
        return result;
    }
    Table merged;
    auto it = fromNs ? m_buckets.lower_bound(minuteStart(*fromNs)) : m_buckets.begin();
    for (; it != m_buckets.end() && (!toNs || it->first <= *toNs); ++it) {
        for (const auto &[key, edge] : it->second) {
            auto [at, created] = merged.try_emplace(key);
            if (created)
                at->second.latency = DDSketch(BucketAccuracy);
            Edge &into = at->second;
            into.calls += edge.calls;
            into.errors += edge.errors;
            into.latency.merge(edge.latency);
        }
    }
    appendEdges(merged, result, true);
    sortEdges(result);
    return result;
}

} // namespace traceflow
