// SPDX-License-Identifier: MIT
#include "statschartdata.h"

#include "displayformat.h"

#include <cmath>

namespace traceflow {

namespace {
constexpr double MinuteMs = double(LatencyIndex::BucketNs) / 1e6;

double toMs(qint64 ns)
{
    return double(ns) / 1e6;
}
} // namespace

QList<QPointF> StatsChartData::latency(const StatsReport &report, double StatsFigures::*quantile)
{
    QList<QPointF> points;
    points.reserve(qsizetype(report.series.size()));
    for (const StatsPoint &p : report.series)
        points.append(QPointF(toMs(p.startNs), p.figures.*quantile));
    return points;
}

QList<QPointF> StatsChartData::rate(const StatsReport &report, std::uint64_t StatsFigures::*field)
{
    QList<QPointF> points;
    if (report.toNs <= report.fromNs)
        return points;
    const qint64 lastMinute = report.toNs - LatencyIndex::BucketNs;
    qint64 expected = report.fromNs; // the next minute that gets a point
    auto zero = [&points](qint64 ns) { points.append(QPointF(toMs(ns), 0.0)); };
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

QList<QPointF> StatsChartData::spanRate(const StatsReport &report)
{
    return rate(report, &StatsFigures::count);
}

QList<QPointF> StatsChartData::traceRate(const StatsReport &report)
{
    return rate(report, &StatsFigures::traces);
}

QList<QPointF> StatsChartData::errorPercent(const StatsReport &report)
{
    QList<QPointF> points;
    points.reserve(qsizetype(report.series.size()));
    for (const StatsPoint &p : report.series)
        points.append(QPointF(toMs(p.startNs), p.figures.errorRate() * 100.0));
    return points;
}

qint64 StatsChartData::nearestMinuteNs(double xMs)
{
    return qint64(std::llround(std::floor(xMs / MinuteMs + 0.5))) * LatencyIndex::BucketNs;
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

int StatsChartData::tickCount(double niceMax)
{
    if (!(niceMax > 0) || !std::isfinite(niceMax))
        return 6;
    const double mantissa = niceMax / std::pow(10.0, std::floor(std::log10(niceMax)));
    return std::abs(mantissa - 2.0) < 1e-9 ? 5 : 6;
}

} // namespace traceflow
