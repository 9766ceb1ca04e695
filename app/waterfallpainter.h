// SPDX-License-Identifier: MIT
#pragma once

#include "waterfallgeometry.h"

#include <QColor>
#include <QFont>

class QPainter;
class QPalette;

namespace traceflow {

class WaterfallScene;

// The waterfall's colours, derived from the widget palette so that a light and a dark
// palette both read well. Service colours come from the scene.
struct WaterfallColors
{
    bool dark = false;
    QColor base;
    QColor text;
    QColor muted;
    QColor grid;
    QColor guide;
    QColor ruler;
    QColor border;
    QColor hover;
    QColor selection;
    QColor selectionEdge;
    QColor match;
    QColor currentMatch;
    QColor error;
    QColor critical;
    QColor orphan;
    QColor skew;

    static WaterfallColors fromPalette(const QPalette &palette);
};

// What the user is pointing at, has selected or is dragging: the painter's non-scene state.
struct WaterfallMarks
{
    int hovered = -1;  // span indexes, -1 for none
    int selected = -1;
    int currentMatch = -1;
    bool criticalPath = true;
    double zoomFrom = -1; // a zoom selection being dragged on the ruler (viewport x), or -1
    double zoomTo = -1;
};

// Paints the ruler and the visible rows of a scene: only rows in the viewport are touched,
// so a frame costs the same for ten spans as for a million.
class WaterfallPainter
{
public:
    WaterfallPainter(const WaterfallScene &scene, const WaterfallGeometry &geometry,
                     const WaterfallColors &colors, const WaterfallMarks &marks, const QFont &font);

    void paint(QPainter &painter) const;

    // Ruler tick spacing and the column title, shared with tests of the ruler.
    static constexpr double MinTickSpacing = 90;

private:
    void paintRuler(QPainter &painter, const std::vector<RulerTick> &ticks) const;
    void paintRow(QPainter &painter, int row, int span) const;
    void paintLabel(QPainter &painter, int row, int span) const;
    void paintBar(QPainter &painter, int row, int span) const;
    void paintBadge(QPainter &painter, QRect &room, const QString &text, const QColor &color) const;

    const WaterfallScene &m_scene;
    const WaterfallGeometry &m_geometry;
    const WaterfallColors &m_colors;
    const WaterfallMarks &m_marks;
    QFont m_font;
    QFont m_bold;
    QFont m_small;
};

} // namespace traceflow
