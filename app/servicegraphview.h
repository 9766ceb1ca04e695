// SPDX-License-Identifier: MIT
#pragma once

#include "tracesource.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <cstdint>
#include <optional>

class QLabel;
class QPushButton;

namespace traceflow {

class MainWindow;
class SearchBar;
class ServiceGraphCanvas;

// The Service Graph page: every service and every caller -> callee call over the search
// bar's time range, refreshed as spans arrive while the page is shown. Clicking a service
// searches its traces, clicking a call the traces containing that call, and shows the list.
class ServiceGraphView : public QWidget
{
    Q_OBJECT
public:
    // Wired to the window: its source, search bar and trace list.
    explicit ServiceGraphView(MainWindow *window);
    explicit ServiceGraphView(SearchBar *searchBar, QWidget *parent = nullptr);

    void setSource(TraceSource *source);
    // Asks the source for the graph now (a request already running is followed by one more).
    void refresh();
    ServiceGraphCanvas *canvas() const { return m_canvas; }
    QLabel *summary() const { return m_summary; }

Q_SIGNALS:
    void showTracesRequested();
    void refreshed(); // a graph arrived and is shown

protected:
    void showEvent(QShowEvent *event) override;

private:
    void requestRefresh(); // now when shown, else on the next show
    void showCall(const QString &parent, const QString &child);
    void showService(const QString &service);

    SearchBar *m_searchBar = nullptr;
    QPointer<TraceSource> m_source;
    ServiceGraphCanvas *m_canvas = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_fit = nullptr;
    QTimer m_slide; // relative ranges ("last 15 minutes") move on while nothing arrives
    std::optional<qint64> m_startNs;
    std::optional<qint64> m_endNs;
    std::uint64_t m_epoch = 0; // answers for an older source or range are dropped
    bool m_running = false;
    bool m_pending = false;
    bool m_stale = true; // changed while hidden
};

} // namespace traceflow
