// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

namespace traceflow {

// Paints the comparison tree's name cells (a service chip, the operation, and a label for rows
// only in A, only in B, or starting at an orphan) and its "A vs B" cells (two bars on one
// scale: A above in grey, B below in red when slower, green when faster). Other columns are
// painted as usual.
class TraceCompareDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    void paintName(QPainter *painter, const QStyleOptionViewItem &option,
                   const QModelIndex &index) const;
    void paintBars(QPainter *painter, const QStyleOptionViewItem &option,
                   const QModelIndex &index) const;
};

} // namespace traceflow
