// SPDX-License-Identifier: MIT
#pragma once

#include "span.h"

#include <QByteArray>

#include <unordered_map>

namespace traceflow {

// Writes spans as TraceFlow JSON objects (the element TraceflowJson::encode() writes, and that
// TraceflowJson::decode() reads back into an equal span) straight into a byte buffer, without
// building a JSON tree: the ClickHouse writer encodes every span it sends, so this is on the
// write-through hot path. The resource and scope part is written once per SpanOrigin (one
// export batch shares it) and reused.
class SpanJsonWriter
{
public:
    void append(const Span &span, QByteArray *out);

    static void appendString(QByteArrayView utf8, QByteArray *out);
    static void appendAttributes(const Attributes &attributes, QByteArray *out);

private:
    std::unordered_map<const SpanOrigin *, QByteArray> m_origins; // ,"resource":...,"scope":...
};

} // namespace traceflow
