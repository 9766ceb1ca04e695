// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringView>

#include <atomic>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace traceflow {

// Process-wide interner for strings that repeat across spans: service and operation names,
// attribute keys and low-cardinality attribute values. Ids are stable for the life of the
// process and never reused; id 0 is the empty string. Thread-safe. Decoders look up the same
// few dozen strings in every span, so each thread keeps a small cache of the ids it found in
// front of the shared maps: a hit costs a hash and a compare, no lock. string() takes no lock.
// The pool only grows, so callers must not intern unbounded sets of values (see Attributes).
class StringPool
{
public:
    using Id = std::uint32_t;

    static StringPool &instance();

    Id intern(QStringView text);
    Id intern(std::string_view utf8);
    // Returns 0 (the empty string) when text was never interned; never inserts.
    Id find(QStringView text) const;
    Id find(std::string_view utf8) const;
    QString string(Id id) const;
    // The UTF-8 form of string(id); valid for the life of the process. Empty for unknown ids.
    std::string_view utf8(Id id) const;
    std::size_t size() const;
    std::size_t bytesUsed() const;

private:
    StringPool();

    struct Chunk;
    static constexpr std::size_t ChunkSize = 4096;
    static constexpr std::size_t MaxChunks = 16384;

    Id append(QString text, std::string utf8);
    Id findShared(QStringView text) const;
    Id findShared(std::string_view utf8) const;
    // The chunk slot of a published id; id < m_count must hold.
    const Chunk &chunkOf(Id id) const { return *m_chunks[id / ChunkSize]; }

    mutable std::shared_mutex m_mutex;
    // Chunks never move once made, and a slot is written before m_count publishes it, so a
    // reader that saw an id below m_count reads its strings without the lock.
    std::unique_ptr<std::unique_ptr<Chunk>[]> m_chunks;
    std::atomic<std::size_t> m_count{0};
    std::size_t m_bytes = 0;
    std::unordered_map<std::u16string_view, Id> m_byUtf16;
    std::unordered_map<std::string_view, Id> m_byUtf8;
};

} // namespace traceflow
