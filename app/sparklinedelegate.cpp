// SPDX-License-Identifier: MIT
#include "sparklinedelegate.h"

#include "itembackground.h"
#include "statstablemodel.h"

#include <QPainter>

#include <algorithm>

namespace traceflow {

QList<QRectF> SparklineDelegate::bars(const QList<quint64> &counts, const QRectF &rect)
{
    QList<QRectF> out;
    if (counts.isEmpty() || rect.width() <= 0 || rect.height() <= 0)
        return out;
    const quint64 peak = *std::max_element(counts.begin(), counts.end());
    const double step = rect.width() / double(counts.size());
    const double gap = step >= 4 ? 1.0 : 0.0;
    for (qsizetype i = 0; i < counts.size(); ++i) {
        double h = peak ? rect.height() * double(counts[i]) / double(peak) : 0.0;
        if (counts[i] > 0)
            h = std::max(h, 1.0);
        out.append(QRectF(rect.left() + double(i) * step, rect.bottom() - h, step - gap, h));
    }
    return out;
}

void SparklineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    drawItemBackground(painter, opt);

    const auto counts = index.data(StatsTableModel::TrendRole).value<QList<quint64>>();
    const QRectF area = QRectF(option.rect).adjusted(4, 4, -4, -4);
    const bool selected = option.state & QStyle::State_Selected;
    QColor colour = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Highlight);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    for (const QRectF &bar : bars(counts, area))
        painter->drawRect(bar);
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width(), 120));
    return size;
}

} // namespace traceflow
