// SPDX-License-Identifier: MIT
#pragma once

#include "decodedbatch.h"
#include "jsonfieldreader.h"
#include "origincache.h"

#include <QString>

#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace traceflow {

// Reads the "data" array of a Jaeger JSON document (see JaegerJson) into a DecodedBatch,
// validating each span alone.
class JaegerJsonDecoder
{
public:
    explicit JaegerJsonDecoder(DecodedBatch *out) : m_out(out) {}
    void decodeTraces(JsonValue data);

    // A Jaeger hex id of up to 2 * bytes digits, left-padded with zeroes (trace ids to 8 or
    // 16 bytes). Empty when not hex or too long.
    template<typename Id> static Id parseId(std::string_view hex, std::size_t bytes);

private:
    void decodeTrace(JsonFieldReader &r);
    std::optional<Span> decodeSpan(JsonFieldReader &r, JsonValue processes);
    void readReferences(JsonFieldReader &r, Span *span);
    void readLogs(JsonFieldReader &r, Span *span);
    // Jaeger's typed tag list; false and *why on a malformed tag.
    static bool readTags(JsonValue list, std::vector<Attributes::Item> *out, QString *why);

    DecodedBatch *m_out = nullptr;
    // Keyed by the process object (per trace: the cache is reset for each trace) and scope.
    OriginCache<std::tuple<JsonValue, QString, QString>> m_origins;
};

} // namespace traceflow
