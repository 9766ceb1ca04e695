// SPDX-License-Identifier: MIT
#include "apptheme.h"
#include "collectorhost.h"
#include "dashboardcharts.h"
#include "localsource.h"
#include "remotesource.h"
#include "searchbar.h"
#include "statisticspage.h"
#include "statschartdata.h"
#include "statstablemodel.h"
#include "statstestsupport.h"
#include "statstiles.h"
#include "tracestore.h"

#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace traceflow;
using namespace traceflow::StatsTestSupport;

namespace {
// Traces per minute: 3 in minute 0, none in minute 1, 2 in minute 2 (one failing), 1 in 3.
// Each: web "GET /" (root) -> db "select".
void fill(TraceStore &store)
{
    const std::vector<std::pair<qint64, bool>> starts = {
        {0, false}, {10, false}, {50, false}, {120, true}, {130, false}, {185, false}};
    int n = 0;
    for (const auto &[second, error] : starts) {
        ++n;
        const qint64 at = T0 + second * 1000 * Ms;
        store.insert({makeSpan(n, 1, 0, QStringLiteral("web"), QStringLiteral("GET /"), at, 30 + 7 * n),
                      makeSpan(n, 2, 1, QStringLiteral("db"), QStringLiteral("select"), at + Ms,
                               3 * n, error)});
    }
}

} // namespace

