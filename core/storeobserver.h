// SPDX-License-Identifier: MIT
#pragma once

#include "ids.h"
#include "span.h"

#include <vector>

namespace traceflow {

// Told about every change a TraceStore makes on request, in order, under the store's write
// lock (so keep it quick: copy and hand off). The durable file store logs through it, which
// catches every way in: HTTP ingest, the tail sampler, file imports. Eviction is not reported:
// it enforces a memory limit, not a wish to forget the trace.
class StoreObserver
{
public:
    virtual ~StoreObserver() = default;
    // The spans the store took from one insert (duplicates left out), in arrival order.
    virtual void spansStored(std::vector<Span> spans) = 0;
    virtual void traceRemoved(const TraceId &id) = 0;
    virtual void storeCleared() = 0;
};

} // namespace traceflow
