// SPDX-License-Identifier: MIT
#include "servicegraphdata.h"

#include "assembledtrace.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

namespace traceflow {

int ServiceGraphData::nodeIndex(const QString &service) const
{
    const auto it = std::lower_bound(nodes.begin(), nodes.end(), service,
                                     [](const ServiceNodeStats &n, const QString &s) {
                                         return n.service < s;
                                     });
    return it != nodes.end() && it->service == service ? int(it - nodes.begin()) : -1;
}

ServiceGraphData ServiceGraphData::fromCalls(const std::vector<ServiceEdge> &calls)
{
    struct Node
    {
        std::uint64_t requests = 0;
        std::uint64_t errors = 0;
        std::optional<DDSketch> sketch; // takes the accuracy of the edges' sketches
    };
    std::map<QString, Node> nodes;
    ServiceGraphData out;
    for (const ServiceEdge &e : calls) {
        Node &callee = nodes[e.child];
        callee.requests += e.callCount;
        callee.errors += e.errorCount;
        if (callee.sketch)
            callee.sketch->merge(e.latency);
        else
            callee.sketch = e.latency;
        if (e.parent.isEmpty())
            continue; // an entry: figures only
        nodes.try_emplace(e.parent);
        out.calls.push_back({e.parent, e.child, e.callCount, e.errorCount, e.p95Ms()});
    }
    for (const auto &[name, node] : nodes) {
        out.nodes.push_back({name, node.requests, node.errors,
                             node.sketch && !node.sketch->isEmpty()
                                 ? node.sketch->quantile(0.95) / 1e6
                                 : 0.0});
    }
    std::sort(out.calls.begin(), out.calls.end(),
              [](const ServiceCallStats &a, const ServiceCallStats &b) {
                  return std::tie(a.parent, a.child) < std::tie(b.parent, b.child);
              });
    return out;
}

ServiceGraphData ServiceGraphData::fromTrace(const AssembledTrace &trace)
{
    std::map<std::pair<QString, QString>, ServiceEdge> edges;
    for (const AssembledSpan &s : trace.spans) {
        const bool entry = s.parent < 0 || s.orphan;
        const QString parent =
            entry ? QString() : trace.spans[std::size_t(s.parent)].span.service();
        const QString child = s.span.service();
        if (!entry && parent == child)
            continue; // work inside a service
        ServiceEdge &e = edges[{parent, child}];
        e.parent = parent;
        e.child = child;
        ++e.callCount;
        e.errorCount += s.span.isError() ? 1 : 0;
        e.latency.add(double(s.span.durationNs));
    }
    std::vector<ServiceEdge> list;
    list.reserve(edges.size());
    for (auto &[key, edge] : edges)
        list.push_back(std::move(edge));
    return fromCalls(list);
}

} // namespace traceflow
