// SPDX-License-Identifier: MIT
#pragma once

#include "statsreport.h"

#include <QString>
#include <QUrlQuery>

#include <optional>

namespace traceflow {

class HttpRouter;
struct RouteContext;

// GET /api/stats/series: the statistics dashboard's figures (StatsJson) over a window,
// computed from the store's sketches and minute buckets (TraceReader::statistics(), so from
// ClickHouse with --storage clickhouse).
class StatsRoutes
{
public:
    static void install(HttpRouter &router, const RouteContext &context);

    // Parameters: service, operation (the charts' subject; both absent: the whole system),
    // start_ms, end_ms (Unix epoch ms, inclusive; absent: from/to the first/last minute held),
    // trend_bins (1..MaxTrendBins, default 30). nullopt with *error naming a bad parameter.
    static std::optional<StatsRequest> parseRequest(const QUrlQuery &query, QString *error);

    static constexpr int MaxTrendBins = 500;
};

} // namespace traceflow
