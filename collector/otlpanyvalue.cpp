// SPDX-License-Identifier: MIT
#include "otlpanyvalue.h"

#include "jsontape.h"
#include "jsonvalues.h"
#include "protobuffields.h"

#include "opentelemetry/proto/common/v1/common.pb.h"

#include <cstring>

namespace traceflow {

namespace {
namespace common = opentelemetry::proto::common::v1;
using Fields = ProtobufFields;
constexpr auto Varint = ProtobufFields::Varint;
constexpr auto Fixed64 = ProtobufFields::Fixed64;
constexpr auto Length = ProtobufFields::Length;

QString text(std::string_view utf8)
{
    return QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size()));
}
} // namespace

// An AnyValue as read, before it becomes an attribute value.
struct OtlpAnyValue::Value
{
    enum class Kind { Empty, String, Bool, Int, Double, Bytes, Array, Kvlist };
    Value() = default;
    explicit Value(Kind k, std::string_view t = {}) : kind(k), text(t) {}

    Kind kind = Kind::Empty;
    std::string_view text; // String, Bytes
    bool boolean = false;
    qint64 integer = 0;
    double real = 0;
    std::vector<Value> items;           // Array, Kvlist
    std::vector<std::string_view> keys; // Kvlist

    // The plain JSON this value stands for, as the OTLP JSON codec sees it.
    JsonValues::Json plain() const
    {
        switch (kind) {
        case Kind::Empty: return nullptr;
        case Kind::String: return std::string(text);
        case Kind::Bool: return boolean;
        case Kind::Int: return integer;
        case Kind::Double: return real;
        case Kind::Bytes:
            return QByteArray(text.data(), qsizetype(text.size())).toBase64().toStdString();
        case Kind::Array: {
            JsonValues::Json array = JsonValues::Json::array();
            for (const Value &item : items)
                array.push_back(item.plain());
            return array;
        }
        case Kind::Kvlist: {
            JsonValues::Json object = JsonValues::Json::object();
            for (std::size_t i = 0; i < items.size(); ++i)
                object[std::string(keys[i])] = items[i].plain();
            return object;
        }
        }
        return nullptr;
    }
};

bool OtlpAnyValue::read(std::string_view bytes, AttributeValue *out)
{
    Value value;
    if (!parse(bytes, 0, &value))
        return false;
    *out = convert(value);
    return true;
}

bool OtlpAnyValue::readWalk(std::string_view bytes, Attributes::Utf8Item *item)
{
    using A = common::AnyValue;
    // The common values (strings and scalars) without building a Value; the oneof's last value
    // on the wire wins, so the first bytes/array/kvlist field hands the whole message to the
    // general path, which applies that rule to every kind.
    enum class Last { None, String, Bool, Int, Double } last = Last::None;
    std::string_view text;
    std::uint64_t bits = 0;
    Fields f(bytes);
    while (f.next()) {
        switch (f.tag()) {
        case Fields::tag(A::kStringValueFieldNumber, Length):
            last = Last::String;
            text = f.bytes();
            break;
        case Fields::tag(A::kBoolValueFieldNumber, Varint):
            last = Last::Bool;
            bits = f.varint();
            break;
        case Fields::tag(A::kIntValueFieldNumber, Varint):
            last = Last::Int;
            bits = f.varint();
            break;
        case Fields::tag(A::kDoubleValueFieldNumber, Fixed64):
            last = Last::Double;
            bits = f.fixed64();
            break;
        case Fields::tag(A::kBytesValueFieldNumber, Length):
        case Fields::tag(A::kArrayValueFieldNumber, Length):
        case Fields::tag(A::kKvlistValueFieldNumber, Length):
            return read(bytes, &item->value);
        default:
            f.skip();
            break;
        }
    }
    if (f.failed())
        return false;
    switch (last) {
    case Last::None: break; // an empty value: the attribute is dropped
    case Last::String:
        item->isText = true;
        item->text = text;
        break;
    case Last::Bool: item->value = bits != 0; break;
    case Last::Int: item->value = static_cast<qint64>(bits); break;
    case Last::Double: {
        double real = 0;
        std::memcpy(&real, &bits, sizeof bits);
        item->value = real;
        break;
    }
    }
    return true;
}

bool OtlpAnyValue::parse(std::string_view bytes, int depth, Value *out)
{
    using A = common::AnyValue;
    using K = Value::Kind;
    Fields f(bytes);
    while (f.next()) {
        // A oneof: the last value on the wire wins, as in the generated parser.
        if (f.is(A::kStringValueFieldNumber, Length)) {
            *out = Value(K::String, f.bytes());
        } else if (f.is(A::kBoolValueFieldNumber, Varint)) {
            *out = Value(K::Bool);
            out->boolean = f.varint() != 0;
        } else if (f.is(A::kIntValueFieldNumber, Varint)) {
            *out = Value(K::Int);
            out->integer = static_cast<qint64>(f.varint());
        } else if (f.is(A::kDoubleValueFieldNumber, Fixed64)) {
            *out = Value(K::Double);
            const std::uint64_t bits = f.fixed64();
            std::memcpy(&out->real, &bits, sizeof bits);
        } else if (f.is(A::kBytesValueFieldNumber, Length)) {
            *out = Value(K::Bytes, f.bytes());
        } else if (f.is(A::kArrayValueFieldNumber, Length)
                   || f.is(A::kKvlistValueFieldNumber, Length)) {
            const bool kvlist = f.is(A::kKvlistValueFieldNumber, Length);
            if (depth >= MaxDepth)
                return false;
            *out = Value(kvlist ? K::Kvlist : K::Array);
            Fields items(f.bytes());
            while (items.next()) {
                if (!items.is(1, Length)) { // ArrayValue.values and KeyValueList.values
                    items.skip();
                    continue;
                }
                Value item;
                if (!kvlist) {
                    if (!parse(items.bytes(), depth + 1, &item))
                        return false;
                    out->items.push_back(std::move(item));
                    continue;
                }
                std::string_view key, value;
                if (!splitKeyValue(items.bytes(), &key, &value) || !parse(value, depth + 1, &item))
                    return false;
                out->keys.push_back(key);
                out->items.push_back(std::move(item));
            }
            if (items.failed())
                return false;
        } else {
            f.skip();
        }
    }
    return !f.failed();
}

bool OtlpAnyValue::splitKeyValue(std::string_view bytes, std::string_view *key,
                                 std::string_view *value)
{
    Fields kv(bytes);
    while (kv.next()) {
        if (kv.is(common::KeyValue::kKeyFieldNumber, Length))
            *key = kv.bytes();
        else if (kv.is(common::KeyValue::kValueFieldNumber, Length))
            *value = kv.bytes();
        else
            kv.skip();
    }
    return !kv.failed();
}

AttributeValue OtlpAnyValue::convert(const Value &value)
{
    using K = Value::Kind;
    switch (value.kind) {
    case K::Empty: return {}; // dropped by Attributes
    case K::String: return text(value.text);
    case K::Bool: return value.boolean;
    case K::Int: return value.integer;
    case K::Double: return value.real;
    case K::Bytes:
    case K::Array:
    case K::Kvlist: break;
    }
    // Rare values: through JSON text, to share the JSON codecs' exact rules for them.
    const std::string json = value.plain().dump(-1, ' ', false,
                                                JsonValues::Json::error_handler_t::replace);
    JsonTape tape;
    QString error;
    return tape.parse(json, &error) ? JsonValues::toAttributeValue(tape.root()) : AttributeValue();
}

} // namespace traceflow
