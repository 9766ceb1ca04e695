// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace traceflow {

class JsonTape;

// A read-only view of one value in a JsonTape; default-constructed (or from a failed find())
// it is "absent", and every accessor then behaves as for JSON null.
class JsonValue
{
public:
    enum class Type : std::uint8_t
    {
        Null,
        Bool,
        Int,
        UInt,
        Double,
        String,
        Array,
        Object
    };

    JsonValue() = default;
    // keyIndex is the tape index of the member's key, 0 for array elements and the root.
    JsonValue(const JsonTape *tape, std::uint32_t index, std::uint32_t keyIndex = 0)
        : m_tape(tape), m_index(index), m_keyIndex(keyIndex)
    {
    }

    bool isPresent() const { return m_tape != nullptr; }
    explicit operator bool() const { return isPresent(); }
    inline Type type() const;
    // Absent values and JSON null both count as null (proto3 JSON: null means "not set").
    bool isNull() const { return type() == Type::Null; }
    bool isBool() const { return type() == Type::Bool; }
    bool isString() const { return type() == Type::String; }
    bool isArray() const { return type() == Type::Array; }
    bool isObject() const { return type() == Type::Object; }
    bool isNumber() const { return type() >= Type::Int && type() <= Type::Double; }
    bool isInteger() const { return type() == Type::Int || type() == Type::UInt; }
    // An integer within int64 (Int); integers above it are UInt.
    bool isInt64() const { return type() == Type::Int; }

    inline bool toBool() const;
    inline std::int64_t toInt64() const;    // Int values; 0 otherwise
    inline std::uint64_t toUInt64() const;  // UInt values (above int64); 0 otherwise
    double toDouble() const;                // any number
    inline std::string_view string() const; // String values; empty otherwise
    QString toQString() const;

    // Members of an object or elements of an array.
    std::uint32_t size() const;
    // The member named key (the last one of duplicates); absent when missing or when this is
    // not an object.
    JsonValue find(std::string_view key) const;
    // The key of an object member (empty for array elements).
    inline std::string_view key() const;
    QString keyQString() const;

    class Iterator
    {
    public:
        Iterator(const JsonTape *tape, std::uint32_t index, bool members)
            : m_tape(tape), m_index(index), m_members(members)
        {
        }
        JsonValue operator*() const
        {
            return m_members ? JsonValue(m_tape, m_index + 1, m_index) : JsonValue(m_tape, m_index);
        }
        inline Iterator &operator++();
        bool operator!=(const Iterator &other) const { return m_index != other.m_index; }

    private:
        const JsonTape *m_tape;
        std::uint32_t m_index; // of the element, or of the member's key
        bool m_members;
    };
    // Children of an array or object, in document order; empty for anything else.
    inline Iterator begin() const;
    inline Iterator end() const;

    // This value as nlohmann JSON (for the rare paths that keep nested JSON as text).
    nlohmann::ordered_json toJson() const;
    // Compact JSON text of this value.
    QByteArray dump() const;

    // Deep equality: same types, keys and values in the same order (absent equals null).
    friend bool operator==(const JsonValue &a, const JsonValue &b);

private:
    inline std::uint64_t word() const;

    const JsonTape *m_tape = nullptr;
    std::uint32_t m_index = 0;
    std::uint32_t m_keyIndex = 0;
};

// A parsed JSON document in simdjson's tape layout: one 64-bit word per value (two for
// numbers) in document order, the type in the top byte; a container's word holds the index
// just past its subtree and its child count, a string's the offset of its length-prefixed,
// unescaped bytes in a string buffer. Valid documents are parsed by simdjson straight into a
// tape borrowed from a per-thread pool (so decoders read simdjson's own output, with no copy);
// what simdjson refuses is parsed again by nlohmann/json's SAX parser into a tape of the same
// layout, which accepts integers beyond 64 bits and says where bad JSON breaks.
// Values read from a tape are valid until it is destroyed or parses again. At least 16
// readable bytes follow the start of every string and key (simdjson pads its string buffer;
// the fallback tape is padded too), so a reader may load a short key whole.
class JsonTape
{
public:
    // Deeper documents are refused: code that recurses over values (dumping nested
    // attributes) would otherwise let a request body overflow the stack.
    static constexpr int MaxDepth = 128;

    JsonTape();
    ~JsonTape();
    JsonTape(const JsonTape &) = delete;
    JsonTape &operator=(const JsonTape &) = delete;

