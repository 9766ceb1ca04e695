// SPDX-License-Identifier: MIT
#pragma once

#include "ids.h"
#include "span.h"

#include <QStringView>

#include <cstdint>
#include <vector>

namespace traceflow {

// The pure computations behind the tail-sampling policies, shared by SamplingPolicy and
// tested on their own.
class SamplingPredicates
{
public:
    static constexpr std::uint64_t FnvOffset = 14695981039346656037ull;

    // FNV-1a 64 of the bytes, continuing from state (FnvOffset to start afresh).
    static std::uint64_t fnv1a64(const void *data, std::size_t size, std::uint64_t state = FnvOffset);
    // OpenTelemetry's probabilistic hash, FNV-1a 64 over the UTF-8 salt then the 16 trace-id
    // bytes, given the state after the salt (saltState = fnv1a64(salt)). A 64-bit trace id is
    // widened with leading zero bytes, as OTLP does; a text id hashes its UTF-8.
    static std::uint64_t traceHash(std::uint64_t saltState, const TraceId &id);
    // The largest hash sampled at this percentage: a trace is sampled when its hash is at most
    // this. 0 and below sample nothing (not even hash 0), 100 and above everything.
    static std::uint64_t threshold(double percentage);
    static bool sampledAt(std::uint64_t hash, double percentage, std::uint64_t threshold);

    // Last span end minus first span start, in whole milliseconds (truncated); 0 when empty.
    static qint64 durationMs(const std::vector<Span> &spans);
    // The value of key in a W3C tracestate ("k1=v1,k2=v2"); a null view when absent.
    static QStringView traceStateValue(QStringView traceState, QStringView key);

    // True when pred holds for the attribute set of any span, or any span's resource. pred gets
    // (const Attributes &, int index of key) and is called only where key is present.
    template<typename Pred>
    static bool anyAttribute(const std::vector<Span> &spans, StringPool::Id key, Pred pred)
    {
        const SpanOrigin *lastOrigin = nullptr;
        for (const Span &span : spans) {
            if (const int i = span.attributes.indexOf(key); i >= 0 && pred(span.attributes, i))
                return true;
            // Spans of one batch share their origin: check each resource once in a row.
            if (span.origin().constData() != lastOrigin) {
                lastOrigin = span.origin().constData();
                const Attributes &resource = span.resource();
                if (const int i = resource.indexOf(key); i >= 0 && pred(resource, i))
                    return true;
            }
        }
        return false;
    }
};

} // namespace traceflow
