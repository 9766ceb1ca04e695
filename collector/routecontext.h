// SPDX-License-Identifier: MIT
#pragma once

namespace traceflow {

class CollectorMetrics;
class IngestQueue;
class SamplingDriver;
class TraceStore;
struct CollectorConfig;

// What route handlers work with; owned by the Collector, which outlives its routes.
struct RouteContext
{
    TraceStore &store;
    IngestQueue &queue;
    CollectorMetrics &metrics;
    const CollectorConfig &config;
    const SamplingDriver *sampling = nullptr; // null without tail sampling
};

} // namespace traceflow
