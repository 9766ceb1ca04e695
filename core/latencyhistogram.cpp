// SPDX-License-Identifier: MIT
#include "latencyhistogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace traceflow {

qint64 LatencyHistogram::edgeAtOrBelow(qint64 ns)
{
    if (ns < 1)
        return 1;
    qint64 decade = 1;
    while (decade <= ns / 10)
        decade *= 10;
    const qint64 mantissa = ns / decade; // 1..9
    return decade * (mantissa >= 5 ? 5 : mantissa >= 2 ? 2 : 1);
}

qint64 LatencyHistogram::nextEdge(qint64 edge)
{
    qint64 decade = 1;
    while (decade <= edge / 10)
        decade *= 10;
    const qint64 mantissa = edge / decade;
    // Saturates near qint64's end instead of overflowing (durations never get there).
    if (decade > std::numeric_limits<qint64>::max() / 10)
        return std::numeric_limits<qint64>::max();
    return decade * (mantissa >= 5 ? 10 : mantissa >= 2 ? 5 : 2);
}

std::vector<HistogramBar> LatencyHistogram::bars(const DDSketch &sketch)
{
    std::vector<HistogramBar> bars;
    if (sketch.isEmpty())
        return bars;
    // Sketch buckets arrive in ascending order, so bars are appended, never searched.
    sketch.visitBuckets([&bars](double value, std::uint64_t count) {
        const qint64 ns = value >= 9.2e18 ? std::numeric_limits<qint64>::max() - 1
                                          : static_cast<qint64>(std::floor(value));
        if (bars.empty()) {
            const qint64 lower = edgeAtOrBelow(ns);
            bars.push_back(HistogramBar{value <= 0 ? 0 : lower, nextEdge(lower), 0});
        }
        while (ns >= bars.back().upperNs && bars.back().upperNs < std::numeric_limits<qint64>::max())
            bars.push_back(HistogramBar{bars.back().upperNs, nextEdge(bars.back().upperNs), 0});
        bars.back().count += count;
    });
    return bars;
}

} // namespace traceflow
