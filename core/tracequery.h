// SPDX-License-Identifier: MIT
#pragma once

#include "ids.h"

#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace traceflow {

// One tag condition of a trace search. A trace matches when any of its spans matches, looking
// at span attributes and resource attributes (as Jaeger matches span and process tags).
struct TagFilter
{
    enum class Op { Equals, NotEquals, Matches, Exists };
    QString key;
    Op op = Op::Equals;
    QString value;
    QRegularExpression regex; // for Matches

    // Parses "key=value", "key!=value", "key=~regex", "key:value" (Jaeger/TraceFlow API form)
    // and a bare "key" (present). Returns nullopt and sets *error for an empty key or bad regex.
    static std::optional<TagFilter> parse(QStringView text, QString *error = nullptr);
};

// A caller -> callee call between services: a span of `child` whose parent span is of
// `parent` (an edge of the service graph).
struct CallFilter
{
    QString parent;
    QString child;
    friend bool operator==(const CallFilter &, const CallFilter &) = default;
};

enum class TraceSort { Newest, Oldest, Slowest, Fastest, MostSpans };
enum class StatusFilter { Any, Error, Ok };
// What a search's duration bounds and time window apply to.
// Trace: the trace lasts within the bounds (first span start to last span end) and starts in
// the window.
// Span: one span meets every span condition at once: it is of the query's service and
// operation (each only when set), lasts within the bounds and starts in the window; the
// trace itself may start before the window. This is Jaeger's search (its time range matches
// span start times), and it is what the statistics page's latency bars count: spans of the
// charted service/operation starting in the report's window.
// In both scopes the status, tag and call conditions describe the whole trace, not that one
// span: "Errors" is a trace with an error span anywhere, a tag matches on any span (or its
// resource), "key!=value" excludes a trace where any span has key=value. They are questions
// about the request as a whole, and they keep one meaning whatever the duration bounds measure.
enum class DurationScope
{
    Trace,
    Span
};

struct TraceQuery
{
    QString service;   // any span of the trace has this service
    QString operation; // any span has this operation (and service, when both are given)
    std::vector<TagFilter> tags; // all must match (AND)
    std::optional<CallFilter> call; // the trace contains this call
    std::optional<qint64> minDurationNs;
    std::optional<qint64> maxDurationNs;
    DurationScope durationScope = DurationScope::Trace;
    StatusFilter status = StatusFilter::Any;
    // Inclusive window on the trace's start, or with DurationScope::Span on the matching
    // span's start.
    std::optional<qint64> startNs;
    std::optional<qint64> endNs;
    int limit = 20;                // <= 0: no limit
    TraceSort sort = TraceSort::Newest;
};

// What a trace list shows about one trace.
struct TraceSummary
{
    TraceId traceId;
    QString rootService;
    QString rootOperation;
    qint64 startNs = 0;
    qint64 durationNs = 0;
    int spanCount = 0;
    int errorCount = 0;
    QStringList services; // sorted
    friend bool operator==(const TraceSummary &, const TraceSummary &) = default;
};

struct QueryResult
{
    std::vector<TraceSummary> traces;
    int total = 0; // matching traces before the limit
};

// "250ms", "1.5s", "42us", "100ns", "2m", "1h", or a bare number of milliseconds.
std::optional<qint64> parseDurationNs(QStringView text);
// "newest", "oldest", "slowest", "fastest", "most_spans"
std::optional<TraceSort> traceSortFromName(QStringView name);

} // namespace traceflow
