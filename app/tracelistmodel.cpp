// SPDX-License-Identifier: MIT
#include "tracelistmodel.h"

#include "displayformat.h"

#include <QColor>
#include <QFont>
#include <QFontDatabase>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace traceflow {

namespace {
const QColor ErrorColor(0xd9, 0x3f, 0x3f);

QIcon errorIcon()
{
    static const QIcon icon = [] {
        QPixmap pixmap(32, 32);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(ErrorColor);
        painter.drawEllipse(QRectF(6, 6, 20, 20));
        return QIcon(pixmap);
    }();
    return icon;
}

// Orders QVariants of the types sortData() returns.
bool lessThan(const QVariant &a, const QVariant &b)
{
    if (a.typeId() == QMetaType::QString)
        return a.toString().compare(b.toString(), Qt::CaseInsensitive) < 0;
    return a.toLongLong() < b.toLongLong();
}
} // namespace

TraceListModel::TraceListModel(QObject *parent) : QAbstractTableModel(parent) {}

const TraceSummary *TraceListModel::summary(int row) const
{
    return row >= 0 && row < rowCount() ? &m_rows[static_cast<std::size_t>(row)] : nullptr;
}

int TraceListModel::rowOf(const TraceId &id) const
{
    const auto it = std::find_if(m_rows.begin(), m_rows.end(),
                                 [&id](const TraceSummary &t) { return t.traceId == id; });
    return it == m_rows.end() ? -1 : static_cast<int>(it - m_rows.begin());
}

void TraceListModel::setTimeSpec(Qt::TimeSpec spec)
{
    if (spec == m_timeSpec)
        return;
    m_timeSpec = spec;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, StartColumn), index(rowCount() - 1, StartColumn));
}

int TraceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int TraceListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TraceListModel::displayData(const TraceSummary &trace, int column) const
{
    switch (column) {
    case StartColumn:
        return DisplayFormat::timestamp(trace.startNs, m_timeSpec);
    case ServiceColumn:
        return trace.rootService;
    case OperationColumn:
        return trace.rootOperation;
    case DurationColumn:
        return DisplayFormat::duration(trace.durationNs);
    case SpansColumn:
        return trace.spanCount;
    case ErrorsColumn:
        return trace.errorCount > 0 ? QVariant(trace.errorCount) : QVariant();
    case ServicesColumn:
        return trace.services.join(QLatin1String(", "));
    case TraceIdColumn:
        return trace.traceId.toString();
    }
    return {};
}

QVariant TraceListModel::sortData(const TraceSummary &trace, int column) const
{
    switch (column) {
    case StartColumn:
        return trace.startNs;
    case ServiceColumn:
        return trace.rootService;
    case OperationColumn:
        return trace.rootOperation;
    case DurationColumn:
        return trace.durationNs;
    case SpansColumn:
        return trace.spanCount;
    case ErrorsColumn:
        return trace.errorCount;
    case ServicesColumn:
        return trace.services.join(u' ');
    case TraceIdColumn:
        return trace.traceId.toString();
    }
    return {};
}

QVariant TraceListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TraceSummary &trace = m_rows[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(trace, column);
    case Qt::ToolTipRole:
        if (column == StartColumn)
            return QString(DisplayFormat::timestamp(trace.startNs, Qt::UTC) +
                           QLatin1String(" UTC"));
        if (column == ServicesColumn)
            return trace.services.join(u'\n');
        if (column == ErrorsColumn && trace.errorCount > 0)
            return trace.errorCount == 1 ? tr("1 span with an error")
                                         : tr("%1 spans with errors").arg(trace.errorCount);
        return displayData(trace, column);
    case Qt::DecorationRole:
        return column == ErrorsColumn && trace.errorCount > 0 ? QVariant(errorIcon()) : QVariant();
    case Qt::ForegroundRole:
        return column == ErrorsColumn && trace.errorCount > 0 ? QVariant(ErrorColor) : QVariant();
    case Qt::FontRole:
        if (column == TraceIdColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    case Qt::TextAlignmentRole:
        if (column == SpansColumn || column == DurationColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case TraceIdRole:
        return trace.traceId.toString();
    case StartNsRole:
        return trace.startNs;
    case DurationNsRole:
        return trace.durationNs;
    case MaxDurationNsRole:
        return m_maxDurationNs;
    case SpanCountRole:
        return trace.spanCount;
    case ErrorCountRole:
        return trace.errorCount;
    case ServicesRole:
        return trace.services;
    case RootServiceRole:
        return trace.rootService;
    case SortRole:
        return sortData(trace, column);
    }
    return {};
}

QVariant TraceListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case StartColumn:
            return tr("Start");
        case ServiceColumn:
            return tr("Service");
        case OperationColumn:
            return tr("Operation");
        case DurationColumn:
            return tr("Duration");
        case SpansColumn:
            return tr("Spans");
        case ErrorsColumn:
            return tr("Errors");
        case ServicesColumn:
            return tr("Services");
        case TraceIdColumn:
            return tr("Trace ID");
        }
    }
    if (role == Qt::ToolTipRole && section == StartColumn)
        return m_timeSpec == Qt::UTC ? tr("Trace start (UTC)") : tr("Trace start (local time)");
    return {};
}

