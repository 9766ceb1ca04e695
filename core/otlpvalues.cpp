// SPDX-License-Identifier: MIT
#include "otlpvalues.h"

#include "jsonfields.h"

#include <cmath>

namespace traceflow {

namespace {
using Json = OtlpValues::Json;
using Type = AttributeValue::Type;

bool bad(QString *error, std::string_view field, const char *what)
{
    *error = u'"' + QString::fromUtf8(field.data(), qsizetype(field.size())) +
             QStringLiteral("\" ") + QLatin1String(what);
    return false;
}

// An AnyValue decided, as fromAnyValue decides, by a valid scalar field: the common case,
// read without a second pass. A string goes to Attributes as UTF-8, without a QString. False
// for anything else (arrays, lists, malformed fields), which fromAnyValue then reads.
bool scalarOf(JsonValue anyValue, Attributes::Utf8Item *item)
{
    enum Field
    {
        String,
        Bytes,
        Bool,
        Int,
        Double,
        Array,
        KvList,
        FieldCount
    };
    static const JsonFields<FieldCount> fields({"stringValue", "bytesValue", "boolValue",
                                                "intValue", "doubleValue", "arrayValue",
                                                "kvlistValue"});
    for (const JsonValue v : anyValue) {
        if (v.isNull())
            continue;
        switch (fields.indexOfMember(v)) {
        case String:
        case Bytes:
            item->text = v.string();
            item->isText = true;
            return v.isString();
        case Int: {
            const auto i = JsonValues::toInt64(v);
            if (i)
                item->value = *i;
            return i.has_value();
        }
        case Bool:
            if (v.isBool())
                item->value = v.toBool();
            return v.isBool();
        case Double: {
            const auto d = JsonValues::toDouble(v);
            if (d)
                item->value = *d;
            return d.has_value();
        }
        case Array:
        case KvList:
            return false;
        default:
            break; // unknown fields are ignored
        }
    }
    return anyValue.isObject() || anyValue.isNull(); // no field set: an empty value
}

// The "values" list of an arrayValue or kvlistValue: absent or null lists are empty. false
// when the value is not an object or its list is not an array.
bool valuesOf(JsonValue v, JsonValue *values)
{
    if (!v.isObject())
        return false;
    *values = v.find("values");
    return values->isNull() || values->isArray();
}

// Elements of one scalar type make a typed array; ints and doubles a double array.
std::optional<AttributeValue> typedArray(const std::vector<AttributeValue> &items)
{
    bool strings = true, bools = true, ints = true, numbers = true;
    for (const AttributeValue &v : items) {
        strings = strings && v.type() == Type::String;
        bools = bools && v.type() == Type::Bool;
        ints = ints && v.type() == Type::Int;
        numbers = numbers && (v.type() == Type::Int || v.type() == Type::Double);
    }
    if (items.empty() || strings) {
        QStringList list;
        for (const AttributeValue &v : items)
            list.append(v.toString());
        return AttributeValue(list);
    }
    if (bools || ints || numbers) {
        QList<bool> b;
        QList<qint64> i;
        QList<double> d;
        for (const AttributeValue &v : items) {
            b.append(v.toBool());
            i.append(v.toInt());
            d.append(v.toDouble());
        }
        return bools ? AttributeValue(b) : ints ? AttributeValue(i) : AttributeValue(d);
    }
    return std::nullopt;
}

template<typename T> Json listAnyValue(const QList<T> &list)
{
    Json values = Json::array();
    for (const T &item : list)
        values.push_back(OtlpValues::toAnyValue(AttributeValue(item)));
    return Json{{"arrayValue", Json{{"values", std::move(values)}}}};
}
} // namespace

bool OtlpValues::toPlain(JsonValue anyValue, Json *out, QString *error)
{
    AttributeValue scalar;
    *out = Json();
    for (JsonValue field : anyValue) {
        const std::string_view key = field.key();
        if (field.isNull() || (key != "arrayValue" && key != "kvlistValue"))
            continue;
        JsonValue values;
        if (!valuesOf(field, &values))
            return bad(error, key, "must be an object with a \"values\" array");
        const bool isArray = key == "arrayValue";
        *out = isArray ? Json::array() : Json::object();
        for (JsonValue item : values) {
            Json plain;
            if (isArray) {
                if (!toPlain(item, &plain, error))
                    return false;
                out->push_back(std::move(plain));
                continue;
            }
            const JsonValue k = item.find("key");
            if (!k.isString())
                return bad(error, key, "entries must have a string \"key\"");
            if (!toPlain(item.find("value"), &plain, error))
                return false;
            (*out)[std::string(k.string())] = std::move(plain);
        }
        return true;
    }
    // Scalars: the attribute value's own JSON form.
    if (!fromAnyValue(anyValue, &scalar, error))
        return false;
    *out = JsonValues::fromAttributeValue<Json>(scalar);
    return true;
}

bool OtlpValues::fromAnyValue(JsonValue anyValue, AttributeValue *out, QString *error)
{
    *out = AttributeValue();
    if (anyValue.isNull())
        return true;
    if (!anyValue.isObject()) {
        *error = QStringLiteral("value must be an AnyValue object");
        return false;
    }
    // The first set field decides (AnyValue is a oneof); unknown fields are ignored.
    for (JsonValue v : anyValue) {
        const std::string_view key = v.key();
        if (v.isNull())
            continue;
        if (key == "stringValue" || key == "bytesValue") {
            if (!v.isString())
                return bad(error, key, "must be a string");
            *out = v.toQString();
            return true;
        }
        if (key == "boolValue") {
            if (!v.isBool())
                return bad(error, key, "must be true or false");
            *out = v.toBool();
            return true;
        }
        if (key == "intValue") {
            const auto i = JsonValues::toInt64(v);
            if (!i)
                return bad(error, key, "must be an integer or a decimal string");
            *out = *i;
            return true;
        }
        if (key == "doubleValue") {
            const auto d = JsonValues::toDouble(v);
            if (!d)
                return bad(error, key, "must be a number");
            *out = *d;
            return true;
        }
        if (key == "arrayValue") {
            JsonValue values;
            if (!valuesOf(v, &values))
                return bad(error, key, "must be an object with a \"values\" array");
            std::vector<AttributeValue> items;
            items.reserve(values.size());
            bool nested = false;
            for (JsonValue item : values) {
                nested = nested || !item.find("arrayValue").isNull() ||
                         !item.find("kvlistValue").isNull();
                if (!fromAnyValue(item, &items.emplace_back(), error))
                    return false;
            }
            if (const auto typed = nested ? std::nullopt : typedArray(items)) {
                *out = *typed;
                return true;
            }
        }
        if (key == "arrayValue" || key == "kvlistValue") {
            // Nested or mixed values are kept as their JSON text.
            Json plain;
            if (!toPlain(anyValue, &plain, error))
                return false;
            *out = QString::fromUtf8(JsonValues::dump(plain));
            return true;
        }
    }
    return true;
}

Json OtlpValues::toAnyValue(const AttributeValue &value)
{
    switch (value.type()) {
    case Type::Empty:
        return Json::object();
    case Type::String:
        return Json{{"stringValue", value.toString().toStdString()}};
    case Type::Bool:
        return Json{{"boolValue", value.toBool()}};
    case Type::Int:
        return Json{{"intValue", std::to_string(value.toInt())}};
    case Type::Double:
        return Json{{"doubleValue", JsonValues::fromAttributeValue<Json>(value)}};
    case Type::StringArray:
        return listAnyValue(value.toStringList());
    case Type::BoolArray:
        return listAnyValue(value.toBoolList());
    case Type::IntArray:
        return listAnyValue(value.toIntList());
    case Type::DoubleArray:
        return listAnyValue(value.toDoubleList());
    }
    return Json::object();
}

bool OtlpValues::fromKeyValues(JsonValue list, Attributes *out, QString *error)
{
    *out = Attributes();
    if (list.isNull())
        return true;
    if (!list.isArray()) {
        *error = QStringLiteral(": must be an array of KeyValue");
        return false;
    }
    // Reused: every resource, scope, span, event and link comes through here.
    thread_local std::vector<Attributes::Utf8Item> items;
    items.clear();
    items.reserve(list.size());
    int index = 0;
    for (JsonValue kv : list) {
        // One pass over the KeyValue's members; the last of duplicates wins, as find().
        JsonValue key;
        JsonValue anyValue;
        for (const JsonValue member : kv) {
            const std::string_view name = member.key();
            if (name == "key")
                key = member;
            else if (name == "value")
                anyValue = member;
        }
        QString why;
        Attributes::Utf8Item &item = items.emplace_back();
        item.key = key.string();
        if (!key.isString()) {
            why = QStringLiteral("\"key\" must be a string");
        } else if (!scalarOf(anyValue, &item)) {
            item.isText = false;
            if (!fromAnyValue(anyValue, &item.value, &why))
                why += QStringLiteral(" (key \"") + key.toQString() + QStringLiteral("\")");
        }
        if (!why.isEmpty()) {
            *error = QStringLiteral("[%1]: ").arg(index) + why;
            items.clear();
            return false;
        }
        ++index;
    }
    *out = Attributes::fromUtf8(items);
    items.clear();
    return true;
}

Json OtlpValues::toKeyValues(const Attributes &attributes)
{
    Json list = Json::array();
    for (int i = 0; i < attributes.size(); ++i) {
        list.push_back(Json{{"key", attributes.keyAt(i).toStdString()},
                            {"value", toAnyValue(attributes.valueAt(i))}});
    }
    return list;
}

} // namespace traceflow
