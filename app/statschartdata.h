// SPDX-License-Identifier: MIT
#pragma once

#include "statsreport.h"

#include <QList>
#include <QPointF>
#include <QString>

namespace traceflow {

// The dashboard charts' points, from a StatsReport: x in epoch milliseconds (what
// QDateTimeAxis reads) at each minute's start, y in the chart's unit. Pure functions.
class StatsChartData
{
public:
    // Latency in ms of one quantile (&StatsFigures::p95Ms...) per minute holding spans;
    // minutes without spans have no point.
    static QList<QPointF> latency(const StatsReport &report, double StatsFigures::*quantile);
    // Spans/s or traces/s (root spans) per minute. Quiet minutes inside the window are 0, but
    // only next to activity (a 0 before and after each gap and at the window's ends), so a week
    // of history costs no more points than it has busy minutes.
    static QList<QPointF> spanRate(const StatsReport &report);
    static QList<QPointF> traceRate(const StatsReport &report);
    // Error % (0..100) per minute holding spans.
    static QList<QPointF> errorPercent(const StatsReport &report);

    // The start (epoch ns) of the minute whose point lies nearest to x (epoch ms).
    static qint64 nearestMinuteNs(double xMs);
    // A duration as a bar edge: a whole number below 1000 of a unit ("500 µs", "2 ms",
    // "10 s", "0"); other durations as DisplayFormat writes them.
    static QString edgeLabel(qint64 ns);
    // A histogram bar's axis label: its lower edge.
    static QString barLabel(const HistogramBar &bar);
    // "10 ms – 20 ms".
    static QString barRange(const HistogramBar &bar);
    // A round upper bound for a value axis showing values up to max (at least 1).
    static double niceMax(double max);
    // Ticks for an axis from 0 to a niceMax() value, so each step is round too (0, 100, ...
    // 500 rather than 0, 125, ... 500): 5 when its leading digit is 2, else 6.
    static int tickCount(double niceMax);

private:
    static QList<QPointF> rate(const StatsReport &report, std::uint64_t StatsFigures::*field);
};

} // namespace traceflow
