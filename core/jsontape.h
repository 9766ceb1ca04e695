// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

#include <cstdint>
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
    JsonValue(const JsonTape *tape, std::uint32_t index) : m_tape(tape), m_index(index) {}

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
    bool isInt64() const;

    bool toBool() const;
    std::int64_t toInt64() const;           // Int values; 0 otherwise
    std::uint64_t toUInt64() const;         // UInt values (above int64); 0 otherwise
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
        Iterator(const JsonTape *tape, std::uint32_t index) : m_tape(tape), m_index(index) {}
        JsonValue operator*() const { return {m_tape, m_index}; }
        inline Iterator &operator++();
        bool operator!=(const Iterator &other) const { return m_index != other.m_index; }

    private:
        const JsonTape *m_tape;
        std::uint32_t m_index;
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
    const JsonTape *m_tape = nullptr;
    std::uint32_t m_index = 0;
};

// A parsed JSON document laid out flat: one 32-byte node per value, in document order, each
// container knowing where its subtree ends, and all strings in one buffer. It is built from
// nlohmann/json's SAX parser, so parsing costs two growing buffers instead of a tree of
// allocations; decoders walk it through JsonValue.
class JsonTape
{
public:
    // Deeper documents are refused: code that recurses over values (dumping nested
    // attributes) would otherwise let a request body overflow the stack.
    static constexpr int MaxDepth = 128;

    // False with *error ("invalid JSON at byte N: ...") when body is not one JSON value.
    bool parse(std::string_view body, QString *error);
    JsonValue root() const { return m_nodes.empty() ? JsonValue() : JsonValue(this, 0); }

private:
    friend class JsonValue;
    friend bool operator==(const JsonValue &a, const JsonValue &b);
    struct Builder;

    struct Node
    {
        JsonValue::Type type = JsonValue::Type::Null;
        std::uint32_t keyOffset = 0;
        std::uint32_t keyLength = 0;
        std::uint32_t end = 0;  // index one past this value's subtree
        std::uint32_t size = 0; // children of a container, bytes of a string
        union {
            bool b;
            std::int64_t i;
            std::uint64_t u;
            double d;
            std::uint32_t offset; // of a string in m_strings
        } value{};
    };

    std::vector<Node> m_nodes;
    std::string m_strings;
};

// The accessors decoders call for every value, inline.
JsonValue::Type JsonValue::type() const
{
    return m_tape ? m_tape->m_nodes[m_index].type : Type::Null;
}

std::string_view JsonValue::string() const
{
    if (type() != Type::String)
        return {};
    const auto &node = m_tape->m_nodes[m_index];
    return std::string_view(m_tape->m_strings).substr(node.value.offset, node.size);
}

std::string_view JsonValue::key() const
{
    if (!m_tape)
        return {};
    const auto &node = m_tape->m_nodes[m_index];
    return std::string_view(m_tape->m_strings).substr(node.keyOffset, node.keyLength);
}

JsonValue::Iterator &JsonValue::Iterator::operator++()
{
    m_index = m_tape->m_nodes[m_index].end;
    return *this;
}

JsonValue::Iterator JsonValue::begin() const
{
    return isArray() || isObject() ? Iterator(m_tape, m_index + 1) : end();
}

JsonValue::Iterator JsonValue::end() const
{
    return Iterator(m_tape, m_tape ? m_tape->m_nodes[m_index].end : 0);
}

} // namespace traceflow
