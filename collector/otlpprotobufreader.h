// SPDX-License-Identifier: MIT
#pragma once

#include "decodedbatch.h"

#include <QByteArray>
#include <QString>

#include <string_view>
#include <vector>

namespace traceflow {

// Reads an OTLP ExportTraceServiceRequest straight from its wire bytes into spans, with
// ProtobufFields and the field numbers protoc generated from our .proto files. It exists for
// speed: parsing into the generated message classes first (arena allocations, string copies)
// and converting afterwards costs several times as much. Attribute keys and string values stay
// UTF-8 views of the body until Attributes stores them; the scratch lists are members, reused
// for every span, so a span costs no allocation besides what it keeps. Unknown fields are
// skipped as the generated parser would. The mapping and validation rules are OtlpProtobuf's
// (see there).
class OtlpProtobufReader
{
public:
    explicit OtlpProtobufReader(DecodedBatch *out) : m_out(out) {}

    // False with *error when the bytes are not a well-formed request.
    bool read(std::string_view body, QString *error);

private:
    bool readResourceSpans(std::string_view bytes);
    bool readScopeSpans(std::string_view bytes, const Attributes &resource,
                        StringPool::Id service);
    bool readSpan(std::string_view bytes, Span *span, QString *why);
    bool readEvent(std::string_view bytes, Span *span);
    bool readLink(std::string_view bytes, Span *span, QString *why);
    // Adds one KeyValue message to m_items.
    bool readKeyValue(std::string_view bytes);
    // The set m_items make; empties m_items.
    Attributes takeAttributes();
    // For text that is not ASCII: bytes when they are valid UTF-8, otherwise the text
    // QString::fromUtf8 makes of them (as UTF-8, kept in m_repaired until takeAttributes()), so
    // that a set is the same as the one made from QStrings.
    std::string_view repairedUtf8(std::string_view bytes);

    DecodedBatch *m_out = nullptr;
    int m_index = 0; // of the next span in the request, for error messages
    // Scratch, reused: clear() keeps the capacity.
    std::vector<std::string_view> m_scopes; // of one ResourceSpans
    std::vector<std::string_view> m_spans;  // of one ScopeSpans
    std::vector<std::string_view> m_events; // of one span
    std::vector<std::string_view> m_links;  // of one span
    std::vector<Attributes::Utf8Item> m_items;
    std::vector<QByteArray> m_repaired;
};

} // namespace traceflow
