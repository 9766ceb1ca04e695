// SPDX-License-Identifier: MIT
#pragma once

#include "ids.h"

#include <array>
#include <cstdint>
#include <string_view>

namespace traceflow {

// BasicId's hex readers for the JSON decoders' hot paths (BasicId::fromHex is this one), with
// the same results as BasicId::fromString: one table lookup per digit, no copies.
class HexId
{
public:
    // The value of one hex digit of either case, or -1 for any other character.
    static int digitValue(char c)
    {
        const std::uint8_t d = Digits[std::uint8_t(c)];
        return (d & Bad) ? -1 : d & 0x0f;
    }
    // Id::fromHex(hex): either case, of a hex width; anything else gives an empty id.
    template<typename Id> static Id fromHex(std::string_view hex) { return hexOf(hex, Id()); }
    // Id::fromString(text): lowercase hex of a hex width is read as hex, anything else is
    // kept as text.
    template<typename Id> static Id fromString(std::string_view text)
    {
        return stringOf(text, Id());
    }

private:
    template<std::size_t N> static BasicId<N> hexOf(std::string_view hex, BasicId<N>)
    {
        std::uint8_t raw[N];
        if (decode<N>(hex, raw) < 0)
            return {};
        return BasicId<N>::fromBytes(raw, hex.size() / 2);
    }

    template<std::size_t N> static BasicId<N> stringOf(std::string_view text, BasicId<N>)
    {
        std::uint8_t raw[N];
        if (decode<N>(text, raw) == 0)
            return BasicId<N>::fromBytes(raw, text.size() / 2);
        return BasicId<N>::fromString(text);
    }

    // Per byte: the digit's value, Upper added for 'A'..'F', Bad for anything else.
    static constexpr std::uint8_t Upper = 0x40;
    static constexpr std::uint8_t Bad = 0x80;
    static constexpr std::array<std::uint8_t, 256> Digits = [] {
        std::array<std::uint8_t, 256> t{};
        t.fill(Bad);
        for (int c = '0'; c <= '9'; ++c)
            t[std::size_t(c)] = std::uint8_t(c - '0');
        for (int c = 'a'; c <= 'f'; ++c)
            t[std::size_t(c)] = std::uint8_t(c - 'a' + 10);
        for (int c = 'A'; c <= 'F'; ++c)
            t[std::size_t(c)] = std::uint8_t((c - 'A' + 10) | Upper);
        return t;
    }();

    // Hex of a width BasicId<N> reads (2N digits, or 16 for a 64-bit trace id) into raw:
    // 0 for lowercase hex, 1 for hex with uppercase digits, -1 for anything else.
    template<std::size_t N> static int decode(std::string_view hex, std::uint8_t *raw)
    {
        if (hex.size() != 2 * N && !(N == 16 && hex.size() == 16))
            return -1;
        std::uint8_t seen = 0;
        for (std::size_t i = 0; i < N && 2 * i < hex.size(); ++i) {
            const std::uint8_t hi = Digits[std::uint8_t(hex[2 * i])];
            const std::uint8_t lo = Digits[std::uint8_t(hex[2 * i + 1])];
            seen |= hi | lo;
            raw[i] = std::uint8_t((hi & 0x0f) << 4 | (lo & 0x0f));
        }
        return (seen & Bad) ? -1 : (seen & Upper) ? 1 : 0;
    }
};

} // namespace traceflow
