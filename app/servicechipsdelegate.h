// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QStyledItemDelegate>

namespace traceflow {

// The trace list's services cell: one rounded chip per service in the service's colour (the
// same colour the trace view gives it), and "+N" for those that do not fit.
class ServiceChipsDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    static QColor serviceColor(const QString &service);
    // Black or white, whichever reads better on the background.
    static QColor textColorOn(const QColor &background);
};

} // namespace traceflow
