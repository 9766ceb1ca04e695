// SPDX-License-Identifier: MIT
#pragma once

#include "attributevalue.h"

#include <string_view>

namespace traceflow {

// OTLP's AnyValue message, from its wire bytes to an attribute value, by the rules of the OTLP
// JSON codec: scalars as they are; a homogeneous array typed, anything else (mixed or nested
// arrays, kvlists) as compact JSON text, bytes as base64 text; an empty value stays empty (and
// the attribute is dropped).
class OtlpAnyValue
{
public:
    // False when the bytes are malformed or nest arrays/kvlists deeper than MaxDepth.
    static bool read(std::string_view bytes, AttributeValue *out);

    static constexpr int MaxDepth = 32;

private:
    struct Value;
    static bool parse(std::string_view bytes, int depth, Value *out);
    static AttributeValue convert(const Value &value);
};

} // namespace traceflow
