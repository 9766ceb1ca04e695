// SPDX-License-Identifier: MIT
#include "jsontape.h"

#include <simdjson.h>

#include <cstring>
#include <limits>

namespace traceflow {

namespace {
using Type = JsonValue::Type;
constexpr std::uint64_t MaxInt64 = std::uint64_t(std::numeric_limits<std::int64_t>::max());
} // namespace

// The SAX handler that lays the document out. Method names and signatures are the ones
// nlohmann::json::sax_parse requires.
struct JsonTape::Builder
{
    using Json = nlohmann::json;

    JsonTape &tape;
    QString *error;
    std::vector<std::uint32_t> open; // containers not closed yet
    std::uint32_t keyOffset = 0;
    std::uint32_t keyLength = 0;

    Node &push(Type type)
    {
        Node node;
        node.type = type;
        node.keyOffset = keyOffset;
        node.keyLength = keyLength;
        keyLength = 0;
        node.end = std::uint32_t(tape.m_nodes.size() + 1);
        if (!open.empty())
            ++tape.m_nodes[open.back()].size;
        tape.m_nodes.push_back(node);
        return tape.m_nodes.back();
    }
    std::uint32_t store(std::string_view s)
    {
        const auto offset = std::uint32_t(tape.m_strings.size());
        tape.m_strings += s;
        return offset;
    }
    bool fits() const
    {
        return tape.m_strings.size() < std::numeric_limits<std::uint32_t>::max() / 2 &&
               tape.m_nodes.size() < std::numeric_limits<std::uint32_t>::max() / 2;
    }

