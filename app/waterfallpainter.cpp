// SPDX-License-Identifier: MIT
#include "waterfallpainter.h"

#include "waterfallscene.h"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>

#include <algorithm>

namespace traceflow {

namespace {

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

QColor withAlpha(QColor color, int alpha)
{
    color.setAlpha(alpha);
    return color;
}

} // namespace

WaterfallColors WaterfallColors::fromPalette(const QPalette &palette)
{
    WaterfallColors c;
    c.base = palette.color(QPalette::Base);
    c.text = palette.color(QPalette::Text);
    c.dark = c.base.lightness() < 128;
    c.muted = mix(c.text, c.base, 0.42);
    c.grid = mix(c.text, c.base, c.dark ? 0.86 : 0.91);
    c.guide = mix(c.text, c.base, c.dark ? 0.75 : 0.82);
    c.ruler = mix(c.text, c.base, c.dark ? 0.93 : 0.965);
    c.border = mix(c.text, c.base, c.dark ? 0.7 : 0.8);
    c.hover = mix(c.text, c.base, c.dark ? 0.93 : 0.96);
    const QColor highlight = palette.color(QPalette::Highlight);
    c.selection = mix(highlight, c.base, c.dark ? 0.6 : 0.8);
    c.selectionEdge = highlight;
    c.match = c.dark ? QColor(0x4d, 0x40, 0x0c) : QColor(0xff, 0xf3, 0xc4);
    c.currentMatch = c.dark ? QColor(0x80, 0x68, 0x10) : QColor(0xff, 0xde, 0x75);
    c.error = c.dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xd3, 0x2f, 0x2f);
    c.critical = c.dark ? QColor(255, 255, 255, 225) : QColor(25, 25, 25, 215);
    c.orphan = c.dark ? QColor(0xff, 0xb3, 0x47) : QColor(0xb2, 0x6a, 0x00);
    c.skew = c.dark ? QColor(0x7a, 0xb8, 0xff) : QColor(0x1f, 0x66, 0xb5);
    return c;
}

WaterfallPainter::WaterfallPainter(const WaterfallScene &scene, const WaterfallGeometry &geometry,
                                   const WaterfallColors &colors, const WaterfallMarks &marks,
                                   const QFont &font)
    : m_scene(scene), m_geometry(geometry), m_colors(colors), m_marks(marks), m_font(font),
      m_bold(font), m_small(font)
{
    m_bold.setWeight(QFont::DemiBold);
    if (m_small.pointSizeF() > 0)
        m_small.setPointSizeF(m_small.pointSizeF() * 0.88);
    else
        m_small.setPixelSize(std::max(8, m_small.pixelSize() * 88 / 100));
}

void WaterfallPainter::paint(QPainter &painter) const
{
    const WaterfallGeometry &g = m_geometry;
    painter.fillRect(QRect(0, 0, g.width, g.height), m_colors.base);
    const std::vector<RulerTick> ticks =
        rulerTicks(g.range.start, g.range.end, g.timelineWidth(), MinTickSpacing);

    if (!m_scene.isEmpty()) {
        painter.save();
        painter.setClipRect(QRect(0, g.rulerHeight, g.width, g.height - g.rulerHeight));
        painter.setPen(QPen(m_colors.grid, 1));
        for (const RulerTick &tick : ticks) {
            const double x = std::round(g.timelineLeft() + tick.x) + 0.5;
            painter.drawLine(QPointF(x, g.rulerHeight), QPointF(x, g.height));
        }
        const RowRange rows = g.visibleRows(m_scene.rows().rowCount());
        for (int row = rows.first; row <= rows.last; ++row)
            paintRow(painter, row, m_scene.rows().spanAt(row));
        painter.restore();
    } else {
        painter.setPen(m_colors.muted);
        painter.setFont(m_font);
        painter.drawText(QRect(0, g.rulerHeight, g.width, g.height - g.rulerHeight),
                         Qt::AlignCenter, QCoreApplication::translate("Waterfall", "No trace selected"));
    }

    painter.setPen(QPen(m_colors.border, 1));
    painter.drawLine(QPointF(g.labelWidth + 0.5, 0), QPointF(g.labelWidth + 0.5, g.height));

    if (m_marks.zoomFrom >= 0) {
        const double x0 = std::clamp(std::min(m_marks.zoomFrom, m_marks.zoomTo),
                                     double(g.timelineLeft()), double(g.timelineLeft() + g.timelineWidth()));
        const double x1 = std::clamp(std::max(m_marks.zoomFrom, m_marks.zoomTo),
                                     double(g.timelineLeft()), double(g.timelineLeft() + g.timelineWidth()));
        const QRectF area(x0, 0, x1 - x0, g.height);
        painter.fillRect(area, withAlpha(m_colors.selectionEdge, 50));
        painter.setPen(QPen(m_colors.selectionEdge, 1));
        painter.drawLine(QPointF(x0, 0), QPointF(x0, g.height));
        painter.drawLine(QPointF(x1, 0), QPointF(x1, g.height));
    }
    paintRuler(painter, ticks);
}

