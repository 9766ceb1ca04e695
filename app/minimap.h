// SPDX-License-Identifier: MIT
#pragma once

#include "waterfalllayout.h"

#include <QImage>
#include <QWidget>

namespace traceflow {

class WaterfallScene;

// The whole trace in a strip above the waterfall, with a range selector over it: drag inside
// the selector to pan, drag its edges to resize it, drag elsewhere to select a new range,
// click to centre the range there, double-click to show the whole trace again. The spans are
// drawn once into a cached image (span density per pixel, coloured by the dominant service),
// so moving the selector never touches the spans.
class Minimap : public QWidget
{
    Q_OBJECT

public:
    explicit Minimap(const WaterfallScene &scene, QWidget *parent = nullptr);

    // The range the waterfall shows; the selector follows it.
    void setViewRange(ViewRange range);
    ViewRange viewRange() const { return m_range; }
    // The scene's trace changed: the cached picture is redrawn on the next paint.
    void invalidate();

    // Geometry, for tests: the strip's x of a trace offset and the selector's rectangle.
    double xOf(qint64 offset) const;
    qint64 offsetAt(double x) const;
    QRectF selectorRect() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    // The user moved or resized the selector; the waterfall clamps and applies it.
    void viewRangeRequested(traceflow::ViewRange range);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    enum class Drag { None, Move, LeftEdge, RightEdge, Create };

    QRect stripRect() const;
    int tickBandHeight() const;
    void rebuildImage();
    Drag dragAt(double x) const;
    void updateCursor(double x);

    const WaterfallScene &m_scene;
    ViewRange m_range;
    QImage m_image;
    bool m_imageValid = false;
    Drag m_drag = Drag::None;
    double m_pressX = 0;
    qint64 m_pressOffset = 0;
    ViewRange m_pressRange;
};

} // namespace traceflow
