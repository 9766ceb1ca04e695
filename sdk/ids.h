// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <array>
#include <cstdint>
#include <optional>

namespace traceflow::sdk {

// A W3C/OTLP identifier of N raw bytes (16 for a trace, 8 for a span). All-zero is the
// invalid id the specifications reserve for "no id".
template<std::size_t N>
class Id
{
public:
    static constexpr std::size_t Size = N;

    Id() = default;
    explicit Id(const std::array<std::uint8_t, N> &bytes) : m_bytes(bytes) {}

    // Exactly 2*N lowercase hex digits; uppercase is rejected because W3C Trace Context
    // forbids it. An all-zero id parses (it is well-formed) but is not isValid().
    static std::optional<Id> fromHex(QByteArrayView hex);
    // Random and never all-zero.
    static Id random();

    bool isValid() const;
    const std::array<std::uint8_t, N> &bytes() const { return m_bytes; }
    QByteArray toRawBytes() const
    {
        return QByteArray(reinterpret_cast<const char *>(m_bytes.data()), qsizetype(N));
    }
    QByteArray toHex() const { return toRawBytes().toHex(); }
    QString toString() const { return QString::fromLatin1(toHex()); }

    friend bool operator==(const Id &, const Id &) = default;
    friend auto operator<=>(const Id &, const Id &) = default;

private:
    std::array<std::uint8_t, N> m_bytes{};
};

using TraceId = Id<16>;
using SpanId = Id<8>;

extern template class Id<16>;
extern template class Id<8>;

} // namespace traceflow::sdk