void WaterfallPainter::paintRuler(QPainter &painter, const std::vector<RulerTick> &ticks) const
{
    const WaterfallGeometry &g = m_geometry;
    const QRect ruler(0, 0, g.width, g.rulerHeight);
    painter.fillRect(ruler, m_colors.ruler);
    painter.setPen(QPen(m_colors.border, 1));
    painter.drawLine(QPointF(0, g.rulerHeight - 0.5), QPointF(g.width, g.rulerHeight - 0.5));
    painter.drawLine(QPointF(g.labelWidth + 0.5, 0), QPointF(g.labelWidth + 0.5, g.rulerHeight));

    painter.setFont(m_small);
    painter.setPen(m_colors.muted);
    const QFontMetrics small(m_small);
    QString title = QCoreApplication::translate("Waterfall", "Service & Operation");
    if (!m_scene.isEmpty() && m_scene.rows().rowCount() != m_scene.spanCount())
        title += QCoreApplication::translate("Waterfall", "  \u00b7  %1 of %2 rows").arg(m_scene.rows().rowCount()).arg(m_scene.spanCount());
    painter.drawText(QRect(WaterfallGeometry::LabelMargin + 2, 0, g.labelWidth - 12, g.rulerHeight),
                     Qt::AlignVCenter | Qt::AlignLeft,
                     small.elidedText(title, Qt::ElideRight, g.labelWidth - 12));
    if (m_scene.isEmpty())
        return;

    const int right = g.width - 4;
    for (const RulerTick &tick : ticks) {
        const double x = std::round(g.timelineLeft() + tick.x) + 0.5;
        painter.setPen(QPen(m_colors.border, 1));
        painter.drawLine(QPointF(x, g.rulerHeight - 6), QPointF(x, g.rulerHeight));
        painter.setPen(m_colors.muted);
        const int w = small.horizontalAdvance(tick.label);
        const int left = x + 4 + w > right ? int(x) - 4 - w : int(x) + 4;
        painter.drawText(QRect(left, 0, w + 1, g.rulerHeight - 2), Qt::AlignVCenter | Qt::AlignLeft,
                         tick.label);
    }
}

void WaterfallPainter::paintRow(QPainter &painter, int row, int span) const
{
    const WaterfallGeometry &g = m_geometry;
    const QRect rect = g.rowRect(row);
    if (span == m_marks.selected) {
        painter.fillRect(rect, m_colors.selection);
    } else if (span == m_marks.currentMatch) {
        painter.fillRect(rect, m_colors.currentMatch);
    } else {
        if (span == m_marks.hovered)
            painter.fillRect(rect, m_colors.hover);
        if (m_scene.isMatch(span))
            painter.fillRect(QRect(0, rect.top(), g.labelWidth, rect.height()), m_colors.match);
    }
    if (m_scene.isMatch(span))
        painter.fillRect(QRect(0, rect.top(), 3, rect.height()), m_colors.currentMatch.darker(130));
    paintLabel(painter, row, span);
    paintBar(painter, row, span);
}

