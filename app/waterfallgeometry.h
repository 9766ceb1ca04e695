// SPDX-License-Identifier: MIT
#pragma once

#include "waterfalllayout.h"

#include <QRect>

#include <algorithm>

namespace traceflow {

// Where things are in a waterfall's viewport: the ruler on top, then the rows; each row has
// the label column on the left and the timeline on the right. Shared by painting and
// hit-testing, so a click lands where the painter drew. The pixel math itself is the pure
// functions of waterfalllayout.h.
struct WaterfallGeometry
{
    static constexpr int TimelinePadding = 12;
    static constexpr int IndentStep = 14;
    static constexpr int ExpanderSize = 14;
    static constexpr int LabelMargin = 6;

    int width = 0;
    int height = 0;
    int rulerHeight = 0;
    int rowHeight = 1;
    int labelWidth = 0;
    int scrollY = 0; // pixels of rows scrolled off the top
    ViewRange range; // offsets from the trace start

    int timelineLeft() const { return labelWidth + TimelinePadding; }
    int timelineWidth() const { return std::max(0, width - labelWidth - 2 * TimelinePadding); }
    double xOf(qint64 offset) const;
    qint64 offsetAt(double x) const;
    BarExtent bar(qint64 startOffset, qint64 endOffset, double minWidth = 2) const;

    RowRange visibleRows(int rowCount) const;
    // -1 when y is on the ruler or below the last row.
    int rowAt(int y, int rowCount) const;
    int rowTop(int row) const { return rulerHeight + row * rowHeight - scrollY; }
    QRect rowRect(int row) const { return {0, rowTop(row), width, rowHeight}; }

    double indent(int depth) const;
    QRect expanderRect(int row, int depth) const;
    // x where a row's service swatch starts.
    int swatchLeft(int depth) const { return expanderRect(0, depth).right() + 3; }
};

} // namespace traceflow
