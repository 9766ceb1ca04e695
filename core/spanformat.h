// SPDX-License-Identifier: MIT
#pragma once

#include "decodedbatch.h"

#include <QString>

#include <string_view>

namespace traceflow {

enum class SpanFormat
{
    TraceflowJson,
    OtlpJson,
    ZipkinJson,
    JaegerJson,
    Unknown
};

// Recognises a JSON span document by its top-level shape, reading only as far as needed:
// {"spans":...} TraceFlow JSON, {"resourceSpans":...} OTLP JSON, [...] Zipkin v2, {"data":...}
// Jaeger. The first of those keys found at the top level decides. Unknown otherwise,
// including for text that is not JSON up to that point.
SpanFormat detectSpanFormat(std::string_view body);
// "TraceFlow JSON", "OTLP JSON", "Zipkin v2 JSON", "Jaeger JSON", "unknown format".
QString spanFormatName(SpanFormat format);
// Decodes any of the formats above (File > Open), parsing the body once. False with a message
// naming the problem when the body is not JSON, not one of the formats, or not decodable.
// *format, when given, receives the format recognised.
bool decodeAnyJson(std::string_view body, DecodedBatch *out, QString *error,
                   SpanFormat *format = nullptr);

} // namespace traceflow
