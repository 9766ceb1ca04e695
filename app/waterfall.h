// SPDX-License-Identifier: MIT
#pragma once

#include "waterfallgeometry.h"
#include "waterfallpainter.h"
#include "waterfallscene.h"

#include <QAbstractScrollArea>

#include <memory>

namespace traceflow {

class Minimap;

// The trace waterfall: a time ruler, a minimap with a range selector, and one row per shown
// span (tree label on the left, bar at its time on the right). Painted with QPainter from a
// WaterfallScene; only the rows in the viewport are laid out and painted.
//
// Mouse: click a row to select it, its arrow to collapse/expand the subtree; double-click a
// bar to zoom to it; drag on the ruler to zoom to a range; drag the column divider; ctrl+wheel
// zooms at the pointer, shift+wheel pans. Keys (Jaeger's): w/s scroll, a/d and left/right pan,
// up/down zoom (shift for larger steps), ] collapse all, [ expand all, p/o collapse/expand one
// level, f/b select the next/previous row, enter/space toggle the selected subtree, 0 shows
// the whole trace, escape clears the selection.
class Waterfall : public QAbstractScrollArea
{
    Q_OBJECT

public:
    explicit Waterfall(QWidget *parent = nullptr);
    ~Waterfall() override;

    void setTrace(std::shared_ptr<const AssembledTrace> trace);
    const WaterfallScene &scene() const { return m_scene; }
    const WaterfallRows &rows() const { return m_scene.rows(); }
    Minimap *minimap() const { return m_minimap; }

    // Span indexes into the trace; -1 for none. Selecting reveals a hidden span (expanding its
    // ancestors) and scrolls it into view.
    int selectedSpan() const { return m_marks.selected; }
    void setSelectedSpan(int span);
    void selectNextRow();
    void selectPreviousRow();
    int hoveredSpan() const { return m_marks.hovered; }

    // Find results (ascending span indexes) and the one to show as current (-1 for none).
    void setMatches(std::vector<int> matches);
    void setCurrentMatch(int span);

    void toggleCollapsed(int span);
    void collapseAll();
    void expandAll();
    void expandOneLevel();
    void collapseOneLevel();

    ViewRange viewRange() const { return m_range; }
    // Clamped to the trace, at least a few ns long.
    void setViewRange(ViewRange range);
    void resetZoom();
    // factor < 1 zooms in; anchor is the fraction across the timeline that stays put.
    void zoomBy(double factor, double anchor = 0.5);
    // Moves the view by fraction of its length (negative: earlier).
    void panBy(double fraction);
    void zoomToSpan(int span);

    bool showsCriticalPath() const { return m_marks.criticalPath; }
    void setShowCriticalPath(bool show);

    // Layout in viewport coordinates, for tests and tooltips.
    WaterfallGeometry viewGeometry() const;
    int spanAt(const QPoint &viewportPos) const;
    // The collapse/expand arrow of span; empty when span has no children or no row.
    QRect expanderRect(int span) const;
    // The row of span; empty when it has none.
    QRect rowRect(int span) const;

signals:
    void spanSelected(int span);
    void viewRangeChanged(traceflow::ViewRange range);
    void rowsChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void changeEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    enum class Drag { None, Divider, Zoom };

    int rowHeight() const;
    int rulerHeight() const;
    int labelWidth() const;
    void rowsEdited();
    void updateScrollBar();
    void placeMinimap();
    void ensureRowVisible(int row);
    void ensureSpanInRange(int span);
    void setHovered(int span);
    bool showToolTip(const QPoint &pos, const QPoint &globalPos);

    WaterfallScene m_scene;
    Minimap *m_minimap = nullptr;
    WaterfallMarks m_marks;
    WaterfallColors m_colors;
    ViewRange m_range;
    double m_labelFraction = 0.3; // of the viewport width, until the divider is dragged
    int m_labelWidth = -1;        // set by dragging the divider
    Drag m_drag = Drag::None;
};

} // namespace traceflow
