// SPDX-License-Identifier: MIT
#include "minimap.h"

#include "servicepalette.h"
#include "waterfallpainter.h"
#include "waterfallscene.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace traceflow {

namespace {
constexpr int Margin = 8;
constexpr int EdgeGrab = 5;
constexpr int StripHeight = 44;
} // namespace

Minimap::Minimap(const WaterfallScene &scene, QWidget *parent)
    : QWidget(parent), m_scene(scene)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Drag to select a time range; drag the selection to pan, its edges to "
                  "resize; double-click to show the whole trace"));
}

void Minimap::setViewRange(ViewRange range)
{
    if (range == m_range)
        return;
    m_range = range;
    update();
}

void Minimap::invalidate()
{
    m_imageValid = false;
    update();
}

QSize Minimap::sizeHint() const
{
    return {400, StripHeight + tickBandHeight() + 6};
}

QSize Minimap::minimumSizeHint() const
{
    return {100, sizeHint().height()};
}

int Minimap::tickBandHeight() const
{
    return fontMetrics().height() + 2;
}

QRect Minimap::stripRect() const
{
    const int top = tickBandHeight();
    return {Margin, top, std::max(1, width() - 2 * Margin), std::max(1, height() - top - 6)};
}

double Minimap::xOf(qint64 offset) const
{
    const QRect strip = stripRect();
    return strip.left() + timeToPixel(offset, 0, m_scene.duration(), strip.width());
}

qint64 Minimap::offsetAt(double x) const
{
    const QRect strip = stripRect();
    return pixelToTime(x - strip.left(), 0, m_scene.duration(), strip.width());
}

QRectF Minimap::selectorRect() const
{
    const QRect strip = stripRect();
    const double x0 = xOf(m_range.start);
    const double x1 = std::max(xOf(m_range.end), x0 + 2);
    return {x0, double(strip.top()), x1 - x0, double(strip.height())};
}

void Minimap::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_imageValid = false;
}

void Minimap::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        m_imageValid = false;
}

// Each span gets a horizontal band of the strip by its pre-order index (a million spans
// share the 40-odd pixel rows, a few spans get thick bands). Per pixel row, coverage is
// accumulated with difference arrays, so the cost is O(spans + pixels) however wide the spans.
void Minimap::rebuildImage()
{
    const QRect strip = stripRect();
    const WaterfallColors colors = WaterfallColors::fromPalette(palette());
    m_image = QImage(strip.size(), QImage::Format_ARGB32_Premultiplied);
    m_image.fill(colors.ruler);
    m_imageValid = true;
    const int n = m_scene.spanCount();
    const int w = strip.width();
    const int h = strip.height();
    if (n == 0 || w <= 0 || h <= 0)
        return;

    const std::size_t stride = std::size_t(w) + 1;
    std::vector<int> coverage(stride * std::size_t(h), 0);
    std::vector<int> errors(stride * std::size_t(h), 0);
    std::vector<int> slotCounts(std::size_t(h) * ServicePalette::ColorCount, 0);
    std::vector<int> bandSpans(std::size_t(h), 0);
    const double duration = double(m_scene.duration());
    bool anyError = false;
    for (int i = 0; i < n; ++i) {
        const int y0 = int(qint64(i) * h / n);
        const int y1 = std::max(y0 + 1, int(qint64(i + 1) * h / n));
        const int x0 = std::clamp(int(std::floor(m_scene.startOffset(i) / duration * w)), 0, w - 1);
        const int x1 = std::clamp(int(std::ceil(m_scene.endOffset(i) / duration * w)), x0 + 1, w);
        const bool error = m_scene.span(i).span.isError();
        anyError = anyError || error;
        const int slot = m_scene.colorIndex(i);
        for (int y = y0; y < y1 && y < h; ++y) {
            int *row = coverage.data() + std::size_t(y) * stride;
            ++row[x0];
            --row[x1];
            if (error) {
                int *err = errors.data() + std::size_t(y) * stride;
                ++err[x0];
                --err[x1];
            }
            ++slotCounts[std::size_t(y) * ServicePalette::ColorCount + std::size_t(slot)];
            ++bandSpans[std::size_t(y)];
        }
    }

    const QColor background = colors.ruler;
    for (int y = 0; y < h; ++y) {
        const int *counts = slotCounts.data() + std::size_t(y) * ServicePalette::ColorCount;
        const int dominant = int(std::max_element(counts, counts + ServicePalette::ColorCount) - counts);
        const QColor color = QColor::fromRgb(ServicePalette::color(dominant));
        const double spans = std::max(1, bandSpans[std::size_t(y)]);
        auto *line = reinterpret_cast<QRgb *>(m_image.scanLine(y));
        int c = 0;
        int e = 0;
        const int *row = coverage.data() + std::size_t(y) * stride;
        const int *err = errors.data() + std::size_t(y) * stride;
        for (int x = 0; x < w; ++x) {
            c += row[x];
            if (anyError)
                e += err[x];
            if (c <= 0)
                continue;
            const QColor &ink = e > 0 ? colors.error : color;
            const double alpha = std::min(1.0, 0.5 + 0.5 * std::sqrt(c / spans));
            const QColor mixed = QColor::fromRgbF(
                float(ink.redF() * alpha + background.redF() * (1 - alpha)),
                float(ink.greenF() * alpha + background.greenF() * (1 - alpha)),
                float(ink.blueF() * alpha + background.blueF() * (1 - alpha)));
            line[x] = mixed.rgb();
        }
    }
}

