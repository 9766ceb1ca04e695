// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringView>

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string_view>

namespace traceflow {

// A trace or span identifier, kept compact in N bytes plus a tag byte.
// - Hex ids (OTLP, Zipkin, W3C) keep their raw bytes: a trace id is 16 bytes, or 8 for a
//   64-bit Zipkin id, and prints back at its own width in lowercase hex.
// - Any other text (the original TraceFlow JSON API allows ids like "trace-1") round-trips
//   unchanged: up to N bytes of UTF-8 inline, longer text interned in the StringPool.
// Only lowercase hex of exactly the hex widths is read as hex, so every text id prints back
// exactly as it was given.
template<std::size_t N>
class BasicId
{
public:
    enum class Encoding : std::uint8_t { Empty, Hex, Text, PooledText };

    BasicId() = default;

    // Raw bytes; size must be N (or N/2 for the 64-bit form of a trace id).
    static BasicId fromBytes(const void *data, std::size_t size);
    // Lowercase or uppercase hex of a hex width; anything else gives an empty id.
    static BasicId fromHex(std::string_view hex);
    static BasicId fromHex(QStringView hex);
    // Hex when the text is lowercase hex of a hex width, otherwise text kept verbatim.
    static BasicId fromString(QStringView text);
    static BasicId fromString(std::string_view utf8);

    bool isEmpty() const { return encoding() == Encoding::Empty; }
    bool isHex() const { return encoding() == Encoding::Hex; }
    // True for a hex id that is not all zeroes, or any text id (OTLP's validity rule).
    bool isValid() const;
    Encoding encoding() const { return static_cast<Encoding>(m_tag >> 6); }
    // Byte length of a hex id, or of an inline text id.
    std::size_t size() const { return m_tag & 0x3f; }
    const std::uint8_t *bytes() const { return m_bytes.data(); }

    QString toString() const;
    std::string toStdString() const;
    // Bytes for binary encodings (OTLP protobuf): the raw bytes of a hex id, empty for text.
    std::string_view rawBytes() const;

    friend bool operator==(const BasicId &a, const BasicId &b)
    {
        // A fixed-size memcmp compiles to a few word compares.
        return a.m_tag == b.m_tag && std::memcmp(a.m_bytes.data(), b.m_bytes.data(), N) == 0;
    }
    friend bool operator!=(const BasicId &a, const BasicId &b) { return !(a == b); }
    friend bool operator<(const BasicId &a, const BasicId &b)
    {
        return a.m_tag != b.m_tag ? a.m_tag < b.m_tag : a.m_bytes < b.m_bytes;
    }

    std::size_t hash() const;

private:
    static BasicId make(Encoding encoding, const void *data, std::size_t size);
    static bool isHexWidth(std::size_t chars) { return chars == 2 * N || (N == 16 && chars == 16); }

    std::array<std::uint8_t, N> m_bytes{};
    std::uint8_t m_tag = 0; // Encoding in the top two bits, length in the low six
};

using TraceId = BasicId<16>;
using SpanId = BasicId<8>;

extern template class BasicId<16>;
extern template class BasicId<8>;

} // namespace traceflow

template<std::size_t N>
struct std::hash<traceflow::BasicId<N>>
{
    std::size_t operator()(const traceflow::BasicId<N> &id) const noexcept { return id.hash(); }
};
