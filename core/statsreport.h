// SPDX-License-Identifier: MIT
#pragma once

#include "latencyhistogram.h"
#include "latencyindex.h"
#include "minutebucket.h"

#include <QString>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
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
    qint64 startNs = 0; // its step's start (a whole number of steps since the epoch)
    StatsFigures figures;
};

// One service/operation over a window, as a store counted it: what StatsReport::setOperations()
// makes the table rows, totals and histogram of.
struct StatsOperation
{
    QString service;
    QString operation;
    LatencyIndex::Stats stats;
    std::vector<std::uint64_t> trend; // spans per StatsWindow slice
};

// How a window of whole minutes is cut up, the same way by every store (the memory store and
// ClickHouse must answer alike): the series' step and the table rows' trend slices.
struct StatsWindow
{
    // The most points a series gets: a step of whole minutes keeps a long window's chart
    // readable and its ClickHouse query small.
    static constexpr int MaxPoints = 360;

    qint64 fromNs = 0; // the first minute's start
    qint64 toNs = 0;   // the end of the last minute (exclusive)
    qint64 stepNs = MinuteNs;
    // Every trend slice spans the same number of minutes (uneven slices would draw a false
    // saw-tooth); the oldest takes the remainder and may be shorter: minute m of the window
    // falls in slice (m + shift) / perSlice.
    std::uint64_t perSlice = 1;
    std::size_t slices = 0;
    std::uint64_t shift = 0;

    // The minutes firstMinuteNs..lastMinuteNs (minute starts, last >= first).
    static StatsWindow of(qint64 firstMinuteNs, qint64 lastMinuteNs, int trendBins);
    // The window request asks for, an open end taken from the spans held (firstHeldNs,
    // lastHeldNs: the earliest and latest span start), cut to whole minutes; none when it ends
    // before it starts. Every store derives its window here, so that they answer alike.
    static std::optional<StatsWindow> of(const StatsRequest &request, qint64 firstHeldNs,
                                         qint64 lastHeldNs);
    // The smallest of 1, 2, 5, 10, 15, 30 minutes, 1, 2, 3, 6, 12 hours and whole days for
    // which the minutes [fromNs, toNs) fall in at most MaxPoints steps of the epoch's grid:
    // one minute up to six hours.
    static qint64 stepFor(qint64 fromNs, qint64 toNs);
    // The start of the step holding ns (floor division, as minuteStart()).
    static qint64 stepStart(qint64 ns, qint64 stepNs);
    std::size_t slice(qint64 minuteNs) const
    {
        return std::size_t((std::uint64_t((minuteNs - fromNs) / MinuteNs) + shift) / perSlice);
    }
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
    qint64 stepNs = MinuteNs; // each series point's (StatsWindow::stepFor())
    StatsFigures total; // every span of the window
    std::vector<StatsRow> serviceRows;   // per service, sorted by name
    std::vector<StatsRow> operationRows; // per service/operation, sorted
    // The requested service/operation (or the whole system): its non-empty steps in time
    // order, and its latency distribution over the window.
    std::vector<StatsPoint> series;
    std::vector<HistogramBar> histogram;

    // What a point covers: its step cut to the window, [first, second).
    std::pair<qint64, qint64> pointRange(qint64 startNs) const
    {
        return {std::max(startNs, fromNs), std::min(startNs + stepNs, std::max(toNs, fromNs))};
    }

    // Builds the window's figures from index; the caller holds the lock guarding it.
    static StatsReport build(const LatencyIndex &index, const StatsRequest &request);
    // Sets the window and step, leaving the figures empty.
    void setWindow(const StatsWindow &window);
    // The table rows, totals and histogram (of request's service/operation) from every
    // service/operation of the window, given sorted by service, then operation.
    void setOperations(const std::vector<StatsOperation> &operations, const StatsRequest &request);
};

} // namespace traceflow