void Minimap::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const WaterfallColors colors = WaterfallColors::fromPalette(palette());
    painter.fillRect(rect(), colors.base);
    const QRect strip = stripRect();
    if (m_scene.isEmpty()) {
        painter.fillRect(strip, colors.ruler);
        return;
    }
    if (!m_imageValid || m_image.size() != strip.size())
        rebuildImage();
    painter.drawImage(strip.topLeft(), m_image);

    // Ticks of the whole trace along the top.
    QFont small = font();
    if (small.pointSizeF() > 0)
        small.setPointSizeF(small.pointSizeF() * 0.85);
    painter.setFont(small);
    const QFontMetrics fm(small);
    for (const RulerTick &tick : rulerTicks(0, m_scene.duration(), strip.width(), 110)) {
        const double x = std::round(strip.left() + tick.x) + 0.5;
        painter.setPen(QPen(colors.grid, 1));
        painter.drawLine(QPointF(x, strip.top()), QPointF(x, strip.bottom() + 1));
        painter.setPen(colors.muted);
        const int w = fm.horizontalAdvance(tick.label);
        const int left = x + 3 + w > width() - 2 ? int(x) - 3 - w : int(x) + 3;
        painter.drawText(QRect(left, 0, w + 1, tickBandHeight()), Qt::AlignVCenter | Qt::AlignLeft,
                         tick.label);
    }

    // Shade what the waterfall does not show; outline the selector and give it grips.
    const QRectF selector = selectorRect();
    const QColor shade = colors.dark ? QColor(0, 0, 0, 120) : QColor(20, 30, 50, 40);
    painter.fillRect(QRectF(strip.left(), strip.top(), selector.left() - strip.left(), strip.height()), shade);
    painter.fillRect(QRectF(selector.right(), strip.top(), strip.right() + 1 - selector.right(), strip.height()), shade);
    painter.setPen(QPen(colors.border, 1));
    painter.drawRect(QRectF(strip).adjusted(-0.5, -0.5, 0.5, 0.5));
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(colors.selectionEdge, 1.5));
    painter.drawRect(selector.adjusted(0, 0.75, 0, -0.75));
    painter.setPen(Qt::NoPen);
    painter.setBrush(colors.selectionEdge);
    const double gripHeight = std::min(18.0, selector.height() * 0.6);
    for (double x : {selector.left(), selector.right()})
        painter.drawRoundedRect(QRectF(x - 2.5, selector.center().y() - gripHeight / 2, 5, gripHeight), 2, 2);
}

Minimap::Drag Minimap::dragAt(double x) const
{
    const QRectF selector = selectorRect();
    if (std::abs(x - selector.left()) <= EdgeGrab)
        return Drag::LeftEdge;
    if (std::abs(x - selector.right()) <= EdgeGrab)
        return Drag::RightEdge;
    if (x > selector.left() && x < selector.right())
        return Drag::Move;
    return Drag::Create;
}

void Minimap::updateCursor(double x)
{
    switch (m_drag == Drag::None ? dragAt(x) : m_drag) {
    case Drag::LeftEdge:
    case Drag::RightEdge: setCursor(Qt::SizeHorCursor); break;
    case Drag::Move: setCursor(m_drag == Drag::Move ? Qt::ClosedHandCursor : Qt::OpenHandCursor); break;
    default: setCursor(Qt::CrossCursor); break;
    }
}

void Minimap::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_scene.isEmpty()) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_pressX = event->position().x();
    m_pressOffset = offsetAt(m_pressX);
    m_pressRange = m_range;
    m_drag = dragAt(m_pressX);
    updateCursor(m_pressX);
}

void Minimap::mouseMoveEvent(QMouseEvent *event)
{
    const double x = event->position().x();
    updateCursor(x);
    if (m_drag == Drag::None)
        return;
    const qint64 at = std::clamp<qint64>(offsetAt(x), 0, m_scene.duration());
    ViewRange wanted = m_pressRange;
    switch (m_drag) {
    case Drag::Move: wanted = panViewRange(m_pressRange, at - m_pressOffset, m_scene.duration()); break;
    case Drag::LeftEdge: wanted = {std::min(at, m_pressRange.end - 1), m_pressRange.end}; break;
    case Drag::RightEdge: wanted = {m_pressRange.start, std::max(at, m_pressRange.start + 1)}; break;
    case Drag::Create:
        if (std::abs(x - m_pressX) < 3)
            return;
        wanted = {std::min(at, m_pressOffset), std::max(at, m_pressOffset)};
        break;
    case Drag::None: break;
    }
    emit viewRangeRequested(wanted);
}

void Minimap::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_drag == Drag::Create && std::abs(event->position().x() - m_pressX) < 3) {
        // A click: centre the current range on the clicked time.
        const qint64 half = m_range.length() / 2;
        emit viewRangeRequested(panViewRange(m_range, m_pressOffset - half - m_range.start,
                                             m_scene.duration()));
    }
    m_drag = Drag::None;
    updateCursor(event->position().x());
}

void Minimap::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && !m_scene.isEmpty())
        emit viewRangeRequested({0, m_scene.duration()});
}

} // namespace traceflow
