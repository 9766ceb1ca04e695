// SPDX-License-Identifier: MIT
#include "traceheader.h"

#include "displayformat.h"
#include "waterfallpainter.h"
#include "waterfalllayout.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QTextDocumentFragment>
#include <QToolButton>
#include <QVBoxLayout>

namespace traceflow {

namespace {

QString stat(const QString &name, const QString &value, const QString &color = QString())
{
    const QString shown = color.isEmpty()
        ? QStringLiteral("<b>%1</b>").arg(value)
        : QStringLiteral("<b style=\"color:%1\">%2</b>").arg(color, value);
    return QStringLiteral("<span style=\"white-space:nowrap\">%1&nbsp; %2</span>").arg(name, shown);
}

QString plain(const QLabel *label)
{
    return QTextDocumentFragment::fromHtml(label->text()).toPlainText().replace(QChar::Nbsp, u' ').simplified();
}

} // namespace

TraceHeader::TraceHeader(QWidget *parent)
    : QWidget(parent), m_title(new QLabel(this)), m_traceId(new QLabel(this)),
      m_copy(new QToolButton(this)), m_stats(new QLabel(this)), m_services(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 8);
    layout->setSpacing(4);

    auto *top = new QHBoxLayout;
    top->setSpacing(8);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setWeight(QFont::DemiBold);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::RichText);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_traceId->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_traceId->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_traceId->setForegroundRole(QPalette::PlaceholderText);
    m_traceId->setToolTip(tr("Trace ID"));
    m_copy->setText(tr("Copy ID"));
    m_copy->setToolTip(tr("Copy the trace ID to the clipboard"));
    m_copy->setAutoRaise(true);
    connect(m_copy, &QToolButton::clicked, this, [this] {
        if (m_trace && !m_trace->spans.empty())
            QApplication::clipboard()->setText(m_trace->spans.front().span.traceId.toString());
    });
    top->addWidget(m_title, 1);
    top->addWidget(m_traceId);
    top->addWidget(m_copy);
    layout->addLayout(top);

    for (QLabel *label : {m_stats, m_services}) {
        label->setTextFormat(Qt::RichText);
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(label);
    }
    refresh();
}

void TraceHeader::setTrace(const std::shared_ptr<const AssembledTrace> &trace,
                           const std::vector<WaterfallScene::Service> &services)
{
    m_trace = trace;
    m_legend = services;
    refresh();
}

void TraceHeader::setTimeZone(Qt::TimeSpec spec)
{
    if (spec == m_timeSpec)
        return;
    m_timeSpec = spec;
    refresh();
}

QString TraceHeader::titleText() const { return plain(m_title); }
QString TraceHeader::statsText() const { return plain(m_stats); }
QString TraceHeader::servicesText() const { return plain(m_services); }
QString TraceHeader::traceIdText() const { return m_traceId->text(); }

void TraceHeader::refresh()
{
    const bool empty = !m_trace || m_trace->spans.empty();
    m_copy->setVisible(!empty);
    m_stats->setVisible(!empty);
    m_services->setVisible(!empty);
    if (empty) {
        m_title->setText(tr("No trace selected"));
        m_traceId->clear();
        return;
    }
    const AssembledTrace &t = *m_trace;
    const QColor muted = palette().color(QPalette::PlaceholderText);
    m_title->setText(QStringLiteral("%1<span style=\"color:%3\">:</span> %2")
                         .arg(t.rootService().toHtmlEscaped(), t.rootOperation().toHtmlEscaped(),
                              muted.name()));
    m_traceId->setText(t.spans.front().span.traceId.toString());

    QString start = DisplayFormat::timestamp(t.startNs, m_timeSpec);
    if (m_timeSpec == Qt::UTC)
        start += QStringLiteral(" UTC");
    const QString sep = QStringLiteral(" &nbsp;&nbsp;<span style=\"color:%1\">\u00b7</span>&nbsp;&nbsp; ")
                            .arg(muted.name());
    const QString red = WaterfallColors::fromPalette(palette()).error.name();
    QStringList stats = {
        stat(tr("Start"), start),
        stat(tr("Duration"), formatDuration(t.durationNs())),
        stat(tr("Spans"), QString::number(t.spans.size())),
        stat(tr("Services"), QString::number(t.servicePath.size())),
        stat(tr("Depth"), QString::number(t.maxDepth + 1)),
        stat(tr("Errors"), QString::number(t.errorCount), t.errorCount > 0 ? red : QString()),
    };
    if (t.orphanCount > 0)
        stats << stat(tr("Orphans"), QString::number(t.orphanCount));
    if (t.skewAdjustedCount > 0)
        stats << stat(tr("Clock skew adjusted"), QString::number(t.skewAdjustedCount));
    m_stats->setText(stats.join(sep));

    QStringList chips;
    for (const WaterfallScene::Service &service : m_legend) {
        QString chip = QStringLiteral("<span style=\"white-space:nowrap\"><span style=\"color:%1\">\u25a0</span>&nbsp;%2"
                                      "&nbsp;<span style=\"color:%3\">%4</span></span>")
                           .arg(service.color.name(), service.name.toHtmlEscaped(), muted.name(),
                                QString::number(service.spans));
        chips << chip;
    }
    const QString arrow = QStringLiteral(" <span style=\"color:%1\">\u2192</span> ").arg(muted.name());
    m_services->setText(chips.join(arrow));
}

void TraceHeader::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // Colours are baked into the rich text: redo it in the new palette.
    if (event->type() == QEvent::PaletteChange)
        refresh();
}

} // namespace traceflow
