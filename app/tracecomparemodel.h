// SPDX-License-Identifier: MIT
#pragma once

#include "tracediff.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace traceflow {

// A TraceDiff as a tree: one row per (service, operation) path, A against B, with an optional
// "only changed" filter that keeps the ancestors of changed rows so the tree stays whole.
class TraceCompareModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Columns
    {
        NameColumn,
        CountAColumn,
        DurationAColumn,
        CountBColumn,
        DurationBColumn,
        BarsColumn,
        DeltaColumn,
        DeltaPercentColumn,
        DeltaSelfColumn, // where the time went: the change in the path's own (self) time
        ColumnCount
    };
    enum Roles
    {
        PresenceRole = Qt::UserRole, // int(DiffPresence)
        PresenceTextRole,            // "only in A", "only in B", empty when in both
        ServiceRole,
        OperationRole,
        OrphanRole,
        CountARole,
        CountBRole,
        TotalARole, // qint64 ns, summed over the path's spans
        TotalBRole,
        SelfARole,
        SelfBRole,
        ErrorsARole,
        ErrorsBRole,
        DeltaNsRole,    // qint64 B - A
        DeltaRatioRole, // double (B - A) / A; invalid when A has no time here
        IntensityRole,  // double 0..1, TraceDiff::intensity
        MaxTotalRole,   // qint64: the longest node total, for bar scales
        NodeRole,       // int index into TraceDiff::nodes
    };

    explicit TraceCompareModel(QObject *parent = nullptr);

    void setDiff(std::shared_ptr<const TraceDiff> diff);
    std::shared_ptr<const TraceDiff> diff() const { return m_diff; }
    // Shows only changed rows (and their ancestors): TraceDiff::isChanged.
    void setFilter(bool onlyChanged, qint64 minDeltaNs, double minRatio);
    bool onlyChanged() const { return m_onlyChanged; }

    const TraceDiffNode *node(const QModelIndex &index) const;
    // The index of a node, invalid when it is filtered out.
    QModelIndex indexOfNode(int node, int column = NameColumn) const;
    int visibleCount() const { return m_visibleCount; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "+12.3 ms", "-850 µs", "0"; and "+225%", "-50%", "new" for an absent ratio.
    static QString deltaText(qint64 deltaNs);
    static QString ratioText(const TraceDiffNode &node);

private:
    void rebuild();
    QVariant displayData(const TraceDiffNode &node, int column) const;
    QString toolTip(const TraceDiffNode &node) const;
    QVariant background(const TraceDiffNode &node) const;
    QVariant foreground(const TraceDiffNode &node, int column) const;

    std::shared_ptr<const TraceDiff> m_diff;
    bool m_onlyChanged = false;
    qint64 m_minDeltaNs = 0;
    double m_minRatio = 0.0;
    qint64 m_maxTotalNs = 0;
    // The visible tree: children per node (and at the top), and each visible node's row.
    std::vector<std::vector<int>> m_children;
    std::vector<int> m_top;
    std::vector<int> m_row;
    int m_visibleCount = 0;
};

} // namespace traceflow
