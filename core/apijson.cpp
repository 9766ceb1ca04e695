// SPDX-License-Identifier: MIT
#include "apijson.h"

#include "jsonvalues.h"
#include "traceflowjson.h"

#include <algorithm>

namespace traceflow {

namespace {
using Json = nlohmann::json;

Json strings(const QStringList &list)
{
    Json out = Json::array();
    for (const QString &s : list)
        out.push_back(s.toStdString());
    return out;
}

Json figures(const LatencyIndex::Row &row, bool withOperation)
{
    const LatencyIndex::Stats &s = row.stats;
    Json o{{"service", row.service.toStdString()}};
    if (withOperation)
        o["operation"] = row.operation.toStdString();
    o["count"] = s.count;
    o["error_count"] = s.errors;
    o["error_rate"] = s.errorRate();
    o["p50_ms"] = s.quantileMs(0.50);
    o["p95_ms"] = s.quantileMs(0.95);
    o["p99_ms"] = s.quantileMs(0.99);
    o["max_ms"] = s.sketch.max() / 1e6;
    return o;
}
} // namespace

Json ApiJson::summary(const TraceSummary &s)
{
    return Json{{"trace_id", s.traceId.toStdString()},
                {"root_service", s.rootService.toStdString()},
                {"root_operation", s.rootOperation.toStdString()},
                {"start_unix_ms", JsonValues::nsToMs(s.startNs)},
                {"duration_ms", JsonValues::nsToMs(s.durationNs)},
                {"span_count", s.spanCount},
                {"error_count", s.errorCount},
                {"services", strings(s.services)}};
}

Json ApiJson::trace(const AssembledTrace &t)
{
    Json o;
    o["trace_id"] = t.spans.empty() ? std::string() : t.spans.front().span.traceId.toStdString();
    o["root_service"] = t.rootService().toStdString();
    o["root_operation"] = t.rootOperation().toStdString();
    o["start_unix_ms"] = JsonValues::nsToMs(t.startNs);
    o["duration_ms"] = JsonValues::nsToMs(t.durationNs());
    o["span_count"] = t.spans.size();
    QStringList services = t.servicePath;
    std::sort(services.begin(), services.end());
    o["services"] = strings(services);
    o["status"] = statusName(t.status).toStdString();
    Json critical = Json::array();
    for (int i : t.criticalSpans)
        critical.push_back(t.spans[std::size_t(i)].span.spanId.toStdString());
    o["critical_path"] = std::move(critical);
    Json spans = Json::array();
    for (std::size_t i = 0; i < t.spans.size(); ++i)
        spans.push_back(span(t, int(i)));
    o["spans"] = std::move(spans);
    o["error_count"] = t.errorCount;
    o["orphan_count"] = t.orphanCount;
    o["depth"] = t.spans.empty() ? 0 : t.maxDepth + 1;
    o["service_path"] = strings(t.servicePath);
    return o;
}

Json ApiJson::span(const AssembledTrace &t, int index)
{
    const AssembledSpan &s = t.spans[std::size_t(index)];
    Json o = TraceflowJson::encodeSpan<Json>(s.span);
    o["orphan"] = s.orphan;
    o["skew_ns"] = s.skewNs;
    o["self_time_ms"] = JsonValues::nsToMs(s.selfTimeNs);
    o["depth"] = s.depth;
    return o;
}

Json ApiJson::attributes(const Attributes &a)
{
    return JsonValues::fromAttributes<Json>(a);
}

Json ApiJson::stats(const LatencyIndex::Snapshot &s, const StoreCounters &c, int serviceCount)
{
    Json o;
    o["trace_count"] = c.traces;
    o["span_count"] = c.spans;
    o["service_count"] = serviceCount;
    QStringList names;
    for (const LatencyIndex::Row &row : s.services)
        names.append(row.service);
    o["services"] = strings(names);
    o["p50_ms"] = s.total.quantileMs(0.50);
    o["p95_ms"] = s.total.quantileMs(0.95);
    o["p99_ms"] = s.total.quantileMs(0.99);
    o["error_rate"] = s.total.errorRate();
    Json perService = Json::array();
    for (const LatencyIndex::Row &row : s.services)
        perService.push_back(figures(row, false));
    o["per_service"] = std::move(perService);
    Json perOperation = Json::array();
    for (const LatencyIndex::Row &row : s.operations)
        perOperation.push_back(figures(row, true));
    o["per_operation"] = std::move(perOperation);
    return o;
}

Json ApiJson::dependencies(const std::vector<ServiceEdge> &edges)
{
    Json list = Json::array();
    for (const ServiceEdge &e : edges) {
        list.push_back(Json{{"parent", e.parent.toStdString()},
                            {"child", e.child.toStdString()},
                            {"call_count", e.callCount},
                            {"error_count", e.errorCount},
                            {"p95_ms", e.p95Ms()}});
    }
    return Json{{"dependencies", std::move(list)}};
}

Json ApiJson::serviceGraph(const ServiceGraphData &graph)
{
    Json calls = Json::array();
    for (const ServiceCallStats &c : graph.calls) {
        calls.push_back(Json{{"parent", c.parent.toStdString()},
                             {"child", c.child.toStdString()},
                             {"call_count", c.calls},
                             {"error_count", c.errors},
                             {"p95_ms", c.p95Ms}});
    }
    Json services = Json::array();
    for (const ServiceNodeStats &n : graph.nodes) {
        services.push_back(Json{{"service", n.service.toStdString()},
                                {"request_count", n.requests},
                                {"error_count", n.errors},
                                {"p95_ms", n.p95Ms}});
    }
    return Json{{"dependencies", std::move(calls)}, {"services", std::move(services)}};
}

Json ApiJson::error(const QString &message)
{
    return Json{{"error", message.toStdString()}};
}

} // namespace traceflow
