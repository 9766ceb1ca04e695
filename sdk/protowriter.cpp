// SPDX-License-Identifier: MIT
#include "protowriter.h"

#include <cstring>

namespace traceflow::sdk {

void ProtoWriter::appendVarint(QByteArray &out, quint64 value)
{
    while (value >= 0x80) {
        out += char((value & 0x7f) | 0x80);
        value >>= 7;
    }
    out += char(value);
}

void ProtoWriter::writeTag(quint32 field, WireType type)
{
    appendVarint(m_data, quint64(field) << 3 | quint64(type));
}

void ProtoWriter::writeVarint(quint32 field, quint64 value)
{
    writeTag(field, WireType::Varint);
    appendVarint(m_data, value);
}

void ProtoWriter::writeFixed64(quint32 field, quint64 value)
{
    writeTag(field, WireType::Fixed64);
    for (int i = 0; i < 8; ++i)
        m_data += char(value >> (8 * i)); // little-endian on the wire
}

void ProtoWriter::writeFixed32(quint32 field, quint32 value)
{
    writeTag(field, WireType::Fixed32);
    for (int i = 0; i < 4; ++i)
        m_data += char(value >> (8 * i));
}

void ProtoWriter::writeDouble(quint32 field, double value)
{
    quint64 bits = 0;
    static_assert(sizeof bits == sizeof value);
    std::memcpy(&bits, &value, sizeof bits);
    writeFixed64(field, bits);
}

void ProtoWriter::writeBytes(quint32 field, QByteArrayView bytes)
{
    writeTag(field, WireType::LengthDelimited);
    appendVarint(m_data, quint64(bytes.size()));
    m_data.append(bytes.data(), bytes.size());
}

} // namespace traceflow::sdk
