// SPDX-License-Identifier: MIT
#include "jsontape.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>

// JsonValue reads simdjson's tape words directly (type tag in the top byte, payload below,
// strings as a 32-bit length before their bytes). That layout is documented for simdjson 3.x
// (Debian 12's libsimdjson14 is 3.0.1); another major version must be checked against
// doc/tape.md before this file is trusted with it, and tst_jsontape run.
static_assert(simdjson::SIMDJSON_VERSION_MAJOR == 3,
              "core/jsontape.cpp reads simdjson's tape layout of version 3.x; check it");

namespace traceflow {

namespace {
using Type = JsonValue::Type;
constexpr std::uint64_t MaxInt64 = std::uint64_t(std::numeric_limits<std::int64_t>::max());
} // namespace

// A simdjson document (tape and string buffer), kept per thread between parses: allocating
// them afresh would cost page faults for every request body.
struct JsonTape::Document
{
    simdjson::dom::document doc;
};

namespace {
// Bodies above this are parsed by a parser and into a document of their own, freed afterwards,
// so that a thread does not keep huge parse buffers for the rest of its life after one large
// request.
constexpr std::size_t ReusedParserMaxBytes = std::size_t(8) << 20;
// Documents kept per thread: one per JsonTape alive at once (a decoder may parse a nested
// document while the request's own tape is in use). A document takes ~10 bytes per byte of
// the largest body it held, so few are kept.
constexpr std::size_t PooledDocuments = 2;

std::vector<std::unique_ptr<JsonTape::Document>> &documentPool()
{
    thread_local std::vector<std::unique_ptr<JsonTape::Document>> pool;
    return pool;
}

simdjson::dom::parser &reusedParser()
{
    thread_local simdjson::dom::parser parser = [] {
        simdjson::dom::parser p;
        // Documents nested deeper than MaxDepth are refused by simdjson and go to the fallback
        // parser, which decides exactly and says why.
        // Out of memory here shows as a failed parse, which the fallback parser then reports.
        if (p.allocate(64 * 1024, std::size_t(JsonTape::MaxDepth)) != simdjson::SUCCESS)
            return simdjson::dom::parser(0);
        return p;
    }();
    return parser;
}

constexpr std::uint64_t word(char type, std::uint64_t payload)
{
    return std::uint64_t(std::uint8_t(type)) << 56 | payload;
}
} // namespace

// The SAX handler that lays out what simdjson refused, in simdjson's tape layout. Method names
// and signatures are the ones nlohmann::json::sax_parse requires.
struct JsonTape::Builder
{
    using Json = nlohmann::json;

    std::vector<std::uint64_t> &words;
    std::vector<std::uint8_t> &strings;
    QString *error;
    struct Open
    {
        std::uint32_t index;
        std::uint32_t count;
    };
    std::vector<Open> open; // containers not closed yet

    void counted()
    {
        if (!open.empty())
            ++open.back().count;
    }
    bool scalar(char type)
    {
        counted();
        words.push_back(word(type, 0));
        return true;
    }
    bool number(char type, std::uint64_t bits)
    {
        counted();
        words.push_back(word(type, 0));
        words.push_back(bits);
        return true;
    }
    std::uint64_t store(std::string_view s)
    {
        const std::uint64_t offset = strings.size();
        const auto length = std::uint32_t(s.size());
        const auto *bytes = reinterpret_cast<const std::uint8_t *>(&length);
        strings.insert(strings.end(), bytes, bytes + sizeof length);
        strings.insert(strings.end(), s.begin(), s.end());
        strings.push_back(0);
        return offset;
    }
    bool fits() const
    {
        return strings.size() < std::numeric_limits<std::uint32_t>::max() / 2 &&
               words.size() < std::numeric_limits<std::uint32_t>::max() / 2;
    }

