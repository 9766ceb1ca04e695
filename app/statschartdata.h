// SPDX-License-Identifier: MIT
#pragma once

#include "statsreport.h"

#include <QList>
#include <QPointF>
#include <QString>

namespace traceflow {

// The dashboard charts' points, from a StatsReport: x in epoch milliseconds at the start of
// each point's step (the window's start for a step that began before it), y in the chart's
// unit; and the time axis' ticks with the labels we write for them, in local time or UTC.
// Pure functions.
class StatsChartData
{
public:
    // Latency in ms of one quantile (&StatsFigures::p95Ms...) per step holding spans; steps
    // without spans have no point.
    static QList<QPointF> latency(const StatsReport &report, double StatsFigures::*quantile);
    // Spans/s or traces/s (root spans) per step: its count over the seconds it covers of the
    // window. Quiet steps inside the window are 0, but only next to activity (a 0 before and
    // after each gap and at the window's ends), so a week of history costs no more points than
    // it has busy steps.
    static QList<QPointF> spanRate(const StatsReport &report);
    static QList<QPointF> traceRate(const StatsReport &report);
    // Error % (0..100) per step holding spans.
    static QList<QPointF> errorPercent(const StatsReport &report);

    // The start (epoch ns) of the step of report whose point lies nearest to x (epoch ms),
    // within the window's steps.
    static qint64 nearestStepNs(const StatsReport &report, double xMs);
    // The x (epoch ms) of the point of the step starting at stepStartNs.
    static double pointX(const StatsReport &report, qint64 stepStartNs);
    // A step as a phrase: "minute", "5 minutes", "hour", "2 hours", "day".
    static QString stepName(qint64 stepNs);
    // What a point covers, for its tooltip: one minute as minuteText() writes it; a longer
    // step as the part of the window it covers, "14:00–15:00" (" UTC" after it in UTC),
    // with dates when the window is a day or longer ("03-29 22:00–03-30 00:00").
    static QString pointText(const StatsReport &report, qint64 stepStartNs, Qt::TimeSpec spec);
    // "14:05" in local time, "14:05 UTC" in UTC. A local time that the clock reads twice (the
    // hour repeated when daylight saving ends) names its zone: "02:30 CEST", "02:30 CET".
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

    // The ticks of a time axis from fromMs to about toMs, on round times of the wall
    // clock in local time or UTC (as Grafana and Jaeger place them): whole multiples of a step
    // of 1, 2, 5, 10, 15, 30 minutes (14:10, 14:15), 1, 2, 3, 6, 12 hours (00:00, 06:00 even in
    // a zone 5:30 off UTC) or days (midnight), the shortest giving at most 7 ticks. The first
    // tick is the first round time at or after fromMs. The axis ends on the first round time
    // at or after toMs when that is at most a quarter step later (or when ending earlier would
    // leave fewer than four ticks), else at toMs itself: a two-day chart does not end in hours
    // of empty axis. Across a daylight-saving change ticks stay on round readings: the skipped
    // hour has none (00:00, 01:00, 03:00), the repeated hour has its readings twice.
    struct TimeTicks
    {
        qint64 endMs = 0;
        qint64 stepMs = 0; // of the wall clock
        QList<qint64> ms;  // epoch, ascending
    };
    static TimeTicks timeTicks(qint64 fromMs, qint64 toMs, Qt::TimeSpec spec);

    // What the ticks of an axis starting at fromMs read: the wall clock of each tick's instant
    // in local time or UTC ("14:05"), with the date ("03-29 14:05") when the axis covers a day
    // or more, of time or of the clock. No two labels read alike: two ticks in the hour local time
    // repeats name their zones ("02:30 CEST" ... "02:30 CET").
    struct TimeLabel
    {
        qint64 ms = 0; // epoch
        QString text;
    };
    static QList<TimeLabel> timeLabels(qint64 fromMs, const TimeTicks &ticks, Qt::TimeSpec spec);

private:
    static QList<QPointF> rate(const StatsReport &report, std::uint64_t StatsFigures::*field);
    static TimeTicks roundTicks(qint64 fromMs, qint64 toMs, qint64 stepMs, Qt::TimeSpec spec);
};

} // namespace traceflow
