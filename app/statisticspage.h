// SPDX-License-Identifier: MIT
#pragma once

#include "statsreport.h"
#include "tracequery.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;
class QTableView;

namespace traceflow {

class DashboardCharts;
class MainWindow;
class SearchBar;
class StatsTableModel;
class StatsTiles;
class TraceSource;

// The Statistics page: how the system behaves, from the source's sketches and minute buckets
// (never a span scan). Tiles on top, a service/operation and time-range chooser, four charts
// and the per-service / per-operation table with CSV export. Refreshes every RefreshMs while
// visible. Clicking a chart point or bar sets the search bar to the traces behind it and asks
// for the trace list.
class StatisticsPage : public QWidget
{
    Q_OBJECT
public:
    enum class Range
    {
        Last15Minutes,
        LastHour,
        Last6Hours,
        Everything
    };
    static constexpr int RefreshMs = 2000;

    // Follows the window's source, search bar and trace list.
    explicit StatisticsPage(MainWindow *window);
    // Standalone (tests): set the source yourself; showTracesRequested() asks for the list.
    explicit StatisticsPage(SearchBar *searchBar, QWidget *parent = nullptr);

    void setSource(TraceSource *source);
    // Local time or UTC for the charts' time axes and tooltips.
    void setTimeSpec(Qt::TimeSpec spec);
    // Asks the source for new figures now (coalesced with one in flight).
    void refresh();
    bool isRefreshing() const { return m_pending; }
    // The request the chooser describes, relative ranges resolved against nowNs (epoch ns).
    StatsRequest request(qint64 nowNs) const;
    // Writes the table of the shown tab, in its shown order, as CSV; false with *error.
    bool exportCsv(const QString &path, QString *error) const;

    DashboardCharts *charts() const { return m_charts; }
    StatsTiles *tiles() const { return m_tiles; }
    StatsTableModel *serviceModel() const { return m_serviceModel; }
    StatsTableModel *operationModel() const { return m_operationModel; }
    QTableView *serviceTable() const { return m_serviceView; }
    QTableView *operationTable() const { return m_operationView; }
    QTabWidget *tables() const { return m_tables; }
    QComboBox *serviceBox() const { return m_service; }
    QComboBox *operationBox() const { return m_operation; }
    QComboBox *rangeBox() const { return m_range; }
    const StatsReport &report() const { return m_report; }

Q_SIGNALS:
    // New figures are shown (tests wait for it).
    void refreshed();
    void showTracesRequested();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void build();
    QTableView *makeTable(StatsTableModel *model, QSortFilterProxyModel *proxy);
    void apply(const StatsReport &report);
    void refillChooser();
    void chooseRow(const QModelIndex &index);
    void openStep(qint64 startNs, bool errors, DurationScope scope);
    void openDurations(qint64 lowerNs, qint64 upperNs);
    void promptExport();

    SearchBar *m_searchBar = nullptr;
    QPointer<TraceSource> m_source;
    StatsReport m_report;
    StatsTiles *m_tiles = nullptr;
    DashboardCharts *m_charts = nullptr;
    QComboBox *m_service = nullptr;
    QComboBox *m_operation = nullptr;
    QComboBox *m_range = nullptr;
    QPushButton *m_export = nullptr;
    QLabel *m_subject = nullptr;
    QSplitter *m_splitter = nullptr;
    QTabWidget *m_tables = nullptr;
    StatsTableModel *m_serviceModel = nullptr;
    StatsTableModel *m_operationModel = nullptr;
    QSortFilterProxyModel *m_serviceProxy = nullptr;
    QSortFilterProxyModel *m_operationProxy = nullptr;
    QTableView *m_serviceView = nullptr;
    QTableView *m_operationView = nullptr;
    QTimer m_timer;
    bool m_pending = false; // a request is in flight
    bool m_again = false;   // something changed while it was
    int m_generation = 0;   // bumped on a source change: late answers of the old one are dropped
    std::optional<std::uint64_t> m_lastInserted;
    QElapsedTimer m_sinceLastInserted;
    std::optional<double> m_rate;
};

} // namespace traceflow
