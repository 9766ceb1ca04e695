// SPDX-License-Identifier: MIT
#pragma once

#include "ids.h"
#include "tracestate.h"

namespace traceflow::sdk {

// The part of a span that crosses process boundaries (W3C traceparent + tracestate).
struct SpanContext
{
    static constexpr quint8 SampledFlag = 0x01;

    TraceId traceId;
    SpanId spanId;
    quint8 traceFlags = 0;
    TraceState traceState;
    bool remote = false; // extracted from an incoming request rather than created here

    bool isValid() const { return traceId.isValid() && spanId.isValid(); }
    bool isSampled() const { return (traceFlags & SampledFlag) != 0; }

    friend bool operator==(const SpanContext &, const SpanContext &) = default;
};

} // namespace traceflow::sdk
