// SPDX-License-Identifier: MIT
#include "servicegraphpainter.h"

#include "displayformat.h"
#include "servicechipsdelegate.h"

#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace traceflow {

namespace {
constexpr double Padding = 10;
constexpr double Radius = 7;
constexpr double ArrowLength = 9;

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t),
                            float(a.alphaF() * (1 - t) + b.alphaF() * t));
}

double opacityOf(ServiceGraphPainter::Emphasis e)
{
    return e == ServiceGraphPainter::Emphasis::Dimmed ? 0.28 : 1.0;
}

QString percent(double rate)
{
    if (rate <= 0)
        return QStringLiteral("0%");
    if (rate < 0.001)
        return QStringLiteral("<0.1%");
    return QString::number(rate * 100, 'f', rate < 0.1 ? 1 : 0) + u'%';
}

QString p95Text(double ms)
{
    return DisplayFormat::duration(static_cast<qint64>(std::llround(ms * 1e6)));
}
} // namespace

ServiceGraphPainter::ServiceGraphPainter(QPainter &painter, const QPalette &palette,
                                         const QFont &font)
    : m_painter(painter), m_palette(palette), m_font(font), m_small(font), m_bold(font)
{
    m_small.setPointSizeF(font.pointSizeF() * 0.88);
    m_bold.setBold(true);
    m_dark = palette.color(QPalette::Base).lightnessF() < 0.5;
    m_error = m_dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xd3, 0x2f, 0x2f);
}

QPainterPath ServiceGraphPainter::edgePath(const EdgeRoute &route)
{
    QPainterPath path;
    const std::vector<QPointF> c = GraphLayout::curve(route);
    if (c.empty())
        return path;
    path.moveTo(c.front());
    for (std::size_t k = 1; k + 2 < c.size(); k += 3)
        path.cubicTo(c[k], c[k + 1], c[k + 2]);
    return path;
}

double ServiceGraphPainter::edgeWidth(std::uint64_t calls, std::uint64_t maxCalls)
{
    if (maxCalls <= 1)
        return 1.5;
    const double t = std::log1p(double(calls)) / std::log1p(double(maxCalls));
    return 1.5 + 7.5 * std::clamp(t, 0.0, 1.0);
}

QColor ServiceGraphPainter::edgeColor(double errorRate) const
{
    const QColor neutral = mix(m_palette.color(QPalette::Base), m_palette.color(QPalette::Text),
                               m_dark ? 0.55 : 0.45);
    if (errorRate <= 0)
        return neutral;
    // Any error is visible at once; a quarter of calls failing is full red.
    return mix(neutral, m_error, 0.45 + 0.55 * std::min(1.0, errorRate / 0.25));
}

