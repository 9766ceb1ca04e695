// SPDX-License-Identifier: MIT
#include "itembackground.h"

#include <QApplication>
#include <QStyle>
#include <QStyleOptionViewItem>

namespace traceflow {

void drawItemBackground(QPainter *painter, const QStyleOptionViewItem &option)
{
    QStyleOptionViewItem opt = option;
    opt.text.clear();
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
}

} // namespace traceflow
