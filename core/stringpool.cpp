// SPDX-License-Identifier: MIT
#include "stringpool.h"

#include <array>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace traceflow {

struct StringPool::Chunk
{
    std::array<QString, ChunkSize> utf16;
    std::array<std::string, ChunkSize> utf8;
};

namespace {
std::u16string_view viewOf(QStringView s)
{
    return {reinterpret_cast<const char16_t *>(s.utf16()), static_cast<std::size_t>(s.size())};
}

// A fast 64-bit hash of a short byte string, eight bytes at a time (the multiply-xorshift
// mixing of splitmix64). Only the per-thread caches use it.
std::uint64_t hashBytes(const void *data, std::size_t size)
{
    const auto *p = static_cast<const unsigned char *>(data);
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ size;
    auto mix = [&h](std::uint64_t word) {
        h = (h ^ word) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
    };
    for (; size >= 8; p += 8, size -= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        mix(word);
    }
    if (size > 0) {
        std::uint64_t word = 0;
        std::memcpy(&word, p, size);
        mix(word);
    }
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 29);
}

// The ids one thread found recently, by hash. A slot keeps the id with a view of the pool's
// own text (which never moves), so a hit is confirmed by one compare and a collision only
// costs a miss. Ids never change meaning, so an entry never goes stale. Plain data: no TLS
// guard, no destructor.
template<typename Char>
struct RecentIds
{
    static constexpr std::size_t Slots = 4096;
    struct Slot
    {
        const Char *text = nullptr;
        std::uint32_t size = 0;
        StringPool::Id id = 0;
    };
    Slot entries[Slots];

    // The id of text, or 0 when this thread has not seen it (recently).
    StringPool::Id find(const Char *text, std::size_t size, std::uint64_t hash) const
    {
        const Slot &slot = entries[hash & (Slots - 1)];
        return slot.id != 0 && slot.size == size
                && std::memcmp(slot.text, text, size * sizeof(Char)) == 0
            ? slot.id
            : 0;
    }
    void remember(std::basic_string_view<Char> pooled, std::uint64_t hash, StringPool::Id id)
    {
        entries[hash & (Slots - 1)] = {pooled.data(), static_cast<std::uint32_t>(pooled.size()),
                                       id};
    }
};

thread_local RecentIds<char> t_recentUtf8;
thread_local RecentIds<char16_t> t_recentUtf16;
} // namespace

StringPool &StringPool::instance()
{
    static StringPool pool;
    return pool;
}

StringPool::StringPool()
    : m_chunks(std::make_unique<std::unique_ptr<Chunk>[]>(MaxChunks))
{
    append(QString(), std::string());
}

StringPool::Id StringPool::append(QString text, std::string utf8)
{
    const std::size_t count = m_count.load(std::memory_order_relaxed);
    const std::size_t chunk = count / ChunkSize;
    if (chunk >= MaxChunks)
        throw std::length_error("StringPool is full");
    if (!m_chunks[chunk])
        m_chunks[chunk] = std::make_unique<Chunk>();
    const std::size_t slot = count % ChunkSize;
    Chunk &c = *m_chunks[chunk];
    c.utf16[slot] = std::move(text);
    c.utf8[slot] = std::move(utf8);
    const auto id = static_cast<Id>(count);
    // The views point into the chunk, whose elements never move.
    m_byUtf16.emplace(viewOf(c.utf16[slot]), id);
    m_byUtf8.emplace(std::string_view(c.utf8[slot]), id);
    m_bytes += c.utf16[slot].size() * 2 + c.utf8[slot].size() + 96;
    m_count.store(count + 1, std::memory_order_release);
    return id;
}

StringPool::Id StringPool::intern(QStringView text)
{
    if (text.isEmpty())
        return 0;
    if (const Id id = find(text))
        return id;
    std::unique_lock lock(m_mutex);
    if (auto it = m_byUtf16.find(viewOf(text)); it != m_byUtf16.end())
        return it->second;
    const QByteArray utf8 = text.toUtf8();
    return append(text.toString(), std::string(utf8.constData(), utf8.size()));
}

StringPool::Id StringPool::intern(std::string_view utf8)
{
    if (utf8.empty())
        return 0;
    if (const Id id = find(utf8))
        return id;
    std::unique_lock lock(m_mutex);
    if (auto it = m_byUtf8.find(utf8); it != m_byUtf8.end())
        return it->second;
    QString text = QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size()));
    // Invalid UTF-8 is replaced on decoding; key the UTF-16 form by its own text too.
    if (auto it = m_byUtf16.find(viewOf(text)); it != m_byUtf16.end())
        return it->second;
    return append(std::move(text), std::string(utf8));
}

StringPool::Id StringPool::find(QStringView text) const
{
    if (text.isEmpty())
        return 0;
    const std::u16string_view view = viewOf(text);
    const std::uint64_t hash = hashBytes(view.data(), view.size() * 2);
    if (const Id id = t_recentUtf16.find(view.data(), view.size(), hash))
        return id;
    const Id id = findShared(text);
    if (id != 0)
        t_recentUtf16.remember(viewOf(chunkOf(id).utf16[id % ChunkSize]), hash, id);
    return id;
}

StringPool::Id StringPool::find(std::string_view utf8) const
{
    if (utf8.empty())
        return 0;
    const std::uint64_t hash = hashBytes(utf8.data(), utf8.size());
    if (const Id id = t_recentUtf8.find(utf8.data(), utf8.size(), hash))
        return id;
    const Id id = findShared(utf8);
    if (id != 0)
        t_recentUtf8.remember(chunkOf(id).utf8[id % ChunkSize], hash, id);
    return id;
}

StringPool::Id StringPool::findShared(QStringView text) const
{
    std::shared_lock lock(m_mutex);
    auto it = m_byUtf16.find(viewOf(text));
    return it == m_byUtf16.end() ? 0 : it->second;
}

StringPool::Id StringPool::findShared(std::string_view utf8) const
{
    std::shared_lock lock(m_mutex);
    auto it = m_byUtf8.find(utf8);
    return it == m_byUtf8.end() ? 0 : it->second;
}

QString StringPool::string(Id id) const
{
    if (id >= m_count.load(std::memory_order_acquire))
        return {};
    return chunkOf(id).utf16[id % ChunkSize];
}

std::string_view StringPool::utf8(Id id) const
{
    if (id >= m_count.load(std::memory_order_acquire))
        return {};
    return chunkOf(id).utf8[id % ChunkSize];
}

std::size_t StringPool::size() const
{
    return m_count.load(std::memory_order_acquire);
}

std::size_t StringPool::bytesUsed() const
{
    std::shared_lock lock(m_mutex);
    return m_bytes;
}

} // namespace traceflow
