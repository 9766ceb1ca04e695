// SPDX-License-Identifier: MIT
#pragma once

#include <QtEndian>

#include <cstdint>
#include <string_view>

namespace traceflow {

// Walks the fields of one protobuf message in wire order, straight over its bytes. Length-
// delimited fields are returned as views into the message's bytes (no copy). Inline because
// decoders call it a few dozen times per span: a field costs no call.
// Malformed bytes (a truncated or over-long varint, a length or fixed value past the end, tag
// 0 or field number 0, a group or an invalid wire type) make failed() true, and next()
// returns false from then on. The rules are libprotobuf's generated parser's.
class ProtobufFields
{
public:
    enum WireType { Varint = 0, Fixed64 = 1, Length = 2, Fixed32 = 5 };

    explicit ProtobufFields(std::string_view bytes)
        : m_p(reinterpret_cast<const std::uint8_t *>(bytes.data())), m_end(m_p + bytes.size())
    {
    }

    // The next field, or false at the end of the message (or after malformed bytes).
    bool next()
    {
        if (m_p >= m_end)
            return false;
        std::uint64_t key = *m_p;
        if (key < 0x80)
            ++m_p;
        else
            key = slowVarint();
        // Tags are 32-bit; field number 0 does not exist (a zero byte is not an end marker).
        if (key > 0xffffffffu || key >> 3 == 0) {
            fail();
            return false;
        }
        m_tag = static_cast<std::uint32_t>(key);
        return true;
    }
    bool is(int field, WireType type) const
    {
        return m_tag == tag(field, type);
    }
    // The current field's tag, to switch on with tag(field, type) labels.
    std::uint32_t tag() const { return m_tag; }
    static constexpr std::uint32_t tag(int field, WireType type)
    {
        return static_cast<std::uint32_t>(field) << 3 | static_cast<std::uint32_t>(type);
    }
    bool failed() const { return m_failed; }

    // The current field's value; call the one matching is(), or skip().
    std::string_view bytes()
    {
        const std::uint64_t length = varint();
        if (length > static_cast<std::uint64_t>(m_end - m_p)) {
            fail();
            return {};
        }
        const std::string_view view(reinterpret_cast<const char *>(m_p),
                                    static_cast<std::size_t>(length));
        m_p += length;
        return view;
    }
    std::uint64_t varint()
    {
        if (m_p < m_end && *m_p < 0x80)
            return *m_p++;
        // Two bytes: the length of most spans and key-value lists.
        if (m_end - m_p >= 2 && m_p[1] < 0x80) {
            const std::uint64_t v = (m_p[0] & 0x7fu) | static_cast<std::uint64_t>(m_p[1]) << 7;
            m_p += 2;
            return v;
        }
        return slowVarint();
    }
    std::uint64_t fixed64()
    {
        if (m_end - m_p < 8) {
            fail();
            return 0;
        }
        const std::uint64_t v = qFromLittleEndian<std::uint64_t>(m_p);
        m_p += 8;
        return v;
    }
    std::uint32_t fixed32()
    {
        if (m_end - m_p < 4) {
            fail();
            return 0;
        }
        const std::uint32_t v = qFromLittleEndian<std::uint32_t>(m_p);
        m_p += 4;
        return v;
    }
    // Steps over the current field, whatever its type (an unknown field).
    void skip()
    {
        switch (m_tag & 7) {
        case Varint: varint(); break;
        case Fixed64: fixed64(); break;
        case Length: bytes(); break;
        case Fixed32: fixed32(); break;
        default: fail(); break; // groups (deprecated, never in OTLP) and invalid wire types
        }
    }

private:
    // Ends the walk: next() returns false from now on.
    void fail()
    {
        m_failed = true;
        m_p = m_end;
    }
    // A varint of any length at m_p; 0 and failed() when it is truncated or over 10 bytes.
    // Inline like the rest: a walker whose address never escapes keeps its pointers in
    // registers.
    std::uint64_t slowVarint()
    {
        std::uint64_t v = 0;
        // At most 10 bytes: 64 bits in 7-bit groups. Bits past the 64th are dropped, as
        // libprotobuf does; a 10th byte that still continues is malformed.
        for (int shift = 0; shift < 70; shift += 7) {
            if (m_p >= m_end)
                break;
            const std::uint8_t b = *m_p++;
            v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
            if (b < 0x80)
                return v;
        }
        fail();
        return 0;
    }

    const std::uint8_t *m_p = nullptr;
    const std::uint8_t *m_end = nullptr;
    std::uint32_t m_tag = 0;
    bool m_failed = false;
};

} // namespace traceflow
