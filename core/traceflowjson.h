// SPDX-License-Identifier: MIT
#pragma once

#include "decodedbatch.h"
#include "jsontape.h"
#include "span.h"

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

#include <string_view>
#include <vector>

namespace traceflow {

// The original TraceFlow JSON API (POST /api/spans) and TraceFlow's export file format:
//   {"spans":[{"trace_id","span_id","parent_span_id"?,"service","operation","start_unix_ms",
//     "duration_ms","status":"ok|error|unset"?,"kind"?,"attributes"?:{},"events"?:[{"name",
//     "time_unix_ms"|"time_unix_nano","attributes"?}],"status_message"?,"resource"?:{},
//     "scope"?:{"name","version"},"trace_state"?,"links"?:[{"trace_id","span_id",
//     "trace_state"?,"attributes"?}],"start_unix_nano"?,"duration_nano"?}]}
// Times in ms may be integers or floats; the *_nano fields (integers or decimal strings) win
// when present, which makes export/import lossless. Ids are any strings and come back
// unchanged. Attribute values are typed JSON (string, bool, integer, float, arrays of one).
class TraceflowJson
{
public:
    // False (with *error) when the body is not JSON or has no "spans" array; otherwise true,
    // with each invalid span rejected alone in *out (`spans[3]: "service" must be a non-empty
    // string`).
    static bool decode(std::string_view body, DecodedBatch *out, QString *error);
    // The same, from a document already parsed (File > Open parses once to detect the
    // format).
    static bool decodeDocument(JsonValue root, DecodedBatch *out, QString *error);
    // {"spans":[...]} that decode() reads back into spans equal to the given ones.
    static QByteArray encode(const std::vector<Span> &spans);
    // One span with every field: the element written by encode(), and the base of the query
    // API's span (see ApiJson). Absent parts are written empty ("parent_span_id":"" for a
    // root, "attributes":{}); start_unix_ms/duration_ms are floats rounded to the microsecond.
    template<typename Json> static Json encodeSpan(const Span &span);
};

extern template nlohmann::json TraceflowJson::encodeSpan<nlohmann::json>(const Span &);
extern template nlohmann::ordered_json
TraceflowJson::encodeSpan<nlohmann::ordered_json>(const Span &);

} // namespace traceflow
