// SPDX-License-Identifier: MIT
#include "stringpool.h"

#include <array>
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
    const std::size_t chunk = m_count / ChunkSize;
    if (chunk >= MaxChunks)
        throw std::length_error("StringPool is full");
    if (!m_chunks[chunk])
        m_chunks[chunk] = std::make_unique<Chunk>();
    const std::size_t slot = m_count % ChunkSize;
    Chunk &c = *m_chunks[chunk];
    c.utf16[slot] = std::move(text);
    c.utf8[slot] = std::move(utf8);
    const Id id = static_cast<Id>(m_count++);
    // The views point into the chunk, whose elements never move.
    m_byUtf16.emplace(viewOf(c.utf16[slot]), id);
    m_byUtf8.emplace(std::string_view(c.utf8[slot]), id);
    m_bytes += c.utf16[slot].size() * 2 + c.utf8[slot].size() + 96;
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
    std::shared_lock lock(m_mutex);
    auto it = m_byUtf16.find(viewOf(text));
    return it == m_byUtf16.end() ? 0 : it->second;
}

StringPool::Id StringPool::find(std::string_view utf8) const
{
    std::shared_lock lock(m_mutex);
    auto it = m_byUtf8.find(utf8);
    return it == m_byUtf8.end() ? 0 : it->second;
}

QString StringPool::string(Id id) const
{
    std::shared_lock lock(m_mutex);
    if (id >= m_count)
        return {};
    return m_chunks[id / ChunkSize]->utf16[id % ChunkSize];
}

std::size_t StringPool::size() const
{
    std::shared_lock lock(m_mutex);
    return m_count;
}

std::size_t StringPool::bytesUsed() const
{
    std::shared_lock lock(m_mutex);
    return m_bytes;
}

} // namespace traceflow
