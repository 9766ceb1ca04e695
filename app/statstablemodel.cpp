// SPDX-License-Identifier: MIT
#include "statstablemodel.h"

#include "displayformat.h"

#include <QLocale>

#include <cmath>
#include <tuple>

namespace traceflow {

namespace {
bool keyLess(const StatsRow &a, const StatsRow &b)
{
    return std::tie(a.service, a.operation) < std::tie(b.service, b.operation);
}

QString latency(double ms)
{
    return DisplayFormat::duration(static_cast<qint64>(std::llround(ms * 1e6)));
}

QString number(double value)
{
    return QString::number(value, 'f', 3);
}
} // namespace

StatsTableModel::StatsTableModel(Level level, QObject *parent)
    : QAbstractTableModel(parent), m_level(level)
{
}

void StatsTableModel::setRows(std::vector<StatsRow> rows)
{
    // Merge the two sorted lists: rows that went away are removed, new ones inserted, the
    // rest change in place, so persistent indexes (selection, a sort proxy) survive.
    std::size_t at = 0;
    std::size_t next = 0;
    while (at < m_rows.size() || next < rows.size()) {
        if (next < rows.size() && (at >= m_rows.size() || keyLess(rows[next], m_rows[at]))) {
            // Insert the run of new rows that sort before the current one.
            std::size_t end = next + 1;
            while (end < rows.size() && (at >= m_rows.size() || keyLess(rows[end], m_rows[at])))
                ++end;
            const int first = int(at);
            beginInsertRows({}, first, first + int(end - next) - 1);
            m_rows.insert(m_rows.begin() + std::ptrdiff_t(at),
                          std::make_move_iterator(rows.begin() + std::ptrdiff_t(next)),
                          std::make_move_iterator(rows.begin() + std::ptrdiff_t(end)));
            endInsertRows();
            at += end - next;
            next = end;
        } else if (next >= rows.size() || keyLess(m_rows[at], rows[next])) {
            std::size_t end = at + 1;
            while (end < m_rows.size() && (next >= rows.size() || keyLess(m_rows[end], rows[next])))
                ++end;
            beginRemoveRows({}, int(at), int(end) - 1);
            m_rows.erase(m_rows.begin() + std::ptrdiff_t(at), m_rows.begin() + std::ptrdiff_t(end));
            endRemoveRows();
        } else {
            const StatsRow &old = m_rows[at];
            if (!(old.figures == rows[next].figures) || old.trend != rows[next].trend) {
                m_rows[at] = std::move(rows[next]);
                Q_EMIT dataChanged(index(int(at), Spans), index(int(at), ColumnCount - 1));
            }
            ++at;
            ++next;
        }
    }
}

int StatsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StatsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StatsTableModel::display(const StatsRow &row, int column) const
{
    const QLocale locale;
    const StatsFigures &f = row.figures;
    switch (column) {
    case Service: return row.service;
    case Operation: return row.operation;
    case Spans: return locale.toString(qulonglong(f.count));
    case Traces: return locale.toString(qulonglong(f.traces));
    case ErrorPercent: return QStringLiteral("%1 %").arg(locale.toString(f.errorRate() * 100, 'f', 1));
    case P50: return latency(f.p50Ms);
    case P95: return latency(f.p95Ms);
    case P99: return latency(f.p99Ms);
    case Max: return latency(f.maxMs);
    default: return {};
    }
}

QVariant StatsTableModel::sortValue(const StatsRow &row, int column) const
{
    const StatsFigures &f = row.figures;
    switch (column) {
    case Service: return row.service;
    case Operation: return row.operation;
    case Spans: return qulonglong(f.count);
    case Traces: return qulonglong(f.traces);
    case ErrorPercent: return f.errorRate();
    case P50: return f.p50Ms;
    case P95: return f.p95Ms;
    case P99: return f.p99Ms;
    case Max: return f.maxMs;
    case Trend: {
        // By the most recent activity: the last slice's count.
        return qulonglong(row.trend.empty() ? 0 : row.trend.back());
    }
    default: return {};
    }
}

QVariant StatsTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StatsRow &row = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole: return display(row, index.column());
    case SortRole: return sortValue(row, index.column());
    case TrendRole: return QVariant::fromValue(QList<quint64>(row.trend.begin(), row.trend.end()));
    case ServiceRole: return row.service;
    case OperationRole: return row.operation;
    case Qt::TextAlignmentRole:
        return int(index.column() <= Operation ? Qt::AlignLeft | Qt::AlignVCenter
                                               : Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (index.column() == ErrorPercent)
            return tr("%1 of %2 spans failed").arg(row.figures.errors).arg(row.figures.count);
        if (index.column() == Trend)
            return tr("Spans over the window, %1 slices, oldest first").arg(row.trend.size());
        if (index.column() == Traces)
            return tr("Traces that started here (root spans)");
        return {};
    default: return {};
    }
}

QVariant StatsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return int(section <= Operation ? Qt::AlignLeft | Qt::AlignVCenter
                                        : Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && section == Traces)
        return tr("Traces that started here (root spans); a service others call starts none");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Service: return tr("Service");
    case Operation: return tr("Operation");
    case Spans: return tr("Spans");
    case Traces:
        return tr("Traces started");
    case ErrorPercent: return tr("Error %");
    case P50: return tr("p50");
    case P95: return tr("p95");
    case P99: return tr("p99");
    case Max: return tr("Max");
    case Trend: return tr("Trend");
    default: return {};
    }
}

QString StatsTableModel::csvField(const QString &text)
{
    const bool quote = text.contains(u',') || text.contains(u'"') || text.contains(u'\n')
        || text.contains(u'\r') || text.startsWith(u' ') || text.endsWith(u' ');
    if (!quote)
        return text;
    QString escaped = text;
    escaped.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return u'"' + escaped + u'"';
}

QString StatsTableModel::toCsv(const QList<int> &order) const
{
    QStringList header{QStringLiteral("service")};
    if (m_level == Level::Operations)
        header << QStringLiteral("operation");
    header << QStringLiteral("spans") << QStringLiteral("traces") << QStringLiteral("errors")
           << QStringLiteral("error_percent") << QStringLiteral("p50_ms")
           << QStringLiteral("p95_ms") << QStringLiteral("p99_ms") << QStringLiteral("max_ms");
    QString out = header.join(u',') + u"\r\n";
    auto line = [this, &out](const StatsRow &row) {
        const StatsFigures &f = row.figures;
        QStringList fields{csvField(row.service)};
        if (m_level == Level::Operations)
            fields << csvField(row.operation);
        fields << QString::number(f.count) << QString::number(f.traces)
               << QString::number(f.errors) << number(f.errorRate() * 100) << number(f.p50Ms)
               << number(f.p95Ms) << number(f.p99Ms) << number(f.maxMs);
        out += fields.join(u',') + u"\r\n";
    };
    if (order.isEmpty()) {
        for (const StatsRow &row : m_rows)
            line(row);
    } else {
        for (int r : order) {
            if (r >= 0 && r < int(m_rows.size()))
                line(m_rows[std::size_t(r)]);
        }
    }
    return out;
}

} // namespace traceflow
