// SPDX-License-Identifier: MIT
#include "durationbardelegate.h"

#include "itembackground.h"
#include "tracelistmodel.h"

#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace traceflow {

int DurationBarDelegate::barWidth(qint64 durationNs, qint64 maxNs, int available)
{
    if (maxNs <= 0 || durationNs <= 0 || available <= 0)
        return 0;
    const double fraction =
        std::min(1.0, static_cast<double>(durationNs) / static_cast<double>(maxNs));
    return std::max(2, static_cast<int>(std::lround(fraction * available)));
}

void DurationBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    drawItemBackground(painter, opt);

    const QFontMetrics metrics(opt.font);
    const int pad = 6;
    const int textWidth = metrics.horizontalAdvance(QStringLiteral("000.00 ms"));
    const QRect textRect = opt.rect.adjusted(opt.rect.width() - textWidth - pad, 0, -pad, 0);
    const QRect barArea(opt.rect.left() + pad, opt.rect.center().y() - 3,
                        std::max(0, textRect.left() - opt.rect.left() - 2 * pad), 7);
    const int width =
        barWidth(index.data(TraceListModel::DurationNsRole).toLongLong(),
                 index.data(TraceListModel::MaxDurationNsRole).toLongLong(), barArea.width());

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = opt.state & QStyle::State_Selected;
    QColor track = opt.palette.color(QPalette::Text);
    track.setAlphaF(0.08f);
    painter->setPen(Qt::NoPen);
    painter->setBrush(track);
    painter->drawRoundedRect(barArea, 3, 3);
    const bool error = index.data(TraceListModel::ErrorCountRole).toInt() > 0;
    QColor bar = error ? QColor(0xd9, 0x3f, 0x3f) : QColor(0x3d, 0x8b, 0xd9);
    if (selected)
        bar = opt.palette.color(QPalette::HighlightedText);
    painter->setBrush(bar);
    painter->drawRoundedRect(QRect(barArea.topLeft(), QSize(width, barArea.height())), 3, 3);

    painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->setFont(opt.font);
    painter->drawText(textRect, Qt::AlignRight | Qt::AlignVCenter, text);
    painter->restore();
}

} // namespace traceflow
