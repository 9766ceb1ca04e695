// SPDX-License-Identifier: MIT
#include "waterfalllayout.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace traceflow {

namespace {

constexpr qint64 Microsecond = 1000;
constexpr qint64 Millisecond = 1000 * Microsecond;
constexpr qint64 Second = 1000 * Millisecond;
constexpr qint64 Minute = 60 * Second;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;

QString unitName(qint64 unit)
{
    switch (unit) {
    case Microsecond: return QString::fromUtf8("µs");
    case Millisecond: return QStringLiteral("ms");
    case Second: return QStringLiteral("s");
    default: return QStringLiteral("ns");
    }
}

QString trimmedFixed(double value, int decimals)
{
    QString text = QString::number(value, 'f', decimals);
    if (text.contains(u'.')) {
        while (text.endsWith(u'0'))
            text.chop(1);
        if (text.endsWith(u'.'))
            text.chop(1);
    }
    return text;
}

// value / unit written exactly (t is an integer number of ns, so at most 9 decimals).
QString exactValue(qint64 value, qint64 unit)
{
    int decimals = 0;
    for (qint64 scale = 1; decimals < 9 && (value * scale) % unit != 0; scale *= 10)
        ++decimals;
    return trimmedFixed(double(value) / double(unit), decimals);
}

QString compound(qint64 ns, qint64 big, const char *bigName, qint64 small, const char *smallName)
{
    const qint64 smallUnits = ns / small + (ns % small >= small / 2); // rounded, no overflow
    const qint64 major = smallUnits / (big / small);
    const qint64 minor = smallUnits % (big / small);
    QString text = QString::number(major) + QLatin1String(bigName);
    if (minor != 0)
        text += u' ' + QString::number(minor) + QLatin1String(smallName);
    return text;
}

} // namespace

double timeToPixel(qint64 t, qint64 rangeStart, qint64 rangeEnd, double width)
{
    if (rangeEnd <= rangeStart || width <= 0)
        return 0;
    return double(t - rangeStart) * width / double(rangeEnd - rangeStart);
}

qint64 pixelToTime(double x, qint64 rangeStart, qint64 rangeEnd, double width)
{
    if (rangeEnd <= rangeStart || width <= 0)
        return rangeStart;
    return rangeStart + qint64(std::llround(x * double(rangeEnd - rangeStart) / width));
}

QString formatDuration(qint64 ns)
{
    if (ns < 0)
        return u'-' + formatDuration(ns == std::numeric_limits<qint64>::min()
                                         ? std::numeric_limits<qint64>::max()
                                         : -ns);
    if (ns < Microsecond)
        return QString::number(ns) + QStringLiteral("ns");
    if (ns >= Day)
        return compound(ns, Day, "d", Hour, "h");
    if (ns >= Hour)
        return compound(ns, Hour, "h", Minute, "m");
    for (qint64 unit : {Microsecond, Millisecond, Second}) {
        const double value = double(ns) / double(unit);
        const int decimals = value < 10 ? 2 : value < 100 ? 1 : 0;
        const double rounded = std::round(value * std::pow(10, decimals)) / std::pow(10, decimals);
        // 999.7µs rounds to 1000µs: that is "1ms", written in the next unit.
        if (rounded >= 1000 && unit != Second)
            continue;
        if (unit == Second && rounded >= 60)
            break;
        return trimmedFixed(rounded, decimals) + unitName(unit);
    }
    return compound(ns, Minute, "m", Second, "s");
}

QString formatTickLabel(qint64 t, qint64 step)
{
    if (t < 0)
        return u'-' + formatTickLabel(-t, step);
    if (t == 0) {
        const qint64 unit = step >= Second ? Second
            : step >= Millisecond          ? Millisecond
            : step >= Microsecond          ? Microsecond
                                           : 1;
        return u'0' + unitName(unit);
    }
    if (t >= Minute) {
        const qint64 minutes = t / Minute;
        const qint64 rest = t % Minute;
        QString text = QString::number(minutes) + u'm';
        if (rest != 0)
            text += u' ' + exactValue(rest, Second) + u's';
        return text;
    }
    const qint64 unit = t >= Second ? Second
        : t >= Millisecond          ? Millisecond
        : t >= Microsecond          ? Microsecond
                                    : 1;
    return exactValue(t, unit) + unitName(unit);
}

qint64 niceTickStep(qint64 rangeNs, double width, double minSpacingPx)
{
    if (rangeNs <= 0 || width <= 0)
        return 0;
    const double raw = std::max(1.0, double(rangeNs) * std::max(minSpacingPx, 1.0) / width);
    if (raw <= double(10 * Second)) {
        for (qint64 decade = 1;; decade *= 10) {
            for (qint64 mantissa : {10, 20, 25, 50}) {
                const qint64 step = decade * mantissa / 10;
                if (step > 0 && double(step) >= raw)
                    return step;
            }
        }
    }
    static constexpr std::array<qint64, 12> Long = {
        10 * Second, 15 * Second, 30 * Second, Minute, 2 * Minute, 5 * Minute, 10 * Minute,
        15 * Minute, 30 * Minute, Hour, 2 * Hour, 6 * Hour};
    for (qint64 step : Long) {
        if (double(step) >= raw)
            return step;
    }
    qint64 step = 12 * Hour;
    while (double(step) < raw && step < std::numeric_limits<qint64>::max() / 2)
        step *= 2;
    return step;
}

