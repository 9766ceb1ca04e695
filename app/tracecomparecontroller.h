// SPDX-License-Identifier: MIT
#pragma once

#include "assembledtrace.h"
#include "ids.h"

#include <QFuture>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <vector>

class QAction;
class QTabWidget;

namespace traceflow {

class TaskProgress;
class TraceCompareView;
class TraceSource;

// Trace comparison in the window: the "Compare Traces" action (exactly two traces selected in
// the list) and "Compare with…" (the trace shown against one named by id), fetching both
// through the current source, assembling them off the GUI thread, and showing the result on a
// closable "Compare" page of the window's views.
class TraceCompareController : public QObject
{
    Q_OBJECT
public:
    // What the controller needs from the window, as callbacks so it does not know it.
    struct Context
    {
        std::function<TraceSource *()> source;
        std::function<std::vector<TraceId>()> selectedTraces;
        std::function<std::shared_ptr<const AssembledTrace>()> shownTrace;
        std::function<Qt::TimeSpec()> timeSpec;
        std::function<void(const TraceId &, const SpanId &)> openSpan;
        QTabWidget *views = nullptr;
    };

    TraceCompareController(TaskProgress *progress, Context context, QObject *parent = nullptr);

    QAction *compareAction() const { return m_compare; }
    QAction *compareWithAction() const { return m_compareWith; }
    // Shows the compare page; enabled while there is one (for the View menu's page list).
    QAction *pageAction() const { return m_page; }
    // Enables the actions for the current selection and shown trace.
    void updateActions();

    // Fetches and compares two traces. ordered false: the faster one becomes A (the baseline)
    // so the deltas say where the slower one spends its extra time.
    void compare(const TraceId &a, const TraceId &b, bool ordered = false);
    // The shown trace (A) against a trace id as a user typed it (B).
    void compareWith(const QString &text);
    // The compare page; null until the first comparison.
    TraceCompareView *view() const;

Q_SIGNALS:
    void message(const QString &text);

private:
    void compareSpans(QFuture<std::vector<Span>> a, QFuture<std::vector<Span>> b,
                      const QString &what, bool ordered);
    void showPage();

    TaskProgress *m_progress = nullptr;
    Context m_context;
    QAction *m_compare = nullptr;
    QAction *m_compareWith = nullptr;
    QAction *m_page = nullptr;
    QPointer<TraceCompareView> m_view;
    quint64 m_ticket = 0;
};

} // namespace traceflow
