// SPDX-License-Identifier: MIT
#pragma once

#include "ids.h"
#include "tracequery.h"

#include <QTableView>

#include <vector>

class QPushButton;

namespace traceflow {

class TraceListModel;

// The trace list: sortable by column, keyboard-navigable, multi-selection. Live results are
// merged with applyTraces(): at the top of the list new traces simply appear; scrolled away,
// the rows in view stay where they are and a "N new traces" hint offers the way back up.
class TraceListView : public QTableView
{
    Q_OBJECT
public:
    explicit TraceListView(QWidget *parent = nullptr);

    TraceListModel *traceModel() const { return m_model; }
    void applyTraces(std::vector<TraceSummary> traces);
    // Traces that arrived above the rows in view since the list was last at the top.
    int newTraceCount() const { return m_newCount; }
    // Selected traces in row order.
    std::vector<TraceId> selectedTraceIds() const;
    TraceId currentTraceId() const;
    // Makes a trace current (and the only selection) when it is in the list.
    bool selectTrace(const TraceId &id);
    void setTimeSpec(Qt::TimeSpec spec);
    // Shown in the empty list.
    void setPlaceholderText(const QString &text);
    // Shown in the context menu after Open Trace and Copy Trace ID (compare, export...); a
    // null entry is a separator.
    void setMenuActions(QList<QAction *> actions) { m_menuActions = std::move(actions); }

Q_SIGNALS:
    // The current row changed to another trace (by click, keyboard or selectTrace()).
    void currentTraceChanged(const traceflow::TraceId &id);
    // Open Trace in the context menu.
    void openRequested(const traceflow::TraceId &id);

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void onCurrentChanged(const QModelIndex &current);
    void updateHint();
    void placeHint();

    TraceListModel *m_model = nullptr;
    QPushButton *m_hint = nullptr;
    QList<QAction *> m_menuActions;
    QString m_placeholder;
    TraceId m_current;
    int m_newCount = 0;
};

} // namespace traceflow
