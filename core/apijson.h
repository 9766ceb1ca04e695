// SPDX-License-Identifier: MIT
#pragma once

#include "assembledtrace.h"
#include "attributes.h"
#include "latencyindex.h"
#include "servicegraph.h"
#include "servicegraphdata.h"
#include "tracequery.h"
#include "tracestore.h"

#include <QString>

#include <nlohmann/json.hpp>

#include <vector>

namespace traceflow {

// The JSON bodies of the collector's query API (and of anything else that shows traces as
// JSON). Times in ms are floats rounded to the microsecond; *_nano fields are exact integers.
class ApiJson
{
public:
    // One /api/traces item: {"trace_id","root_service","root_operation","start_unix_ms",
    // "duration_ms","span_count","error_count","services":[...]}.
    static nlohmann::json summary(const TraceSummary &s);
    // The /api/traces/{id} body: {"trace_id","root_service","root_operation","start_unix_ms",
    // "duration_ms","span_count","services" (sorted),"status","critical_path":[span ids],
    // "spans":[span()...] (tree pre-order),"error_count","orphan_count","depth" (levels: 1 for
    // a lone root, 0 for no spans),"service_path":[services in order of first appearance]}.
    static nlohmann::json trace(const AssembledTrace &t);
    // One element of "spans": TraceflowJson::encodeSpan's fields ("trace_id","span_id",
    // "parent_span_id","service","operation","kind","start_unix_ms","duration_ms",
    // "start_unix_nano","duration_nano","status","status_message","attributes","resource",
    // "events","links","scope"...) plus "orphan", "skew_ns" (add it to the reported start for
    // the adjusted one), "self_time_ms" and "depth" (0 for a root).
    static nlohmann::json span(const AssembledTrace &t, int index);
    // Typed JSON values; arrays as JSON arrays.
    static nlohmann::json attributes(const Attributes &a);
    // /api/stats: {"trace_count","span_count","service_count","services":[names],"p50_ms",
    // "p95_ms","p99_ms","error_rate","per_service":[{"service","count","error_count",
    // "error_rate","p50_ms","p95_ms","p99_ms","max_ms"}],"per_operation":[{"service",
    // "operation",...same figures}]}.
    static nlohmann::json stats(const LatencyIndex::Snapshot &s, const StoreCounters &c,
                                int serviceCount);
    // {"dependencies":[{"parent","child","call_count","error_count","p95_ms"}]}
    static nlohmann::json dependencies(const std::vector<ServiceEdge> &edges);
    // dependencies() plus "services":[{"service","request_count","error_count","p95_ms"}]
    // (requests: trace roots and calls from other services).
    static nlohmann::json serviceGraph(const ServiceGraphData &graph);
    // {"error":"..."}
    static nlohmann::json error(const QString &message);
};

} // namespace traceflow
