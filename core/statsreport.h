// SPDX-License-Identifier: MIT
#pragma once

#include "latencyhistogram.h"
#include "latencyindex.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace traceflow {

// What the statistics dashboard asks for: a time window and the service/operation its charts
// follow. Both names empty: the whole system; an operation needs its service.
struct StatsRequest
{
    QString service;
    QString operation;
    std::optional<qint64> fromNs; // epoch ns; absent: from the first minute held
    std::optional<qint64> toNs;   // epoch ns, inclusive; absent: to the last minute held
    int trendBins = 30;           // at most this many points in each table row's sparkline
};

// Span figures of a group of spans, as values (no sketch).
struct StatsFigures
{
    std::uint64_t count = 0;  // spans
    std::uint64_t errors = 0; // spans with error status
    std::uint64_t traces = 0; // root spans: traces that started here
    double p50Ms = 0;
    double p95Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;

    double errorRate() const { return count ? double(errors) / double(count) : 0.0; }
    static StatsFigures from(const LatencyIndex::Stats &stats);
    bool operator==(const StatsFigures &) const = default;
};

struct StatsRow
{
    QString service;
    QString operation; // empty in per-service rows
    StatsFigures figures;
    // Spans per slice of the window, oldest first (the row's sparkline): every slice the same
    // whole number of minutes, except the oldest, which may be shorter.
    std::vector<std::uint64_t> trend;
};

struct StatsPoint
{
    qint64 startNs = 0; // the minute's start
    StatsFigures figures;
};

// Everything the dashboard shows, computed from the store's sketches and minute buckets
// (never from spans): store-wide counts, then figures over the window.
struct StatsReport
{
    bool healthy = false;
    std::uint64_t traces = 0; // held now, whole store
    std::uint64_t spans = 0;
    int serviceCount = 0;
    std::optional<std::uint64_t> spansInserted; // ever, for a spans/s rate

    qint64 fromNs = 0; // the window's first minute
    qint64 toNs = 0;   // the end of its last minute (exclusive); fromNs == toNs when empty
    StatsFigures total; // every span of the window
    std::vector<StatsRow> serviceRows;   // per service, sorted by name
    std::vector<StatsRow> operationRows; // per service/operation, sorted
    // The requested service/operation (or the whole system): its non-empty minutes in time
    // order, and its latency distribution over the window.
    std::vector<StatsPoint> series;
    std::vector<HistogramBar> histogram;

    // Builds the window's figures from index; the caller holds the lock guarding it.
    static StatsReport build(const LatencyIndex &index, const StatsRequest &request);
};

} // namespace traceflow
