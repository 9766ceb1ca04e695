// SPDX-License-Identifier: MIT
#include "waterfall.h"

#include "minimap.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace traceflow {

namespace {
constexpr int DividerGrab = 4;
constexpr double PanStep = 0.1;
constexpr double ZoomStep = 0.7;
} // namespace

Waterfall::Waterfall(QWidget *parent)
    : QAbstractScrollArea(parent), m_minimap(new Minimap(m_scene, this)),
      m_colors(WaterfallColors::fromPalette(palette()))
{
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    viewport()->setAutoFillBackground(false);
    setViewportMargins(0, m_minimap->sizeHint().height(), 0, 0);
    connect(m_minimap, &Minimap::viewRangeRequested, this, &Waterfall::setViewRange);
}

Waterfall::~Waterfall() = default;

void Waterfall::setTrace(std::shared_ptr<const AssembledTrace> trace)
{
    m_scene.setTrace(std::move(trace));
    m_marks.hovered = -1;
    m_marks.selected = -1;
    m_marks.currentMatch = -1;
    m_range = {0, m_scene.duration()};
    m_minimap->setViewRange(m_range);
    m_minimap->invalidate();
    updateScrollBar();
    verticalScrollBar()->setValue(0);
    viewport()->update();
    emit viewRangeChanged(m_range);
    emit rowsChanged();
}

int Waterfall::rowHeight() const
{
    return std::max(22, fontMetrics().height() + 10);
}

int Waterfall::rulerHeight() const
{
    return fontMetrics().height() + 12;
}

int Waterfall::labelWidth() const
{
    const int w = viewport()->width();
    const int wanted = m_labelWidth >= 0 ? m_labelWidth
                                         : std::clamp(int(w * m_labelFraction), 220, 480);
    return std::max(std::min(wanted, w - 160), std::min(120, w / 2));
}

WaterfallGeometry Waterfall::viewGeometry() const
{
    WaterfallGeometry g;
    g.width = viewport()->width();
    g.height = viewport()->height();
    g.rulerHeight = rulerHeight();
    g.rowHeight = rowHeight();
    g.labelWidth = labelWidth();
    g.scrollY = verticalScrollBar()->value();
    g.range = m_range;
    return g;
}

int Waterfall::spanAt(const QPoint &pos) const
{
    return rows().spanAt(viewGeometry().rowAt(pos.y(), rows().rowCount()));
}

QRect Waterfall::expanderRect(int span) const
{
    const int row = rows().rowOf(span);
    if (row < 0 || !rows().hasChildren(span))
        return {};
    return viewGeometry().expanderRect(row, rows().depth(span));
}

QRect Waterfall::rowRect(int span) const
{
    const int row = rows().rowOf(span);
    return row < 0 ? QRect() : viewGeometry().rowRect(row);
}

void Waterfall::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    const WaterfallGeometry g = viewGeometry();
    WaterfallPainter(m_scene, g, m_colors, m_marks, font()).paint(painter);
}

bool Waterfall::viewportEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::Resize: {
        const bool handled = QAbstractScrollArea::viewportEvent(event);
        updateScrollBar();
        placeMinimap();
        return handled;
    }
    case QEvent::ToolTip: {
        const auto *help = static_cast<QHelpEvent *>(event);
        if (!showToolTip(help->pos(), help->globalPos()))
            QToolTip::hideText();
        return true;
    }
    case QEvent::Leave:
        setHovered(-1);
        break;
    default:
        break;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void Waterfall::placeMinimap()
{
    const QRect vp = viewport()->geometry();
    const int h = m_minimap->sizeHint().height();
    m_minimap->setGeometry(vp.left(), vp.top() - h, vp.width(), h);
}

void Waterfall::scrollContentsBy(int, int)
{
    viewport()->update();
}

void Waterfall::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        m_colors = WaterfallColors::fromPalette(palette());
        m_minimap->invalidate();
        viewport()->update();
    } else if (event->type() == QEvent::FontChange) {
        setViewportMargins(0, m_minimap->sizeHint().height(), 0, 0);
        updateScrollBar();
    }
}

void Waterfall::updateScrollBar()
{
    const int page = std::max(0, viewport()->height() - rulerHeight());
    const qint64 content = qint64(rows().rowCount()) * rowHeight();
    QScrollBar *bar = verticalScrollBar();
    bar->setRange(0, int(std::clamp<qint64>(content - page, 0, INT_MAX)));
    bar->setPageStep(page);
    bar->setSingleStep(rowHeight());
}

