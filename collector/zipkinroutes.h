// SPDX-License-Identifier: MIT
#pragma once

#include "tracequery.h"

#include <QString>
#include <QUrlQuery>

#include <optional>

namespace traceflow {

class HttpRouter;
struct RouteContext;

// The Zipkin v2 read API, enough for Grafana's Zipkin data source and the Zipkin UI:
// GET /api/v2/services, /api/v2/spans?serviceName=, /api/v2/traces?serviceName=&spanName=
// &minDuration=&maxDuration=&annotationQuery=&limit=&endTs=&lookback=, /api/v2/trace/{traceId}
// and /api/v2/dependencies. Spans are written in Zipkin v2 JSON.
class ZipkinRoutes
{
public:
    static void install(HttpRouter &router, const RouteContext &context);

    // Zipkin's defaults: endTs now, lookback one day, limit 10; durations in microseconds;
    // spanName "all" means any; annotationQuery is "key=value and key2 and ...".
    static std::optional<TraceQuery> parseTraceQuery(const QUrlQuery &query, qint64 nowMs,
                                                     QString *error);

    static constexpr qint64 DefaultLookbackMs = 86'400'000;
    static constexpr int DefaultLimit = 10;
};

} // namespace traceflow
