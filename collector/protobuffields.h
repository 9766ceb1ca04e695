// SPDX-License-Identifier: MIT
#pragma once

#include <google/protobuf/io/coded_stream.h>

#include <cstdint>
#include <string_view>

namespace traceflow {

// Walks the fields of one protobuf message in wire order, on libprotobuf's CodedInputStream.
// Length-delimited fields are returned as views into the message's bytes (no copy). After
// malformed bytes, failed() is true and next() returns false.
class ProtobufFields
{
public:
    enum WireType { Varint = 0, Fixed64 = 1, Length = 2, Fixed32 = 5 };

    explicit ProtobufFields(std::string_view bytes);

    // The next field, or false at the end of the message (or after malformed bytes).
    bool next();
    bool is(int field, WireType type) const
    {
        return static_cast<int>(m_tag >> 3) == field && static_cast<int>(m_tag & 7) == type;
    }
    bool failed() const { return m_failed; }

    // The current field's value; call the one matching is(), or skip().
    std::string_view bytes();
    std::uint64_t varint();
    std::uint64_t fixed64();
    // Steps over the current field, whatever its type (an unknown field).
    void skip();

private:
    void fail() { m_failed = true; }

    const std::uint8_t *m_base;
    int m_size;
    google::protobuf::io::CodedInputStream m_in;
    std::uint32_t m_tag = 0;
    bool m_failed = false;
};

} // namespace traceflow