    // False with *error ("invalid JSON at byte N: ...") when body is not one JSON value.
    bool parse(std::string_view body, QString *error);
    // The tape's first word is the root marker; the document's value follows it.
    JsonValue root() const { return m_words ? JsonValue(this, 1) : JsonValue(); }

    struct Document; // a simdjson document, pooled per thread

private:
    friend class JsonValue;
    friend bool operator==(const JsonValue &a, const JsonValue &b);
    struct Builder;

    static constexpr int TypeShift = 56;
    static constexpr std::uint64_t PayloadMask = (std::uint64_t(1) << TypeShift) - 1;
    static constexpr std::uint32_t CountMask = 0xFFFFFF; // a saturated count means "count them"

    static inline JsonValue::Type typeOf(std::uint64_t word);
    // Index just past the value at index.
    inline std::uint32_t after(std::uint32_t index) const;
    inline std::string_view stringAt(std::uint32_t index) const;
    void release();

    const std::uint64_t *m_words = nullptr;
    const std::uint8_t *m_strings = nullptr;
    Document *m_document = nullptr;         // borrowed from the thread's pool, or owned
    std::vector<std::uint64_t> m_ownWords;  // the fallback parser's tape
    std::vector<std::uint8_t> m_ownStrings; // and its strings
};

// The accessors decoders call for every value, inline.
JsonValue::Type JsonTape::typeOf(std::uint64_t word)
{
    switch (char(word >> TypeShift)) {
    case '"':
        return JsonValue::Type::String;
    case '{':
        return JsonValue::Type::Object;
    case '[':
        return JsonValue::Type::Array;
    case 'l':
        return JsonValue::Type::Int;
    case 'u':
        return JsonValue::Type::UInt;
    case 'd':
        return JsonValue::Type::Double;
    case 't':
    case 'f':
        return JsonValue::Type::Bool;
    default:
        return JsonValue::Type::Null;
    }
}

std::uint32_t JsonTape::after(std::uint32_t index) const
{
    const std::uint64_t w = m_words[index];
    switch (char(w >> TypeShift)) {
    case '{':
    case '[':
        return std::uint32_t(w);
    case 'l':
    case 'u':
    case 'd':
        return index + 2;
    default:
        return index + 1;
    }
}

std::string_view JsonTape::stringAt(std::uint32_t index) const
{
    const std::uint8_t *p = m_strings + (m_words[index] & PayloadMask);
    std::uint32_t length;
    std::memcpy(&length, p, sizeof length);
    return std::string_view(reinterpret_cast<const char *>(p + sizeof length), length);
}

std::uint64_t JsonValue::word() const
{
    return m_tape->m_words[m_index];
}

JsonValue::Type JsonValue::type() const
{
    return m_tape ? JsonTape::typeOf(word()) : Type::Null;
}

bool JsonValue::toBool() const
{
    return m_tape && char(word() >> JsonTape::TypeShift) == 't';
}

std::int64_t JsonValue::toInt64() const
{
    if (type() != Type::Int)
        return 0;
    std::int64_t i;
    std::memcpy(&i, &m_tape->m_words[m_index + 1], sizeof i);
    return i;
}

std::uint64_t JsonValue::toUInt64() const
{
    return type() == Type::UInt ? m_tape->m_words[m_index + 1] : 0;
}

std::string_view JsonValue::string() const
{
    return type() == Type::String ? m_tape->stringAt(m_index) : std::string_view();
}

std::string_view JsonValue::key() const
{
    return m_keyIndex ? m_tape->stringAt(m_keyIndex) : std::string_view();
}

JsonValue::Iterator &JsonValue::Iterator::operator++()
{
    m_index = m_members ? m_tape->after(m_index + 1) : m_tape->after(m_index);
    return *this;
}

JsonValue::Iterator JsonValue::begin() const
{
    if (m_tape) {
        const char t = char(word() >> JsonTape::TypeShift);
        if (t == '{' || t == '[')
            return Iterator(m_tape, m_index + 1, t == '{');
    }
    return Iterator(m_tape, 0, false);
}

JsonValue::Iterator JsonValue::end() const
{
    if (m_tape) {
        // A container's closing word sits just before the index past it.
        const std::uint64_t w = word();
        const char t = char(w >> JsonTape::TypeShift);
        if (t == '{' || t == '[')
            return Iterator(m_tape, std::uint32_t(w) - 1, t == '{');
    }
    return Iterator(m_tape, 0, false);
}

} // namespace traceflow
