// SPDX-License-Identifier: MIT
#pragma once

#include "statsreport.h"
#include "tracequery.h"

#include <QWidget>

class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QChart;
class QCategoryAxis;
class QChartView;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QValueAxis;

namespace traceflow {

// The dashboard's four charts in a grid: latency over time (p50/p95/p99 per step: a minute,
// or more for a long window, StatsReport::stepNs),
// throughput (spans/s and traces/s), error rate, and the latency distribution (log-spaced
// bars). Updating replaces the points in place (no flicker); hovering shows a tooltip and
// clicking a point or a bar asks for the traces behind it. Times (axes and tooltips) follow
// the window's local time / UTC choice; a chart with nothing to show says so.
class DashboardCharts : public QWidget
{
    Q_OBJECT
public:
    enum class Chart
    {
        Latency,
        Throughput,
        Errors,
        Distribution
    };

    explicit DashboardCharts(QWidget *parent = nullptr);

    void setReport(const StatsReport &report);
    const StatsReport &report() const { return m_report; }
    // Qt::LocalTime or Qt::UTC for the time axes and tooltips; redraws at once.
    void setTimeSpec(Qt::TimeSpec spec);
    Qt::TimeSpec timeSpec() const { return m_timeSpec; }

    QChartView *view(Chart chart) const;
    // The series behind a chart, for tests: Latency 0..2 = p50/p95/p99, Throughput 0..1 =
    // spans/s and traces/s, Errors 0.
    QLineSeries *line(Chart chart, int index = 0) const;
    QBarSet *bars() const { return m_barSet; }
    QBarSeries *barSeries() const { return m_barSeries; }
    QValueAxis *countAxis() const { return m_countAxis; }
    // A time chart's x axis: epoch milliseconds, labelled by StatsChartData::timeLabels (a
    // category each, whose label stands at its end).
    QCategoryAxis *timeAxis(Chart chart) const;
    // The hover texts: of the step starting at stepStartNs on a time chart, of a bar.
    QString pointToolTip(Chart chart, qint64 stepStartNs) const;
    QString barToolTip(int index) const;
    // The "No spans ..." text a chart shows instead of data; empty when it has data.
    QString placeholder(Chart chart) const;

Q_SIGNALS:
    // A point of the time charts was clicked: the step starting at startNs (of the report's
    // stepNs; StatsReport::pointRange() says what it covers). errors: it was the error-rate
    // chart (the traces worth seeing are the failed ones). scope: what the point counted in
    // the step, spans starting in it (DurationScope::Span) or traces (the traces/s line).
    void stepClicked(qint64 startNs, bool errors, DurationScope scope);
    // A distribution bar was clicked: spans lasting [lowerNs, upperNs).
    void durationClicked(qint64 lowerNs, qint64 upperNs);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct TimeChart
    {
        QChart *chart = nullptr;
        QChartView *view = nullptr;
        QCategoryAxis *x = nullptr;
        QValueAxis *y = nullptr;
        std::vector<QLineSeries *> lines;
        QGraphicsSimpleTextItem *empty = nullptr;
        Chart kind = Chart::Latency;
    };

    TimeChart makeTimeChart(const QString &title, const QString &unit,
                            const QStringList &names, Chart kind);
    void buildDistribution();
    void clickStep(Chart kind, std::size_t line, const QPointF &point);
    // What a line counts in a step: spans starting in it, or traces (traces/s).
    static DurationScope lineScope(Chart chart, std::size_t line);
    void applyTheme();
    void updateTimeAxis(TimeChart &chart, double maxY);
    void showLineTooltip(Chart kind, const QPointF &point, bool state);
    QGraphicsSimpleTextItem *makePlaceholder(QChart *chart);
    void setPlaceholder(QChart *chart, QGraphicsSimpleTextItem *item, bool empty);

    StatsReport m_report;
    TimeChart m_latency;
    TimeChart m_throughput;
    TimeChart m_errors;
    QChart *m_distribution = nullptr;
    QChartView *m_distributionView = nullptr;
    QBarSeries *m_barSeries = nullptr;
    QBarSet *m_barSet = nullptr;
    QBarCategoryAxis *m_barAxis = nullptr;
    QValueAxis *m_countAxis = nullptr;
    QGraphicsSimpleTextItem *m_distributionEmpty = nullptr;
    Qt::TimeSpec m_timeSpec = Qt::LocalTime;
};

} // namespace traceflow
