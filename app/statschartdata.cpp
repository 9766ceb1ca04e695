// SPDX-License-Identifier: MIT
#include "statschartdata.h"

#include "displayformat.h"

#include <QCoreApplication>
#include <QDateTime>

#include <algorithm>
#include <cmath>

namespace traceflow {

namespace {
constexpr qint64 MinuteMs = 60'000;
constexpr qint64 HourMs = 60 * MinuteMs;
constexpr qint64 DayMs = 24 * HourMs;

QDateTime wallClock(qint64 ms, Qt::TimeSpec spec)
{
    return QDateTime::fromMSecsSinceEpoch(ms, spec == Qt::UTC ? Qt::UTC : Qt::LocalTime);
}

// True when local time reads the same at another instant: in the hour repeated when the
// clocks go back. Changes of offset come at least hours apart, so the other offset is the
// one three hours before or after.
bool repeatedLocally(const QDateTime &local)
{
    const qint64 ms = local.toMSecsSinceEpoch();
    const int offset = local.offsetFromUtc();
    for (qint64 probe : {ms - 3 * HourMs, ms + 3 * HourMs}) {
        const int other = QDateTime::fromMSecsSinceEpoch(probe, Qt::LocalTime).offsetFromUtc();
        if (other == offset)
            continue;
        // The instant at which the other offset would read this wall clock, if it holds then.
        const qint64 twin = ms + qint64(offset - other) * 1000;
        if (QDateTime::fromMSecsSinceEpoch(twin, Qt::LocalTime).offsetFromUtc() == other)
            return true;
    }
    return false;
}

// "14:05" or "03-29 14:05".
QString clockText(const QDateTime &time, bool withDate)
{
    return time.toString(withDate ? QStringLiteral("MM-dd HH:mm") : QStringLiteral("HH:mm"));
}

// Milliseconds as the wall clock counts them: a day of local time may last 23 or 25 hours.
qint64 wallMs(const QDateTime &time)
{
    return time.toMSecsSinceEpoch() + qint64(time.offsetFromUtc()) * 1000;
}

// The offsets from UTC of spec's clock between fromMs and toMs and 15 hours around them (an
// offset reaches 14 hours). Offsets hold for months: sampling every 3 hours finds them all.
QList<int> offsetsAround(qint64 fromMs, qint64 toMs, Qt::TimeSpec spec)
{
    QList<int> offsets;
    for (qint64 ms = fromMs - 15 * HourMs;; ms += 3 * HourMs) {
        const int offset = wallClock(std::min(ms, toMs + 15 * HourMs), spec).offsetFromUtc();
        if (!offsets.contains(offset))
            offsets.append(offset);
        if (ms >= toMs + 15 * HourMs)
            return offsets;
    }
}
} // namespace

// The ticks on the whole multiples of stepMs of the wall clock (a multiple of a day falls on
// midnight) from the first at or after fromMs to the first at or after toMs. A reading of the
// clock stands for no instant in the hour skipped when daylight saving starts and for two in
// the hour repeated when it ends.
StatsChartData::TimeTicks StatsChartData::roundTicks(qint64 fromMs, qint64 toMs, qint64 stepMs,
                                                     Qt::TimeSpec spec)
{
    const auto ceilTo = [stepMs](qint64 wall) {
        const qint64 q = wall / stepMs * stepMs;
        return q < wall ? q + stepMs : q;
    };
    const QList<int> offsets = offsetsAround(fromMs, toMs, spec);
    // Walk the clock from two hours early: in a repeated hour an earlier reading comes later.
    // The instants are sorted before they are cut to the axis.
    const qint64 lastWall = ceilTo(wallMs(wallClock(toMs, spec)));
    QList<qint64> instants;
    bool reachedEnd = false;
    for (qint64 wall = ceilTo(wallMs(wallClock(fromMs, spec)) - 2 * HourMs);
         !reachedEnd || wall <= lastWall; wall += stepMs) {
        for (int offset : offsets) {
            const qint64 ms = wall - qint64(offset) * 1000;
            if (wallClock(ms, spec).offsetFromUtc() == offset && !instants.contains(ms)) {
                instants.append(ms);
                reachedEnd = reachedEnd || ms >= toMs;
            }
        }
    }
    std::sort(instants.begin(), instants.end());
    TimeTicks ticks;
    ticks.stepMs = stepMs;
    for (qint64 ms : instants) {
        if (ms < fromMs)
            continue;
        ticks.ms.append(ms);
        if (ms >= toMs)
            break;
    }
    ticks.endMs = ticks.ms.last(); // the walk reached an instant at or after toMs
    return ticks;
}

QString StatsChartData::minuteText(qint64 epochNs, Qt::TimeSpec spec)
{
    const QDateTime time = wallClock(epochNs / 1'000'000, spec);
    const QString text = clockText(time, false);
    if (spec == Qt::UTC)
        return text + QLatin1String(" UTC");
    return repeatedLocally(time) ? text + u' ' + time.timeZoneAbbreviation() : text;
}

QList<StatsChartData::TimeLabel> StatsChartData::timeLabels(qint64 fromMs, const TimeTicks &ticks,
                                                            Qt::TimeSpec spec)
{
    QList<TimeLabel> labels;
    if (ticks.ms.isEmpty() || ticks.endMs <= fromMs)
        return labels;
    // A day of the clock or of time: on the day clocks go back, 24 hours read as 23.
    const bool withDate =
        ticks.endMs - fromMs >= DayMs ||
        wallMs(wallClock(ticks.endMs, spec)) - wallMs(wallClock(fromMs, spec)) >= DayMs;
    labels.reserve(ticks.ms.size());
    QStringList texts;
    for (qint64 ms : ticks.ms)
        texts.append(clockText(wallClock(ms, spec), withDate));
    // Labels have little room: only those that would read alike (in the hour local time
    // repeats) name their zone.
    for (qsizetype i = 0; i < ticks.ms.size(); ++i) {
        const qint64 ms = ticks.ms[i];
        const QDateTime time = wallClock(ms, spec);
        QString text = texts[i];
        if (texts.count(text) > 1)
            text += u' ' + time.timeZoneAbbreviation();
        // Not expected with the rules above, but an axis drops a repeated label silently.
        const auto same = [&text](const TimeLabel &l) { return l.text == text; };
        if (std::any_of(labels.cbegin(), labels.cend(), same))
            text = time.toString(QStringLiteral("yyyy-MM-dd HH:mm t"));
        labels.append({ms, text});
    }
    return labels;
}

double StatsChartData::pointX(const StatsReport &report, qint64 stepStartNs)
{
    return double(report.pointRange(stepStartNs).first) / 1e6;
}

QList<QPointF> StatsChartData::latency(const StatsReport &report, double StatsFigures::*quantile)
{
    QList<QPointF> points;
    points.reserve(qsizetype(report.series.size()));
    for (const StatsPoint &p : report.series)
        points.append(QPointF(pointX(report, p.startNs), p.figures.*quantile));
    return points;
}

QList<QPointF> StatsChartData::rate(const StatsReport &report, std::uint64_t StatsFigures::*field)
{
    QList<QPointF> points;
    if (report.toNs <= report.fromNs || report.stepNs <= 0)
        return points;
    const qint64 step = report.stepNs;
    const qint64 lastStep = StatsWindow::stepStart(report.toNs - 1, step);
    qint64 expected = StatsWindow::stepStart(report.fromNs, step); // the next step with a point
    auto zero = [&](qint64 ns) { points.append(QPointF(pointX(report, ns), 0.0)); };
    for (const StatsPoint &p : report.series) {
        if (p.startNs > expected) {
            zero(expected);
            if (p.startNs - step > expected)
                zero(p.startNs - step);
        }
        // A step cut by the window's ends covers fewer seconds than the step.
        const auto [from, to] = report.pointRange(p.startNs);
        const double seconds = double(std::max<qint64>(to - from, MinuteNs)) / 1e9;
        points.append(QPointF(pointX(report, p.startNs), double(p.figures.*field) / seconds));
        expected = p.startNs + step;
    }
    if (expected <= lastStep) {
        zero(expected);
        if (lastStep > expected)
            zero(lastStep);
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
        points.append(QPointF(pointX(report, p.startNs), p.figures.errorRate() * 100.0));
    return points;
}

qint64 StatsChartData::nearestStepNs(const StatsReport &report, double xMs)
{
    const qint64 step = report.stepNs > 0 ? report.stepNs : MinuteNs;
    const qint64 x = std::llround(xMs * 1e6);
    // The point of the step holding x or of the next one; the first point may sit later
    // than its step's start (at the window's).
    qint64 best = StatsWindow::stepStart(x, step);
    if (std::abs(pointX(report, best + step) * 1e6 - double(x)) <
        std::abs(pointX(report, best) * 1e6 - double(x)))
        best += step;
    if (report.toNs > report.fromNs)
        best = std::clamp(best, StatsWindow::stepStart(report.fromNs, step),
                          StatsWindow::stepStart(report.toNs - 1, step));
    return best;
}

QString StatsChartData::stepName(qint64 stepNs)
{
    const qint64 minutes = std::max<qint64>(1, stepNs / MinuteNs);
    auto tr = [](const char *text, qint64 n) {
        return QCoreApplication::translate("traceflow::StatsChartData", text, nullptr, int(n));
    };
    if (minutes % 1440 == 0)
        return minutes == 1440 ? tr("day", 1) : tr("%n days", minutes / 1440);
    if (minutes % 60 == 0)
        return minutes == 60 ? tr("hour", 1) : tr("%n hours", minutes / 60);
    return minutes == 1 ? tr("minute", 1) : tr("%n minutes", minutes);
}

QString StatsChartData::pointText(const StatsReport &report, qint64 stepStartNs, Qt::TimeSpec spec)
{
    const auto [fromNs, toNs] = report.pointRange(stepStartNs);
    if (report.stepNs <= MinuteNs)
        return minuteText(fromNs, spec);
    const QDateTime from = wallClock(fromNs / 1'000'000, spec);
    const QDateTime to = wallClock(toNs / 1'000'000, spec);
    const bool withDate = report.toNs - report.fromNs >= DayMs * 1'000'000;
    QString text = clockText(from, withDate);
    if (spec != Qt::UTC && repeatedLocally(from))
        text += u' ' + from.timeZoneAbbreviation();
    text += u'\u2013' + clockText(to, withDate && to.date() != from.date());
    if (spec == Qt::UTC)
        text += QLatin1String(" UTC");
    else if (repeatedLocally(to))
        text += u' ' + to.timeZoneAbbreviation();
    return text;
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

StatsChartData::TimeTicks StatsChartData::timeTicks(qint64 fromMs, qint64 toMs, Qt::TimeSpec spec)
{
    constexpr int MinTicks = 4;
    constexpr int MaxTicks = 7;
    toMs = std::max(toMs, fromMs + MinuteMs);
    const qint64 spanMs = toMs - fromMs;
    QList<qint64> steps; // minutes; each below a day divides a day, so ticks fall on its hours
    for (qint64 s : {1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2 * 1440})
        steps.append(s);
    const qint64 days = spanMs / DayMs + 1;
    for (qint64 d = std::max<qint64>(3, days / (MaxTicks - 1)); d <= days; ++d)
        steps.append(d * 1440);
    for (qint64 minutes : steps) {
        const qint64 stepMs = minutes * MinuteMs;
        if (spanMs / stepMs > MaxTicks) // too many ticks however they fall: skip the work
            continue;
        TimeTicks ticks = roundTicks(fromMs, toMs, stepMs, spec);
        if (ticks.ms.size() <= MaxTicks || minutes == steps.last()) {
            // A quarter step of empty axis beyond the last point reads as room; more reads as
            // missing data, unless ending early would leave fewer than four labels.
            if (ticks.endMs - toMs > stepMs / 4 && ticks.ms.size() > MinTicks) {
                ticks.ms.removeLast();
                ticks.endMs = toMs;
            }
            return ticks;
        }
    }
    return {};
}

int StatsChartData::tickCount(double niceMax)
{
    if (!(niceMax > 0) || !std::isfinite(niceMax))
        return 6;
    const double mantissa = niceMax / std::pow(10.0, std::floor(std::log10(niceMax)));
    return std::abs(mantissa - 2.0) < 1e-9 ? 5 : 6;
}

} // namespace traceflow
