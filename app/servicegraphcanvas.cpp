// SPDX-License-Identifier: MIT
#include "servicegraphcanvas.h"

#include "servicegraphpainter.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace traceflow {

namespace {
constexpr double MinScale = 0.1;
constexpr double MaxScale = 4.0;
constexpr double FitMargin = 24;
constexpr double HitTolerance = 6; // pixels around an arrow that still hit it
constexpr int DragThreshold = 4;
constexpr std::size_t LabelLimit = 60; // more calls than this: labels only on hover
} // namespace

ServiceGraphCanvas::ServiceGraphCanvas(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("serviceGraphCanvas"));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    m_emptyText = tr("No services yet");
}

void ServiceGraphCanvas::setEmptyText(const QString &text)
{
    m_emptyText = text;
    update();
}

void ServiceGraphCanvas::setGraph(const ServiceGraphData &graph)
{
    if (graph == m_graph)
        return; // polling found nothing new: no relayout, no repaint
    m_graph = graph;
    relayout();
    placeLabels();
    update();
}

bool ServiceGraphCanvas::labelsShown() const
{
    return m_graph.calls.size() <= LabelLimit && m_scale >= 0.45;
}

void ServiceGraphCanvas::placeLabels()
{
    m_labels.assign(m_graph.calls.size(), QRectF());
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < m_graph.calls.size() && i < m_layout.edges.size(); ++i)
        order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
        return m_graph.calls[a].calls > m_graph.calls[b].calls;
    });
    std::vector<QRectF> taken(m_layout.nodes.begin(), m_layout.nodes.end());
    for (std::size_t i : order) {
        const EdgeRoute &route = m_layout.edges[i];
        const QRectF natural = ServiceGraphPainter::labelRect(route, m_graph.calls[i], font());
        if (natural.isEmpty())
            continue;
        const QPainterPath path = ServiceGraphPainter::edgePath(route);
        QRectF chosen = natural;
        // The middle first, then outwards along the curve.
        for (double t : {0.5, 0.4, 0.6, 0.32, 0.68, 0.25, 0.75}) {
            QRectF box = natural;
            if (!route.selfLoop)
                box.moveCenter(path.pointAtPercent(t));
            const QRectF padded = box.adjusted(-3, -2, 3, 2);
            if (std::none_of(taken.begin(), taken.end(),
                             [&padded](const QRectF &r) { return r.intersects(padded); })) {
                chosen = box;
                break;
            }
        }
        m_labels[i] = chosen;
        taken.push_back(chosen);
    }
}

QSizeF ServiceGraphCanvas::nodeSize(const QString &service) const
{
    return ServiceGraphPainter::nodeSize(service, font());
}

void ServiceGraphCanvas::relayout()
{
    QStringList key;
    for (const ServiceNodeStats &n : m_graph.nodes)
        key.append(n.service);
    key.append(QString());
    for (const ServiceCallStats &c : m_graph.calls)
        key.append(c.parent + u'\n' + c.child);
    if (key == m_topologyKey)
        return; // same services and calls: the drawing stays where it is
    m_topologyKey = key;
    std::vector<QSizeF> sizes;
    sizes.reserve(m_graph.nodes.size());
    for (const ServiceNodeStats &n : m_graph.nodes)
        sizes.push_back(nodeSize(n.service));
    std::vector<std::pair<int, int>> edges;
    edges.reserve(m_graph.calls.size());
    for (const ServiceCallStats &c : m_graph.calls)
        edges.emplace_back(m_graph.nodeIndex(c.parent), m_graph.nodeIndex(c.child));
    GraphLayoutOptions options;
    options.layerGap = 190; // room for an edge label between the layers
    options.nodeGap = 34;
    m_layout = GraphLayout::compute(sizes, edges, options);
    m_hoverNode = m_hoverEdge = -1;
    if (m_autoFit)
        fitToView();
}

void ServiceGraphCanvas::fitToView()
{
    m_autoFit = true;
    const QRectF bounds = m_layout.bounds.adjusted(-FitMargin, -FitMargin, FitMargin, FitMargin);
    if (m_layout.nodes.empty() || bounds.isEmpty() || width() <= 0 || height() <= 0) {
        m_scale = 1.0;
        m_offset = QPointF();
        update();
        return;
    }
    // Never enlarge past 1:1: a small graph stays at its natural size, centred.
    m_scale = std::clamp(std::min({width() / bounds.width(), height() / bounds.height(), 1.0}),
                         MinScale, MaxScale);
    const QPointF center = bounds.center() * m_scale;
    m_offset = QPointF(width() / 2.0, height() / 2.0) - center;
    update();
}

