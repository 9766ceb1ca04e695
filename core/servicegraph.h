// SPDX-License-Identifier: MIT
#pragma once

#include "ddsketch.h"
#include "stringpool.h"

#include <QString>

#include <cstdint>
#include <unordered_map>
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
// can be removed again (evicted traces). Not thread-safe: the TraceStore's lock guards it.
class ServiceGraph
{
public:
    void addCall(StringPool::Id parent, StringPool::Id child, qint64 durationNs, bool error);
    void removeCall(StringPool::Id parent, StringPool::Id child, qint64 durationNs, bool error);
    void clear() { m_edges.clear(); }
    // Edges sorted by parent, then child.
    std::vector<ServiceEdge> edges() const;

private:
    struct Edge
    {
        std::uint64_t calls = 0;
        std::uint64_t errors = 0;
        DDSketch latency;
    };
    std::unordered_map<std::uint64_t, Edge> m_edges; // parent << 32 | child
};

} // namespace traceflow
