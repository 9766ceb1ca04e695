// SPDX-License-Identifier: MIT
#pragma once

#include "assembledtrace.h"

#include <QWidget>

#include <memory>

class QLabel;
class QStackedWidget;
class QTreeView;

namespace traceflow {

class SpanDetailsModel;

// The span details pane: a title (operation, service, duration, status) over a tree of the
// span's fields, attributes, resource, events and links (SpanDetailsModel). Values copy with
// ctrl+C or the context menu; clicking a link emits linkActivated.
// (Named ...View because core's span.h already has a SpanDetails: the span's rare fields.)
class SpanDetailsView : public QWidget
{
    Q_OBJECT

public:
    explicit SpanDetailsView(QWidget *parent = nullptr);

    // index into trace->spans; -1 or a null trace shows the placeholder.
    void setSpan(const std::shared_ptr<const AssembledTrace> &trace, int index,
                 const QColor &serviceColor = QColor());
    void setTimeZone(Qt::TimeSpec spec);

    SpanDetailsModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QString title() const;
    // Copies the current row's value (CopyTextRole) to the clipboard; false when none.
    bool copyCurrent();

signals:
    void linkActivated(const traceflow::TraceId &trace, const traceflow::SpanId &span);

protected:
    void changeEvent(QEvent *event) override;

private:
    void activate(const QModelIndex &index);
    void showContextMenu(const QPoint &pos);
    void refresh();

    QStackedWidget *m_stack = nullptr;
    QLabel *m_placeholder = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QTreeView *m_view = nullptr;
    SpanDetailsModel *m_model = nullptr;
    std::shared_ptr<const AssembledTrace> m_trace;
    int m_index = -1;
    QColor m_serviceColor;
    Qt::TimeSpec m_timeSpec = Qt::LocalTime;
};

} // namespace traceflow