void WaterfallPainter::paintLabel(QPainter &painter, int row, int span) const
{
    const WaterfallGeometry &g = m_geometry;
    const WaterfallRows &rows = m_scene.rows();
    const AssembledSpan &s = m_scene.span(span);
    const QRect rect = g.rowRect(row);
    const int depth = rows.depth(span);

    // Indent guides, one per ancestor level that still has room in the label column.
    painter.setPen(QPen(m_colors.guide, 1));
    for (int level = 0; level < depth; ++level) {
        if (level > 0 && g.indent(level) == g.indent(level - 1))
            break;
        const double x = WaterfallGeometry::LabelMargin + g.indent(level)
            + WaterfallGeometry::ExpanderSize / 2.0 + 0.5;
        painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom() + 1));
    }

    painter.setRenderHint(QPainter::Antialiasing, true);
    if (rows.hasChildren(span)) {
        const QRectF box = g.expanderRect(row, depth);
        painter.fillRect(box.adjusted(1, 1, -1, -1), span == m_marks.selected ? m_colors.selection
                                                                              : m_colors.base);
        const QPointF c = box.center();
        QPainterPath arrow;
        if (rows.isCollapsed(span)) {
            arrow.moveTo(c.x() - 2.5, c.y() - 4.5);
            arrow.lineTo(c.x() + 3.5, c.y());
            arrow.lineTo(c.x() - 2.5, c.y() + 4.5);
        } else {
            arrow.moveTo(c.x() - 4.5, c.y() - 2.5);
            arrow.lineTo(c.x() + 4.5, c.y() - 2.5);
            arrow.lineTo(c.x(), c.y() + 3.5);
        }
        arrow.closeSubpath();
        painter.fillPath(arrow, m_colors.muted);
    }

    int x = g.swatchLeft(depth);
    const int swatch = 10;
    QPainterPath swatchPath;
    swatchPath.addRoundedRect(QRectF(x, rect.top() + (rect.height() - swatch) / 2.0, swatch, swatch), 2.5, 2.5);
    painter.fillPath(swatchPath, m_scene.serviceColor(span));
    x += swatch + 7;

    if (s.span.isError()) {
        const QRectF dot(x, rect.top() + (rect.height() - 13) / 2.0, 13, 13);
        painter.setPen(Qt::NoPen);
        painter.setBrush(m_colors.error);
        painter.drawEllipse(dot);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(QColor(255, 255, 255), 1.6, Qt::SolidLine, Qt::RoundCap));
        painter.drawLine(QPointF(dot.center().x(), dot.top() + 3.2), QPointF(dot.center().x(), dot.top() + 7.6));
        painter.drawPoint(QPointF(dot.center().x(), dot.top() + 10));
        x += 18;
    }
    painter.setRenderHint(QPainter::Antialiasing, false);

    QRect room(x, rect.top(), g.labelWidth - 8 - x, rect.height());
    if (s.orphan)
        paintBadge(painter, room, QCoreApplication::translate("Waterfall", "orphan"), m_colors.orphan);
    if (s.skewNs != 0)
        paintBadge(painter, room, QCoreApplication::translate("Waterfall", "skew"), m_colors.skew);
    if (rows.isCollapsed(span))
        paintBadge(painter, room, QStringLiteral("+%1").arg(rows.descendantCount(span)), m_colors.muted);
    if (room.width() <= 8)
        return;

    const QString service = s.span.service();
    const QFontMetrics bold(m_bold);
    // +1: advances are rounded, and elidedText would cut a name that exactly fits.
    const int serviceWidth = std::min(bold.horizontalAdvance(service) + 1, room.width() * 3 / 5);
    painter.setFont(m_bold);
    painter.setPen(s.span.isError() ? m_colors.error : m_colors.text);
    painter.drawText(QRect(room.left(), room.top(), serviceWidth, room.height()),
                     Qt::AlignVCenter | Qt::AlignLeft,
                     bold.elidedText(service, Qt::ElideRight, serviceWidth));
    const int opLeft = room.left() + serviceWidth + 6;
    const int opWidth = room.right() - opLeft;
    if (opWidth > 10) {
        const QFontMetrics normal(m_font);
        painter.setFont(m_font);
        painter.setPen(m_colors.muted);
        painter.drawText(QRect(opLeft, room.top(), opWidth, room.height()),
                         Qt::AlignVCenter | Qt::AlignLeft,
                         normal.elidedText(s.span.operation(), Qt::ElideRight, opWidth));
    }
}

void WaterfallPainter::paintBadge(QPainter &painter, QRect &room, const QString &text,
                                  const QColor &color) const
{
    const QFontMetrics small(m_small);
    const int w = small.horizontalAdvance(text) + 10;
    if (room.width() < w + 40)
        return;
    const QRectF badge(room.right() - w + 1, room.top() + (room.height() - small.height() - 2) / 2.0,
                       w, small.height() + 2);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(color, 1));
    painter.setBrush(withAlpha(color, 28));
    painter.drawRoundedRect(badge.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
    painter.setBrush(Qt::NoBrush);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setFont(m_small);
    painter.drawText(badge, Qt::AlignCenter, text);
    room.setRight(room.right() - w - 6);
}

