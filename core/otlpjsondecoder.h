// SPDX-License-Identifier: MIT
#pragma once

#include "decodedbatch.h"
#include "jsonfieldreader.h"

#include <QSharedDataPointer>
#include <QString>

#include <optional>

namespace traceflow {

// Reads the resourceSpans of an OTLP/JSON ExportTraceServiceRequest (see OtlpJson) into a
// DecodedBatch. Invalid spans are rejected alone; a malformed resource or scope rejects the
// spans it holds (each counted, at least one), as none of them could be attributed correctly.
class OtlpJsonDecoder
{
public:
    explicit OtlpJsonDecoder(DecodedBatch *out) : m_out(out) {}
    void decodeResourceSpans(JsonValue resourceSpans);

private:
    void decodeResource(JsonFieldReader &r);
    void decodeScope(JsonFieldReader &r, const Attributes &resource, StringPool::Id service,
                     bool legacy);
    std::optional<Span> decodeSpan(JsonFieldReader &r);
    void readEvents(JsonFieldReader &r, JsonValue events, Span *span);
    void readLinks(JsonFieldReader &r, JsonValue links, Span *span);
    // Rejects every span listed under a malformed resource or scope, with one message.
    void rejectAll(JsonValue container, const QString &why);

    DecodedBatch *m_out = nullptr;
    QSharedDataPointer<SpanOrigin> m_origin; // of the scope being read
};

} // namespace traceflow
