// SPDX-License-Identifier: MIT
#include "waterfallgeometry.h"

namespace traceflow {

double WaterfallGeometry::xOf(qint64 offset) const
{
    return timelineLeft() + timeToPixel(offset, range.start, range.end, timelineWidth());
}

qint64 WaterfallGeometry::offsetAt(double x) const
{
    return pixelToTime(x - timelineLeft(), range.start, range.end, timelineWidth());
}

BarExtent WaterfallGeometry::bar(qint64 startOffset, qint64 endOffset, double minWidth) const
{
    BarExtent extent = barExtent(startOffset, endOffset, range.start, range.end, timelineWidth(),
                                 minWidth);
    extent.x0 += timelineLeft();
    extent.x1 += timelineLeft();
    return extent;
}

RowRange WaterfallGeometry::visibleRows(int rowCount) const
{
    return traceflow::visibleRows(scrollY, height - rulerHeight, rowHeight, rowCount);
}

int WaterfallGeometry::rowAt(int y, int rowCount) const
{
    return traceflow::rowAt(y - rulerHeight, scrollY, rowHeight, rowCount);
}

double WaterfallGeometry::indent(int depth) const
{
    return treeIndent(depth, IndentStep, labelWidth * 0.4);
}

QRect WaterfallGeometry::expanderRect(int row, int depth) const
{
    const int x = LabelMargin + int(indent(depth));
    return {x, rowTop(row) + (rowHeight - ExpanderSize) / 2, ExpanderSize, ExpanderSize};
}

} // namespace traceflow
