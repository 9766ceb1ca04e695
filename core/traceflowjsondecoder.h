// SPDX-License-Identifier: MIT
#pragma once

#include "decodedbatch.h"
#include "jsonfieldreader.h"
#include "origincache.h"

#include <QString>

#include <array>
#include <optional>
#include <string_view>
#include <tuple>

namespace traceflow {

// Reads the "spans" array of a TraceFlow JSON body (see TraceflowJson) into a DecodedBatch,
// validating each span alone.
class TraceflowJsonDecoder
{
public:
    explicit TraceflowJsonDecoder(DecodedBatch *out) : m_out(out) {}
    void decodeSpans(JsonValue spans);

private:
    // A span object's members by field (see the .cpp).
    using SpanFields = std::array<JsonValue, 18>;

    std::optional<Span> decodeSpan(JsonFieldReader &r);
    void readTimes(JsonFieldReader &r, const SpanFields &f, Span *span);
    void readEvents(JsonFieldReader &r, JsonValue events, Span *span);
    void readLinks(JsonFieldReader &r, JsonValue links, Span *span);
    void readOrigin(JsonFieldReader &r, JsonValue resource, JsonValue scope, Span *span);

    DecodedBatch *m_out = nullptr;
    // Keyed by the resource object as written (compared deeply) and the scope name/version
    // (views of the tape, which outlives this decoder).
    OriginCache<std::tuple<JsonValue, std::string_view, std::string_view>> m_origins;
};

} // namespace traceflow