void TraceListModel::sortRows(std::vector<TraceSummary> &rows) const
{
    if (m_sortColumn < 0)
        return;
    const int column = m_sortColumn;
    const bool descending = m_sortOrder == Qt::DescendingOrder;
    std::stable_sort(rows.begin(), rows.end(),
                     [this, column, descending](const TraceSummary &a, const TraceSummary &b) {
                         const QVariant va = sortData(a, column);
                         const QVariant vb = sortData(b, column);
                         return descending ? lessThan(vb, va) : lessThan(va, vb);
                     });
}

void TraceListModel::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = column >= 0 && column < ColumnCount ? column : -1;
    m_sortOrder = order;
    if (m_sortColumn < 0 || m_rows.size() < 2)
        return;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    std::vector<TraceSummary> sorted = m_rows;
    sortRows(sorted);
    std::unordered_map<TraceId, int> newRow;
    for (std::size_t i = 0; i < sorted.size(); ++i)
        newRow.emplace(sorted[i].traceId, static_cast<int>(i));
    const QModelIndexList persistent = persistentIndexList();
    QModelIndexList moved;
    moved.reserve(persistent.size());
    for (const QModelIndex &old : persistent)
        moved.append(
            index(newRow.at(m_rows[static_cast<std::size_t>(old.row())].traceId), old.column()));
    m_rows = std::move(sorted);
    changePersistentIndexList(persistent, moved);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void TraceListModel::removeRowsNotIn(const std::vector<TraceSummary> &wanted)
{
    std::unordered_set<TraceId> keep;
    keep.reserve(wanted.size());
    for (const TraceSummary &t : wanted)
        keep.insert(t.traceId);
    // Bottom-up, one signal per contiguous run of unwanted rows.
    int row = rowCount() - 1;
    while (row >= 0) {
        if (keep.contains(m_rows[static_cast<std::size_t>(row)].traceId)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !keep.contains(m_rows[static_cast<std::size_t>(first - 1)].traceId))
            --first;
        beginRemoveRows({}, first, row);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + row + 1);
        endRemoveRows();
        row = first - 1;
    }
}

void TraceListModel::updateRow(int row, TraceSummary &&trace)
{
    TraceSummary &current = m_rows[static_cast<std::size_t>(row)];
    if (current == trace)
        return;
    current = std::move(trace);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void TraceListModel::setTraces(std::vector<TraceSummary> traces)
{
    {
        std::unordered_set<TraceId> seen;
        seen.reserve(traces.size());
        std::erase_if(traces,
                      [&seen](const TraceSummary &t) { return !seen.insert(t.traceId).second; });
    }
    sortRows(traces);
    removeRowsNotIn(traces);

    std::unordered_set<TraceId> present;
    present.reserve(m_rows.size());
    for (const TraceSummary &t : m_rows)
        present.insert(t.traceId);
    for (std::size_t i = 0; i < traces.size(); ++i) {
        const int row = static_cast<int>(i);
        if (i < m_rows.size() && m_rows[i].traceId == traces[i].traceId) {
            updateRow(row, std::move(traces[i]));
            continue;
        }
        if (present.contains(traces[i].traceId)) {
            // Every row above `row` already matches, so the trace is further down.
            const int from = rowOf(traces[i].traceId);
            beginMoveRows({}, from, from, {}, row);
            TraceSummary item = std::move(m_rows[static_cast<std::size_t>(from)]);
            m_rows.erase(m_rows.begin() + from);
            m_rows.insert(m_rows.begin() + row, std::move(item));
            endMoveRows();
            updateRow(row, std::move(traces[i]));
            continue;
        }
        std::size_t end = i + 1;
        while (end < traces.size() && !present.contains(traces[end].traceId))
            ++end;
        beginInsertRows({}, row, row + static_cast<int>(end - i) - 1);
        m_rows.insert(m_rows.begin() + row,
                      std::make_move_iterator(traces.begin() + static_cast<std::ptrdiff_t>(i)),
                      std::make_move_iterator(traces.begin() + static_cast<std::ptrdiff_t>(end)));
        endInsertRows();
        i = end - 1;
    }
    updateMaxDuration();
}

void TraceListModel::updateMaxDuration()
{
    qint64 max = 0;
    for (const TraceSummary &t : m_rows)
        max = std::max(max, t.durationNs);
    if (max == m_maxDurationNs)
        return;
    m_maxDurationNs = max;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, DurationColumn), index(rowCount() - 1, DurationColumn),
                           {MaxDurationNsRole});
}

} // namespace traceflow
