// SPDX-License-Identifier: MIT
#pragma once

class QPainter;
class QStyleOptionViewItem;

namespace traceflow {

// Draws an item view cell's background, selection and focus as the style does, without its
// text: the first step of every delegate that paints the rest itself. option is the cell's
// option after the delegate's initStyleOption().
void drawItemBackground(QPainter *painter, const QStyleOptionViewItem &option);

} // namespace traceflow
