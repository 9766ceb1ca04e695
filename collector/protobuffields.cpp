// SPDX-License-Identifier: MIT
#include "protobuffields.h"

namespace traceflow {

ProtobufFields::ProtobufFields(std::string_view bytes)
    : m_base(reinterpret_cast<const std::uint8_t *>(bytes.data())),
      m_size(static_cast<int>(bytes.size())), m_in(m_base, m_size)
{
}

bool ProtobufFields::next()
{
    if (m_failed)
        return false;
    m_tag = m_in.ReadTag();
    if (m_tag == 0) {
        // 0 is no tag: the end of the message, or bytes that do not make a tag.
        m_failed = m_in.CurrentPosition() != m_size;
        return false;
    }
    return true;
}

std::string_view ProtobufFields::bytes()
{
    std::uint32_t length = 0;
    if (!m_in.ReadVarint32(&length) || length > static_cast<std::uint32_t>(m_size)
        || !m_in.Skip(static_cast<int>(length))) {
        fail();
        return {};
    }
    const int start = m_in.CurrentPosition() - static_cast<int>(length);
    return {reinterpret_cast<const char *>(m_base + start), length};
}

std::uint64_t ProtobufFields::varint()
{
    std::uint64_t v = 0;
    if (!m_in.ReadVarint64(&v))
        fail();
    return v;
}

std::uint64_t ProtobufFields::fixed64()
{
    std::uint64_t v = 0;
    if (!m_in.ReadLittleEndian64(&v))
        fail();
    return v;
}

void ProtobufFields::skip()
{
    switch (m_tag & 7) {
    case Varint: varint(); break;
    case Fixed64: fixed64(); break;
    case Length: bytes(); break;
    case Fixed32: {
        std::uint32_t v = 0;
        if (!m_in.ReadLittleEndian32(&v))
            fail();
        break;
    }
    default: fail(); break; // groups (deprecated, never in OTLP) and invalid wire types
    }
}

} // namespace traceflow
