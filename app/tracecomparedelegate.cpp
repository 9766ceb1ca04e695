// SPDX-License-Identifier: MIT
#include "tracecomparedelegate.h"

#include "durationbardelegate.h"
#include "itembackground.h"
#include "servicechipsdelegate.h"
#include "tracecomparemodel.h"

#include <QPainter>

namespace traceflow {

namespace {
constexpr int Pad = 4;
constexpr int ChipPad = 6;
constexpr int Gap = 6;

// The small labels on a name cell, in order.
QStringList labelsOf(const QModelIndex &index)
{
    QStringList labels;
    const QString presence = index.data(TraceCompareModel::PresenceTextRole).toString();
    if (!presence.isEmpty())
        labels << presence;
    if (index.data(TraceCompareModel::OrphanRole).toBool())
        labels << TraceCompareModel::tr("orphan");
    return labels;
}

QColor labelColor(const QString &label, const QModelIndex &index)
{
    switch (DiffPresence(index.data(TraceCompareModel::PresenceRole).toInt())) {
    case DiffPresence::OnlyA:
        if (label == index.data(TraceCompareModel::PresenceTextRole).toString())
            return {0x2f, 0x6f, 0xb5};
        break;
    case DiffPresence::OnlyB:
        if (label == index.data(TraceCompareModel::PresenceTextRole).toString())
            return {0x7d, 0x45, 0xb8};
        break;
    case DiffPresence::Both:
        break;
    }
    return {0x80, 0x80, 0x80}; // orphan
}

QFont smallFont(const QFont &font)
{
    QFont small = font;
    small.setPointSizeF(font.pointSizeF() * 0.85);
    return small;
}
} // namespace

void TraceCompareDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    if (index.column() == TraceCompareModel::NameColumn)
        paintName(painter, option, index);
    else if (index.column() == TraceCompareModel::BarsColumn)
        paintBars(painter, option, index);
    else
        QStyledItemDelegate::paint(painter, option, index);
}

void TraceCompareDelegate::paintName(QPainter *painter, const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    drawItemBackground(painter, opt);

    const bool selected = opt.state & QStyle::State_Selected;
    const QString service = index.data(TraceCompareModel::ServiceRole).toString();
    const QString operation = index.data(TraceCompareModel::OperationRole).toString();
    const QFont small = smallFont(opt.font);
    const QFontMetrics smallMetrics(small);
    const QFontMetrics metrics(opt.font);
    const int chipHeight = std::min(opt.rect.height() - 4, smallMetrics.height() + 4);
    const int y = opt.rect.center().y() - chipHeight / 2 + 1;
    const QRect area = opt.rect.adjusted(Pad, 0, -Pad, 0);
    int x = area.left();

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setClipRect(opt.rect);
    const QColor color = ServiceChipsDelegate::serviceColor(service);
    const QRectF chip(x, y, smallMetrics.horizontalAdvance(service) + 2 * ChipPad, chipHeight);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawRoundedRect(chip, chipHeight / 2.0, chipHeight / 2.0);
    painter->setFont(small);
    painter->setPen(ServiceChipsDelegate::textColorOn(color));
    painter->drawText(chip, Qt::AlignCenter, service);
    x = int(chip.right()) + Gap;

    // Labels go right after the operation, or at the right edge when the name is cut.
    const QStringList labels = labelsOf(index);
    int labelsWidth = 0;
    for (const QString &label : labels)
        labelsWidth += smallMetrics.horizontalAdvance(label) + 2 * ChipPad + Gap;
    const int room = std::max(0, area.right() - x - labelsWidth);
    const QString shown = metrics.elidedText(operation, Qt::ElideRight, room);
    painter->setFont(opt.font);
    painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(QRect(x, opt.rect.top(), room, opt.rect.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, shown);
    x += metrics.horizontalAdvance(shown) + Gap;

    painter->setFont(small);
    for (const QString &label : labels) {
        const QRectF tag(x, y, smallMetrics.horizontalAdvance(label) + 2 * ChipPad, chipHeight);
        const QColor tagColor = labelColor(label, index);
        painter->setPen(QPen(tagColor, 1.2));
        painter->setBrush(opt.palette.color(QPalette::Base));
        painter->drawRoundedRect(tag.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
        painter->setPen(tagColor);
        painter->drawText(tag, Qt::AlignCenter, label);
        x = int(tag.right()) + Gap;
    }
    painter->restore();
}

void TraceCompareDelegate::paintBars(QPainter *painter, const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    drawItemBackground(painter, opt);

    const qint64 maxNs = index.data(TraceCompareModel::MaxTotalRole).toLongLong();
    const qint64 a = index.data(TraceCompareModel::TotalARole).toLongLong();
    const qint64 b = index.data(TraceCompareModel::TotalBRole).toLongLong();
    const bool inA = index.data(TraceCompareModel::CountARole).toInt() > 0;
    const bool inB = index.data(TraceCompareModel::CountBRole).toInt() > 0;
    const int barHeight = std::max(3, (opt.rect.height() - 8) / 2);
    const QRect area = opt.rect.adjusted(Pad + 2, 0, -Pad - 2, 0);
    const int top = opt.rect.center().y() - barHeight - 1;

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    QColor track = opt.palette.color(QPalette::Text);
    track.setAlphaF(0.07f);
    painter->setBrush(track);
    painter->drawRect(QRect(area.left(), top, area.width(), 2 * barHeight + 2));

    const QColor neutral(0x8a, 0x94, 0xa0);
    const QColor colorB = b > a   ? QColor(0xd9, 0x3f, 0x3f)
                          : b < a ? QColor(0x2e, 0xa0, 0x4f)
                                  : neutral;
    if (inA) {
        painter->setBrush(neutral);
        painter->drawRoundedRect(
            QRect(area.left(), top,
                  std::max(1, DurationBarDelegate::barWidth(a, maxNs, area.width())), barHeight),
            1.5, 1.5);
    }
    if (inB) {
        painter->setBrush(inA ? colorB : QColor(0x9c, 0x5b, 0xd9));
        painter->drawRoundedRect(
            QRect(area.left(), top + barHeight + 2,
                  std::max(1, DurationBarDelegate::barWidth(b, maxNs, area.width())), barHeight),
            1.5, 1.5);
    }
    painter->restore();
}

QSize TraceCompareDelegate::sizeHint(const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const QFontMetrics metrics(option.font);
    size.setHeight(std::max(size.height(), metrics.height() + 10));
    if (index.column() == TraceCompareModel::NameColumn) {
        const QFontMetrics small(smallFont(option.font));
        int width =
            2 * Pad +
            small.horizontalAdvance(index.data(TraceCompareModel::ServiceRole).toString()) +
            2 * ChipPad + Gap +
            metrics.horizontalAdvance(index.data(TraceCompareModel::OperationRole).toString()) +
            Gap;
        for (const QString &label : labelsOf(index))
            width += small.horizontalAdvance(label) + 2 * ChipPad + Gap;
        size.setWidth(width);
    } else if (index.column() == TraceCompareModel::BarsColumn) {
        size.setWidth(160);
    }
    return size;
}

} // namespace traceflow
