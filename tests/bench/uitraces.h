// SPDX-License-Identifier: MIT
#pragma once

#include "span.h"

#include <vector>

namespace traceflow {

// Traces for the UI benchmark and its screenshots.
class UiTraces
{
public:
    // A checkout across checkout, inventory and payment: 14 spans, a payment error with
    // its message and events, a span link, database calls.
    static std::vector<Span> checkout();
    // count spans of a made-up but realistic shape: a root fanning out over 8 services,
    // up to 12 levels deep, mostly sequential children with some in parallel, 1% errors
    // and a few events. Deterministic for a given seed.
    static std::vector<Span> synthetic(int count, unsigned seed = 42);
};

} // namespace traceflow
