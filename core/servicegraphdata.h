// SPDX-License-Identifier: MIT
#pragma once

#include "servicegraph.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace traceflow {

class AssembledTrace;

// A service as the service graph shows it. Its requests are the spans by which work enters
// the service: trace roots and spans whose parent span belongs to another service (what its
// callers see); spans a service makes inside itself are not requests.
struct ServiceNodeStats
{
    QString service;
    std::uint64_t requests = 0;
    std::uint64_t errors = 0; // requests that errored
    double p95Ms = 0;         // of the requests' durations
    double errorRate() const { return requests ? double(errors) / double(requests) : 0.0; }
    friend bool operator==(const ServiceNodeStats &, const ServiceNodeStats &) = default;
};

// A caller -> callee edge as drawn: calls, calls whose callee span errored, p95 duration.
struct ServiceCallStats
{
    QString parent;
    QString child;
    std::uint64_t calls = 0;
    std::uint64_t errors = 0;
    double p95Ms = 0;
    double errorRate() const { return calls ? double(errors) / double(calls) : 0.0; }
    friend bool operator==(const ServiceCallStats &, const ServiceCallStats &) = default;
};

// The figures of a service graph, for the whole store, a time window or one trace.
struct ServiceGraphData
{
    std::vector<ServiceNodeStats> nodes; // sorted by service; every service of an edge
    std::vector<ServiceCallStats> calls; // sorted by parent, then child

    bool isEmpty() const { return nodes.empty(); }
    int nodeIndex(const QString &service) const; // -1 when absent

    // From ServiceGraph::calls(): entries (empty parent) and edges.
    static ServiceGraphData fromCalls(const std::vector<ServiceEdge> &calls);
    // The services and calls of one trace; an orphan span counts as an entry.
    static ServiceGraphData fromTrace(const AssembledTrace &trace);
    friend bool operator==(const ServiceGraphData &, const ServiceGraphData &) = default;
};

} // namespace traceflow