QString ServiceGraphPainter::count(std::uint64_t n)
{
    if (n < 100'000)
        return QLocale::c().toString(qulonglong(n));
    if (n < 1'000'000)
        return QString::number(n / 1000) + u'k';
    return QString::number(double(n) / 1e6, 'f', 1) + u'M';
}

QString ServiceGraphPainter::nodeFigures(const ServiceNodeStats &node)
{
    return QObject::tr("%1 req \u00b7 %2 err").arg(count(node.requests), percent(node.errorRate()));
}

QString ServiceGraphPainter::edgeLabel(const ServiceCallStats &call)
{
    QString text = call.calls == 1 ? QObject::tr("1 call") : QObject::tr("%1 calls").arg(count(call.calls));
    if (call.errors > 0)
        text += QObject::tr(" \u00b7 %1 err").arg(count(call.errors));
    // One call has a duration, not a percentile (a single trace's graph).
    if (call.calls == 1)
        return text + QStringLiteral(" \u00b7 ") + p95Text(call.p95Ms);
    return text + QObject::tr(" \u00b7 p95 %1").arg(p95Text(call.p95Ms));
}

QSizeF ServiceGraphPainter::nodeSize(const QString &service, const QFont &font)
{
    QFont bold(font);
    bold.setBold(true);
    const QFontMetricsF name(bold);
    const QFontMetricsF figures(font);
    // The widest figures any service can show, so boxes keep their size as numbers change.
    const double figuresWidth = figures.horizontalAdvance(QObject::tr("%1 req \u00b7 %2 err")
                                                              .arg(QStringLiteral("99,999"),
                                                                   QStringLiteral("100%")));
    const double width = std::clamp(name.horizontalAdvance(service), figuresWidth, 280.0);
    const double height = name.height() + 2 * figures.height() + 2 * Padding - 2;
    return {std::ceil(width + 2 * Padding + 4), std::ceil(height)};
}

QPointF ServiceGraphPainter::labelAnchor(const EdgeRoute &route)
{
    if (route.points.size() < 2)
        return {};
    if (route.selfLoop) {
        const std::vector<QPointF> c = GraphLayout::curve(route);
        return QPointF(c[2].x(), c[1].y());
    }
    if (route.points.size() % 2 == 1)
        return route.points[route.points.size() / 2];
    const std::size_t k = route.points.size() / 2;
    return (route.points[k - 1] + route.points[k]) / 2;
}

QRectF ServiceGraphPainter::labelRect(const EdgeRoute &route, const ServiceCallStats &call,
                                     const QFont &font)
{
    QFont small(font);
    small.setPointSizeF(font.pointSizeF() * 0.88);
    const QFontMetricsF metrics(small);
    const QSizeF size(metrics.horizontalAdvance(edgeLabel(call)) + 10, metrics.height() + 2);
    const QPointF at = labelAnchor(route);
    return {at.x() - size.width() / 2, at.y() - size.height() / 2, size.width(), size.height()};
}

void ServiceGraphPainter::paintEdge(const EdgeRoute &route, const ServiceCallStats &call,
                                    std::uint64_t maxCalls, Emphasis emphasis)
{
    const std::vector<QPointF> c = GraphLayout::curve(route);
    if (c.size() < 4)
        return;
    QColor color = edgeColor(call.errorRate());
    if (emphasis == Emphasis::Highlighted)
        color = call.errors > 0 ? m_error : m_palette.color(QPalette::Highlight);
    const double width = edgeWidth(call.calls, maxCalls);
    m_painter.save();
    m_painter.setOpacity(opacityOf(emphasis));
    // Stop the line short of the arrow head so a wide line does not blunt the tip.
    const QPointF tip = c.back();
    QPointF direction = tip - c[c.size() - 2];
    const double length = std::hypot(direction.x(), direction.y());
    direction = length > 0 ? direction / length : QPointF(1, 0);
    const double head = ArrowLength + width * 0.8;
    QPainterPath path = edgePath(route);
    m_painter.setPen(QPen(color, width, Qt::SolidLine, Qt::FlatCap));
    m_painter.setBrush(Qt::NoBrush);
    const double total = path.length();
    if (total > head) {
        const qreal cut = path.percentAtLength(total - head * 0.6);
        QPainterPath shortened;
        const int steps = 48;
        shortened.moveTo(path.pointAtPercent(0));
        for (int i = 1; i <= steps; ++i)
            shortened.lineTo(path.pointAtPercent(cut * i / steps));
        m_painter.drawPath(shortened);
    }
    const QPointF normal(-direction.y(), direction.x());
    const double half = 4 + width * 0.6;
    const QPointF base = tip - direction * head;
    m_painter.setPen(Qt::NoPen);
    m_painter.setBrush(color);
    m_painter.drawPolygon(QPolygonF({tip, base + normal * half, base - normal * half}));
    m_painter.restore();
}

void ServiceGraphPainter::paintEdgeLabel(const QRectF &box, const ServiceCallStats &call,
                                         Emphasis emphasis)
{
    if (box.isEmpty())
        return;
    const QString text = edgeLabel(call);
    const QSizeF size = box.size();
    m_painter.save();
    m_painter.setOpacity(opacityOf(emphasis));
    QColor fill = m_palette.color(QPalette::Window);
    fill.setAlphaF(0.92f);
    m_painter.setPen(QPen(mix(fill, m_palette.color(QPalette::Text), 0.18), 1));
    m_painter.setBrush(fill);
    m_painter.drawRoundedRect(box, size.height() / 2, size.height() / 2);
    m_painter.setFont(m_small);
    m_painter.setPen(call.errors > 0 ? m_error : m_palette.color(QPalette::Text));
    m_painter.drawText(box, Qt::AlignCenter, text);
    m_painter.restore();
}

void ServiceGraphPainter::paintNode(const QRectF &rect, const ServiceNodeStats &node,
                                    Emphasis emphasis)
{
    const QColor service = ServiceChipsDelegate::serviceColor(node.service);
    const QColor base = m_palette.color(QPalette::Base);
    const QColor text = m_palette.color(QPalette::Text);
    m_painter.save();
    m_painter.setOpacity(opacityOf(emphasis));
    const bool hot = emphasis == Emphasis::Highlighted;
    m_painter.setPen(QPen(hot ? m_palette.color(QPalette::Highlight) : mix(base, service, 0.85),
                          hot ? 2.5 : 1.5));
    m_painter.setBrush(mix(base, service, m_dark ? 0.22 : 0.12));
    m_painter.drawRoundedRect(rect, Radius, Radius);
    // The service's colour as a stripe on the left, as the waterfall's rows have it.
    QPainterPath stripe;
    stripe.addRoundedRect(QRectF(rect.left(), rect.top(), 2 * Radius, rect.height()), Radius, Radius);
    QPainterPath clip;
    clip.addRect(QRectF(rect.left(), rect.top(), 5, rect.height()));
    m_painter.setPen(Qt::NoPen);
    m_painter.setBrush(service);
    m_painter.drawPath(stripe.intersected(clip));

    const QRectF inner = rect.adjusted(Padding + 4, Padding - 2, -Padding, -Padding + 2);
    const QFontMetricsF bold(m_bold);
    const QFontMetricsF regular(m_font);
    m_painter.setFont(m_bold);
    m_painter.setPen(text);
    const QRectF nameRect(inner.left(), inner.top(), inner.width(), bold.height());
    m_painter.drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                       bold.elidedText(node.service, Qt::ElideMiddle, inner.width()));
    m_painter.setFont(m_font);
    QRectF line(inner.left(), nameRect.bottom(), inner.width(), regular.height());
    m_painter.setPen(node.errors > 0 ? m_error : mix(base, text, 0.75));
    m_painter.drawText(line, Qt::AlignLeft | Qt::AlignVCenter, nodeFigures(node));
    line.translate(0, regular.height());
    m_painter.setPen(mix(base, text, 0.75));
    m_painter.drawText(line, Qt::AlignLeft | Qt::AlignVCenter,
                       node.requests == 0 ? QObject::tr("no requests")
                       : node.requests == 1
                           ? p95Text(node.p95Ms)
                           : QObject::tr("p95 %1").arg(p95Text(node.p95Ms)));
    m_painter.restore();
}

} // namespace traceflow
