// SPDX-License-Identifier: MIT
#pragma once

#include "span.h"
#include "tracequery.h"

#include <QString>
#include <QUrlQuery>

#include <optional>
#include <vector>

namespace traceflow {

class HttpRouter;
class TraceReader;
class TraceStore;
struct RouteContext;

// The JSON query API: GET /api/traces (search), /api/traces/{id} (one assembled trace),
// /api/services, /api/services/{service}/operations, /api/dependencies and /api/stats.
class QueryRoutes
{
public:
    static void install(HttpRouter &router, const RouteContext &context);

    // The /api/traces parameters: service, operation, tag (repeatable), min_duration_ms,
    // max_duration_ms, status (error|ok), start_ms, end_ms, limit (default 20, at most 1000),
    // sort (newest|oldest|slowest|fastest|most_spans), caller and callee (together: traces
    // in which a caller span calls a callee span). Returns nullopt with *error naming the
    // parameter when one is malformed; unknown parameters are ignored.
    static std::optional<TraceQuery> parseTraceQuery(const QUrlQuery &query, QString *error);

    // The spans of the trace with this id, as a client spells it: lowercase or uppercase hex,
    // a 64-bit id for a 128-bit trace whose upper half is zero (Zipkin's lenient lookup), or
    // any text id. Empty when unknown.
    static std::vector<Span> findTrace(const TraceStore &store, const QString &id);
    static std::vector<Span> findTrace(const TraceReader &reader, const QString &id);

    static constexpr int DefaultLimit = 20;
    static constexpr int MaxLimit = 1000;
};

} // namespace traceflow