void Waterfall::rowsEdited()
{
    if (m_marks.selected >= 0 && rows().rowOf(m_marks.selected) < 0)
        setSelectedSpan(-1);
    updateScrollBar();
    viewport()->update();
    emit rowsChanged();
}

void Waterfall::ensureRowVisible(int row)
{
    if (row < 0)
        return;
    const int top = row * rowHeight();
    const int page = viewport()->height() - rulerHeight();
    QScrollBar *bar = verticalScrollBar();
    if (top < bar->value())
        bar->setValue(top);
    else if (top + rowHeight() > bar->value() + page)
        bar->setValue(top + rowHeight() - page);
}

// Pans (never zooms) so that some of span's bar is on screen.
void Waterfall::ensureSpanInRange(int span)
{
    const qint64 start = m_scene.startOffset(span);
    const qint64 end = m_scene.endOffset(span);
    if (end >= m_range.start && start <= m_range.end)
        return;
    setViewRange(panViewRange(m_range, start - m_range.start - m_range.length() / 10, m_scene.duration()));
}

void Waterfall::setSelectedSpan(int span)
{
    if (span < -1 || span >= m_scene.spanCount())
        span = -1;
    if (span >= 0 && rows().rowOf(span) < 0) {
        m_scene.rows().reveal(span);
        updateScrollBar();
        emit rowsChanged();
    }
    if (span >= 0) {
        ensureRowVisible(rows().rowOf(span));
        ensureSpanInRange(span);
    }
    if (span == m_marks.selected)
        return;
    m_marks.selected = span;
    viewport()->update();
    emit spanSelected(span);
}

void Waterfall::selectNextRow()
{
    const int row = m_marks.selected < 0 ? 0 : rows().rowOf(m_marks.selected) + 1;
    if (row < rows().rowCount())
        setSelectedSpan(rows().spanAt(row));
}

void Waterfall::selectPreviousRow()
{
    const int row = m_marks.selected < 0 ? rows().rowCount() - 1 : rows().rowOf(m_marks.selected) - 1;
    if (row >= 0)
        setSelectedSpan(rows().spanAt(row));
}

void Waterfall::setHovered(int span)
{
    if (span == m_marks.hovered)
        return;
    m_marks.hovered = span;
    viewport()->update();
}

void Waterfall::setMatches(std::vector<int> matches)
{
    m_scene.setMatches(std::move(matches));
    m_marks.currentMatch = -1;
    viewport()->update();
}

void Waterfall::setCurrentMatch(int span)
{
    m_marks.currentMatch = span;
    viewport()->update();
}

void Waterfall::toggleCollapsed(int span)
{
    if (m_scene.rows().toggle(span))
        rowsEdited();
}

void Waterfall::collapseAll()
{
    m_scene.rows().collapseAll();
    rowsEdited();
}

void Waterfall::expandAll()
{
    m_scene.rows().expandAll();
    rowsEdited();
}

void Waterfall::expandOneLevel()
{
    if (m_scene.rows().expandOneLevel())
        rowsEdited();
}

void Waterfall::collapseOneLevel()
{
    if (m_scene.rows().collapseOneLevel())
        rowsEdited();
}

void Waterfall::setViewRange(ViewRange range)
{
    const qint64 total = m_scene.duration();
    // Down to a nanosecond for short traces, a millionth of the trace for long ones.
    const qint64 minLength = std::clamp<qint64>(total / 1'000'000, 1, total);
    range = clampViewRange(range, total, minLength);
    if (range == m_range)
        return;
    m_range = range;
    m_minimap->setViewRange(m_range);
    viewport()->update();
    emit viewRangeChanged(m_range);
}

void Waterfall::resetZoom()
{
    setViewRange({0, m_scene.duration()});
}

void Waterfall::zoomBy(double factor, double anchor)
{
    const qint64 total = m_scene.duration();
    setViewRange(zoomViewRange(m_range, factor, anchor, total, std::clamp<qint64>(total / 1'000'000, 1, total)));
}

void Waterfall::panBy(double fraction)
{
    setViewRange(panViewRange(m_range, qint64(std::llround(fraction * double(m_range.length()))),
                              m_scene.duration()));
}

