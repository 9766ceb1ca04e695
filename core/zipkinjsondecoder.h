// SPDX-License-Identifier: MIT
#pragma once

#include "decodedbatch.h"
#include "jsonfieldreader.h"
#include "origincache.h"

#include <QString>

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace traceflow {

// Reads a Zipkin v2 JSON span list (see ZipkinJson) into a DecodedBatch, validating each span
// alone, then gives shared server spans their own ids (see deriveSharedSpanId).
class ZipkinJsonDecoder
{
public:
    explicit ZipkinJsonDecoder(DecodedBatch *out) : m_out(out) {}
    void decodeSpans(JsonValue spans);

    // The id given to the server half of a Zipkin shared span (server and client reporting
    // one RPC under the same span id): the first 8 bytes of SHA-256("zipkin-shared-server" |
    // trace id bytes | span id bytes | attempt), attempt 0 first. Deterministic, so the server
    // span gets the same id whichever batch brings it, and no store-wide state is needed; the
    // caller retries with the next attempt on a collision with another span of the trace or
    // an all-zero result.
    static SpanId deriveSharedSpanId(const TraceId &traceId, const SpanId &spanId, int attempt);

private:
    std::optional<Span> decodeSpan(JsonFieldReader &r, bool *shared);
    // Adds the endpoints' attributes to m_items; *service is the local service name.
    void readEndpoints(JsonFieldReader &r, JsonValue local, JsonValue remote,
                       std::string_view *service);
    void readAnnotations(JsonFieldReader &r, JsonValue annotations, Span *span);
    // As Jaeger's span-id deduper: the server span gets a new id and the client as parent.
    void splitSharedSpans(std::size_t first, const std::vector<bool> &shared);

    DecodedBatch *m_out = nullptr;
    // The span being read: its tags and endpoint attributes, as views of the tape or m_texts.
    std::vector<Attributes::Utf8Item> m_items;
    // Text of tags that are not JSON strings; a deque, so views of its strings stay valid.
    std::deque<std::string> m_texts;
    // Keyed by service, scope name and scope version as written (views of the tape, which
    // outlives this decoder, or of m_texts).
    OriginCache<std::tuple<std::string_view, std::string_view, std::string_view>> m_origins;
};

} // namespace traceflow
