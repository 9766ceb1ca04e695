// SPDX-License-Identifier: MIT
#include "spandetailsview.h"

#include "spandetailsmodel.h"
#include "waterfallpainter.h"
#include "waterfalllayout.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QStackedWidget>
#include <QStyle>
#include <QTreeView>
#include <QVBoxLayout>

namespace traceflow {

SpanDetailsView::SpanDetailsView(QWidget *parent)
    : QWidget(parent), m_stack(new QStackedWidget(this)), m_placeholder(new QLabel(this)),
      m_title(new QLabel(this)), m_subtitle(new QLabel(this)), m_view(new QTreeView(this)),
      m_model(new SpanDetailsModel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    m_placeholder->setText(tr("Select a span to see its details"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(m_placeholder);

    auto *details = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(10, 8, 10, 0);
    detailsLayout->setSpacing(2);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    titleFont.setWeight(QFont::DemiBold);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle->setTextFormat(Qt::RichText);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    detailsLayout->addWidget(m_title);
    detailsLayout->addWidget(m_subtitle);
    detailsLayout->addSpacing(6);
    detailsLayout->addWidget(m_view, 1);
    m_stack->addWidget(details);

    m_view->setModel(m_model);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setIndentation(14);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(SpanDetailsModel::KeyColumn, QHeaderView::Interactive);
    m_view->setColumnWidth(SpanDetailsModel::KeyColumn, 200);

    auto *copy = new QAction(tr("Copy"), m_view);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &SpanDetailsView::copyCurrent);
    m_view->addAction(copy);
    // A link opens on a single click; styles that activate items on a single click already
    // send activated() for it.
    connect(m_view, &QTreeView::activated, this, &SpanDetailsView::activate);
    connect(m_view, &QTreeView::clicked, this, [this](const QModelIndex &index) {
        if (!m_view->style()->styleHint(QStyle::SH_ItemView_ActivateItemOnSingleClick, nullptr, m_view))
            activate(index);
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, &SpanDetailsView::showContextMenu);
    refresh();
}

void SpanDetailsView::setSpan(const std::shared_ptr<const AssembledTrace> &trace, int index,
                              const QColor &serviceColor)
{
    m_trace = trace;
    m_index = trace && index >= 0 && index < int(trace->spans.size()) ? index : -1;
    m_serviceColor = serviceColor;
    refresh();
}

void SpanDetailsView::setTimeZone(Qt::TimeSpec spec)
{
    if (spec == m_timeSpec)
        return;
    m_timeSpec = spec;
    refresh();
}

QString SpanDetailsView::title() const
{
    return m_title->text();
}

void SpanDetailsView::refresh()
{
    m_model->setSpan(m_trace, m_index, m_timeSpec);
    if (m_index < 0) {
        m_title->clear();
        m_subtitle->clear();
        m_stack->setCurrentIndex(0);
        return;
    }
    const AssembledSpan &s = m_trace->spans[std::size_t(m_index)];
    m_title->setText(s.span.operation());
    const QString swatch = m_serviceColor.isValid()
        ? QStringLiteral("<span style=\"color:%1\">\u25a0</span>&nbsp;").arg(m_serviceColor.name())
        : QString();
    QString subtitle = swatch + QStringLiteral("<b>%1</b>").arg(s.span.service().toHtmlEscaped())
        + QStringLiteral(" &nbsp;\u00b7&nbsp; ") + spanKindName(s.span.kind)
        + QStringLiteral(" &nbsp;\u00b7&nbsp; ") + formatDuration(s.span.durationNs)
        + QStringLiteral(" &nbsp;\u00b7&nbsp; ") + tr("starts at +%1").arg(formatDuration(s.startNs() - m_trace->startNs));
    if (s.span.isError()) {
        const QString message = s.span.statusMessage();
        subtitle += QStringLiteral(" &nbsp;\u00b7&nbsp; <span style=\"color:%1\"><b>%2</b></span>")
                        .arg(WaterfallColors::fromPalette(palette()).error.name(),
                             message.isEmpty() ? tr("error") : tr("error: %1").arg(message.toHtmlEscaped()));
    }
    m_subtitle->setText(subtitle);
    m_view->expandAll();
    m_stack->setCurrentIndex(1);
}

bool SpanDetailsView::copyCurrent()
{
    const QModelIndex current = m_view->currentIndex();
    const QString text = current.siblingAtColumn(SpanDetailsModel::KeyColumn)
                             .data(SpanDetailsModel::CopyTextRole)
                             .toString();
    if (!current.isValid() || text.isEmpty())
        return false;
    QApplication::clipboard()->setText(text);
    return true;
}

void SpanDetailsView::activate(const QModelIndex &index)
{
    const QVariant trace = index.data(SpanDetailsModel::LinkTraceIdRole);
    if (trace.isValid())
        emit linkActivated(trace.value<TraceId>(), index.data(SpanDetailsModel::LinkSpanIdRole).value<SpanId>());
}

void SpanDetailsView::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        return;
    const QModelIndex keyIndex = index.siblingAtColumn(SpanDetailsModel::KeyColumn);
    const QString key = keyIndex.data().toString();
    const QString value = keyIndex.data(SpanDetailsModel::CopyTextRole).toString();
    QMenu menu(this);
    if (!value.isEmpty()) {
        menu.addAction(tr("Copy Value"), this, [value] { QApplication::clipboard()->setText(value); });
        menu.addAction(tr("Copy Key"), this, [key] { QApplication::clipboard()->setText(key); });
        menu.addAction(tr("Copy as key=value"), this, [key, value] {
            QApplication::clipboard()->setText(key + u'=' + value);
        });
    }
    if (index.data(SpanDetailsModel::LinkTraceIdRole).isValid()) {
        menu.addSeparator();
        menu.addAction(tr("Open Linked Span"), this, [this, keyIndex] { activate(keyIndex); });
    }
    if (!menu.isEmpty())
        menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void SpanDetailsView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // Colours are baked into the rich text: redo it in the new palette.
    if (event->type() == QEvent::PaletteChange)
        refresh();
}

} // namespace traceflow
