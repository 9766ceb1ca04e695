// SPDX-License-Identifier: MIT
#pragma once

#include "statsreport.h"

#include <QList>
#include <QPointF>
#include <QString>

namespace traceflow {

// The dashboard charts' points, from a StatsReport: x in axis milliseconds (see axisMs) at
// each minute's start, y in the chart's unit. Pure functions.
class StatsChartData
{
public:
    // Latency in ms of one quantile (&StatsFigures::p95Ms...) per minute holding spans;
    // minutes without spans have no point.
    static QList<QPointF> latency(const StatsReport &report, double StatsFigures::*quantile,
                                  Qt::TimeSpec spec = Qt::LocalTime);
    // Spans/s or traces/s (root spans) per minute. Quiet minutes inside the window are 0, but
    // only next to activity (a 0 before and after each gap and at the window's ends), so a week
    // of history costs no more points than it has busy minutes.
    static QList<QPointF> spanRate(const StatsReport &report, Qt::TimeSpec spec = Qt::LocalTime);
    static QList<QPointF> traceRate(const StatsReport &report, Qt::TimeSpec spec = Qt::LocalTime);
    // Error % (0..100) per minute holding spans.
    static QList<QPointF> errorPercent(const StatsReport &report,
                                       Qt::TimeSpec spec = Qt::LocalTime);

    // QDateTimeAxis always writes its labels in local time, so for UTC (spec Qt::UTC) an
    // instant is placed where local time reads its UTC wall clock: shifted by the local
    // offset from UTC. Local time: plain epoch milliseconds. epochNs() undoes axisMs().
    static double axisMs(qint64 epochNs, Qt::TimeSpec spec);
    static qint64 epochNs(double axisMs, Qt::TimeSpec spec);
    // The start (epoch ns) of the minute whose point lies nearest to x (axis ms).
    static qint64 nearestMinuteNs(double xMs, Qt::TimeSpec spec = Qt::LocalTime);
    // "14:05" in local time, "14:05 UTC" in UTC.
    static QString minuteText(qint64 epochNs, Qt::TimeSpec spec);
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

    // A value axis of counts (spans) from 0 to top with ticks on whole numbers: the step is
    // a whole 1-2-5 number and there are at most 5 steps, so labels never repeat ("0 1 2",
    // never "0 0 1 1 2"). top is above max with some headroom; max <= 0 gives 0..1.
    struct CountAxis
    {
        double top = 1;
        int ticks = 2;
    };
    static CountAxis countAxis(double max);

    // A time axis from fromMs (a minute start) reaching at least toMs whose evenly spaced
    // ticks all fall on whole minutes: the end moves out to the next whole step (1, 2, 5, 10,
    // 15, 30 minutes, 1, 2, 3, 6, 12 hours, days) that needs at most 6 steps. QDateTimeAxis
    // spaces its ticks evenly from end to end, so 8 minutes on 6 ticks would read
    // "14:10 14:11 14:13 14:14 ...", each label up to a minute off its tick.
    struct TimeTicks
    {
        qint64 endMs = 0;
        int ticks = 2;
    };
    static TimeTicks timeTicks(qint64 fromMs, qint64 toMs);

private:
    static QList<QPointF> rate(const StatsReport &report, std::uint64_t StatsFigures::*field,
                               Qt::TimeSpec spec);
};

} // namespace traceflow
