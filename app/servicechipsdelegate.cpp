// SPDX-License-Identifier: MIT
#include "servicechipsdelegate.h"

#include "itembackground.h"
#include "servicepalette.h"
#include "tracelistmodel.h"

#include <QPainter>

namespace traceflow {

namespace {
constexpr int ChipPadding = 6;
constexpr int ChipGap = 4;
constexpr int CellPadding = 4;

int chipWidth(const QFontMetrics &metrics, const QString &text)
{
    return metrics.horizontalAdvance(text) + 2 * ChipPadding;
}
} // namespace

QColor ServiceChipsDelegate::serviceColor(const QString &service)
{
    return QColor::fromRgb(ServicePalette::color(serviceColorIndex(service)));
}

QColor ServiceChipsDelegate::textColorOn(const QColor &background)
{
    // Relative luminance with the sRGB weights; the threshold favours dark text on mid tones.
    const double luminance =
        0.2126 * background.redF() + 0.7152 * background.greenF() + 0.0722 * background.blueF();
    return luminance > 0.5 ? QColor(0x1d, 0x1f, 0x22) : QColor(Qt::white);
}

void ServiceChipsDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    drawItemBackground(painter, opt);

    const QStringList services = index.data(TraceListModel::ServicesRole).toStringList();
    QFont font = opt.font;
    font.setPointSizeF(font.pointSizeF() * 0.9);
    const QFontMetrics metrics(font);
    const int height = std::min(opt.rect.height() - 6, metrics.height() + 4);
    const QRect area = opt.rect.adjusted(CellPadding, 0, -CellPadding, 0);
    int x = area.left();
    const int y = opt.rect.center().y() - height / 2 + 1;

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setFont(font);
    for (qsizetype i = 0; i < services.size(); ++i) {
        const QString &name = services[i];
        const int width = chipWidth(metrics, name);
        const QString more = QStringLiteral("+%1").arg(services.size() - i);
        const bool last = i + 1 == services.size();
        // Keep room for "+N" unless this chip is the last one.
        const int reserve = last ? 0 : chipWidth(metrics, more) + ChipGap;
        if (x + width + reserve > area.right()) {
            const QRect rest(x, y, chipWidth(metrics, more), height);
            painter->setPen(opt.palette.color(
                opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
            painter->drawText(rest, Qt::AlignCenter, more);
            break;
        }
        const QColor color = serviceColor(name);
        const QRectF chip(x, y, width, height);
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        painter->drawRoundedRect(chip, height / 2.0, height / 2.0);
        painter->setPen(textColorOn(color));
        painter->drawText(chip, Qt::AlignCenter, name);
        x += width + ChipGap;
    }
    painter->restore();
}

QSize ServiceChipsDelegate::sizeHint(const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    const QStringList services = index.data(TraceListModel::ServicesRole).toStringList();
    QFont font = option.font;
    font.setPointSizeF(font.pointSizeF() * 0.9);
    const QFontMetrics metrics(font);
    int width = 2 * CellPadding;
    for (const QString &name : services)
        width += chipWidth(metrics, name) + ChipGap;
    return {width, metrics.height() + 10};
}

} // namespace traceflow
