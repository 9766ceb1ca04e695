// SPDX-License-Identifier: MIT
#pragma once

#include "jsontape.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace traceflow {

// The member keys a decoder reads from one kind of object, for reading such an object in one
// pass instead of a find() per key: read() hands back slot i holding the member named keys[i]
// (the last of duplicates, as JsonValue::find), absent when missing or null (as
// JsonFieldReader::find). Build one per object kind, once (a function-local static).
template<std::size_t N> class JsonFields
{
public:
    using Slots = std::array<JsonValue, N>;

    explicit JsonFields(const std::array<std::string_view, N> &keys) : m_keys(keys)
    {
        static_assert(N < Buckets / 2, "keep the table sparse");
        m_buckets.fill(-1);
        for (std::size_t i = 0; i < N; ++i) {
            m_prefixes[i] = prefixOf(keys[i], false);
            std::size_t b = hash(m_prefixes[i]);
            while (m_buckets[b] >= 0)
                b = (b + 1) % Buckets;
            m_buckets[b] = std::int8_t(i);
        }
    }

    // The slot of key, -1 when the decoder does not read it.
    int indexOf(std::string_view key) const { return find(key, false); }
    // indexOf(member.key()) for a member of a tape's object, faster.
    int indexOfMember(JsonValue member) const { return find(member.key(), true); }

    // object must be an object (anything else leaves every slot absent).
    Slots read(JsonValue object) const
    {
        Slots found;
        for (const JsonValue member : object) {
            // Keys on a tape may be read past their end (see JsonTape).
            if (const int i = indexOfMember(member); i >= 0)
                found[std::size_t(i)] = member.isNull() ? JsonValue() : member;
        }
        return found;
    }

private:
    static constexpr std::size_t Buckets = 64;

    // A key's first 16 bytes (zero beyond its end) and its length: most keys compare whole
    // by it, without a memcmp call.
    struct Prefix
    {
        std::uint64_t w0 = 0;
        std::uint64_t w1 = 0;
        std::size_t size = 0;
        friend bool operator==(const Prefix &, const Prefix &) = default;
    };

    // readable: 16 bytes from key.data() may be read whatever key's length.
    static Prefix prefixOf(std::string_view key, bool readable)
    {
        Prefix p;
        p.size = key.size();
        char bytes[16] = {};
        if (readable && std::endian::native == std::endian::little) {
            std::memcpy(bytes, key.data(), 16);
            std::memcpy(&p.w0, bytes, 8);
            std::memcpy(&p.w1, bytes + 8, 8);
            // Little-endian: the key's bytes are the low ones; clear the ones past its end.
            auto keep = [](std::size_t n) {
                return n >= 8 ? ~std::uint64_t(0) : (std::uint64_t(1) << (8 * n)) - 1;
            };
            p.w0 &= keep(key.size());
            p.w1 &= key.size() > 8 ? keep(key.size() - 8) : 0;
            return p;
        }
        std::memcpy(bytes, key.data(), std::min<std::size_t>(key.size(), 16));
        std::memcpy(&p.w0, bytes, 8);
        std::memcpy(&p.w1, bytes + 8, 8);
        return p;
    }

    static std::size_t hash(const Prefix &p)
    {
        const std::uint64_t h = (p.w0 ^ (p.size * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
        return std::size_t(h >> 58); // 64 buckets
    }

    int find(std::string_view key, bool readable) const
    {
        const Prefix p = prefixOf(key, readable);
        for (std::size_t b = hash(p);; b = (b + 1) % Buckets) {
            const int i = m_buckets[b];
            if (i < 0)
                return -1;
            if (m_prefixes[std::size_t(i)] == p &&
                (p.size <= 16 || key.substr(16) == m_keys[std::size_t(i)].substr(16)))
                return i;
        }
    }

    std::array<std::string_view, N> m_keys;
    std::array<Prefix, N> m_prefixes{};
    std::array<std::int8_t, Buckets> m_buckets{};
};

} // namespace traceflow
