// SPDX-License-Identifier: MIT
#pragma once

#include "tracequery.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

namespace traceflow {

class SearchBar;
class TraceListView;
class TraceSource;

// Keeps the trace list live: polls the source, re-runs the search off the GUI thread when
// the source changed or the form did, and merges the result into the list. One query runs
// at a time; changes meanwhile coalesce into one more run. Relative time ranges ("last 5
// minutes") are re-evaluated now and then even without new data.
class SearchController : public QObject
{
    Q_OBJECT
public:
    SearchController(SearchBar *bar, TraceListView *list, QObject *parent = nullptr);

    // Switches to another source (results of the previous one are dropped) and searches.
    void setSource(TraceSource *source);
    TraceSource *source() const { return m_source; }
    // Searches now, or right after the running search.
    void refresh();
    // The search the form describes now; nullopt while a field is invalid.
    std::optional<TraceQuery> currentQuery() const;
    bool isBusy() const { return m_running || m_pending; }
    int total() const { return m_total; }

Q_SIGNALS:
    void resultsApplied(int shown, int total);
    // A form field is invalid (empty message: valid again).
    void queryError(const QString &message);

private:
    void tick();
    void run();
    void refreshNames();

    SearchBar *m_bar = nullptr;
    TraceListView *m_list = nullptr;
    QPointer<TraceSource> m_source;
    QTimer m_poll;
    QTimer m_namesTimer;
    QElapsedTimer m_sinceRun;
    QElapsedTimer m_sinceNames;
    quint64 m_epoch = 0; // grows on source switch; older results are dropped
    bool m_running = false;
    bool m_pending = false;
    bool m_namesRunning = false;
    bool m_namesPending = false;
    int m_total = 0;
};

} // namespace traceflow
