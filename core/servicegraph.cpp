// SPDX-License-Identifier: MIT
#include "servicegraph.h"

#include <algorithm>
#include <tuple>

namespace traceflow {

namespace {

std::uint64_t edgeKey(StringPool::Id parent, StringPool::Id child)
{
    return (std::uint64_t(parent) << 32) | child;
}

} // namespace

void ServiceGraph::addCall(StringPool::Id parent, StringPool::Id child, qint64 durationNs,
                           bool error)
{
    Edge &edge = m_edges[edgeKey(parent, child)];
    ++edge.calls;
    edge.errors += error ? 1 : 0;
    edge.latency.add(double(durationNs));
}

void ServiceGraph::removeCall(StringPool::Id parent, StringPool::Id child, qint64 durationNs,
                              bool error)
{
    const auto it = m_edges.find(edgeKey(parent, child));
    // A call that was never added is ignored, so counts and sketch stay in step.
    if (it == m_edges.end() || (error && it->second.errors == 0)
        || !it->second.latency.remove(double(durationNs)))
        return;
    Edge &edge = it->second;
    --edge.calls;
    edge.errors -= error ? 1 : 0;
    if (edge.calls == 0)
        m_edges.erase(it);
}

std::vector<ServiceEdge> ServiceGraph::edges() const
{
    StringPool &pool = StringPool::instance();
    std::vector<ServiceEdge> result;
    result.reserve(m_edges.size());
    for (const auto &[key, edge] : m_edges) {
        ServiceEdge out;
        out.parent = pool.string(StringPool::Id(key >> 32));
        out.child = pool.string(StringPool::Id(key & 0xffffffffu));
        out.callCount = edge.calls;
        out.errorCount = edge.errors;
        out.latency = edge.latency;
        result.push_back(std::move(out));
    }
    std::sort(result.begin(), result.end(), [](const ServiceEdge &a, const ServiceEdge &b) {
        return std::tie(a.parent, a.child) < std::tie(b.parent, b.child);
    });
    return result;
}

} // namespace traceflow
