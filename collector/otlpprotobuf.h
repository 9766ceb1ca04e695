// SPDX-License-Identifier: MIT
#pragma once

#include "decodedbatch.h"
#include "span.h"

#include <QByteArray>
#include <QString>

#include <string_view>
#include <vector>

namespace traceflow {

// OTLP/HTTP in its binary form (application/x-protobuf): ExportTraceServiceRequest bodies in,
// spans out, and back. The mapping and validation rules are those of the OTLP JSON codec
// (OtlpJson): trace ids must be 16 bytes and span ids 8 bytes, neither all zero; a parent id is
// empty or 8 bytes; end >= start; the service is the resource's service.name, or
// "unknown_service" without one. A span that breaks a rule is rejected alone.
class OtlpProtobuf
{
public:
    // Returns false (with *error) only when the body is not an ExportTraceServiceRequest at all.
    static bool decode(std::string_view body, DecodedBatch *out, QString *error);
    // One ResourceSpans per run of spans sharing an origin and service, written as OtlpJson
    // writes them: 64-bit trace ids left-padded with zeroes to 16 bytes, text ids (TraceFlow
    // JSON's "trace-1") replaced by the first bytes of their SHA-256.
    static QByteArray encode(const std::vector<Span> &spans);

    // ExportTraceServiceResponse; partial_success is set only when rejectedSpans > 0.
    static QByteArray encodeResponse(qint64 rejectedSpans, const QString &errorMessage);
    // For clients and tests: false when the body is not an ExportTraceServiceResponse.
    static bool decodeResponse(std::string_view body, qint64 *rejectedSpans,
                               QString *errorMessage);
    // google.rpc.Status, the body of an OTLP/HTTP error response.
    static QByteArray encodeStatus(int code, const QString &message);
    static bool decodeStatus(std::string_view body, int *code, QString *message);
};

} // namespace traceflow