std::vector<RulerTick> rulerTicks(qint64 rangeStart, qint64 rangeEnd, double width,
                                  double minSpacingPx)
{
    std::vector<RulerTick> ticks;
    const qint64 step = niceTickStep(rangeEnd - rangeStart, width, minSpacingPx);
    if (step <= 0)
        return ticks;
    // The first multiple of step at or after rangeStart, for negative starts too.
    qint64 t = rangeStart / step * step;
    if (t < rangeStart)
        t += step;
    for (; t <= rangeEnd; t += step)
        ticks.push_back({t, timeToPixel(t, rangeStart, rangeEnd, width), formatTickLabel(t, step)});
    return ticks;
}

RowRange visibleRows(double scrollY, double viewportHeight, double rowHeight, int rowCount)
{
    if (rowCount <= 0 || rowHeight <= 0 || viewportHeight <= 0)
        return {};
    const double top = std::max(0.0, scrollY);
    const double bottom = scrollY + viewportHeight;
    if (bottom <= 0)
        return {};
    const int first = int(std::floor(top / rowHeight));
    // The row starting exactly at the bottom edge is not visible.
    const int last = int(std::ceil(bottom / rowHeight)) - 1;
    if (first >= rowCount)
        return {};
    return {first, std::min(last, rowCount - 1)};
}

int rowAt(double y, double scrollY, double rowHeight, int rowCount)
{
    if (rowHeight <= 0 || y < 0)
        return -1;
    const double content = y + scrollY;
    if (content < 0)
        return -1;
    const int row = int(std::floor(content / rowHeight));
    return row < rowCount ? row : -1;
}

BarExtent barExtent(qint64 start, qint64 end, qint64 rangeStart, qint64 rangeEnd, double width,
                    double minWidth)
{
    BarExtent bar;
    if (rangeEnd <= rangeStart || width <= 0)
        return bar;
    double x0 = timeToPixel(start, rangeStart, rangeEnd, width);
    double x1 = timeToPixel(std::max(start, end), rangeStart, rangeEnd, width);
    if (x1 - x0 < minWidth)
        x1 = x0 + minWidth;
    bar.visible = x1 >= 0 && x0 <= width;
    bar.clippedLeft = start < rangeStart;
    bar.clippedRight = end > rangeEnd;
    const double margin = std::max(minWidth, 2.0);
    bar.x0 = std::clamp(x0, -margin, width + margin);
    bar.x1 = std::clamp(x1, -margin, width + margin);
    return bar;
}

double treeIndent(int depth, double step, double maxIndent)
{
    return std::clamp(double(depth) * step, 0.0, std::max(0.0, maxIndent));
}

ViewRange clampViewRange(ViewRange r, qint64 total, qint64 minLength)
{
    if (total <= 0)
        return {};
    minLength = std::clamp<qint64>(minLength, 1, total);
    qint64 length = std::clamp(r.length(), minLength, total);
    if (r.length() < minLength) // grow around the middle
        r.start -= (minLength - r.length()) / 2;
    r.start = std::clamp<qint64>(r.start, 0, total - length);
    return {r.start, r.start + length};
}

ViewRange zoomViewRange(ViewRange r, double factor, double anchor, qint64 total,
                        qint64 minLength)
{
    if (total <= 0)
        return {};
    if (!(factor > 0))
        factor = 1;
    anchor = std::clamp(anchor, 0.0, 1.0);
    const double pivot = double(r.start) + anchor * double(r.length());
    const double length = std::min(double(r.length()) * factor, double(total));
    const qint64 start = qint64(std::llround(pivot - anchor * length));
    const qint64 minimum = std::clamp<qint64>(minLength, 1, total);
    const qint64 newLength = std::max<qint64>(qint64(std::llround(length)), minimum);
    // Keep the anchor still when the minimum length wins, too.
    const qint64 anchoredStart = newLength == qint64(std::llround(length))
        ? start
        : qint64(std::llround(pivot - anchor * double(newLength)));
    return clampViewRange({anchoredStart, anchoredStart + newLength}, total, minimum);
}

ViewRange panViewRange(ViewRange r, qint64 delta, qint64 total)
{
    if (total <= 0)
        return {};
    const qint64 length = std::clamp<qint64>(r.length(), 0, total);
    const qint64 start = std::clamp<qint64>(r.start + delta, 0, total - length);
    return {start, start + length};
}

} // namespace traceflow