    bool null() { return push(Type::Null), true; }
    bool boolean(bool v) { return push(Type::Bool).value.b = v, true; }
    bool number_integer(Json::number_integer_t v) { return push(Type::Int).value.i = v, true; }
    bool number_unsigned(Json::number_unsigned_t v)
    {
        // Non-negative integers arrive here; keep them Int when they fit, as most do.
        if (v <= MaxInt64)
            return push(Type::Int).value.i = std::int64_t(v), true;
        return push(Type::UInt).value.u = v, true;
    }
    bool number_float(Json::number_float_t v, const Json::string_t &)
    {
        return push(Type::Double).value.d = v, true;
    }
    bool string(Json::string_t &s) { return addString(s); }
    bool addString(std::string_view s)
    {
        const std::uint32_t offset = store(s);
        Node &node = push(Type::String);
        node.value.offset = offset;
        node.size = std::uint32_t(s.size());
        return fits();
    }
    bool binary(Json::binary_t &) { return false; } // the JSON parser never produces binary
    bool key(Json::string_t &s) { return addKey(s); }
    bool addKey(std::string_view s)
    {
        keyOffset = store(s);
        keyLength = std::uint32_t(s.size());
        return true;
    }
    bool start(Type type)
    {
        if (open.size() >= std::size_t(MaxDepth)) {
            *error = QStringLiteral("invalid JSON: nested deeper than %1 levels").arg(MaxDepth);
            return false;
        }
        push(type);
        open.push_back(std::uint32_t(tape.m_nodes.size() - 1));
        return fits();
    }
    bool close()
    {
        tape.m_nodes[open.back()].end = std::uint32_t(tape.m_nodes.size());
        open.pop_back();
        return true;
    }
    bool start_object(std::size_t) { return start(Type::Object); }
    bool end_object() { return close(); }
    bool start_array(std::size_t) { return start(Type::Array); }
    bool end_array() { return close(); }
    // Lays out a document simdjson has parsed. False when the builder refuses (too deep, too big).
    bool lay(simdjson::dom::element element)
    {
        using simdjson::dom::element_type;
        switch (element.type()) {
        case element_type::ARRAY:
            if (!start(Type::Array))
                return false;
            for (simdjson::dom::element child : simdjson::dom::array(element)) {
                if (!lay(child))
                    return false;
            }
            return close();
        case element_type::OBJECT:
            if (!start(Type::Object))
                return false;
            for (simdjson::dom::key_value_pair member : simdjson::dom::object(element)) {
                addKey(member.key);
                if (!lay(member.value))
                    return false;
            }
            return close();
        case element_type::INT64:
            return number_integer(std::int64_t(element));
        case element_type::UINT64:
            return number_unsigned(std::uint64_t(element));
        case element_type::DOUBLE:
            return push(Type::Double).value.d = double(element), true;
        case element_type::STRING:
            return addString(std::string_view(element));
        case element_type::BOOL:
            return boolean(bool(element));
        case element_type::NULL_VALUE:
            return null();
        }
        return false;
    }
    bool parse_error(std::size_t position, const std::string &,
                     const nlohmann::detail::exception &e)
    {
        // what(): "[json.exception.parse_error.101] parse error at line 1, column 18: <detail>"
        const std::string_view what(e.what());
        const std::size_t colon = what.find(": ", what.find("parse error"));
        const std::string_view detail =
            colon == std::string_view::npos ? what : what.substr(colon + 2);
        *error = QStringLiteral("invalid JSON at byte %1: %2")
                     .arg(position)
                     .arg(QString::fromUtf8(detail.data(), qsizetype(detail.size())));
        return false;
    }
};

namespace {
// Bodies above this are parsed by a parser of their own, freed afterwards, so that a thread
// does not keep a huge parse buffer for the rest of its life after one large request.
constexpr std::size_t ReusedParserMaxBytes = std::size_t(8) << 20;

} // namespace

bool JsonTape::parse(std::string_view body, QString *error)
{
    static_assert(sizeof(Node) == 32, "a tape node is meant to be 32 bytes");
    m_nodes.clear();
    m_strings.clear();
    // Typical span JSON has a value every ~12 bytes and a third of its bytes in strings.
    m_nodes.reserve(body.size() / 12 + 16);
    m_strings.reserve(body.size() / 2 + 16);
    QString why;
    Builder builder{*this, &why, {}};

    // simdjson parses valid documents several times faster than a character-at-a-time lexer.
    // What it refuses (bad JSON, but also integers beyond 64 bits, which JSON allows) goes to
    // nlohmann/json's SAX parser, which accepts the latter and says where the former breaks.
    thread_local simdjson::dom::parser reused;
    simdjson::dom::parser own;
    simdjson::dom::parser &parser = body.size() <= ReusedParserMaxBytes ? reused : own;
    simdjson::dom::element root;
    if (parser.parse(body.data(), body.size(), true).get(root) == simdjson::SUCCESS) {
        if (builder.lay(root))
            return true;
    } else {
        m_nodes.clear();
        m_strings.clear();
        builder.open.clear();
        if (nlohmann::json::sax_parse(body.begin(), body.end(), &builder) && why.isEmpty())
            return true;
    }
    if (why.isEmpty())
        why = QStringLiteral("invalid JSON: document too large");
    *error = why;
    m_nodes.clear();
    return false;
}

bool JsonValue::isInt64() const
{
    return type() == Type::Int;
}

bool JsonValue::toBool() const
{
    return type() == Type::Bool && m_tape->m_nodes[m_index].value.b;
}

std::int64_t JsonValue::toInt64() const
{
    return type() == Type::Int ? m_tape->m_nodes[m_index].value.i : 0;
}

std::uint64_t JsonValue::toUInt64() const
{
    return type() == Type::UInt ? m_tape->m_nodes[m_index].value.u : 0;
}

double JsonValue::toDouble() const
{
    switch (type()) {
    case Type::Int:
        return double(m_tape->m_nodes[m_index].value.i);
    case Type::UInt:
        return double(m_tape->m_nodes[m_index].value.u);
    case Type::Double:
        return m_tape->m_nodes[m_index].value.d;
    default:
        return 0;
    }
}

QString JsonValue::toQString() const
{
    const std::string_view s = string();
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

std::uint32_t JsonValue::size() const
{
    return isArray() || isObject() ? m_tape->m_nodes[m_index].size : 0;
}

QString JsonValue::keyQString() const
{
    const std::string_view k = key();
    return QString::fromUtf8(k.data(), qsizetype(k.size()));
}

JsonValue JsonValue::find(std::string_view key) const
{
    // The last of duplicate keys wins, as in JavaScript's JSON.parse and nlohmann's DOM.
    // Decoders call this a dozen times per span object, so it compares the nodes directly.
    if (!isArray() && !isObject())
        return {};
    const std::vector<JsonTape::Node> &nodes = m_tape->m_nodes;
    const char *strings = m_tape->m_strings.data();
    JsonValue found;
    for (std::uint32_t i = m_index + 1, end = nodes[m_index].end; i < end; i = nodes[i].end) {
        const JsonTape::Node &node = nodes[i];
        // The first byte rules out most members before a memcmp call.
        if (node.keyLength == key.size() &&
            (key.empty() || (strings[node.keyOffset] == key[0] &&
                             std::memcmp(strings + node.keyOffset, key.data(), key.size()) == 0)))
            found = JsonValue(m_tape, i);
    }
    return found;
}

nlohmann::ordered_json JsonValue::toJson() const
{
    using Json = nlohmann::ordered_json;
    switch (type()) {
    case Type::Null:
        return Json();
    case Type::Bool:
        return Json(toBool());
    case Type::Int:
        return Json(toInt64());
    case Type::UInt:
        return Json(toUInt64());
    case Type::Double:
        return Json(toDouble());
    case Type::String:
        return Json(std::string(string()));
    case Type::Array: {
        Json out = Json::array();
        for (JsonValue v : *this)
            out.push_back(v.toJson());
        return out;
    }
    case Type::Object: {
        Json out = Json::object();
        for (JsonValue v : *this)
            out[std::string(v.key())] = v.toJson();
        return out;
    }
    }
    return Json();
}

bool operator==(const JsonValue &a, const JsonValue &b)
{
    if (!a.m_tape || !b.m_tape)
        return a.isNull() && b.isNull();
    if (a.m_tape == b.m_tape && a.m_index == b.m_index)
        return true;
    const auto &na = a.m_tape->m_nodes;
    const auto &nb = b.m_tape->m_nodes;
    const std::uint32_t count = na[a.m_index].end - a.m_index;
    if (nb[b.m_index].end - b.m_index != count)
        return false;
    // Subtrees are contiguous in pre-order, and types plus child counts fix their shape.
    for (std::uint32_t k = 0; k < count; ++k) {
        const JsonValue x(a.m_tape, a.m_index + k);
        const JsonValue y(b.m_tape, b.m_index + k);
        const auto &nx = na[a.m_index + k];
        const auto &ny = nb[b.m_index + k];
        if (nx.type != ny.type || nx.size != ny.size || (k > 0 && x.key() != y.key()))
            return false;
        bool same = true;
        switch (nx.type) {
        case Type::String:
            same = x.string() == y.string();
            break;
        case Type::Bool:
            same = nx.value.b == ny.value.b;
            break;
        case Type::Int:
            same = nx.value.i == ny.value.i;
            break;
        case Type::UInt:
            same = nx.value.u == ny.value.u;
            break;
        case Type::Double:
            same = nx.value.d == ny.value.d;
            break;
        default:
            break;
        }
        if (!same)
            return false;
    }
    return true;
}

QByteArray JsonValue::dump() const
{
    const std::string text =
        toJson().dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
    return QByteArray(text.data(), qsizetype(text.size()));
}

} // namespace traceflow
