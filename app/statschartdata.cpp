// SPDX-License-Identifier: MIT
#include "statschartdata.h"

#include "displayformat.h"

#include <QDateTime>

#include <cmath>

namespace traceflow {

namespace {
constexpr double MinuteMs = double(LatencyIndex::BucketNs) / 1e6;

// How far local time runs ahead of UTC (ms) at the instant msSinceEpoch.
qint64 localOffsetMs(qint64 msSinceEpoch)
{
    return qint64(QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::LocalTime).offsetFromUtc()) *
           1000;
}
} // namespace

double StatsChartData::axisMs(qint64 epochNs, Qt::TimeSpec spec)
{
    const double ms = double(epochNs) / 1e6;
    if (spec != Qt::UTC)
        return ms;
    return ms - double(localOffsetMs(epochNs / 1'000'000));
}

qint64 StatsChartData::epochNs(double axisMs, Qt::TimeSpec spec)
{
    const auto ms = qint64(std::llround(axisMs));
    if (spec != Qt::UTC)
        return qint64(std::llround(axisMs * 1e6));
    // The offset belongs to the instant, not to the axis position: look it up twice so a
    // daylight-saving change between the two does not shift the answer by an hour.
    const qint64 guess = ms + localOffsetMs(ms);
    return (ms + localOffsetMs(guess)) * 1'000'000;
}

QString StatsChartData::minuteText(qint64 epochNs, Qt::TimeSpec spec)
{
    const bool utc = spec == Qt::UTC;
    const QString text =
        QDateTime::fromMSecsSinceEpoch(epochNs / 1'000'000, utc ? Qt::UTC : Qt::LocalTime)
            .toString(QStringLiteral("HH:mm"));
    return utc ? text + QLatin1String(" UTC") : text;
}

QList<QPointF> StatsChartData::latency(const StatsReport &report, double StatsFigures::*quantile,
                                       Qt::TimeSpec spec)
{
    QList<QPointF> points;
    points.reserve(qsizetype(report.series.size()));
    for (const StatsPoint &p : report.series)
        points.append(QPointF(axisMs(p.startNs, spec), p.figures.*quantile));
    return points;
}

QList<QPointF> StatsChartData::rate(const StatsReport &report, std::uint64_t StatsFigures::*field,
                                    Qt::TimeSpec spec)
{
    auto toMs = [spec](qint64 ns) { return axisMs(ns, spec); };
    QList<QPointF> points;
    if (report.toNs <= report.fromNs)
        return points;
    const qint64 lastMinute = report.toNs - LatencyIndex::BucketNs;
    qint64 expected = report.fromNs; // the next minute that gets a point
    auto zero = [&points, &toMs](qint64 ns) { points.append(QPointF(toMs(ns), 0.0)); };
    for (const StatsPoint &p : report.series) {
        if (p.startNs > expected) {
            zero(expected);
            if (p.startNs - LatencyIndex::BucketNs > expected)
                zero(p.startNs - LatencyIndex::BucketNs);
        }
        points.append(QPointF(toMs(p.startNs), double(p.figures.*field) / 60.0));
        expected = p.startNs + LatencyIndex::BucketNs;
    }
    if (expected <= lastMinute) {
        zero(expected);
        if (lastMinute > expected)
            zero(lastMinute);
    }
    return points;
}

QList<QPointF> StatsChartData::spanRate(const StatsReport &report, Qt::TimeSpec spec)
{
    return rate(report, &StatsFigures::count, spec);
}

QList<QPointF> StatsChartData::traceRate(const StatsReport &report, Qt::TimeSpec spec)
{
    return rate(report, &StatsFigures::traces, spec);
}

QList<QPointF> StatsChartData::errorPercent(const StatsReport &report, Qt::TimeSpec spec)
{
    QList<QPointF> points;
    points.reserve(qsizetype(report.series.size()));
    for (const StatsPoint &p : report.series)
        points.append(QPointF(axisMs(p.startNs, spec), p.figures.errorRate() * 100.0));
    return points;
}

qint64 StatsChartData::nearestMinuteNs(double xMs, Qt::TimeSpec spec)
{
    const double ms = double(epochNs(xMs, spec)) / 1e6;
    return qint64(std::llround(std::floor(ms / MinuteMs + 0.5))) * LatencyIndex::BucketNs;
}

QString StatsChartData::edgeLabel(qint64 ns)
{
    if (ns <= 0)
        return QStringLiteral("0");
    // The unit in which the edge is a whole number below 1000, as 1-2-5 edges always are.
    static const struct
    {
        qint64 ns;
        const char *unit;
    } units[] = {{1'000'000'000, "s"}, {1'000'000, "ms"}, {1'000, "\u00b5s"}, {1, "ns"}};
    for (const auto &u : units) {
        if (ns >= u.ns && ns % u.ns == 0 && ns / u.ns < 1000)
            return QStringLiteral("%1 %2").arg(ns / u.ns).arg(QString::fromUtf8(u.unit));
    }
    return DisplayFormat::duration(ns);
}

QString StatsChartData::barLabel(const HistogramBar &bar)
{
    return edgeLabel(bar.lowerNs);
}

QString StatsChartData::barRange(const HistogramBar &bar)
{
    return QStringLiteral("%1 \u2013 %2").arg(edgeLabel(bar.lowerNs), edgeLabel(bar.upperNs));
}

double StatsChartData::niceMax(double max)
{
    if (!(max > 0) || !std::isfinite(max))
        return 1.0;
    const double padded = max * 1.1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(padded)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (padded <= step * magnitude)
            return step * magnitude;
    }
    return 10.0 * magnitude;
}

StatsChartData::CountAxis StatsChartData::countAxis(double max)
{
    if (!(max > 0) || !std::isfinite(max))
        return {};
    const double padded = max * 1.1;
    for (double magnitude = 1;; magnitude *= 10) {
        for (double step : {1.0, 2.0, 5.0}) {
            const double steps = std::ceil(padded / (step * magnitude));
            if (steps <= 5)
                return {steps * step * magnitude, int(steps) + 1};
        }
    }
}

StatsChartData::TimeTicks StatsChartData::timeTicks(qint64 fromMs, qint64 toMs)
{
    constexpr qint64 MinuteMsInt = 60'000;
    constexpr qint64 DayMinutes = 1440;
    constexpr int MaxSteps = 6;
    const qint64 minutes = std::max<qint64>(1, (toMs - fromMs + MinuteMsInt - 1) / MinuteMsInt);
    qint64 step = 0;
    for (qint64 s : {1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2 * 1440}) {
        if ((minutes + s - 1) / s <= MaxSteps) {
            step = s;
            break;
        }
    }
    if (step == 0) // whole days
        step = ((minutes + MaxSteps - 1) / MaxSteps + DayMinutes - 1) / DayMinutes * DayMinutes;
    const qint64 steps = (minutes + step - 1) / step;
    return {fromMs + steps * step * MinuteMsInt, int(steps) + 1};
}

int StatsChartData::tickCount(double niceMax)
{
    if (!(niceMax > 0) || !std::isfinite(niceMax))
        return 6;
    const double mantissa = niceMax / std::pow(10.0, std::floor(std::log10(niceMax)));
    return std::abs(mantissa - 2.0) < 1e-9 ? 5 : 6;
}

} // namespace traceflow
