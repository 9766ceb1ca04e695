// SPDX-License-Identifier: MIT
#pragma once

#include "spandata.h"

#include <QByteArray>
#include <QList>

namespace traceflow::sdk {

// Encodes spans as an OTLP ExportTraceServiceRequest (opentelemetry-proto
// collector/trace/v1), in the binary protobuf form or the OTLP/JSON form (lowercase hex
// ids, integer enums, 64-bit integers as strings). Spans are grouped into ResourceSpans by
// their resource and into ScopeSpans by their instrumentation scope, in first-seen order.
class OtlpEncoder
{
public:
    static QByteArray toProtobuf(const QList<SpanData> &spans);
    static QByteArray toJson(const QList<SpanData> &spans);

    // Wire values of the OTLP enums.
    static int kindValue(SpanKind kind) { return int(kind) + 1; } // 0 is UNSPECIFIED
    static int statusValue(StatusCode status) { return int(status); }
    // Span.flags / Link.flags: the W3C trace flags plus the HAS_IS_REMOTE and IS_REMOTE bits.
    static quint32 flagsValue(quint8 traceFlags, bool remote)
    {
        return traceFlags | 0x100u | (remote ? 0x200u : 0u);
    }
};

} // namespace traceflow::sdk
