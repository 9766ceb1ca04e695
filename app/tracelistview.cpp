// SPDX-License-Identifier: MIT
#include "tracelistview.h"

#include "durationbardelegate.h"
#include "servicechipsdelegate.h"
#include "tracelistmodel.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QHeaderView>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QScrollBar>

#include <unordered_set>

namespace traceflow {

TraceListView::TraceListView(QWidget *parent)
    : QTableView(parent), m_model(new TraceListModel(this)), m_hint(new QPushButton(this))
{
    setModel(m_model);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setSortingEnabled(true);
    // setSortingEnabled sorts at once by the indicator; start in the query's own order.
    horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_model->sort(-1);
    setShowGrid(false);
    setAlternatingRowColors(true);
    setWordWrap(false);
    setTextElideMode(Qt::ElideRight);
    verticalHeader()->hide();
    // Uniform rows: scroll anchoring computes positions from the row height.
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);

    QHeaderView *header = horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(TraceListModel::OperationColumn, QHeaderView::Stretch);
    header->setMinimumSectionSize(fontMetrics().horizontalAdvance(u'M') * 3);
    const int em = fontMetrics().horizontalAdvance(u'M');
    header->resizeSection(
        TraceListModel::StartColumn,
        fontMetrics().horizontalAdvance(QStringLiteral("0000-00-00 00:00:00.000")) + em * 2);
    header->resizeSection(TraceListModel::ServiceColumn, em * 9);
    header->resizeSection(TraceListModel::DurationColumn, em * 16);
    const int digits = fontMetrics().horizontalAdvance(QStringLiteral("000000"));
    header->resizeSection(TraceListModel::SpansColumn, digits + em);
    header->resizeSection(TraceListModel::ErrorsColumn, digits + em * 2); // with the marker
    header->resizeSection(TraceListModel::ServicesColumn, em * 26);
    header->resizeSection(TraceListModel::TraceIdColumn, em * 11);

    setItemDelegateForColumn(TraceListModel::DurationColumn, new DurationBarDelegate(this));
    setItemDelegateForColumn(TraceListModel::ServicesColumn, new ServiceChipsDelegate(this));

    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (value == 0 && m_newCount > 0) {
            m_newCount = 0;
            updateHint();
        }
    });
    m_hint->setObjectName(QStringLiteral("newTracesHint"));
    m_hint->setCursor(Qt::PointingHandCursor);
    m_hint->setStyleSheet(QStringLiteral(
        "QPushButton#newTracesHint { background: palette(highlight); color: "
        "palette(highlighted-text);"
        " border: none; border-radius: 11px; padding: 4px 14px; font-weight: 600; }"));
    m_hint->hide();
    connect(m_hint, &QPushButton::clicked, this, [this] {
        scrollToTop();
        m_newCount = 0;
        updateHint();
    });
}

void TraceListView::applyTraces(std::vector<TraceSummary> traces)
{
    QScrollBar *bar = verticalScrollBar();
    const bool atTop = bar->value() == 0;
    TraceId anchor;
    int anchorOffset = 0;
    std::unordered_set<TraceId> before;
    if (!atTop) {
        const int row = rowAt(0);
        if (const TraceSummary *summary = m_model->summary(row)) {
            anchor = summary->traceId;
            anchorOffset = rowViewportPosition(row);
        }
        for (const TraceSummary &t : m_model->traces())
            before.insert(t.traceId);
    }
    m_model->setTraces(std::move(traces));
    const int anchorRow = anchor.isEmpty() ? -1 : m_model->rowOf(anchor);
    if (anchorRow >= 0) {
        int arrived = 0;
        for (int row = 0; row < anchorRow; ++row)
            arrived += before.contains(m_model->summary(row)->traceId) ? 0 : 1;
        if (arrived > 0) {
            updateGeometries(); // the scroll range must include the new rows first
            bar->setValue(verticalHeader()->sectionPosition(anchorRow) - anchorOffset);
            m_newCount += arrived;
        }
    }
    updateHint();
}

std::vector<TraceId> TraceListView::selectedTraceIds() const
{
    QModelIndexList rows = selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    std::vector<TraceId> ids;
    ids.reserve(static_cast<std::size_t>(rows.size()));
    for (const QModelIndex &index : std::as_const(rows)) {
        if (const TraceSummary *summary = m_model->summary(index.row()))
            ids.push_back(summary->traceId);
    }
    return ids;
}

TraceId TraceListView::currentTraceId() const
{
    const TraceSummary *summary = m_model->summary(currentIndex().row());
    return summary ? summary->traceId : TraceId();
}

bool TraceListView::selectTrace(const TraceId &id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row, 0);
    selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                 QItemSelectionModel::Rows);
    scrollTo(index);
    return true;
}

void TraceListView::setTimeSpec(Qt::TimeSpec spec)
{
    m_model->setTimeSpec(spec);
}

void TraceListView::onCurrentChanged(const QModelIndex &current)
{
    const TraceSummary *summary = m_model->summary(current.row());
    const TraceId id = summary ? summary->traceId : TraceId();
    if (id == m_current)
        return;
    m_current = id;
    if (!id.isEmpty())
        Q_EMIT currentTraceChanged(id);
}

void TraceListView::updateHint()
{
    const bool show = m_newCount > 0 && verticalScrollBar()->value() > 0;
    if (show) {
        m_hint->setText(m_newCount == 1 ? tr("\u2191 1 new trace")
                                        : tr("\u2191 %1 new traces").arg(m_newCount));
        m_hint->adjustSize();
        placeHint();
        m_hint->raise();
    }
    m_hint->setVisible(show);
}

void TraceListView::placeHint()
{
    const QRect area = viewport()->geometry();
    m_hint->move(area.left() + (area.width() - m_hint->width()) / 2, area.top() + 6);
}

void TraceListView::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    viewport()->update();
}

void TraceListView::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    if (m_model->rowCount() > 0 || m_placeholder.isEmpty())
        return;
    QPainter painter(viewport());
    QColor color = palette().color(QPalette::Text);
    color.setAlphaF(0.55f);
    painter.setPen(color);
    painter.drawText(viewport()->rect().adjusted(24, 24, -24, -24),
                     Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
}

void TraceListView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    const TraceId current = currentTraceId();
    const std::vector<TraceId> selected = selectedTraceIds();
    menu.addAction(tr("&Open Trace"), this, [this, current] { Q_EMIT openRequested(current); })
        ->setEnabled(!current.isEmpty());
    menu.addAction(tr("&Copy Trace ID"), this,
                   [selected] {
                       QStringList ids;
                       for (const TraceId &id : selected)
                           ids.append(id.toString());
                       QApplication::clipboard()->setText(ids.join(u'\n'));
                   })
        ->setEnabled(!selected.empty());
    menu.addSeparator();
    for (QAction *action : std::as_const(m_menuActions)) {
        if (action)
            menu.addAction(action);
        else
            menu.addSeparator();
    }
    menu.exec(event->globalPos());
}

void TraceListView::resizeEvent(QResizeEvent *event)
{
    QTableView::resizeEvent(event);
    placeHint();
}

} // namespace traceflow
