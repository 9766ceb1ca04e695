// SPDX-License-Identifier: MIT
#pragma once

#include "graphlayout.h"
#include "servicegraphdata.h"

#include <QPoint>
#include <QString>
#include <QWidget>

namespace traceflow {

// Draws a ServiceGraphData left to right (GraphLayout): services as boxes with their request
// figures, calls as arrows whose width grows with the call count and which turn red with
// errors. Wheel zooms around the cursor, dragging pans, F or double-click fits; a click on a
// box or an arrow is reported. New figures for the same services and calls keep the layout
// and the user's zoom; the drawing fits itself until the user zooms or pans.
class ServiceGraphCanvas : public QWidget
{
    Q_OBJECT
public:
    explicit ServiceGraphCanvas(QWidget *parent = nullptr);

    void setGraph(const ServiceGraphData &graph);
    const ServiceGraphData &graph() const { return m_graph; }
    const GraphLayout &layout() const { return m_layout; }
    // Shown in the middle while the graph has no services.
    void setEmptyText(const QString &text);

    void fitToView();
    // Zooms by factor keeping the graph point under anchor (widget coordinates) in place.
    void zoomBy(double factor, QPointF anchor);
    double scale() const { return m_scale; }
    QPointF toWidget(QPointF graphPoint) const { return graphPoint * m_scale + m_offset; }
    QPointF toGraph(QPointF widgetPoint) const { return (widgetPoint - m_offset) / m_scale; }

    // Widget positions to click, for tests and tools; (-1, -1) when absent.
    QPoint servicePosition(const QString &service) const;
    QPoint callPosition(const QString &parent, const QString &child) const;

    QSize sizeHint() const override { return {900, 560}; }

Q_SIGNALS:
    void serviceClicked(const QString &service);
    void callClicked(const QString &parent, const QString &child);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    void relayout();
    // Puts each call's label on its edge where it overlaps no box and no busier call's label.
    void placeLabels();
    bool labelsShown() const;
    QSizeF nodeSize(const QString &service) const;
    // The node or edge under a widget position: (node, edge), -1 each when none.
    std::pair<int, int> hitAt(QPointF widgetPoint) const;
    void updateHover(QPointF widgetPoint);
    QString toolTipAt(QPointF widgetPoint) const;

    ServiceGraphData m_graph;
    GraphLayout m_layout;
    std::vector<QRectF> m_labels; // per call, graph coordinates; empty rect: none
    QStringList m_topologyKey; // services then calls: relayout only when it changes
    QString m_emptyText;
    double m_scale = 1.0;
    QPointF m_offset;
    bool m_autoFit = true; // until the user zooms or pans
    int m_hoverNode = -1;
    int m_hoverEdge = -1;
    QPoint m_pressAt;
    QPointF m_pressOffset;
    bool m_pressed = false;
    bool m_dragging = false;
};

} // namespace traceflow
