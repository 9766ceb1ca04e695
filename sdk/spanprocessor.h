// SPDX-License-Identifier: MIT
#pragma once

#include "spandata.h"

#include <chrono>

namespace traceflow::sdk {

// Receives every sampled span when it ends. Called from whatever thread ends the span,
// so implementations are thread-safe.
class SpanProcessor
{
public:
    virtual ~SpanProcessor() = default;

    virtual void onEnd(SpanData &&span) = 0;
    // Exports everything received so far; false when the timeout expired first.
    virtual bool forceFlush(std::chrono::milliseconds timeout = std::chrono::seconds(30)) = 0;
    // Flushes, then stops accepting spans. Idempotent.
    virtual void shutdown() = 0;
};

} // namespace traceflow::sdk
