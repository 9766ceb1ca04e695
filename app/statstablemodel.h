// SPDX-License-Identifier: MIT
#pragma once

#include "statsreport.h"

#include <QAbstractTableModel>

#include <vector>

namespace traceflow {

// The statistics table: one row per service or per service/operation with span and trace
// counts, error %, p50/p95/p99/max latency and a trend sparkline. setRows() updates rows in
// place (matched by name) so a live refresh keeps the view's sort, selection and scroll.
class StatsTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Level
    {
        Services,
        Operations
    };
    enum Columns
    {
        Service,
        Operation, // empty at the service level (the view hides it)
        Spans,
        Traces,
        ErrorPercent,
        P50,
        P95,
        P99,
        Max,
        Trend,
        ColumnCount
    };
    enum Roles
    {
        SortRole = Qt::UserRole, // numbers as numbers, names as text
        TrendRole,               // QList<quint64>: spans per slice of the window
        ServiceRole,
        OperationRole,
    };

    explicit StatsTableModel(Level level, QObject *parent = nullptr);

    Level level() const { return m_level; }
    // Rows sorted by (service, operation), as StatsReport gives them.
    void setRows(std::vector<StatsRow> rows);
    const std::vector<StatsRow> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // The table as CSV (RFC 4180: comma separated, CRLF line ends, fields quoted when they hold
    // a comma, quote, CR or LF, or start or end with a space), rows in the given order of
    // model rows (all rows in model order when empty). Numbers use '.' and no grouping;
    // latencies in ms.
    QString toCsv(const QList<int> &order = {}) const;
    static QString csvField(const QString &text);

private:
    QVariant display(const StatsRow &row, int column) const;
    QVariant sortValue(const StatsRow &row, int column) const;

    Level m_level;
    std::vector<StatsRow> m_rows;
};

} // namespace traceflow
