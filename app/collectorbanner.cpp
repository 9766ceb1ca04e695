// SPDX-License-Identifier: MIT
#include "collectorbanner.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

namespace traceflow {

CollectorBanner::CollectorBanner(QWidget *parent) : QFrame(parent), m_text(new QLabel)
{
    setObjectName(QStringLiteral("collectorBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *ports = new QPushButton(tr("Use Other Ports\u2026"));
    ports->setObjectName(QStringLiteral("bannerPorts"));
    auto *remote = new QPushButton(tr("Connect to Collector\u2026"));
    remote->setObjectName(QStringLiteral("bannerConnect"));
    auto *close = new QToolButton;
    close->setText(QStringLiteral("\u2715"));
    close->setToolTip(tr("Hide this message"));
    close->setAutoRaise(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_text, 1);
    layout->addWidget(ports);
    layout->addWidget(remote);
    layout->addWidget(close);
    connect(ports, &QPushButton::clicked, this, &CollectorBanner::changePortsRequested);
    connect(remote, &QPushButton::clicked, this, &CollectorBanner::connectRequested);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    updateColors();
    hide();
}

void CollectorBanner::showProblem(const QString &message)
{
    m_text->setText(message);
    show();
}

QString CollectorBanner::message() const
{
    return m_text->text();
}

void CollectorBanner::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_updating)
        updateColors();
}

void CollectorBanner::updateColors()
{
    // A warm tint of the window colour, readable in light and dark themes alike.
    QPalette p = parentWidget() ? parentWidget()->palette() : palette();
    const QColor window = p.color(QPalette::Window);
    const QColor amber(0xf0, 0xa0, 0x20);
    QColor tint;
    tint.setRgbF(window.redF() * 0.8f + amber.redF() * 0.2f,
                 window.greenF() * 0.8f + amber.greenF() * 0.2f,
                 window.blueF() * 0.8f + amber.blueF() * 0.2f);
    p.setColor(QPalette::Window, tint);
    m_updating = true; // setPalette() sends a PaletteChange of its own
    setPalette(p);
    m_updating = false;
}

} // namespace traceflow
