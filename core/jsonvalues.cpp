// SPDX-License-Identifier: MIT
#include "jsonvalues.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace traceflow {

namespace {
using Json = JsonValues::Json;
constexpr qint64 MaxInt64 = std::numeric_limits<qint64>::max();

template<typename J> J doubleJson(double d)
{
    if (std::isfinite(d))
        return J(d);
    return J(std::isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
}

template<typename J, typename T> J listJson(const QList<T> &list)
{
    J out = J::array();
    for (const T &item : list)
        out.push_back(JsonValues::fromAttributeValue<J>(AttributeValue(item)));
    return out;
}

AttributeValue arrayValue(JsonValue array)
{
    bool strings = true, bools = true, ints = true, numbers = true;
    for (JsonValue v : array) {
        strings = strings && v.isString();
        bools = bools && v.isBool();
        ints = ints && v.isInt64();
        numbers = numbers && v.isNumber();
    }
    if (array.size() == 0 || strings) {
        QStringList list;
        for (JsonValue v : array)
            list.append(v.toQString());
        return list;
    }
    if (bools) {
        QList<bool> list;
        for (JsonValue v : array)
            list.append(v.toBool());
        return list;
    }
    if (ints) {
        QList<qint64> list;
        for (JsonValue v : array)
            list.append(v.toInt64());
        return list;
    }
    if (numbers) {
        QList<double> list;
        for (JsonValue v : array)
            list.append(v.toDouble());
        return list;
    }
    return QString::fromUtf8(array.dump());
}

std::optional<qint64> scaleToNs(JsonValue v, qint64 factor)
{
    if (v.isInt64()) {
        const std::int64_t i = v.toInt64();
        if (i > MaxInt64 / factor || i < -(MaxInt64 / factor))
            return std::nullopt;
        return i * factor;
    }
    if (!v.isNumber())
        return std::nullopt;
    const double x = v.toDouble();
    const double whole = std::floor(x);
    const double limit = double(MaxInt64 / factor) - 1;
    if (!std::isfinite(x) || whole > limit || whole < -limit)
        return std::nullopt;
    // Round the fraction to the coarsest power of ten not finer than the double's spacing.
    const double ulpNs = (std::nextafter(std::fabs(x), HUGE_VAL) - std::fabs(x)) * double(factor);
    double step = 1;
    while (step < ulpNs && step < double(factor))
        step *= 10;
    const double fraction = (x - whole) * double(factor);
    return qint64(whole) * factor + std::llround(std::round(fraction / step) * step);
}

template<typename T> std::optional<T> fromChars(std::string_view s)
{
    T value{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return value;
}
// fromChars<qint64>, with a loop for the common form (OTLP's int64 fields: up to 19 digits,
// perhaps a minus sign) and from_chars for everything else.
std::optional<qint64> decimalInt64(std::string_view s)
{
    const bool negative = !s.empty() && s[0] == '-';
    const std::string_view digits = s.substr(negative ? 1 : 0);
    if (digits.empty() || digits.size() > 19)
        return fromChars<qint64>(s);
    std::uint64_t u = 0;
    for (const char c : digits) {
        const unsigned d = unsigned(c) - '0';
        if (d > 9)
            return std::nullopt; // from_chars would stop there: not all of s
        u = u * 10 + d;          // 19 digits stay below 2^64
    }
    const std::uint64_t limit = std::uint64_t(MaxInt64) + (negative ? 1 : 0);
    if (u > limit)
        return std::nullopt;
    return negative ? qint64(0 - u) : qint64(u);
}
} // namespace

std::optional<qint64> JsonValues::toInt64(JsonValue value)
{
    if (value.isInt64())
        return value.toInt64();
    if (value.isNumber()) {
        const double d = value.toDouble();
        if (std::isfinite(d) && d == std::trunc(d) && d >= -9.2233720368547758e18 &&
            d < 9.2233720368547758e18)
            return qint64(d);
        return std::nullopt;
    }
    return decimalInt64(value.string());
}

std::optional<double> JsonValues::toDouble(JsonValue value)
{
    if (value.isNumber())
        return value.toDouble();
    const std::string_view s = value.string();
    if (s == "NaN")
        return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity" || s == "-Infinity")
        return s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
    return fromChars<double>(s);
}

std::optional<qint64> JsonValues::msToNs(JsonValue value)
{
    return scaleToNs(value, 1'000'000);
}

std::optional<qint64> JsonValues::usToNs(JsonValue value)
{
    return scaleToNs(value, 1'000);
}

qint64 JsonValues::nsToUs(qint64 ns)
{
    qint64 us = ns / 1000;
    const qint64 rest = ns % 1000;
    if (rest >= 500)
        ++us;
    else if (rest <= -500)
        --us;
    return us;
}

double JsonValues::nsToMs(qint64 ns)
{
    return double(nsToUs(ns)) / 1000.0;
}

AttributeValue JsonValues::toAttributeValue(JsonValue value)
{
    switch (value.type()) {
    case JsonValue::Type::String:
        return value.toQString();
    case JsonValue::Type::Bool:
        return value.toBool();
    case JsonValue::Type::Int:
        return qint64(value.toInt64());
    case JsonValue::Type::UInt: // beyond int64: kept as the nearest double
    case JsonValue::Type::Double:
        return value.toDouble();
    case JsonValue::Type::Array:
        return arrayValue(value);
    case JsonValue::Type::Object:
        return QString::fromUtf8(value.dump());
    case JsonValue::Type::Null:
        break;
    }
    return {};
}

Attributes JsonValues::toAttributes(JsonValue object)
{
    // Keys and string values go to Attributes as the tape's UTF-8, without QStrings; the
    // buffer is reused because every span, event and link comes through here.
    thread_local std::vector<Attributes::Utf8Item> items;
    items.clear();
    items.reserve(object.size());
    for (JsonValue member : object) {
        Attributes::Utf8Item &item = items.emplace_back();
        item.key = member.key();
        if (member.isString()) {
            item.text = member.string();
            item.isText = true;
        } else {
            item.value = toAttributeValue(member);
        }
    }
    Attributes out = Attributes::fromUtf8(items);
    items.clear();
    return out;
}

template<typename J> J JsonValues::fromAttributeValue(const AttributeValue &value)
{
    switch (value.type()) {
    case AttributeValue::Type::Empty:
        return J();
    case AttributeValue::Type::String:
        return J(value.toString().toStdString());
    case AttributeValue::Type::Bool:
        return J(value.toBool());
    case AttributeValue::Type::Int:
        return J(std::int64_t(value.toInt()));
    case AttributeValue::Type::Double:
        return doubleJson<J>(value.toDouble());
    case AttributeValue::Type::StringArray:
        return listJson<J>(value.toStringList());
    case AttributeValue::Type::BoolArray:
        return listJson<J>(value.toBoolList());
    case AttributeValue::Type::IntArray:
        return listJson<J>(value.toIntList());
    case AttributeValue::Type::DoubleArray:
        return listJson<J>(value.toDoubleList());
    }
    return J();
}

template<typename J> J JsonValues::fromAttributes(const Attributes &attributes)
{
    J out = J::object();
    for (int i = 0; i < attributes.size(); ++i)
        out[attributes.keyAt(i).toStdString()] = fromAttributeValue<J>(attributes.valueAt(i));
    return out;
}

template nlohmann::json JsonValues::fromAttributeValue<nlohmann::json>(const AttributeValue &);
template Json JsonValues::fromAttributeValue<Json>(const AttributeValue &);
template nlohmann::json JsonValues::fromAttributes<nlohmann::json>(const Attributes &);
template Json JsonValues::fromAttributes<Json>(const Attributes &);

QString JsonValues::toTagString(const AttributeValue &value)
{
    if (value.type() == AttributeValue::Type::String)
        return value.toString();
    const Json j = fromAttributeValue<Json>(value);
    if (j.is_string()) // a non-finite double
        return QString::fromStdString(j.get<std::string>());
    return QString::fromUtf8(dump(j));
}

} // namespace traceflow
