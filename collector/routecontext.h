// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <functional>

namespace traceflow {

class CollectorMetrics;
class IngestQueue;
class SamplingDriver;
class TraceReader;
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
    // What the query API reads: the store, or ClickHouse with --storage clickhouse. Never null
    // once the routes are installed.
    const TraceReader *reader = nullptr;
    // Why spans cannot be stored durably right now (the store file's disk is full), or empty.
    // Ingest answers 503 while it is not empty. Unset without a file store.
    std::function<QString()> storageError = {};
};

} // namespace traceflow
