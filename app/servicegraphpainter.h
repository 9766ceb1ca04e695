// SPDX-License-Identifier: MIT
#pragma once

#include "graphlayout.h"
#include "servicegraphdata.h"

#include <QColor>
#include <QFont>
#include <QPainterPath>
#include <QPalette>
#include <QString>

class QPainter;

namespace traceflow {

// Paints the parts of a service graph in graph coordinates (the caller sets the zoom
// transform): call arrows, their labels and the service boxes. Colours follow the palette,
// so it reads in the light and the dark theme; services keep their colour from every view.
class ServiceGraphPainter
{
public:
    enum class Emphasis
    {
        Normal,
        Highlighted, // hovered, or touching the hovered service
        Dimmed       // something else is hovered
    };

    ServiceGraphPainter(QPainter &painter, const QPalette &palette, const QFont &font);

    static QPainterPath edgePath(const EdgeRoute &route);
    // 1.5 px for one call up to 9 px for the busiest edge, on a log scale.
    static double edgeWidth(std::uint64_t calls, std::uint64_t maxCalls);
    // Neutral without errors, then from light to full red as the error rate grows.
    QColor edgeColor(double errorRate) const;
    // "1,234" up to 99,999, then "123k", "1.2M"
    static QString count(std::uint64_t n);
    static QString nodeFigures(const ServiceNodeStats &node);
    static QString edgeLabel(const ServiceCallStats &call);
    // The box size that fits the service's name and its figures at any values.
    static QSizeF nodeSize(const QString &service, const QFont &font);

    void paintEdge(const EdgeRoute &route, const ServiceCallStats &call, std::uint64_t maxCalls,
                   Emphasis emphasis);
    // box: from labelRect() or moved along the edge to stay clear of other labels.
    void paintEdgeLabel(const QRectF &box, const ServiceCallStats &call, Emphasis emphasis);
    void paintNode(const QRectF &rect, const ServiceNodeStats &node, Emphasis emphasis);
    // Where an edge's label sits: the middle of its route.
    static QPointF labelAnchor(const EdgeRoute &route);
    // The label's box around labelAnchor(), in graph coordinates (it also takes clicks).
    static QRectF labelRect(const EdgeRoute &route, const ServiceCallStats &call,
                            const QFont &font);

private:
    QPainter &m_painter;
    QPalette m_palette;
    QFont m_font;
    QFont m_small;
    QFont m_bold;
    bool m_dark = false;
    QColor m_error;
};

} // namespace traceflow
