// SPDX-License-Identifier: MIT
#pragma once

namespace traceflow {

class HttpRouter;
struct RouteContext;

// The write side: POST /api/spans (TraceFlow JSON, 202), POST /v1/traces (OTLP/HTTP protobuf or
// JSON, 200 with partial_success), POST /api/v2/spans (Zipkin v2 JSON, 202) and POST /api/null
// (reads and discards the body: the benchmark's baseline). The HTTP thread only checks the
// media type and encoding; the body is inflated and decoded on a worker (HttpReply::later),
// whose answer carries the accepted/rejected counts; the spans then wait in the IngestQueue
// for the store. A full queue gets 429 (OTLP: 503) with Retry-After.
class IngestRoutes
{
public:
    static void install(HttpRouter &router, const RouteContext &context);
};

} // namespace traceflow
