// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QtGlobal>

#include <vector>

// Pixel/time math of the trace waterfall, free of widgets so that it is tested without a
// screen. Times are nanoseconds; a view shows the time range [rangeStart, rangeEnd] over a
// width in pixels. The waterfall works in offsets from the trace start, so tick labels read
// "0ms", "250ms", "1.5s".
namespace traceflow {

// Returns 0 when the range is empty (rangeEnd <= rangeStart) or width <= 0.
double timeToPixel(qint64 t, qint64 rangeStart, qint64 rangeEnd, double width);
// Rounded to the nearest ns; returns rangeStart when the range is empty or width <= 0.
qint64 pixelToTime(double x, qint64 rangeStart, qint64 rangeEnd, double width);

// "850ns", "42µs", "1.25ms", "3.2s", "1m 5s", "2h 5m": three significant digits below a
// minute, trailing zeros dropped; negative durations get a leading '-'; 0 is "0ns".
QString formatDuration(qint64 ns);
// A ruler label for offset t (a multiple of step): exact, trailing zeros dropped ("1.25ms",
// "1.5s", "1m 2.5s"); 0 takes the unit of step ("0ms" for a 250ms step).
QString formatTickLabel(qint64 t, qint64 step);

// The smallest "nice" step (1, 2, 2.5 or 5 x 10^k ns; 10s, 15s, 30s, 1m, 2m, 5m... above
// 10s) whose ticks are at least minSpacingPx apart. Returns 0 when rangeNs <= 0 or
// width <= 0.
qint64 niceTickStep(qint64 rangeNs, double width, double minSpacingPx);

struct RulerTick
{
    qint64 timeNs = 0;
    double x = 0;
    QString label;
};

// Ticks at the multiples of niceTickStep() inside [rangeStart, rangeEnd], both ends included.
// Empty when the range is empty or width <= 0.
std::vector<RulerTick> rulerTicks(qint64 rangeStart, qint64 rangeEnd, double width,
                                  double minSpacingPx);

// Inclusive row window; empty when last < first.
struct RowRange
{
    int first = 0;
    int last = -1;
    bool isEmpty() const { return last < first; }
    int count() const { return isEmpty() ? 0 : last - first + 1; }
};

// Rows intersecting [scrollY, scrollY + viewportHeight). Empty when there are no rows,
// rowHeight <= 0 or viewportHeight <= 0.
RowRange visibleRows(double scrollY, double viewportHeight, double rowHeight, int rowCount);
// The row under y (y measured from the top of the rows area, before scrolling); -1 when y is
// above the first row or below the last.
int rowAt(double y, double scrollY, double rowHeight, int rowCount);

// A span's bar in view coordinates, clipped to a little outside [0, width] so that painters
// never see huge coordinates; at least minWidth wide so that instant spans stay visible.
struct BarExtent
{
    double x0 = 0;
    double x1 = 0;
    bool visible = false;    // some part lies inside [0, width]
    bool clippedLeft = false;  // the span starts before the view
    bool clippedRight = false; // the span ends after the view
};
BarExtent barExtent(qint64 start, qint64 end, qint64 rangeStart, qint64 rangeEnd, double width,
                    double minWidth);

// Horizontal offset of a label at depth: depth * step, but never more than maxIndent so
// that very deep trees keep room for their names.
double treeIndent(int depth, double step, double maxIndent);

// The part of a trace a waterfall shows, in offsets from the trace start.
struct ViewRange
{
    qint64 start = 0;
    qint64 end = 0;
    qint64 length() const { return end - start; }
    friend bool operator==(const ViewRange &, const ViewRange &) = default;
};

// r moved and shrunk as needed to lie inside [0, total] and be at least minLength long
// (minLength is capped at total; a total <= 0 gives [0, 0]).
ViewRange clampViewRange(ViewRange r, qint64 total, qint64 minLength);
// r scaled by factor (< 1 zooms in) around the point anchor (0 = left edge, 1 = right edge)
// of the way across it, then clamped as clampViewRange does.
ViewRange zoomViewRange(ViewRange r, double factor, double anchor, qint64 total,
                        qint64 minLength);
// r moved by delta ns, keeping its length, stopped at 0 and total.
ViewRange panViewRange(ViewRange r, qint64 delta, qint64 total);

} // namespace traceflow
