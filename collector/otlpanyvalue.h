// SPDX-License-Identifier: MIT
#pragma once

#include "attributes.h"
#include "attributevalue.h"
#include "protobuffields.h"

#include "opentelemetry/proto/common/v1/common.pb.h"

#include <cstring>
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
    // The same value for an attribute decoder that keeps text as UTF-8: a string comes back as
    // its wire bytes in item->text with item->isText set (the bytes are not checked for valid
    // UTF-8: the caller does that), anything else in item->value as read() gives it. item must
    // be default-constructed. Inline: attribute decoders call it for every attribute.
    static bool read(std::string_view bytes, Attributes::Utf8Item *item);
    // The key and the AnyValue bytes of a KeyValue message (an attribute, a kvlist entry); a
    // field the message lacks leaves its view as it was. False when the bytes are malformed.
    static bool splitKeyValue(std::string_view bytes, std::string_view *key,
                              std::string_view *value);

    static constexpr int MaxDepth = 32;

private:
    // read() for the values that are not one common field.
    static bool readWalk(std::string_view bytes, Attributes::Utf8Item *item);
    struct Value;
    static bool parse(std::string_view bytes, int depth, Value *out);
    static AttributeValue convert(const Value &value);
};

inline bool OtlpAnyValue::read(std::string_view bytes, Attributes::Utf8Item *item)
{
    using A = opentelemetry::proto::common::v1::AnyValue;
    using Fields = ProtobufFields;
    // One field, as encoders write it (a string under 128 bytes, a bool, an int, a double),
    // read without the general walk. Anything else, even a valid oddity, takes the walk.
    const auto *p = reinterpret_cast<const std::uint8_t *>(bytes.data());
    const std::size_t n = bytes.size();
    if (n < 2)
        return readWalk(bytes, item);
    switch (p[0]) {
    case Fields::tag(A::kStringValueFieldNumber, Fields::Length):
        if (p[1] < 0x80 && std::size_t(p[1]) + 2 == n) {
            item->isText = true;
            item->text = bytes.substr(2);
            return true;
        }
        break;
    case Fields::tag(A::kBoolValueFieldNumber, Fields::Varint):
    case Fields::tag(A::kIntValueFieldNumber, Fields::Varint): {
        // A varint of at most 10 bytes that ends exactly at the end of the message.
        std::uint64_t v = 0;
        for (std::size_t i = 1, shift = 0; i < n && i <= 10; ++i, shift += 7) {
            v |= static_cast<std::uint64_t>(p[i] & 0x7f) << shift;
            if (p[i] < 0x80) {
                if (i + 1 != n)
                    break;
                if (p[0] == Fields::tag(A::kBoolValueFieldNumber, Fields::Varint))
                    item->value = v != 0;
                else
                    item->value = static_cast<qint64>(v);
                return true;
            }
        }
        break;
    }
    case Fields::tag(A::kDoubleValueFieldNumber, Fields::Fixed64):
        if (n == 9) {
            const std::uint64_t v = qFromLittleEndian<std::uint64_t>(p + 1);
            double real = 0;
            std::memcpy(&real, &v, sizeof v);
            item->value = real;
            return true;
        }
        break;
    default: break;
    }
    return readWalk(bytes, item);
}

} // namespace traceflow
