// SPDX-License-Identifier: MIT
#pragma once

#include "spandata.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

namespace traceflow::sdk {

// The TraceFlow collector's own span format (POST <collector>/api/spans):
// {"spans":[{"trace_id","span_id","parent_span_id","service","operation","start_unix_ms",
//   "duration_ms","status":"ok|error|unset","kind","attributes":{},"events":[]}]}
// Ids are lowercase hex ("" parent for a root); start_unix_ms is an integer; duration_ms
// is fractional (microsecond precision); kind is "server", "client", "internal", ...
// Events are {"name","time_unix_ms","attributes":{}}.
class TraceFlowJsonEncoder
{
public:
    static QJsonObject toJsonObject(const SpanData &span);
    static QByteArray toBatch(const QList<SpanData> &spans);
    // One compact object and no newline: a line of a JSON-lines file.
    static QByteArray toLine(const SpanData &span);
    // Attribute values as plain JSON values (strings, numbers, booleans, arrays, objects);
    // 64-bit integers beyond 2^53 lose precision, as in any JSON number.
    static QJsonObject attributesObject(const Attributes &attributes);
};

} // namespace traceflow::sdk
