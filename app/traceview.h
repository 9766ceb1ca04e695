// SPDX-License-Identifier: MIT
#pragma once

#include "assembledtrace.h"

#include <QWidget>

#include <memory>
#include <vector>

class QLabel;
class QLineEdit;
class QSplitter;
class QStackedWidget;
class QTimer;
class QToolButton;

namespace traceflow {

class SpanDetailsView;
class TraceHeader;
class TraceServiceGraph;
class Waterfall;

// The trace page: header, a find bar with the waterfall's tools, the waterfall, and the
// details of the selected span. The caller assembles the trace (off the GUI thread for large
// ones); setting it is O(spans) with small constants and painting touches visible rows only.
class TraceView : public QWidget
{
    Q_OBJECT

public:
    explicit TraceView(QWidget *parent = nullptr);

    // nullptr clears. Setting the same trace again keeps the view as it is.
    void setTrace(std::shared_ptr<const AssembledTrace> trace);
    std::shared_ptr<const AssembledTrace> trace() const { return m_trace; }
    // Local time or UTC for absolute times (header start, span start time).
    void setTimeZone(Qt::TimeSpec spec);
    // Selects, reveals and scrolls to the span; an unknown id clears the selection.
    void selectSpan(const SpanId &id);
    SpanId selectedSpan() const;

    // Find in trace (see SpanFinder for the query syntax); runs at once, without the typing
    // delay. Returns the number of matching spans.
    int find(const QString &query);
    const std::vector<int> &matches() const;
    // Selects the next (or previous) match after the selected span, wrapping around.
    void nextMatch();
    void previousMatch();

    Waterfall *waterfall() const { return m_waterfall; }
    SpanDetailsView *details() const { return m_details; }
    TraceHeader *header() const { return m_header; }
    // The trace's services and calls, shown instead of the waterfall by the Services button.
    TraceServiceGraph *serviceGraph() const { return m_serviceGraph; }
    QToolButton *servicesButton() const { return m_servicesButton; }
    QLineEdit *findEdit() const { return m_findEdit; }
    QLabel *matchLabel() const { return m_matchLabel; }

signals:
    // An empty id when the selection is cleared.
    void spanSelected(const traceflow::SpanId &id);
    // A span link to another trace was clicked (links within this trace select the span).
    void linkActivated(const traceflow::TraceId &trace, const traceflow::SpanId &span);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QToolButton *addTool(const QString &text, const QString &toolTip);
    void runFind();
    void stepMatch(int direction);
    void updateMatchLabel();
    void showSpanDetails(int index);
    void followLink(const TraceId &trace, const SpanId &span);

    TraceHeader *m_header = nullptr;
    QWidget *m_toolbar = nullptr;
    QLineEdit *m_findEdit = nullptr;
    QLabel *m_matchLabel = nullptr;
    QSplitter *m_splitter = nullptr;
    Waterfall *m_waterfall = nullptr;
    SpanDetailsView *m_details = nullptr;
    QTimer *m_findTimer = nullptr;
    QStackedWidget *m_pages = nullptr; // the waterfall and details, or the service graph
    TraceServiceGraph *m_serviceGraph = nullptr;
    QToolButton *m_servicesButton = nullptr;
    std::shared_ptr<const AssembledTrace> m_trace;
    Qt::TimeSpec m_timeSpec = Qt::LocalTime;
    int m_currentMatch = -1; // position in matches(), -1 for none
};

} // namespace traceflow
