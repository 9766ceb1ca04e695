// SPDX-License-Identifier: MIT
#pragma once

#include "ddsketch.h"

#include <QtGlobal>

#include <cstdint>
#include <vector>

namespace traceflow {

// One bar of a latency distribution: durations in [lowerNs, upperNs).
struct HistogramBar
{
    qint64 lowerNs = 0;
    qint64 upperNs = 0;
    std::uint64_t count = 0;
    bool operator==(const HistogramBar &) const = default;
};

// Turns a duration sketch into log-spaced bars whose edges are the 1-2-5 series (1 ms, 2 ms,
// 5 ms, 10 ms...), the scale people read latency on. Pure math, no lock.
class LatencyHistogram
{
public:
    // Every bar from the one holding the smallest value to the one holding the largest, empty
    // bars included so the x axis stays a true log scale. Each sketch bucket counts in the bar
    // holding its representative value, so a value within the sketch's relative accuracy
    // (0.5%) of an edge may land in the neighbouring bar. Zero durations count in the first
    // bar, which then starts at 0. Empty for an empty sketch.
    static std::vector<HistogramBar> bars(const DDSketch &sketch);
    // The 1-2-5 edge at or below ns (1 for ns < 1).
    static qint64 edgeAtOrBelow(qint64 ns);
    // The next 1-2-5 edge above edge (edge must be one).
    static qint64 nextEdge(qint64 edge);
};

} // namespace traceflow
