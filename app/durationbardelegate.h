// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

namespace traceflow {

// The trace list's duration cell: the duration as text with a bar whose length is the
// duration relative to the slowest trace shown (TraceListModel::MaxDurationNsRole). Traces
// with errors get a red bar.
class DurationBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

    // The bar's width for a duration within `available` pixels: at least 2 pixels for any
    // positive duration so the fastest trace still shows a mark; 0 when max <= 0.
    static int barWidth(qint64 durationNs, qint64 maxNs, int available);
};

} // namespace traceflow
