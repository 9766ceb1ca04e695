// SPDX-License-Identifier: MIT
#include "tracecompareview.h"

#include "displayformat.h"
#include "tracecomparedelegate.h"
#include "tracecomparemodel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace traceflow {

namespace {
QString badge(const QString &letter, const QString &color)
{
    return QStringLiteral("<span style=\"background-color:%1; color:white; font-weight:bold\">"
                          "&nbsp;%2&nbsp;</span>")
        .arg(color, letter);
}
} // namespace

TraceCompareView::TraceCompareView(QWidget *parent) : QWidget(parent)
{
    m_sideA = new QLabel;
    m_sideA->setObjectName(QStringLiteral("compareSideA"));
    m_sideB = new QLabel;
    m_sideB->setObjectName(QStringLiteral("compareSideB"));
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("compareSummary"));
    for (QLabel *label : {m_sideA, m_sideB, m_summary}) {
        label->setTextFormat(Qt::RichText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_summary->setWordWrap(true);

    m_swap = new QPushButton(tr("Swap A \u21c4 B"));
    m_swap->setObjectName(QStringLiteral("compareSwap"));
    m_swap->setToolTip(tr("Make B the baseline"));
    m_onlyChanged = new QCheckBox(tr("Only changed"));
    m_onlyChanged->setObjectName(QStringLiteral("compareOnlyChanged"));
    m_onlyChanged->setToolTip(tr("Hide paths whose duration changed by less than the threshold "
                                 "(paths in one trace only and different span counts always "
                                 "show)"));
    m_threshold = new QSpinBox;
    m_threshold->setObjectName(QStringLiteral("compareThreshold"));
    m_threshold->setRange(0, 1000);
    m_threshold->setSingleStep(5);
    m_threshold->setValue(10);
    m_threshold->setPrefix(tr("by \u2265 "));
    m_threshold->setSuffix(QStringLiteral("%"));
    m_threshold->setEnabled(false);
    auto *expand = new QPushButton(tr("Expand All"));
    auto *collapse = new QPushButton(tr("Collapse All"));

    auto *tools = new QHBoxLayout;
    tools->addWidget(m_swap);
    tools->addSpacing(12);
    tools->addWidget(m_onlyChanged);
    tools->addWidget(m_threshold);
    tools->addStretch(1);
    tools->addWidget(expand);
    tools->addWidget(collapse);

    m_model = new TraceCompareModel(this);
    m_tree = new QTreeView;
    m_tree->setObjectName(QStringLiteral("compareTree"));
    m_tree->setModel(m_model);
    m_tree->setItemDelegate(new TraceCompareDelegate(m_tree));
    m_tree->setUniformRowHeights(true);
    m_tree->setExpandsOnDoubleClick(false); // double-click opens the span
    m_tree->setAlternatingRowColors(false); // the rows' tints carry the meaning
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    QHeaderView *header = m_tree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(TraceCompareModel::NameColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(TraceCompareModel::BarsColumn, QHeaderView::Fixed);
    header->resizeSection(TraceCompareModel::BarsColumn, 180);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 0);
    layout->setSpacing(4);
    layout->addWidget(m_sideA);
    layout->addWidget(m_sideB);
    layout->addWidget(m_summary);
    layout->addLayout(tools);
    layout->addWidget(m_tree, 1);

    connect(m_swap, &QPushButton::clicked, this, &TraceCompareView::swap);
    connect(m_onlyChanged, &QCheckBox::toggled, this, &TraceCompareView::applyFilter);
    connect(m_threshold, &QSpinBox::valueChanged, this, &TraceCompareView::applyFilter);
    connect(expand, &QPushButton::clicked, m_tree, &QTreeView::expandAll);
    connect(collapse, &QPushButton::clicked, m_tree, [this] { m_tree->expandToDepth(0); });
    // Double-click or Return; the B columns open the span in B.
    connect(m_tree, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const int column = index.column();
        openRow(index, column == TraceCompareModel::CountBColumn ||
                           column == TraceCompareModel::DurationBColumn);
    });
    connect(m_tree, &QWidget::customContextMenuRequested, this, &TraceCompareView::showTreeMenu);
    m_swap->setEnabled(false);
}

void TraceCompareView::setTraces(std::shared_ptr<const AssembledTrace> a,
                                 std::shared_ptr<const AssembledTrace> b)
{
    m_a = std::move(a);
    m_b = std::move(b);
    m_swap->setEnabled(m_a && m_b);
    m_model->setDiff(nullptr); // the header says "Comparing…" until the new diff is in
    updateHeader();
    if (!m_a || !m_b)
        return;
    const quint64 ticket = ++m_ticket;
    // The traces are immutable and shared: the worker only reads them.
    QtConcurrent::run([a = m_a, b = m_b] {
        return std::make_shared<const TraceDiff>(TraceDiff::compare(*a, *b));
    }).then(this, [this, ticket](std::shared_ptr<const TraceDiff> diff) {
        if (ticket == m_ticket)
            showDiff(std::move(diff));
    });
}

void TraceCompareView::showMessage(const QString &text)
{
    ++m_ticket;
    m_a.reset();
    m_b.reset();
    m_swap->setEnabled(false);
    m_model->setDiff(nullptr);
    m_sideA->clear();
    m_sideB->clear();
    m_summary->setText(text.toHtmlEscaped());
}

