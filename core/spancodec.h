// SPDX-License-Identifier: MIT
#pragma once

#include "span.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstddef>
#include <vector>

namespace traceflow {

// A compact binary form of spans, for the durable store: one blob holds a few spans (usually
// of one trace) with a string table of its own, so every blob decodes alone (and blobs can
// be decoded in parallel). Every field of Span round-trips, including events, links, the
// resource and scope. Start times are deltas and the trace id is written once while it
// repeats, so a typical span costs about a hundred bytes.
class SpanCodec
{
public:
    static constexpr quint8 Version = 1;

    static QByteArray encode(const Span *const *spans, std::size_t count);
    static QByteArray encode(const std::vector<const Span *> &spans)
    {
        return encode(spans.data(), spans.size());
    }
    static QByteArray encode(const std::vector<Span> &spans);
    // Appends the blob's spans to *out. False (with *out as it was) when the blob is
    // malformed, truncated or of an unknown version.
    static bool decode(QByteArrayView blob, std::vector<Span> *out);
};

} // namespace traceflow
