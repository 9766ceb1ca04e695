// SPDX-License-Identifier: MIT
#pragma once

#include "decodedbatch.h"
#include "jsontape.h"

#include <QString>

#include <nlohmann/json.hpp>

#include <string_view>

namespace traceflow {

// Jaeger UI's "Download JSON" format, which is also the body of Jaeger's /api/traces query:
//   {"data":[{"traceID","spans":[{"traceID","spanID","operationName","references":[{"refType",
//     "traceID","spanID"}],"startTime","duration","tags":[{"key","type","value"}],
//     "logs":[{"timestamp","fields":[...]}],"processID"}],"processes":{"p1":{"serviceName",
//     "tags":[...]}}}]}
// - Ids are hex, possibly without leading zeroes (Jaeger prints the high half of a 128-bit id
//   unpadded); times are microseconds.
// - The parent is the first CHILD_OF reference in the same trace, else the first FOLLOWS_FROM
//   one (Jaeger's rule); other references become links with "opentracing.ref_type".
// - The process gives the service and the resource (service.name plus the process tags).
// - Tags are typed (string, bool, int64, float64; binary kept as its text); "span.kind",
//   "error" (a boolean), "otel.status_code"/"otel.status_description", "otel.scope.*" and
//   "w3c.tracestate" become the span's kind, status, scope and trace state (ConventionTags).
// - Logs become events named by their "event" field ("log" without one), the other fields
//   being the event's attributes.
class JaegerJson
{
public:
    // False (with *error) when the body is not JSON or has no "data" array; otherwise true,
    // with invalid spans rejected alone in *out.
    static bool decode(std::string_view body, DecodedBatch *out, QString *error);
    // The same, from a document already parsed (File > Open parses once to detect the
    // format).
    static bool decodeDocument(JsonValue root, DecodedBatch *out, QString *error);
};

} // namespace traceflow
