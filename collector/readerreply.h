// SPDX-License-Identifier: MIT
#pragma once

#include "httpreply.h"

#include <functional>

namespace traceflow {

struct RouteContext;

// How every read route answers through the TraceReader, whichever API it serves (/api/...,
// Zipkin's /api/v2/...): at once for the memory store, on the collector's network pool for a
// remote reader (ClickHouse), so the HTTP thread never waits on the network. A reader failure
// becomes a JSON error: 503 unreachable or too slow, 502 a ClickHouse error.
class ReaderReply
{
public:
    // answer runs on another thread for a remote reader: it must capture values.
    static HttpReply run(const RouteContext &context, std::function<HttpReply()> answer);
};

} // namespace traceflow
