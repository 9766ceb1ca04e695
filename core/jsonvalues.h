// SPDX-License-Identifier: MIT
#pragma once

#include "attributes.h"
#include "attributevalue.h"
#include "jsontape.h"

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace traceflow {

// Conversions between JSON values and TraceFlow's model shared by the JSON codecs: int64
// fields, times, and typed attribute values (OTLP's AnyValue/KeyValue form is in OtlpValues).
// Decoders read parsed documents through JsonValue (a JsonTape view); encoders write
// nlohmann::ordered_json, which keeps attribute order (part of a span's identity: Attributes
// compares in order). The typed-value writers are templates so that the query API can emit
// plain nlohmann::json.
class JsonValues
{
public:
    using Json = nlohmann::ordered_json;

    // Compact UTF-8 text (invalid UTF-8, impossible from QString, would be replaced).
    template<typename J> static QByteArray dump(const J &value)
    {
        const std::string text =
            value.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
        return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
    }

    // An integer given as a JSON integer or a decimal string (proto3 JSON's int64/fixed64
    // form). Floats without a fraction are accepted; anything else, or out of range, is nullopt.
    static std::optional<qint64> toInt64(JsonValue value);
    // A JSON number, or the proto3 JSON strings "NaN", "Infinity", "-Infinity" or a decimal.
    static std::optional<double> toDouble(JsonValue value);

    // A time or duration in milliseconds (integer or float) to nanoseconds. Floats keep the
    // precision their magnitude can carry: rounded to the nanosecond for durations, to the
    // microsecond for epoch times (a double steps by ~0.24 us at 1.7e12 ms), so a hand-written
    // 1710000000000.123 gives exactly ...123000 ns. nullopt when not a number or out of range.
    static std::optional<qint64> msToNs(JsonValue value);
    // Microseconds (Zipkin, Jaeger) to nanoseconds; same rules as msToNs.
    static std::optional<qint64> usToNs(JsonValue value);
    // Nanoseconds to milliseconds rounded to the microsecond: 1710000000000123456 ns gives
    // 1710000000000.123, which prints as such.
    static double nsToMs(qint64 ns);
    // Nanoseconds to whole microseconds, rounded to nearest.
    static qint64 nsToUs(qint64 ns);

    // Typed JSON value -> attribute value: string, bool, integer, float; an array of one scalar
    // type becomes a typed array (integers mixed with floats a float array, an empty array an
    // empty string array); objects, nested or mixed arrays are kept as their compact JSON text;
    // null gives an empty value (the attribute is dropped).
    static AttributeValue toAttributeValue(JsonValue value);
    // {"key": typed value, ...} in document order; object.isObject() must hold.
    static Attributes toAttributes(JsonValue object);
    // Non-finite doubles, which JSON cannot carry, are written as "NaN"/"Infinity"/"-Infinity".
    template<typename J> static J fromAttributeValue(const AttributeValue &value);
    template<typename J> static J fromAttributes(const Attributes &attributes);
    // The value as text for formats whose tags are strings (Zipkin): scalars unquoted, doubles
    // in shortest round-trip form, arrays as JSON arrays.
    static QString toTagString(const AttributeValue &value);
};

extern template nlohmann::json
JsonValues::fromAttributeValue<nlohmann::json>(const AttributeValue &);
extern template JsonValues::Json
JsonValues::fromAttributeValue<JsonValues::Json>(const AttributeValue &);
extern template nlohmann::json JsonValues::fromAttributes<nlohmann::json>(const Attributes &);
extern template JsonValues::Json JsonValues::fromAttributes<JsonValues::Json>(const Attributes &);

} // namespace traceflow