class TstDashboard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        fill(m_store);
        m_host = std::make_unique<CollectorHost>(m_store);
        QVERIFY2(m_host->start(0, 0), qPrintable(m_host->errorString()));
    }

    void seriesMatchTheStore_data()
    {
        QTest::addColumn<bool>("remote");
        QTest::addRow("local store") << false;
        QTest::addRow("remote collector") << true;
    }

    void seriesMatchTheStore()
    {
        QFETCH(bool, remote);
        LocalSource local(m_store);
        local.setHealthy(true);
        RemoteSource remoteSource(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_host->apiPort())));
        SearchBar bar;
        StatisticsPage page(&bar);
        page.setSource(remote ? static_cast<TraceSource *>(&remoteSource) : &local);
        QVERIFY(waitForRefresh(page));

        // Tiles and table: exact counts.
        QCOMPARE(page.tiles()->value(StatsTiles::Tile::Traces), QStringLiteral("6"));
        QCOMPARE(page.tiles()->value(StatsTiles::Tile::Spans), QStringLiteral("12"));
        QCOMPARE(page.tiles()->value(StatsTiles::Tile::Services), QStringLiteral("2"));
        QVERIFY(page.tiles()->value(StatsTiles::Tile::Collector).contains(u"Up"));
        QCOMPARE(page.serviceModel()->rowCount(), 2);
        QCOMPARE(page.operationModel()->rowCount(), 2);

        // Throughput: spans/s per minute, 0 in the empty minute.
        DashboardCharts *charts = page.charts();
        const QList<QPointF> spans = charts->line(DashboardCharts::Chart::Throughput, 0)->points();
        const QList<QPointF> expected{{double(T0 / Ms), 6 / 60.0},
                                      {double((T0 + Minute) / Ms), 0},
                                      {double((T0 + 2 * Minute) / Ms), 4 / 60.0},
                                      {double((T0 + 3 * Minute) / Ms), 2 / 60.0}};
        QCOMPARE(spans, expected);
        const QList<QPointF> traces = charts->line(DashboardCharts::Chart::Throughput, 1)->points();
        QCOMPARE(traces[0].y(), 3 / 60.0);
        QCOMPARE(traces[2].y(), 2 / 60.0);
        // Errors: one failing span of four in minute 2.
        const QList<QPointF> errors = charts->line(DashboardCharts::Chart::Errors)->points();
        QCOMPARE(errors.size(), 3);
        QCOMPARE(errors[1].y(), 25.0);
        // Latency: the store's own per-minute quantiles.
        const auto minutes = m_store.latencySeries({}, {}, T0, T0 + 3 * Minute);
        for (int q = 0; q < 3; ++q) {
            const double quantile = q == 0 ? 0.5 : q == 1 ? 0.95 : 0.99;
            const QList<QPointF> line = charts->line(DashboardCharts::Chart::Latency, q)->points();
            QCOMPARE(std::size_t(line.size()), minutes.size());
            for (std::size_t i = 0; i < minutes.size(); ++i) {
                QCOMPARE(line[qsizetype(i)].x(), double(minutes[i].bucketStartNs / Ms));
                QCOMPARE(line[qsizetype(i)].y(), minutes[i].stats.quantileMs(quantile));
            }
        }
        // Distribution: every span in some bar.
        double sum = 0;
        for (int i = 0; i < charts->bars()->count(); ++i)
            sum += charts->bars()->at(i);
        QCOMPARE(sum, 12.0);
    }

    void chooserFollowsAService()
    {
        LocalSource local(m_store);
        SearchBar bar;
        StatisticsPage page(&bar);
        page.setSource(&local);
        QVERIFY(waitForRefresh(page));
        QComboBox *service = page.serviceBox();
        QCOMPARE(service->count(), 3); // All, db, web
        service->setCurrentIndex(service->findData(QStringLiteral("db")));
        Q_EMIT service->activated(service->currentIndex());
        QVERIFY(waitForRefresh(page));
        QCOMPARE(page.operationBox()->count(), 2); // All, select
        QVERIFY(page.operationBox()->isEnabled());
        const QList<QPointF> spans =
            page.charts()->line(DashboardCharts::Chart::Throughput, 0)->points();
        QCOMPARE(spans[0].y(), 3 / 60.0); // db spans only
        // Table rows still cover every service.
        QCOMPARE(page.serviceModel()->rowCount(), 2);
    }

    void clickingAPointListsThatMinute()
    {
        LocalSource local(m_store);
        SearchBar bar;
        StatisticsPage page(&bar);
        QSignalSpy open(&page, &StatisticsPage::showTracesRequested);
        QVERIFY(showPage(page, &local));

        QChartView *view = page.charts()->view(DashboardCharts::Chart::Throughput);
        QLineSeries *series = page.charts()->line(DashboardCharts::Chart::Throughput, 0);
        const QPointF point = series->points().at(2); // minute 2
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, viewPosition(view, point, series));
        QCOMPARE(open.count(), 1);
        const std::optional<TraceQuery> query = bar.query(T0 + 10 * Minute);
        QVERIFY(query);
        QCOMPARE(query->startNs, T0 + 2 * Minute);
        QVERIFY(*query->endNs >= T0 + 2 * Minute + 59'000 * Ms && *query->endNs < T0 + 3 * Minute);
        QCOMPARE(query->status, StatusFilter::Any);
        QVERIFY(query->service.isEmpty());

        // A point of the error chart lists the failed traces.
        QChartView *errorView = page.charts()->view(DashboardCharts::Chart::Errors);
        QLineSeries *errorLine = page.charts()->line(DashboardCharts::Chart::Errors);
        QTest::mouseClick(errorView->viewport(), Qt::LeftButton, {},
                          viewPosition(errorView, errorLine->points().at(1), errorLine));
        QCOMPARE(open.count(), 2);
        QCOMPARE(bar.query(T0)->status, StatusFilter::Error);
    }

    void clickingABarListsThatLatencyRange()
    {
        LocalSource local(m_store);
        SearchBar bar;
        StatisticsPage page(&bar);
        QSignalSpy open(&page, &StatisticsPage::showTracesRequested);
        QVERIFY(showPage(page, &local));
        QComboBox *service = page.serviceBox();
        service->setCurrentIndex(service->findData(QStringLiteral("web")));
        Q_EMIT service->activated(service->currentIndex());
        QVERIFY(waitForRefresh(page));

        const StatsReport &report = page.report();
        int index = -1;
        for (std::size_t i = 0; i < report.histogram.size(); ++i) {
            if (report.histogram[i].count > 0) {
                index = int(i);
                break;
            }
        }
        QVERIFY(index >= 0);
        const HistogramBar chosen = report.histogram[std::size_t(index)];
        QChartView *view = page.charts()->view(DashboardCharts::Chart::Distribution);
        const QPoint at = viewPosition(view, QPointF(index, double(chosen.count) / 2),
                                       page.charts()->barSeries());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(open.count(), 1);
        const std::optional<TraceQuery> query = bar.query(T0 + 10 * Minute);
        QVERIFY(query);
        QCOMPARE(query->service, QStringLiteral("web"));
        QCOMPARE(query->minDurationNs, std::optional<qint64>(chosen.lowerNs));
        QCOMPARE(query->maxDurationNs, std::optional<qint64>(chosen.upperNs));
        QCOMPARE(query->startNs, std::optional<qint64>(T0));
    }

    void exportWritesTheShownOrder()
    {
        LocalSource local(m_store);
        SearchBar bar;
        StatisticsPage page(&bar);
        page.setSource(&local);
        QVERIFY(waitForRefresh(page));
        page.tables()->setCurrentIndex(1); // operations, sorted by spans descending
        page.operationTable()->sortByColumn(StatsTableModel::Service, Qt::DescendingOrder);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ops.csv"));
        QString error;
        QVERIFY2(page.exportCsv(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QVERIFY(lines[0].startsWith("service,operation,spans"));
        QVERIFY(lines[1].startsWith("web,GET /,6,6,0,"));
        QVERIFY(lines[2].startsWith("db,select,6,0,1,"));
        QVERIFY(!page.exportCsv(dir.filePath(QStringLiteral("missing/dir/x.csv")), &error));
        QVERIFY(!error.isEmpty());
    }

    void followsTheTheme()
    {
        SearchBar bar;
        StatisticsPage page(&bar);
        page.setPalette(AppTheme::darkPalette());
        QChart *chart = page.charts()->view(DashboardCharts::Chart::Latency)->chart();
        QCOMPARE(chart->backgroundBrush().color(), AppTheme::darkPalette().color(QPalette::Base));
        QCOMPARE(chart->titleBrush().color(), AppTheme::darkPalette().color(QPalette::Text));
    }

    void edgeLabel_data()
    {
        QTest::addColumn<qint64>("ns");
        QTest::addColumn<QString>("label");
        QTest::addRow("zero") << qint64(0) << QStringLiteral("0");
        QTest::addRow("nanoseconds") << qint64(5) << QStringLiteral("5 ns");
        QTest::addRow("microseconds") << qint64(500'000) << QStringLiteral("500 \u00b5s");
        QTest::addRow("milliseconds") << qint64(2'000'000) << QStringLiteral("2 ms");
        QTest::addRow("seconds") << qint64(10'000'000'000) << QStringLiteral("10 s");
        QTest::addRow("not an edge") << qint64(1'500'000) << QStringLiteral("1.50 ms");
    }

    void edgeLabel()
    {
        QFETCH(qint64, ns);
        QFETCH(QString, label);
        QCOMPARE(StatsChartData::edgeLabel(ns), label);
    }

    void rateFillsQuietMinutes_data()
    {
        QTest::addColumn<QList<int>>("busy");     // minutes with spans, window 0..9
        QTest::addColumn<QList<int>>("expected"); // minutes with a point; busy ones non-zero
        QTest::addRow("gaps inside and at both ends") << QList<int>{3, 4, 8}
                                                      << QList<int>{0, 2, 3, 4, 5, 7, 8, 9};
        QTest::addRow("one-minute gap") << QList<int>{0, 2, 9} << QList<int>{0, 1, 2, 3, 8, 9};
        QTest::addRow("every minute") << QList<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
                                      << QList<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        QTest::addRow("nothing") << QList<int>{} << QList<int>{0, 9};
    }

    void rateFillsQuietMinutes()
    {
        QFETCH(QList<int>, busy);
        QFETCH(QList<int>, expected);
        StatsReport report;
        report.fromNs = T0;
        report.toNs = T0 + 10 * Minute;
        for (int m : busy)
            report.series.push_back(StatsPoint{T0 + m * Minute, StatsFigures{120, 0, 60, 1, 2, 3, 4}});
        const QList<QPointF> points = StatsChartData::spanRate(report);
        QCOMPARE(points.size(), expected.size());
        for (qsizetype i = 0; i < points.size(); ++i) {
            QCOMPARE(points[i].x(), double((T0 + expected[i] * Minute) / Ms));
            QCOMPARE(points[i].y(), busy.contains(expected[i]) ? 2.0 : 0.0);
        }
        QCOMPARE(StatsChartData::traceRate(report).value(expected.indexOf(busy.value(0, -1))).y(),
                 busy.isEmpty() ? 0.0 : 1.0);
    }

    void nearestMinute()
    {
        StatsReport report;
        report.fromNs = T0;
        report.toNs = T0 + 10 * Minute;
        QCOMPARE(StatsChartData::nearestStepNs(report, double(T0 / Ms) + 29'000), T0);
        QCOMPARE(StatsChartData::nearestStepNs(report, double(T0 / Ms) + 31'000), T0 + Minute);
        QCOMPARE(StatsChartData::nearestStepNs(report, double(T0 / Ms) - 20'000), T0);
        QCOMPARE(StatsChartData::niceMax(0), 1.0);
        QCOMPARE(StatsChartData::niceMax(7), 10.0);
        QCOMPARE(StatsChartData::niceMax(420), 500.0);
        QCOMPARE(StatsChartData::tickCount(500), 6);  // steps of 100
        QCOMPARE(StatsChartData::tickCount(20), 5);   // steps of 5
        QCOMPARE(StatsChartData::tickCount(2.5), 6);  // steps of 0.5
    }

private:
    TraceStore m_store;
    std::unique_ptr<CollectorHost> m_host;
};

QTEST_MAIN(TstDashboard)
#include "tst_dashboard.moc"
