// SPDX-License-Identifier: MIT
#pragma once

#include "statsreport.h"

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

#include <optional>

namespace traceflow {

// The body of GET /api/stats/series (the dashboard's StatsReport) and its reading back, so the
// desktop app shows a remote collector exactly as its own store. Times are exact *_nano
// integers; latencies in ms.
//   {"trace_count","span_count","service_count","spans_inserted",
//    "start_unix_nano","end_unix_nano","step_ms", "total":{figures},
//    "per_service":[{"service",figures...,"trend":[spans per slice]}],
//    "per_operation":[{"service","operation",figures...,"trend":[...]}],
//    "series":[{"start_unix_nano",figures...}] (one per step of step_ms, whole minutes: a
//      long window gets coarser points; absent from an older collector: one minute),
//    "histogram":[{"lower_nano","upper_nano","count"}]}
// figures: "count","error_count","trace_count","error_rate","p50_ms","p95_ms","p99_ms","max_ms".
class StatsJson
{
public:
    static nlohmann::json encode(const StatsReport &report);
    // nullopt, with *error saying what is wrong, for a body that is not such a document.
    // Missing optional parts (an older collector) read as empty.
    static std::optional<StatsReport> decode(const QByteArray &body, QString *error = nullptr);
};

} // namespace traceflow