void ServiceGraphCanvas::zoomBy(double factor, QPointF anchor)
{
    const QPointF fixed = toGraph(anchor);
    m_scale = std::clamp(m_scale * factor, MinScale, MaxScale);
    m_offset = anchor - fixed * m_scale;
    m_autoFit = false;
    update();
}

QPoint ServiceGraphCanvas::servicePosition(const QString &service) const
{
    const int i = m_graph.nodeIndex(service);
    if (i < 0 || std::size_t(i) >= m_layout.nodes.size())
        return {-1, -1};
    return toWidget(m_layout.nodes[std::size_t(i)].center()).toPoint();
}

QPoint ServiceGraphCanvas::callPosition(const QString &parent, const QString &child) const
{
    for (std::size_t i = 0; i < m_graph.calls.size(); ++i) {
        const ServiceCallStats &c = m_graph.calls[i];
        if (c.parent == parent && c.child == child && i < m_layout.edges.size()) {
            if (labelsShown() && i < m_labels.size() && !m_labels[i].isEmpty())
                return toWidget(m_labels[i].center()).toPoint();
            const QPainterPath path = ServiceGraphPainter::edgePath(m_layout.edges[i]);
            return toWidget(path.pointAtPercent(0.5)).toPoint();
        }
    }
    return {-1, -1};
}

std::pair<int, int> ServiceGraphCanvas::hitAt(QPointF widgetPoint) const
{
    const QPointF p = toGraph(widgetPoint);
    const int node = m_layout.nodeAt(p);
    if (node >= 0)
        return {node, -1};
    // A call's label is drawn over the arrows, so a click on it means that call.
    if (labelsShown()) {
        for (std::size_t i = m_labels.size(); i-- > 0;) {
            if (m_labels[i].contains(p))
                return {-1, int(i)};
        }
    }
    return {-1, m_layout.edgeAt(p, HitTolerance / m_scale)};
}

void ServiceGraphCanvas::updateHover(QPointF widgetPoint)
{
    const auto [node, edge] = hitAt(widgetPoint);
    if (node == m_hoverNode && edge == m_hoverEdge)
        return;
    m_hoverNode = node;
    m_hoverEdge = edge;
    setCursor(node >= 0 || edge >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    update();
}

QString ServiceGraphCanvas::toolTipAt(QPointF widgetPoint) const
{
    const auto [node, edge] = hitAt(widgetPoint);
    if (node >= 0) {
        const ServiceNodeStats &n = m_graph.nodes[std::size_t(node)];
        return tr("<b>%1</b><br>%2 requests, %3 errors (%4%)<br>p95 %5 ms<br>"
                  "<i>Click to list its traces</i>")
            .arg(n.service.toHtmlEscaped(), ServiceGraphPainter::count(n.requests),
                 ServiceGraphPainter::count(n.errors), QString::number(n.errorRate() * 100, 'f', 1),
                 QString::number(n.p95Ms, 'f', 2));
    }
    if (edge >= 0) {
        const ServiceCallStats &c = m_graph.calls[std::size_t(edge)];
        return tr("<b>%1 \u2192 %2</b><br>%3 calls, %4 errors (%5%)<br>p95 %6 ms<br>"
                  "<i>Click to list the traces with this call</i>")
            .arg(c.parent.toHtmlEscaped(), c.child.toHtmlEscaped(),
                 ServiceGraphPainter::count(c.calls), ServiceGraphPainter::count(c.errors),
                 QString::number(c.errorRate() * 100, 'f', 1), QString::number(c.p95Ms, 'f', 2));
    }
    return {};
}

bool ServiceGraphCanvas::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void ServiceGraphCanvas::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (m_graph.nodes.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
        return;
    }
    p.translate(m_offset);
    p.scale(m_scale, m_scale);
    ServiceGraphPainter painter(p, palette(), font());
    using Emphasis = ServiceGraphPainter::Emphasis;
    const bool hovering = m_hoverNode >= 0 || m_hoverEdge >= 0;
    std::vector<Emphasis> nodeEmphasis(m_graph.nodes.size(),
                                       hovering ? Emphasis::Dimmed : Emphasis::Normal);
    std::vector<Emphasis> edgeEmphasis(m_graph.calls.size(),
                                       hovering ? Emphasis::Dimmed : Emphasis::Normal);
    std::uint64_t maxCalls = 0;
    for (std::size_t i = 0; i < m_graph.calls.size(); ++i) {
        const ServiceCallStats &c = m_graph.calls[i];
        maxCalls = std::max(maxCalls, c.calls);
        const int from = m_graph.nodeIndex(c.parent);
        const int to = m_graph.nodeIndex(c.child);
        // Hovering a service lights its calls and the services at their other ends.
        if (int(i) == m_hoverEdge || from == m_hoverNode || to == m_hoverNode) {
            edgeEmphasis[i] = Emphasis::Highlighted;
            for (int n : {from, to})
                nodeEmphasis[std::size_t(n)] = n == m_hoverNode || m_hoverEdge == int(i)
                    ? Emphasis::Highlighted
                    : Emphasis::Normal;
        }
    }
    if (m_hoverNode >= 0)
        nodeEmphasis[std::size_t(m_hoverNode)] = Emphasis::Highlighted;
    for (std::size_t i = 0; i < m_graph.calls.size() && i < m_layout.edges.size(); ++i)
        painter.paintEdge(m_layout.edges[i], m_graph.calls[i], maxCalls, edgeEmphasis[i]);
    const bool allLabels = labelsShown();
    for (std::size_t i = 0; i < m_labels.size(); ++i) {
        if (allLabels || edgeEmphasis[i] == Emphasis::Highlighted)
            painter.paintEdgeLabel(m_labels[i], m_graph.calls[i], edgeEmphasis[i]);
    }
    for (std::size_t i = 0; i < m_graph.nodes.size() && i < m_layout.nodes.size(); ++i)
        painter.paintNode(m_layout.nodes[i], m_graph.nodes[i], nodeEmphasis[i]);
}

