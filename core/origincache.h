// SPDX-License-Identifier: MIT
#pragma once

#include "span.h"

#include <QSharedDataPointer>

#include <utility>
#include <vector>

namespace traceflow {

// Hands out one shared SpanOrigin per distinct key while decoding a batch, so spans of the
// same resource and scope cost a pointer each. Formats that carry the resource per span
// (TraceFlow JSON, Zipkin, Jaeger) key it by what they read; a batch rarely has more than a
// few origins, and beyond MaxEntries the oldest is forgotten (later spans then get an equal
// but separate origin, which is only a memory cost).
template<typename Key> class OriginCache
{
public:
    static constexpr std::size_t MaxEntries = 32;

    // make() builds the origin (or returns a null pointer for "no origin") on a miss. key may
    // be any type comparable with and convertible to Key (e.g. a std::tie of references), so
    // a hit copies nothing.
    template<typename LookupKey, typename Make>
    QSharedDataPointer<SpanOrigin> get(const LookupKey &key, Make make)
    {
        for (const auto &[k, origin] : m_entries) {
            if (k == key)
                return origin;
        }
        if (m_entries.size() >= MaxEntries)
            m_entries.erase(m_entries.begin());
        m_entries.emplace_back(Key(key), make());
        return m_entries.back().second;
    }

private:
    std::vector<std::pair<Key, QSharedDataPointer<SpanOrigin>>> m_entries;
};

} // namespace traceflow
