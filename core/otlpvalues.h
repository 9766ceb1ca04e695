// SPDX-License-Identifier: MIT
#pragma once

#include "attributes.h"
#include "jsontape.h"
#include "jsonvalues.h"

#include <QString>

namespace traceflow {

// OTLP's AnyValue and KeyValue messages in the protobuf JSON mapping, to and from TraceFlow
// attributes.
class OtlpValues
{
public:
    using Json = JsonValues::Json;

    // AnyValue -> attribute value. intValue may be a string or a number; doubleValue may be
    // "NaN"/"Infinity"; arrayValue of one scalar type becomes a typed array (see
    // JsonValues::toAttributeValue for mixed ones); kvlistValue is kept as JSON object text,
    // bytesValue as its base64 text; an empty AnyValue gives an empty value (dropped).
    // Returns false and sets *error for a malformed value.
    static bool fromAnyValue(JsonValue anyValue, AttributeValue *out, QString *error);
    // int64 values are written as strings, as the protobuf JSON mapping does.
    static Json toAnyValue(const AttributeValue &value);
    // KeyValue list; null is empty. False and *error when malformed, phrased to follow the
    // list's name: `[2]: "key" must be a string` or `: must be an array of KeyValue`.
    static bool fromKeyValues(JsonValue list, Attributes *out, QString *error);
    static Json toKeyValues(const Attributes &attributes);

private:
    // AnyValue -> the plain JSON it stands for ({"intValue":"5"} -> 5, kvlist -> object).
    // Recursion is bounded by the nesting limit JsonTape::parse enforces.
    static bool toPlain(JsonValue anyValue, Json *out, QString *error);
};

} // namespace traceflow
