// SPDX-License-Identifier: MIT
#include "ids.h"

#include "hexid.h"
#include "stringpool.h"

namespace traceflow {

namespace {
bool isLowerHex(std::string_view s)
{
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

constexpr char HexDigits[] = "0123456789abcdef";
} // namespace

template<std::size_t N>
BasicId<N> BasicId<N>::make(Encoding encoding, const void *data, std::size_t size)
{
    BasicId id;
    std::memcpy(id.m_bytes.data(), data, size);
    id.m_tag = static_cast<std::uint8_t>((static_cast<unsigned>(encoding) << 6) | size);
    return id;
}

template<std::size_t N>
BasicId<N> BasicId<N>::fromBytes(const void *data, std::size_t size)
{
    if (size != N && !(N == 16 && size == 8))
        return {};
    return make(Encoding::Hex, data, size);
}

template<std::size_t N>
BasicId<N> BasicId<N>::fromHex(std::string_view hex)
{
    return HexId::fromHex<BasicId>(hex);
}

template<std::size_t N>
BasicId<N> BasicId<N>::fromHex(QStringView hex)
{
    if (!isHexWidth(static_cast<std::size_t>(hex.size())))
        return {};
    char latin[2 * N];
    for (qsizetype i = 0; i < hex.size(); ++i) {
        const char16_t c = hex[i].unicode();
        if (c > 0x7f)
            return {};
        latin[i] = static_cast<char>(c);
    }
    return fromHex(std::string_view(latin, static_cast<std::size_t>(hex.size())));
}

template<std::size_t N>
BasicId<N> BasicId<N>::fromString(std::string_view utf8)
{
    if (utf8.empty())
        return {};
    if (isHexWidth(utf8.size()) && isLowerHex(utf8))
        return fromHex(utf8);
    if (utf8.size() <= N)
        return make(Encoding::Text, utf8.data(), utf8.size());
    const StringPool::Id pooled = StringPool::instance().intern(utf8);
    return make(Encoding::PooledText, &pooled, sizeof pooled);
}

template<std::size_t N>
BasicId<N> BasicId<N>::fromString(QStringView text)
{
    const QByteArray utf8 = text.toUtf8();
    return fromString(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
}

template<std::size_t N>
bool BasicId<N>::isValid() const
{
    switch (encoding()) {
    case Encoding::Empty:
        return false;
    case Encoding::Hex:
        for (std::size_t i = 0; i < size(); ++i) {
            if (m_bytes[i] != 0)
                return true;
        }
        return false;
    default:
        return true;
    }
}

template<std::size_t N>
std::string BasicId<N>::toStdString() const
{
    switch (encoding()) {
    case Encoding::Empty:
        return {};
    case Encoding::Hex: {
        std::string out(size() * 2, '0');
        for (std::size_t i = 0; i < size(); ++i) {
            out[2 * i] = HexDigits[m_bytes[i] >> 4];
            out[2 * i + 1] = HexDigits[m_bytes[i] & 0xf];
        }
        return out;
    }
    case Encoding::Text:
        return std::string(reinterpret_cast<const char *>(m_bytes.data()), size());
    case Encoding::PooledText: {
        StringPool::Id pooled;
        std::memcpy(&pooled, m_bytes.data(), sizeof pooled);
        return StringPool::instance().string(pooled).toStdString();
    }
    }
    return {};
}

template<std::size_t N>
QString BasicId<N>::toString() const
{
    if (encoding() == Encoding::PooledText) {
        StringPool::Id pooled;
        std::memcpy(&pooled, m_bytes.data(), sizeof pooled);
        return StringPool::instance().string(pooled);
    }
    const std::string s = toStdString();
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

template<std::size_t N>
std::string_view BasicId<N>::rawBytes() const
{
    if (!isHex())
        return {};
    return {reinterpret_cast<const char *>(m_bytes.data()), size()};
}

template<std::size_t N>
std::size_t BasicId<N>::hash() const
{
    // Eight bytes at a time with a multiply-xorshift mix: ids are random already, so this only
    // has to be cheap and spread text ids; the store hashes a trace id per span it takes in.
    std::uint64_t h = 0x9e3779b97f4a7c15ull ^ m_tag;
    for (std::size_t i = 0; i < N; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, m_bytes.data() + i, 8);
        h = (h ^ word) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
    }
    return static_cast<std::size_t>(h);
}

template class BasicId<16>;
template class BasicId<8>;

} // namespace traceflow