void WaterfallPainter::paintBar(QPainter &painter, int row, int span) const
{
    const WaterfallGeometry &g = m_geometry;
    const AssembledSpan &s = m_scene.span(span);
    const QRect rect = g.rowRect(row);
    const qint64 traceStart = m_scene.trace()->startNs;
    const BarExtent bar = g.bar(m_scene.startOffset(span), m_scene.endOffset(span));
    const int barHeight = std::max(6, rect.height() - 12);
    const double top = rect.top() + (rect.height() - barHeight) / 2.0;
    const double timelineRight = g.timelineLeft() + g.timelineWidth();

    painter.save();
    painter.setClipRect(QRectF(g.labelWidth + 1, rect.top(), g.width - g.labelWidth - 1, rect.height()));
    if (bar.visible) {
        const QColor color = m_scene.serviceColor(span);
        const QRectF full(bar.x0, top, bar.x1 - bar.x0, barHeight);
        painter.fillRect(full, color);

        // Where children run the span waits: paint that lighter, leaving its self time dark.
        // Runs are merged in pixels, so a span with 100k children paints a few rectangles.
        const QColor covered = mix(color, m_colors.base, m_colors.dark ? 0.5 : 0.58);
        double runStart = -1;
        double runEnd = -1;
        const auto flush = [&] {
            if (runEnd - runStart >= 0.5)
                painter.fillRect(QRectF(runStart, top, runEnd - runStart, barHeight), covered);
        };
        const qint64 viewEnd = g.range.end;
        for (int child : s.children) {
            const qint64 childStart = m_scene.startOffset(child);
            if (childStart > viewEnd)
                break; // children are ordered by start
            const double cx0 = std::max(bar.x0, g.xOf(std::max(childStart, g.range.start - 1)));
            const double cx1 = std::min(bar.x1, g.xOf(std::min(m_scene.endOffset(child), viewEnd + 1)));
            if (cx1 <= cx0)
                continue;
            if (cx0 > runEnd) {
                flush();
                runStart = cx0;
                runEnd = cx1;
            } else {
                runEnd = std::max(runEnd, cx1);
            }
        }
        flush();

        if (m_marks.criticalPath && s.onCriticalPath) {
            const auto [first, last] = m_scene.criticalSections(span);
            const double h = std::max(2.0, barHeight / 4.0);
            for (const CriticalSection *c = first; c != last; ++c) {
                const double x0 = std::max(bar.x0, g.xOf(std::max(c->startNs - traceStart, g.range.start - 1)));
                const double x1 = std::min(bar.x1, g.xOf(std::min(c->endNs - traceStart, g.range.end + 1)));
                if (x1 > x0)
                    painter.fillRect(QRectF(x0, top + (barHeight - h) / 2, std::max(1.0, x1 - x0), h),
                                     m_colors.critical);
            }
        }
        if (s.span.isError()) {
            painter.setPen(QPen(m_colors.error, 2));
            painter.drawRect(full.adjusted(0, 0, 0, 0));
        } else if (span == m_marks.selected) {
            painter.setPen(QPen(m_colors.selectionEdge, 1));
            painter.drawRect(full.adjusted(-0.5, -0.5, 0.5, 0.5));
        }
    }

    // Events, at their (skew-adjusted) time on the bar.
    const std::vector<SpanEvent> &events = s.span.events();
    if (!events.empty()) {
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setPen(QPen(m_colors.base, 1));
        painter.setBrush(m_colors.text);
        for (const SpanEvent &event : events) {
            const double x = g.xOf(event.timeNs + s.skewNs - traceStart);
            if (x < g.timelineLeft() - 4 || x > timelineRight + 4)
                continue;
            QPainterPath diamond;
            const double cy = top + barHeight / 2.0;
            const double r = std::min(5.0, barHeight / 2.0 + 1);
            diamond.moveTo(x, cy - r);
            diamond.lineTo(x + r * 0.75, cy);
            diamond.lineTo(x, cy + r);
            diamond.lineTo(x - r * 0.75, cy);
            diamond.closeSubpath();
            painter.drawPath(diamond);
        }
        painter.setBrush(Qt::NoBrush);
        painter.setRenderHint(QPainter::Antialiasing, false);
    }

    if (bar.visible) {
        const QString label = formatDuration(s.span.durationNs);
        const QFontMetrics small(m_small);
        const int w = small.horizontalAdvance(label);
        painter.setFont(m_small);
        QRectF textRect;
        QColor textColor = s.span.isError() ? m_colors.error : m_colors.muted;
        if (bar.x1 + 6 + w <= g.width - 2) {
            textRect = QRectF(bar.x1 + 6, rect.top(), w + 2, rect.height());
        } else if (bar.x0 - 6 - w >= g.timelineLeft()) {
            textRect = QRectF(bar.x0 - 6 - w, rect.top(), w + 2, rect.height());
        } else {
            // No room beside the bar: inside its right end, on a pill that keeps it readable.
            textRect = QRectF(std::min(bar.x1, timelineRight) - w - 8, rect.top(), w + 2, rect.height());
            const QRectF pill = textRect.adjusted(-4, (rect.height() - small.height()) / 2.0 - 1, 2,
                                                  -(rect.height() - small.height()) / 2.0 + 1);
            painter.setRenderHint(QPainter::Antialiasing, true);
            painter.setPen(Qt::NoPen);
            painter.setBrush(withAlpha(m_colors.base, 225));
            painter.drawRoundedRect(pill, 3, 3);
            painter.setBrush(Qt::NoBrush);
            painter.setRenderHint(QPainter::Antialiasing, false);
            if (!s.span.isError())
                textColor = m_colors.text;
        }
        painter.setPen(textColor);
        painter.drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft, label);
    }
    painter.restore();
}

} // namespace traceflow
