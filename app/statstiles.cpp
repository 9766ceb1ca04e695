// SPDX-License-Identifier: MIT
#include "statstiles.h"

#include "apptheme.h"
#include "displayformat.h"

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include <cmath>

namespace traceflow {

namespace {
constexpr double WarnErrorRate = 0.05; // the error tile turns red above 5 %
}

StatsTiles::StatsTiles(QWidget *parent)
    : QWidget(parent)
{
    const QString captions[] = {tr("Collector"), tr("Traces"),     tr("Spans"), tr("Services"),
                                tr("p95 latency"), tr("Error rate"), tr("Spans/s")};
    const QString tips[] = {
        tr("Whether the collector answers"),
        tr("Traces held now"),
        tr("Spans held now"),
        tr("Services seen in the spans held"),
        tr("95th percentile span duration over the chosen time range"),
        tr("Share of spans with error status over the chosen time range"),
        tr("Spans arriving per second, measured between refreshes")};
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(8);
    for (int i = 0; i < int(Tile::TileCount); ++i) {
        auto *tile = new QFrame;
        tile->setObjectName(QStringLiteral("statsTile"));
        tile->setFrameShape(QFrame::StyledPanel);
        tile->setToolTip(tips[i]);
        auto *layout = new QVBoxLayout(tile);
        layout->setContentsMargins(12, 8, 12, 8);
        layout->setSpacing(2);
        m_captions[i] = new QLabel(captions[i]);
        m_values[i] = new QLabel(QStringLiteral("\u2013"));
        m_values[i]->setObjectName(QStringLiteral("tileValue"));
        m_values[i]->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(m_captions[i]);
        layout->addWidget(m_values[i]);
        row->addWidget(tile, 1);
    }
    restyle();
}

void StatsTiles::setReport(const StatsReport &report, std::optional<double> spansPerSecond)
{
    const QLocale locale;
    m_healthy = report.healthy;
    m_errorRate = report.total.errorRate();
    m_values[int(Tile::Collector)]->setText(report.healthy ? tr("\u25cf Up") : tr("\u25cf Down"));
    m_values[int(Tile::Traces)]->setText(locale.toString(qulonglong(report.traces)));
    m_values[int(Tile::Spans)]->setText(locale.toString(qulonglong(report.spans)));
    m_values[int(Tile::Services)]->setText(locale.toString(report.serviceCount));
    m_values[int(Tile::P95)]->setText(
        report.total.count ? DisplayFormat::duration(qint64(std::llround(report.total.p95Ms * 1e6)))
                           : QStringLiteral("\u2013"));
    m_values[int(Tile::ErrorRate)]->setText(
        report.total.count ? QStringLiteral("%1 %").arg(locale.toString(m_errorRate * 100, 'f', 2))
                           : QStringLiteral("\u2013"));
    m_values[int(Tile::SpanRate)]->setText(
        spansPerSecond ? locale.toString(qRound64(*spansPerSecond)) : QStringLiteral("\u2013"));
    restyle();
}

QString StatsTiles::value(Tile tile) const
{
    return m_values[int(tile)]->text();
}

void StatsTiles::restyle()
{
    const QPalette pal = palette();
    const bool dark = AppTheme::isDark(pal);
    const QColor good = dark ? QColor(0x5f, 0xc9, 0x8a) : QColor(0x1f, 0x8a, 0x4c);
    const QColor bad = dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
    QFont big = font();
    big.setBold(true);
    QFont small = font();
    if (font().pointSizeF() > 0) {
        big.setPointSizeF(font().pointSizeF() * 1.6);
        small.setPointSizeF(font().pointSizeF() * 0.9);
    }
    for (int i = 0; i < int(Tile::TileCount); ++i) {
        m_values[i]->setFont(big);
        m_captions[i]->setFont(small);
        QPalette captionPalette = m_captions[i]->palette();
        captionPalette.setColor(QPalette::WindowText, pal.color(QPalette::PlaceholderText));
        m_captions[i]->setPalette(captionPalette);
        QPalette valuePalette = m_values[i]->palette();
        QColor colour = pal.color(QPalette::WindowText);
        if (i == int(Tile::Collector))
            colour = m_healthy ? good : bad;
        else if (i == int(Tile::ErrorRate) && m_errorRate > WarnErrorRate)
            colour = bad;
        valuePalette.setColor(QPalette::WindowText, colour);
        m_values[i]->setPalette(valuePalette);
    }
}

void StatsTiles::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        // restyle() sets child palettes and fonts, which does not re-enter here.
        restyle();
    }
}

} // namespace traceflow
