// SPDX-License-Identifier: MIT
#pragma once

#include "tracequery.h"

#include <QAbstractTableModel>

#include <vector>

namespace traceflow {

// The trace search results, one row per trace. setTraces() merges a new result into the
// rows (removing, moving, updating and inserting rows rather than resetting), so selections,
// the current index and persistent indexes survive live refreshes.
class TraceListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        StartColumn,
        ServiceColumn,   // root service
        OperationColumn, // root operation
        DurationColumn,
        SpansColumn,
        ErrorsColumn,
        ServicesColumn,
        TraceIdColumn,
        ColumnCount
    };
    enum Roles
    {
        TraceIdRole = Qt::UserRole, // QString
        StartNsRole,                // qint64, Unix epoch ns
        DurationNsRole,             // qint64
        MaxDurationNsRole,          // qint64: the slowest trace shown, for duration bars
        SpanCountRole,              // int
        ErrorCountRole,             // int
        ServicesRole,               // QStringList, sorted
        RootServiceRole,            // QString
        SortRole                    // what sort() compares for the column
    };

    explicit TraceListModel(QObject *parent = nullptr);

    // Merges a query result. Rows follow the given order, or the column sort when one is set
    // (stable, so ties keep the given order). Duplicate ids keep their first occurrence.
    void setTraces(std::vector<TraceSummary> traces);
    const std::vector<TraceSummary> &traces() const { return m_rows; }
    const TraceSummary *summary(int row) const;
    int rowOf(const TraceId &id) const; // -1 when not shown
    qint64 maxDurationNs() const { return m_maxDurationNs; }
    void setTimeSpec(Qt::TimeSpec spec);
    Qt::TimeSpec timeSpec() const { return m_timeSpec; }
    // The column sort in force; -1 when rows follow the query's own order.
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    // column -1 goes back to the query's order from the next setTraces() on.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    QVariant displayData(const TraceSummary &trace, int column) const;
    QVariant sortData(const TraceSummary &trace, int column) const;
    void sortRows(std::vector<TraceSummary> &rows) const;
    void removeRowsNotIn(const std::vector<TraceSummary> &wanted);
    void updateRow(int row, TraceSummary &&trace);
    void updateMaxDuration();

    std::vector<TraceSummary> m_rows;
    qint64 m_maxDurationNs = 0;
    Qt::TimeSpec m_timeSpec = Qt::LocalTime;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace traceflow
