// SPDX-License-Identifier: MIT
#pragma once

#include "decodedbatch.h"

#include <QHash>
#include <QString>

#include <string_view>
#include <vector>

namespace traceflow {

// Reads an OTLP ExportTraceServiceRequest straight from its wire bytes into spans, with
// libprotobuf's CodedInputStream and the field numbers protoc generated from our .proto files.
// It exists for speed: parsing into the generated message classes first (arena allocations,
// string copies) and converting afterwards costs about twice as much. Strings are viewed in
// place until they become QStrings; unknown fields are skipped as the generated parser would.
// The mapping and validation rules are OtlpProtobuf's (see there).
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
    bool readAttributes(const std::vector<std::string_view> &keyValues, Attributes *out);
    const QString &key(std::string_view utf8);

    DecodedBatch *m_out = nullptr;
    int m_index = 0; // of the next span in the request, for error messages
    // Attribute keys repeat in every span: convert each once per request.
    QHash<QByteArray, QString> m_keys;
};

} // namespace traceflow
