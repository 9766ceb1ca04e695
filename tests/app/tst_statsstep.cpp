// SPDX-License-Identifier: MIT
// The Statistics charts over a long window: points a step apart (StatsReport::stepNs, not a
// minute), an axis title that says the step, tooltips naming what a point covers, throughput
// per second over the step, and a click that lists the traces of the whole step; from the
// app's own store and from a collector (the step travels in /api/stats/series).
#include "collectorhost.h"
#include "dashboardcharts.h"
#include "localsource.h"
#include "remotesource.h"
#include "searchbar.h"
#include "statisticspage.h"
#include "statschartdata.h"
#include "statstestsupport.h"
#include "tracestore.h"

#include <QCategoryAxis>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTest>

using namespace traceflow;
using namespace traceflow::StatsTestSupport;

namespace {
using Chart = DashboardCharts::Chart;
constexpr qint64 Day = 1440 * Minute;

// A web "GET /" -> db "select" trace every 37 minutes over the two days before T0 (16:00 UTC
// on 2024-03-09): 2,880 minutes, charted every 10 minutes.
void fillTwoDays(TraceStore &store)
{
    int n = 0;
    for (qint64 at = T0 - 2 * Day; at <= T0; at += 37 * Minute) {
        ++n;
        store.insert(
            {makeSpan(n, 1, 0, QStringLiteral("web"), QStringLiteral("GET /"), at, 20 + n % 50),
             makeSpan(n, 2, 1, QStringLiteral("db"), QStringLiteral("select"), at + Ms, 3 + n % 7,
                      n % 5 == 0)});
    }
}

StatsReport window(qint64 fromNs, qint64 toNs, qint64 stepNs)
{
    StatsReport report;
    report.fromNs = fromNs;
    report.toNs = toNs;
    report.stepNs = stepNs;
    return report;
}
} // namespace