    bool null() { return scalar('n'); }
    bool boolean(bool v) { return scalar(v ? 't' : 'f'); }
    bool number_integer(Json::number_integer_t v) { return number('l', std::uint64_t(v)); }
    bool number_unsigned(Json::number_unsigned_t v)
    {
        // Non-negative integers arrive here; keep them Int when they fit, as simdjson does.
        return number(v <= MaxInt64 ? 'l' : 'u', v);
    }
    bool number_float(Json::number_float_t v, const Json::string_t &)
    {
        std::uint64_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        return number('d', bits);
    }
    bool string(Json::string_t &s)
    {
        counted();
        words.push_back(word('"', store(s)));
        return fits();
    }
    bool binary(Json::binary_t &) { return false; } // the JSON parser never produces binary
    bool key(Json::string_t &s)
    {
        // A key is a string on the tape before its value; the member counts once, by its value.
        words.push_back(word('"', store(s)));
        return fits();
    }
    bool start(char type)
    {
        if (open.size() >= std::size_t(MaxDepth)) {
            *error = QStringLiteral("invalid JSON: nested deeper than %1 levels").arg(MaxDepth);
            return false;
        }
        counted();
        open.push_back({std::uint32_t(words.size()), 0});
        words.push_back(word(type, 0));
        return fits();
    }
    bool close(char type)
    {
        const Open o = open.back();
        open.pop_back();
        words.push_back(word(type, o.index));
        const std::uint64_t count = std::min<std::uint64_t>(o.count, CountMask);
        words[o.index] |= count << 32 | std::uint32_t(words.size());
        return true;
    }
    bool start_object(std::size_t) { return start('{'); }
    bool end_object() { return close('}'); }
    bool start_array(std::size_t) { return start('['); }
    bool end_array() { return close(']'); }
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

JsonTape::JsonTape() = default;

JsonTape::~JsonTape()
{
    release();
}

void JsonTape::release()
{
    m_words = nullptr;
    m_strings = nullptr;
    if (!m_document)
        return;
    auto &pool = documentPool();
    std::unique_ptr<Document> document(m_document);
    m_document = nullptr;
    if (pool.size() < PooledDocuments && document->doc.capacity() <= ReusedParserMaxBytes)
        pool.push_back(std::move(document));
}

bool JsonTape::parse(std::string_view body, QString *error)
{
    m_words = nullptr;
    m_strings = nullptr;
    m_ownWords.clear();
    m_ownStrings.clear();
    if (!m_document) {
        auto &pool = documentPool();
        if (pool.empty()) {
            m_document = new Document;
        } else {
            m_document = pool.back().release();
            pool.pop_back();
        }
    }

    // simdjson parses valid documents several times faster than a character-at-a-time lexer.
    // What it refuses (bad JSON, but also integers beyond 64 bits, which JSON allows) goes to
    // nlohmann/json's SAX parser, which accepts the latter and says where the former breaks.
    const bool large = body.size() > ReusedParserMaxBytes;
    std::optional<simdjson::dom::parser> own;
    if (large) {
        own.emplace();
        if (own->allocate(body.size(), std::size_t(MaxDepth)) != simdjson::SUCCESS)
            own.emplace(0); // refuses everything: the fallback parser takes the body
    }
    simdjson::dom::parser &parser = large ? *own : reusedParser();
    simdjson::dom::element root;
    if (parser.parse_into_document(m_document->doc, body.data(), body.size(), true).get(root) ==
        simdjson::SUCCESS) {
        m_words = m_document->doc.tape.get();
        m_strings = m_document->doc.string_buf.get();
        return true;
    }
    release(); // a large document's buffers go now, not at the next parse

    QString why;
    Builder builder{m_ownWords, m_ownStrings, &why, {}};
    // Typical span JSON has a value every ~12 bytes and a third of its bytes in strings.
    m_ownWords.reserve(body.size() / 8 + 16);
    m_ownStrings.reserve(body.size() / 2 + 16);
    m_ownWords.push_back(word('r', 0));
    if (nlohmann::json::sax_parse(body.begin(), body.end(), &builder) && why.isEmpty()) {
        m_ownWords[0] |= m_ownWords.size();
        m_ownWords.push_back(word('r', 0));
        m_ownStrings.resize(m_ownStrings.size() + 16); // see the class comment
        m_words = m_ownWords.data();
        m_strings = m_ownStrings.data();
        return true;
    }
    if (why.isEmpty())
        why = QStringLiteral("invalid JSON: document too large");
    *error = why;
    m_ownWords.clear();
    m_ownStrings.clear();
    return false;
}

double JsonValue::toDouble() const
{
    if (!m_tape)
        return 0;
    const std::uint64_t bits = m_tape->m_words[m_index + 1];
    switch (char(word() >> JsonTape::TypeShift)) {
    case 'l':
        return double(std::int64_t(bits));
    case 'u':
        return double(bits);
    case 'd': {
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }
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
    if (!isArray() && !isObject())
        return 0;
    const auto count = std::uint32_t(word() >> 32) & JsonTape::CountMask;
    if (count < JsonTape::CountMask)
        return count;
    std::uint32_t n = 0; // the tape's count saturates: count the children
    for (auto it = begin(), e = end(); it != e; ++it)
        ++n;
    return n;
}

QString JsonValue::keyQString() const
{
    const std::string_view k = key();
    return QString::fromUtf8(k.data(), qsizetype(k.size()));
}

JsonValue JsonValue::find(std::string_view key) const
{
    // The last of duplicate keys wins, as in JavaScript's JSON.parse and nlohmann's DOM.
    if (!isObject())
        return {};
    JsonValue found;
    for (auto it = begin(), e = end(); it != e; ++it) {
        const JsonValue member = *it;
        if (member.key() == key)
            found = member;
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
    const std::uint64_t *wa = a.m_tape->m_words + a.m_index;
    const std::uint64_t *wb = b.m_tape->m_words + b.m_index;
    const std::uint32_t count = a.m_tape->after(a.m_index) - a.m_index;
    if (b.m_tape->after(b.m_index) - b.m_index != count)
        return false;
    // Subtrees are contiguous in pre-order: equal types and equal relative container ends
    // at every word make equal shapes; then strings (keys among them) and numbers must match.
    for (std::uint32_t k = 0; k < count; ++k) {
        const char type = char(wa[k] >> JsonTape::TypeShift);
        if (type != char(wb[k] >> JsonTape::TypeShift))
            return false;
        switch (type) {
        case '{':
        case '[':
            if (std::uint32_t(wa[k]) - a.m_index != std::uint32_t(wb[k]) - b.m_index)
                return false;
            break;
        case '"':
            if (a.m_tape->stringAt(a.m_index + k) != b.m_tape->stringAt(b.m_index + k))
                return false;
            break;
        case 'd': {
            double x, y;
            std::memcpy(&x, &wa[k + 1], sizeof x);
            std::memcpy(&y, &wb[k + 1], sizeof y);
            if (x != y)
                return false;
            ++k;
            break;
        }
        case 'l':
        case 'u':
            if (wa[k + 1] != wb[k + 1])
                return false;
            ++k;
            break;
        default:
            break;
        }
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
