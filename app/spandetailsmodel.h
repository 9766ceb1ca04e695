// SPDX-License-Identifier: MIT
#pragma once

#include "assembledtrace.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace traceflow {

// The selected span as a two-column tree: a "Span" section (operation, service, kind,
// status, timing, ids, scope, notes), then attributes, resource attributes, events (keyed by
// their offset from the span start, their attributes below) and links (their attributes
// below). Built once per selection from the span's values; holds no pointers into the trace.
class SpanDetailsModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Columns { KeyColumn, ValueColumn, ColumnCount };
    enum Roles {
        ItemKindRole = Qt::UserRole, // an ItemKind
        CopyTextRole,                // what "Copy" puts on the clipboard
        LinkTraceIdRole,             // a link row's TraceId (QVariant of TraceId)
        LinkSpanIdRole,              // a link row's SpanId
        EventOffsetRole,             // an event row's offset from the span start, ns
        SpanIdRole,                  // an id row's SpanId (span id, parent id)
    };
    enum class ItemKind { Section, Field, Attribute, Event, Link };
    Q_ENUM(ItemKind)

    explicit SpanDetailsModel(QObject *parent = nullptr);

    // index into trace->spans; -1 or a null trace clears the model.
    void setSpan(const std::shared_ptr<const AssembledTrace> &trace, int index,
                 Qt::TimeSpec spec = Qt::LocalTime);
    void clear();
    int spanIndex() const { return m_span; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // The section row of a kind (Attributes, Events...), or an invalid index when absent.
    QModelIndex sectionIndex(const QString &title) const;
    // The field row whose key is key inside the "Span" section, or an invalid index.
    QModelIndex fieldIndex(const QString &key) const;

private:
    struct Node
    {
        int parent = -1; // node index; -1 for the top level
        int row = 0;
        ItemKind kind = ItemKind::Field;
        QString key;
        QString value;
        QVariant extra; // link trace id, event offset, id
        QVariant extra2; // link span id
        bool monospace = false;
        bool alert = false; // shown in the error colour
        std::vector<int> children;
    };

    int add(int parent, ItemKind kind, const QString &key, const QString &value);
    void addAttributes(int parent, const Attributes &attributes, ItemKind kind);
    void build(const AssembledTrace &trace, int index, Qt::TimeSpec spec);
    const Node *node(const QModelIndex &index) const;

    std::vector<Node> m_nodes;
    std::vector<int> m_top;
    int m_span = -1;
};

} // namespace traceflow
