// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

#include <QList>
#include <QRectF>

namespace traceflow {

// Paints StatsTableModel::TrendRole (counts per slice of the window) as small bars, scaled to
// the row's own peak, in the palette's highlight colour.
class SparklineDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The bars for counts inside rect: one per count, equal widths, heights relative to the
    // largest count; a non-zero count is at least 1 pixel high so activity never vanishes.
    // Empty when there are no counts or the rect is empty.
    static QList<QRectF> bars(const QList<quint64> &counts, const QRectF &rect);
};

} // namespace traceflow
