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

// OTLP/JSON: an ExportTraceServiceRequest in the protobuf JSON mapping, as OTLP/HTTP clients
// send it with Content-Type application/json (and as OpenTelemetry's file exporter writes it).
// Ids are hex (either case accepted, stored lowercase), enums integers or their names, int64
// values strings or numbers, unknown fields ignored. The deprecated instrumentationLibrarySpans
// is read too. The service is the resource's service.name ("unknown_service" without one).
class OtlpJson
{
public:
    // False (with *error) when the body is not JSON or not a request object; otherwise true,
    // with invalid spans rejected alone in *out (trace id not 16 bytes or all zeroes, span id
    // not 8 bytes or all zeroes, missing times, end before start, malformed fields).
    static bool decode(std::string_view body, DecodedBatch *out, QString *error);
    // The same, from a document already parsed (File > Open parses once to detect the
    // format).
    static bool decodeDocument(JsonValue root, DecodedBatch *out, QString *error);
    // Groups spans by resource (with the span's service as service.name) and scope. Lossless
    // for spans that came from OTLP. Otherwise, as OTLP requires: a resource without
    // service.name gains it; 64-bit trace ids are left-padded with zeroes to 16 bytes; text
    // ids (TraceFlow JSON's "trace-1") become the first bytes of their SHA-256, so a trace
    // keeps its shape.
    static QByteArray encode(const std::vector<Span> &spans);
};

} // namespace traceflow
