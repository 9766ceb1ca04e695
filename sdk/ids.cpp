// SPDX-License-Identifier: MIT
#include "ids.h"

#include "headertext.h"

#include <QRandomGenerator>

namespace traceflow::sdk {

template<std::size_t N>
std::optional<Id<N>> Id<N>::fromHex(QByteArrayView hex)
{
    if (hex.size() != qsizetype(2 * N))
        return std::nullopt;
    std::array<std::uint8_t, N> bytes{};
    for (std::size_t i = 0; i < N; ++i) {
        const int high = HeaderText::lowerHexDigit(hex[qsizetype(2 * i)]);
        const int low = HeaderText::lowerHexDigit(hex[qsizetype(2 * i + 1)]);
        if (high < 0 || low < 0)
            return std::nullopt;
        bytes[i] = std::uint8_t(high << 4 | low);
    }
    return Id(bytes);
}

template<std::size_t N>
Id<N> Id<N>::random()
{
    Id id;
    do {
        for (std::size_t i = 0; i < N; i += 4) {
            const quint32 word = QRandomGenerator::global()->generate();
            for (std::size_t b = 0; b < 4 && i + b < N; ++b)
                id.m_bytes[i + b] = std::uint8_t(word >> (8 * b));
        }
    } while (!id.isValid());
    return id;
}

template<std::size_t N>
bool Id<N>::isValid() const
{
    for (const std::uint8_t byte : m_bytes) {
        if (byte != 0)
            return true;
    }
    return false;
}

template class Id<16>;
template class Id<8>;

} // namespace traceflow::sdk