void ServiceGraphCanvas::resizeEvent(QResizeEvent *)
{
    if (m_autoFit)
        fitToView();
}

void ServiceGraphCanvas::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0)
        zoomBy(std::pow(1.15, steps), event->position());
    event->accept();
}

void ServiceGraphCanvas::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    m_pressed = true;
    m_dragging = false;
    m_pressAt = event->position().toPoint();
    m_pressOffset = m_offset;
}

void ServiceGraphCanvas::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint at = event->position().toPoint();
    if (m_pressed && (m_dragging || (at - m_pressAt).manhattanLength() > DragThreshold)) {
        m_dragging = true;
        m_autoFit = false;
        m_offset = m_pressOffset + (at - m_pressAt);
        setCursor(Qt::ClosedHandCursor);
        update();
        return;
    }
    updateHover(event->position());
}

void ServiceGraphCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_pressed)
        return QWidget::mouseReleaseEvent(event);
    m_pressed = false;
    if (m_dragging) {
        m_dragging = false;
        updateHover(event->position());
        return;
    }
    const auto [node, edge] = hitAt(event->position());
    if (node >= 0)
        Q_EMIT serviceClicked(m_graph.nodes[std::size_t(node)].service);
    else if (edge >= 0)
        Q_EMIT callClicked(m_graph.calls[std::size_t(edge)].parent,
                           m_graph.calls[std::size_t(edge)].child);
}

void ServiceGraphCanvas::mouseDoubleClickEvent(QMouseEvent *event)
{
    const auto [node, edge] = hitAt(event->position());
    if (node < 0 && edge < 0)
        fitToView();
}

void ServiceGraphCanvas::keyPressEvent(QKeyEvent *event)
{
    const QPointF center(width() / 2.0, height() / 2.0);
    switch (event->key()) {
    case Qt::Key_F:
        fitToView();
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(1.25, center);
        break;
    case Qt::Key_Minus:
        zoomBy(1 / 1.25, center);
        break;
    case Qt::Key_0:
        zoomBy(1.0 / m_scale, center);
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}

void ServiceGraphCanvas::leaveEvent(QEvent *)
{
    if (m_hoverNode >= 0 || m_hoverEdge >= 0) {
        m_hoverNode = m_hoverEdge = -1;
        update();
    }
}

} // namespace traceflow