void Waterfall::zoomToSpan(int span)
{
    if (span < 0 || span >= m_scene.spanCount())
        return;
    const qint64 start = m_scene.startOffset(span);
    const qint64 length = std::max<qint64>(1, m_scene.endOffset(span) - start);
    setViewRange({start - length / 20, start + length + length / 20});
}

void Waterfall::setShowCriticalPath(bool show)
{
    if (show == m_marks.criticalPath)
        return;
    m_marks.criticalPath = show;
    viewport()->update();
}

// Input ----------------------------------------------------------------------------------

void Waterfall::keyPressEvent(QKeyEvent *event)
{
    // Ctrl and Alt combinations belong to shortcuts (ctrl+F finds, ctrl+A...), not to w/a/s/d.
    if (event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) {
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    const int page = std::max(rowHeight(), viewport()->height() - rulerHeight() - rowHeight());
    QScrollBar *bar = verticalScrollBar();
    switch (event->key()) {
    case Qt::Key_W: bar->setValue(bar->value() - page); break;
    case Qt::Key_S: bar->setValue(bar->value() + page); break;
    case Qt::Key_A:
    case Qt::Key_Left: panBy(shift ? -4 * PanStep : -PanStep); break;
    case Qt::Key_D:
    case Qt::Key_Right: panBy(shift ? 4 * PanStep : PanStep); break;
    case Qt::Key_Up: zoomBy(shift ? ZoomStep * ZoomStep * ZoomStep : ZoomStep); break;
    case Qt::Key_Down: zoomBy(shift ? 1 / (ZoomStep * ZoomStep * ZoomStep) : 1 / ZoomStep); break;
    case Qt::Key_BracketRight: collapseAll(); break;
    case Qt::Key_BracketLeft: expandAll(); break;
    case Qt::Key_P: collapseOneLevel(); break;
    case Qt::Key_O: expandOneLevel(); break;
    case Qt::Key_F: selectNextRow(); break;
    case Qt::Key_B: selectPreviousRow(); break;
    case Qt::Key_0: resetZoom(); break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        if (m_marks.selected >= 0)
            toggleCollapsed(m_marks.selected);
        break;
    case Qt::Key_Escape:
        if (m_marks.selected < 0) {
            event->ignore();
            return;
        }
        setSelectedSpan(-1);
        break;
    default: QAbstractScrollArea::keyPressEvent(event); return;
    }
    event->accept();
}

void Waterfall::wheelEvent(QWheelEvent *event)
{
    const QPoint delta = event->angleDelta();
    const WaterfallGeometry g = viewGeometry();
    if (event->modifiers() & Qt::ControlModifier) {
        const double anchor = g.timelineWidth() > 0
            ? (event->position().x() - g.timelineLeft()) / g.timelineWidth()
            : 0.5;
        zoomBy(std::pow(0.85, delta.y() / 120.0), std::clamp(anchor, 0.0, 1.0));
        event->accept();
        return;
    }
    const int sideways = (event->modifiers() & Qt::ShiftModifier) ? delta.y() : delta.x();
    if (sideways != 0 && std::abs(sideways) >= std::abs(delta.y()) / 2) {
        panBy(-sideways / 120.0 * PanStep);
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

void Waterfall::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    const QPoint pos = event->position().toPoint();
    const WaterfallGeometry g = viewGeometry();
    if (std::abs(pos.x() - g.labelWidth) <= DividerGrab) {
        m_drag = Drag::Divider;
        return;
    }
    if (pos.y() < g.rulerHeight) {
        if (pos.x() >= g.timelineLeft() && !m_scene.isEmpty()) {
            m_drag = Drag::Zoom;
            m_marks.zoomFrom = m_marks.zoomTo = pos.x();
            viewport()->update();
        }
        return;
    }
    const int span = spanAt(pos);
    if (span < 0)
        return;
    if (expanderRect(span).adjusted(-3, -3, 3, 3).contains(pos)) {
        toggleCollapsed(span);
        return;
    }
    setSelectedSpan(span);
}

void Waterfall::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    const WaterfallGeometry g = viewGeometry();
    switch (m_drag) {
    case Drag::Divider:
        m_labelWidth = std::clamp(pos.x(), 120, std::max(120, g.width - 160));
        viewport()->update();
        return;
    case Drag::Zoom:
        m_marks.zoomTo = pos.x();
        viewport()->update();
        return;
    case Drag::None:
        break;
    }
    const bool onDivider = std::abs(pos.x() - g.labelWidth) <= DividerGrab;
    viewport()->setCursor(onDivider ? Qt::SplitHCursor
                          : pos.y() < g.rulerHeight && pos.x() >= g.timelineLeft() ? Qt::IBeamCursor
                                                                                   : Qt::ArrowCursor);
    setHovered(pos.y() < g.rulerHeight ? -1 : spanAt(pos));
}

void Waterfall::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_drag == Drag::Zoom) {
        const WaterfallGeometry g = viewGeometry();
        const double from = std::min(m_marks.zoomFrom, m_marks.zoomTo);
        const double to = std::max(m_marks.zoomFrom, m_marks.zoomTo);
        m_marks.zoomFrom = m_marks.zoomTo = -1;
        if (to - from >= 4)
            setViewRange({g.offsetAt(from), g.offsetAt(to)});
        viewport()->update();
    }
    m_drag = Drag::None;
    QAbstractScrollArea::mouseReleaseEvent(event);
}

