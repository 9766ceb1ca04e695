// SPDX-License-Identifier: MIT
#pragma once

#include "decodedbatch.h"
#include "jsonfieldreader.h"
#include "origincache.h"

#include <QString>

#include <optional>
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
    std::optional<Span> decodeSpan(JsonFieldReader &r);
    void readTimes(JsonFieldReader &r, Span *span);
    void readEvents(JsonFieldReader &r, Span *span);
    void readLinks(JsonFieldReader &r, Span *span);
    void readOrigin(JsonFieldReader &r, Span *span);

    DecodedBatch *m_out = nullptr;
    // Keyed by the resource object as written (compared deeply) and the scope name/version.
    OriginCache<std::tuple<JsonValue, QString, QString>> m_origins;
};

} // namespace traceflow