void TraceCompareView::swap()
{
    setTraces(m_b, m_a);
}

void TraceCompareView::setTimeSpec(Qt::TimeSpec spec)
{
    m_timeSpec = spec;
    updateHeader();
}

QString TraceCompareView::title() const
{
    if (!m_a || !m_b)
        return tr("Compare");
    return tr("Compare: %1 vs %2")
        .arg(DisplayFormat::duration(m_a->durationNs()),
             DisplayFormat::duration(m_b->durationNs()));
}

void TraceCompareView::showDiff(std::shared_ptr<const TraceDiff> diff)
{
    m_model->setDiff(std::move(diff));
    m_tree->expandAll();
    updateHeader();
    Q_EMIT comparisonShown();
}

void TraceCompareView::applyFilter()
{
    m_threshold->setEnabled(m_onlyChanged->isChecked());
    m_model->setFilter(m_onlyChanged->isChecked(), 0, m_threshold->value() / 100.0);
    m_tree->expandAll();
}

QString TraceCompareView::sideHtml(const QString &letter, const AssembledTrace &trace) const
{
    const QLocale locale;
    const QString color = letter == u'A' ? QStringLiteral("#6b7580") : QStringLiteral("#7d45b8");
    QString text =
        badge(letter, color) +
        QStringLiteral("&nbsp; <b>%1</b> %2 &nbsp;\u00b7&nbsp; %3 "
                       "&nbsp;\u00b7&nbsp; <b>%4</b> "
                       "&nbsp;\u00b7&nbsp; %5")
            .arg(trace.rootService().toHtmlEscaped(), trace.rootOperation().toHtmlEscaped(),
                 DisplayFormat::timestamp(trace.startNs, m_timeSpec),
                 DisplayFormat::duration(trace.durationNs()),
                 trace.spans.size() == 1
                     ? tr("1 span")
                     : tr("%1 spans").arg(locale.toString(qulonglong(trace.spans.size()))));
    if (trace.errorCount > 0)
        text +=
            QStringLiteral(" &nbsp;\u00b7&nbsp; <span style=\"color:#d93f3f\">%1</span>")
                .arg(trace.errorCount == 1 ? tr("1 error") : tr("%1 errors").arg(trace.errorCount));
    if (!trace.spans.empty())
        text += QStringLiteral(" &nbsp;\u00b7&nbsp; <span style=\"color:gray\">%1</span>")
                    .arg(trace.spans.front().span.traceId.toString());
    return text;
}

void TraceCompareView::updateHeader()
{
    if (!m_a || !m_b)
        return;
    m_sideA->setText(sideHtml(QStringLiteral("A"), *m_a));
    m_sideB->setText(sideHtml(QStringLiteral("B"), *m_b));
    const std::shared_ptr<const TraceDiff> diff = m_model->diff();
    if (!diff) {
        m_summary->setText(tr("Comparing\u2026"));
        return;
    }
    const qint64 delta = diff->deltaNs();
    QString change;
    if (delta == 0) {
        change = tr("B takes as long as A");
    } else {
        const std::optional<double> ratio = diff->deltaRatio();
        const QString percent =
            ratio ? QStringLiteral(" (%1%2%)")
                        .arg(delta > 0 ? QStringLiteral("+") : QString())
                        .arg(*ratio * 100.0, 0, 'f', std::abs(*ratio) < 0.0995 ? 1 : 0)
                  : QString();
        change = (delta > 0 ? tr("B is <b style=\"color:#d93f3f\">%1 slower</b>%2")
                            : tr("B is <b style=\"color:#2ea04f\">%1 faster</b>%2"))
                     .arg(DisplayFormat::duration(std::abs(delta)), percent);
    }
    m_summary->setText(change +
                       tr(" &nbsp;\u00b7&nbsp; %1 paths in both (%2 changed) &nbsp;\u00b7&nbsp; "
                          "%3 only in A &nbsp;\u00b7&nbsp; %4 only in B")
                           .arg(diff->matched)
                           .arg(diff->changed)
                           .arg(diff->onlyA)
                           .arg(diff->onlyB));
}

void TraceCompareView::openRow(const QModelIndex &index, bool b)
{
    const TraceDiffNode *node = m_model->node(index);
    if (!node || !m_a || !m_b)
        return;
    const bool useB =
        node->presence() == DiffPresence::OnlyB || (b && node->presence() == DiffPresence::Both);
    const AssembledTrace &trace = useB ? *m_b : *m_a;
    const TraceDiffSide &side = useB ? node->b : node->a;
    if (side.spans.empty())
        return;
    const Span &span = trace.spans[std::size_t(side.spans.front())].span;
    Q_EMIT openSpanRequested(span.traceId, span.spanId);
}

void TraceCompareView::showTreeMenu(const QPoint &position)
{
    const QModelIndex index = m_tree->indexAt(position);
    const TraceDiffNode *node = m_model->node(index);
    if (!node)
        return;
    QMenu menu(this);
    menu.addAction(tr("Open Span in &A"), this, [this, index] { openRow(index, false); })
        ->setEnabled(node->a.count > 0);
    menu.addAction(tr("Open Span in &B"), this, [this, index] { openRow(index, true); })
        ->setEnabled(node->b.count > 0);
    menu.exec(m_tree->viewport()->mapToGlobal(position));
}

} // namespace traceflow