class TstStatsStep : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        fillTwoDays(m_store);
        m_host = std::make_unique<CollectorHost>(m_store);
        QVERIFY2(m_host->start(0, 0), qPrintable(m_host->errorString()));
    }

    void stepName_data()
    {
        QTest::addColumn<qint64>("stepNs");
        QTest::addColumn<QString>("name");
        QTest::addRow("a minute") << Minute << QStringLiteral("minute");
        QTest::addRow("5 minutes") << 5 * Minute << QStringLiteral("5 minutes");
        QTest::addRow("an hour") << 60 * Minute << QStringLiteral("hour");
        QTest::addRow("3 hours") << 180 * Minute << QStringLiteral("3 hours");
        QTest::addRow("a day") << Day << QStringLiteral("day");
        QTest::addRow("2 days") << 2 * Day << QStringLiteral("2 days");
    }

    void stepName()
    {
        QFETCH(qint64, stepNs);
        QFETCH(QString, name);
        QCOMPARE(StatsChartData::stepName(stepNs), name);
    }

    void pointText_data()
    {
        QTest::addColumn<qint64>("fromNs");
        QTest::addColumn<qint64>("toNs");
        QTest::addColumn<qint64>("stepNs");
        QTest::addColumn<qint64>("startNs");
        QTest::addColumn<QString>("text");
        QTest::addRow("a minute") << T0 << T0 + 60 * Minute << Minute << T0 + Minute
                                  << QStringLiteral("16:01 UTC");
        QTest::addRow("15 minutes") << T0 << T0 + 8 * 60 * Minute << 15 * Minute << T0 + 15 * Minute
                                    << QStringLiteral("16:15\u201316:30 UTC");
        // The first step began before the window: the point covers the part inside it.
        QTest::addRow("cut by the window's start")
            << T0 + 7 * Minute << T0 + 8 * 60 * Minute << 15 * Minute << T0
            << QStringLiteral("16:07\u201316:15 UTC");
        QTest::addRow("cut by the window's end")
            << T0 << T0 + 20 * Minute << 15 * Minute << T0 + 15 * Minute
            << QStringLiteral("16:15\u201316:20 UTC");
        QTest::addRow("a long window has dates")
            << T0 - 20 * Day << T0 + Day << 2 * 60 * Minute << T0
            << QStringLiteral("03-09 16:00\u201318:00 UTC");
        QTest::addRow("over midnight")
            << T0 - 20 * Day << T0 + Day << 2 * 60 * Minute << T0 + 6 * 60 * Minute
            << QStringLiteral("03-09 22:00\u201303-10 00:00 UTC");
    }

    void pointText()
    {
        QFETCH(qint64, fromNs);
        QFETCH(qint64, toNs);
        QFETCH(qint64, stepNs);
        QFETCH(qint64, startNs);
        QFETCH(QString, text);
        QCOMPARE(StatsChartData::pointText(window(fromNs, toNs, stepNs), startNs, Qt::UTC), text);
    }

    void rateIsPerSecondOfTheStep()
    {
        // 15-minute steps from 16:05 to 17:05: the first covers 10 minutes of the window, the
        // last 5; quiet steps read 0.
        StatsReport report = window(T0 + 5 * Minute, T0 + 65 * Minute, 15 * Minute);
        report.series.push_back(StatsPoint{T0, StatsFigures{1200, 0, 600, 1, 2, 3, 4}});
        report.series.push_back(StatsPoint{T0 + 30 * Minute, StatsFigures{900, 0, 90, 1, 2, 3, 4}});
        report.series.push_back(StatsPoint{T0 + 60 * Minute, StatsFigures{30, 0, 3, 1, 2, 3, 4}});
        const QList<QPointF> expected{{double((T0 + 5 * Minute) / Ms), 2.0},
                                      {double((T0 + 15 * Minute) / Ms), 0.0},
                                      {double((T0 + 30 * Minute) / Ms), 1.0},
                                      {double((T0 + 45 * Minute) / Ms), 0.0},
                                      {double((T0 + 60 * Minute) / Ms), 0.1}};
        QCOMPARE(StatsChartData::spanRate(report), expected);
        QCOMPARE(StatsChartData::traceRate(report).at(2).y(), 0.1);
        QCOMPARE(StatsChartData::latency(report, &StatsFigures::p99Ms).at(0).x(),
                 double((T0 + 5 * Minute) / Ms));
    }

    void nearestStep_data()
    {
        QTest::addColumn<qint64>("xNs");
        QTest::addColumn<qint64>("stepStartNs");
        // Window 16:05..17:05 in 15-minute steps: points at 16:05, 16:15, ... 17:00.
        QTest::addRow("on the first point") << T0 + 5 * Minute << T0;
        QTest::addRow("nearer the second") << T0 + 11 * Minute << T0 + 15 * Minute;
        QTest::addRow("nearer the first") << T0 + 9 * Minute << T0;
        QTest::addRow("mid-step") << T0 + 37 * Minute << T0 + 30 * Minute;
        QTest::addRow("before the window") << T0 - 30 * Minute << T0;
        QTest::addRow("after the window") << T0 + 200 * Minute << T0 + 60 * Minute;
    }

    void nearestStep()
    {
        QFETCH(qint64, xNs);
        QFETCH(qint64, stepStartNs);
        const StatsReport report = window(T0 + 5 * Minute, T0 + 65 * Minute, 15 * Minute);
        QCOMPARE(StatsChartData::nearestStepNs(report, double(xNs) / 1e6), stepStartNs);
    }

    void longWindowChartsTheStep_data()
    {
        QTest::addColumn<bool>("remote");
        QTest::addRow("local store") << false;
        QTest::addRow("remote collector") << true;
    }

    void longWindowChartsTheStep()
    {
        QFETCH(bool, remote);
        LocalSource local(m_store);
        local.setHealthy(true);
        RemoteSource remoteSource(
            QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_host->apiPort())));
        SearchBar bar;
        StatisticsPage page(&bar);
        page.setTimeSpec(Qt::UTC);
        QSignalSpy open(&page, &StatisticsPage::showTracesRequested);
        QVERIFY(showPage(page, remote ? static_cast<TraceSource *>(&remoteSource) : &local));
        QCOMPARE(page.rangeBox()->currentData().toInt(), int(StatisticsPage::Range::Everything));

        // Two days held: a point per 10 minutes, each the merged minutes of its step.
        constexpr qint64 Step = 10 * Minute;
        const StatsReport &report = page.report();
        QCOMPARE(report.stepNs, Step);
        QCOMPARE(report.fromNs, T0 - 2 * Day);
        QVERIFY(report.series.size() > 50);
        DashboardCharts *charts = page.charts();
        const QList<QPointF> p99 = charts->line(Chart::Latency, 2)->points();
        QCOMPARE(std::size_t(p99.size()), report.series.size());
        for (const QPointF &p : p99)
            QCOMPARE(qint64(p.x()) % (Step / Ms), qint64(0));
        std::uint64_t spans = 0;
        for (const StatsPoint &p : report.series)
            spans += p.figures.count;
        QCOMPARE(spans, report.total.count);
        for (Chart chart : {Chart::Latency, Chart::Throughput, Chart::Errors}) {
            QCategoryAxis *axis = charts->timeAxis(chart);
            QCOMPARE(axis->titleText(), QStringLiteral("time (UTC, per 10 minutes)"));
            // Two days from 16:00 tick at midnight and noon, the first after the axis' start,
            // each label naming its tick's instant.
            const QStringList labels = axis->categoriesLabels();
            QVERIFY2(labels.size() >= 4 && labels.size() <= 7, qPrintable(labels.join(u' ')));
            for (const QString &label : labels) {
                const qint64 ms = qint64(axis->endValue(label));
                QCOMPARE(ms % (Day / Ms / 2), qint64(0));
                QCOMPARE(label,
                         QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(u"MM-dd HH:mm"));
            }
            const qint64 first = qint64(axis->endValue(labels.first()));
            QVERIFY(first >= qint64(axis->min()) && first - Day / Ms / 2 < qint64(axis->min()));
            // The last point (15:50) is hours before the next round time: the axis ends on it.
            QCOMPARE(axis->max(), p99.last().x());
            QVERIFY(axis->endValue(labels.last()) < axis->max());
        }

        // Throughput: the step's spans over its 600 seconds.
        QLineSeries *throughput = charts->line(Chart::Throughput, 0);
        const StatsPoint &busy = report.series[3];
        const QPointF point(double(busy.startNs / Ms), double(busy.figures.count) / 600.0);
        QVERIFY(throughput->points().contains(point));

        // The tooltip names the step's range; a click lists its traces.
        const QString tip = charts->pointToolTip(Chart::Throughput, busy.startNs);
        QVERIFY2(tip.startsWith(StatsChartData::pointText(report, busy.startNs, Qt::UTC) +
                                QStringLiteral(" \u2013 ")),
                 qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("\u2013") +
                              QDateTime::fromMSecsSinceEpoch((busy.startNs + Step) / Ms, Qt::UTC)
                                  .toString(u"HH:mm")),
                 qPrintable(tip));
        QVERIFY2(tip.endsWith(QStringLiteral("Click to list the traces of these 10 minutes")),
                 qPrintable(tip));
        QChartView *view = charts->view(Chart::Throughput);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          viewPosition(view, point, throughput));
        QCOMPARE(open.count(), 1);
        const std::optional<TraceQuery> query = bar.query(T0 + Day);
        QVERIFY(query);
        QCOMPARE(query->startNs, std::optional<qint64>(busy.startNs));
        // To the step's last second, which the search bar reads as inclusive.
        QVERIFY(query->endNs);
        QVERIFY(*query->endNs >= busy.startNs + Step - 1'000 * Ms &&
                *query->endNs < busy.startNs + Step);
    }

    void shortWindowStaysPerMinute()
    {
        LocalSource local(m_store);
        SearchBar bar;
        StatisticsPage page(&bar);
        page.rangeBox()->setCurrentIndex(int(StatisticsPage::Range::Last6Hours));
        QVERIFY(showPage(page, &local));
        QCOMPARE(page.report().stepNs, Minute);
        QVERIFY(page.charts()->timeAxis(Chart::Latency)->titleText().endsWith(u"per minute)"));
    }

private:
    TraceStore m_store;
    std::unique_ptr<CollectorHost> m_host;
};

QTEST_MAIN(TstStatsStep)
#include "tst_statsstep.moc"