void Waterfall::mouseDoubleClickEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    const WaterfallGeometry g = viewGeometry();
    if (event->button() != Qt::LeftButton)
        return;
    if (pos.y() < g.rulerHeight) {
        resetZoom();
        return;
    }
    const int span = spanAt(pos);
    if (span < 0 || expanderRect(span).adjusted(-3, -3, 3, 3).contains(pos))
        return;
    if (pos.x() < g.labelWidth)
        toggleCollapsed(span);
    else
        zoomToSpan(span);
}

void Waterfall::contextMenuEvent(QContextMenuEvent *event)
{
    // Delivered through the viewport, so pos() is in viewport coordinates.
    const int span = event->reason() == QContextMenuEvent::Mouse ? spanAt(event->pos())
                                                                 : m_marks.selected;
    QMenu menu(this);
    if (span >= 0) {
        setSelectedSpan(span);
        const Span &s = m_scene.span(span).span;
        menu.addAction(tr("Copy Span ID"), this, [id = s.spanId.toString()] {
            QApplication::clipboard()->setText(id);
        });
        menu.addAction(tr("Copy Operation Name"), this, [name = s.operation()] {
            QApplication::clipboard()->setText(name);
        });
        menu.addSeparator();
        if (rows().hasChildren(span)) {
            menu.addAction(rows().isCollapsed(span) ? tr("Expand Subtree") : tr("Collapse Subtree"),
                           this, [this, span] { toggleCollapsed(span); });
        }
        menu.addAction(tr("Zoom to Span"), this, [this, span] { zoomToSpan(span); });
        menu.addSeparator();
    }
    menu.addAction(tr("Expand All"), this, &Waterfall::expandAll);
    menu.addAction(tr("Collapse All"), this, &Waterfall::collapseAll);
    menu.addAction(tr("Show Whole Trace"), this, &Waterfall::resetZoom);
    menu.exec(event->globalPos());
}

bool Waterfall::showToolTip(const QPoint &pos, const QPoint &globalPos)
{
    const WaterfallGeometry g = viewGeometry();
    const int span = pos.y() < g.rulerHeight ? -1 : spanAt(pos);
    if (span < 0)
        return false;
    const AssembledSpan &s = m_scene.span(span);
    QString text = QStringLiteral("<b>%1</b>&nbsp; %2<br>")
                       .arg(s.span.service().toHtmlEscaped(), s.span.operation().toHtmlEscaped());
    text += tr("Duration: <b>%1</b> &nbsp;Self time: %2<br>Start: +%3")
                .arg(formatDuration(s.span.durationNs), formatDuration(s.selfTimeNs),
                     formatDuration(m_scene.startOffset(span)));
    if (s.span.isError()) {
        const QString message = s.span.statusMessage();
        text += QStringLiteral("<br><span style=\"color:%1\">%2</span>")
                    .arg(m_colors.error.name(),
                         message.isEmpty() ? tr("Error") : tr("Error: %1").arg(message.toHtmlEscaped()));
    }
    if (s.orphan)
        text += tr("<br>Orphan: its parent span never arrived");
    if (s.skewNs != 0)
        text += tr("<br>Clock skew adjusted by %1").arg(formatDuration(s.skewNs));
    if (rows().isCollapsed(span)) {
        const int hidden = rows().descendantCount(span);
        text += hidden == 1 ? tr("<br>1 span hidden") : tr("<br>%1 spans hidden").arg(hidden);
    }
    QToolTip::showText(globalPos, text, viewport(), rowRect(span));
    return true;
}

} // namespace traceflow
