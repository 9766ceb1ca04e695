// SPDX-License-Identifier: MIT
// The Statistics page as a user meets it: empty before any span arrives, in local time or
// UTC, and a latency bar that lists exactly the traces it counts, also when they started
// before the chosen time range.
#include "collectorhost.h"
#include "dashboardcharts.h"
#include "localsource.h"
#include "remotesource.h"
#include "searchbar.h"
#include "statisticspage.h"
#include "statschartdata.h"
#include "statstestsupport.h"
#include "testwindow.h"
#include "tracestore.h"

#include <QAction>
#include <QTabWidget>

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QLineSeries>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>
#include <QValueAxis>

#include <cmath>
#include <ctime>
#include <memory>

using namespace traceflow;
using namespace traceflow::StatsTestSupport;

namespace {
using Chart = DashboardCharts::Chart;

// web spans are "GET /", db spans "select".
Span serviceSpan(int trace, int id, int parent, const QString &service, qint64 startNs,
                 qint64 durationMs)
{
    const QString operation =
        service == u"web" ? QStringLiteral("GET /") : QStringLiteral("select");
    return makeSpan(trace, id, parent, service, operation, startNs, durationMs);
}

// Eight traces over three minutes: web "GET /" (root, 43..113 ms) calling db "select"
// (3..24 ms) once or twice, so span and trace durations fall in different bars and a trace
// may hold two spans of one bar. No duration sits on a 1-2-5 bar edge.
std::vector<std::vector<Span>> testTraces()
{
    std::vector<std::vector<Span>> traces;
    for (int n = 1; n <= 8; ++n) {
        const qint64 at = T0 + (n * 20) * 1000 * Ms;
        std::vector<Span> spans{serviceSpan(n, 1, 0, QStringLiteral("web"), at, 33 + 10 * n),
                                serviceSpan(n, 2, 1, QStringLiteral("db"), at + Ms, 3 * n)};
        if (n % 3 == 0)
            spans.push_back(serviceSpan(n, 3, 1, QStringLiteral("db"), at + 2 * Ms, 2 * n + 3));
        traces.push_back(std::move(spans));
    }
    return traces;
}

template<typename T> T await(QFuture<T> future)
{
    QElapsedTimer clock;
    clock.start();
    while (!future.isFinished() && clock.elapsed() < 15000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return future.isFinished() && future.resultCount() > 0 ? future.result() : T();
}

// The labels a value axis draws: its ticks, written as its label format says ("%.0f").
QStringList tickLabels(const QValueAxis *axis)
{
    QStringList labels;
    const int ticks = axis->tickCount();
    for (int i = 0; i < ticks; ++i) {
        const double value = axis->min() + (axis->max() - axis->min()) * i / (ticks - 1);
        labels << QString::asprintf(axis->labelFormat().toLatin1().constData(), value);
    }
    return labels;
}

// The page's two ways to a store: the store itself, and a collector serving it over HTTP.
struct StoreSources
{
    explicit StoreSources(TraceStore &store) : host(store), local(store) { local.setHealthy(true); }
    bool start()
    {
        if (!host.start(0, 0))
            return false;
        remote = std::make_unique<RemoteSource>(
            QUrl(QStringLiteral("http://127.0.0.1:%1").arg(host.apiPort())));
        return true;
    }
    TraceSource *source(bool overHttp)
    {
        return overHttp ? static_cast<TraceSource *>(remote.get()) : &local;
    }

    CollectorHost host;
    LocalSource local;
    std::unique_ptr<RemoteSource> remote;
};

QString hhmm(qint64 ns, Qt::TimeSpec spec)
{
    return QDateTime::fromMSecsSinceEpoch(ns / Ms, spec).toString(QStringLiteral("HH:mm"));
}
} // namespace

class TstStatisticsPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        for (const std::vector<Span> &trace : testTraces())
            m_store.insert(trace);
        m_host = std::make_unique<CollectorHost>(m_store);
        QVERIFY2(m_host->start(0, 0), qPrintable(m_host->errorString()));
    }

    void countTicksAreWholeAndDistinct_data()
    {
        QTest::addColumn<double>("max");
        for (double max :
             {0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 7.0, 9.0, 10.0, 12.0, 45.0, 99.0, 1000.0, 123456.0})
            QTest::addRow("%g spans", max) << max;
    }

    void countTicksAreWholeAndDistinct()
    {
        QFETCH(double, max);
        const StatsChartData::CountAxis axis = StatsChartData::countAxis(max);
        QVERIFY(axis.top > max);
        QVERIFY(axis.ticks >= 2 && axis.ticks <= 6);
        QValueAxis value;
        value.setLabelFormat(QStringLiteral("%.0f"));
        value.setRange(0, axis.top);
        value.setTickCount(axis.ticks);
        QStringList labels = tickLabels(&value);
        for (int i = 0; i < axis.ticks; ++i) {
            const double tick = axis.top * i / (axis.ticks - 1);
            QCOMPARE(tick, std::round(tick));
        }
        QCOMPARE(labels.removeDuplicates(), qsizetype(0));
    }

    void timeTicksFallOnWholeMinutes_data()
    {
        QTest::addColumn<qint64>("offsetMinutes"); // the window's start after T0 (16:00 UTC)
        QTest::addColumn<qint64>("minutes");
        for (qint64 offset : {0, 7, 53}) {
            for (qint64 m : {1, 5, 7, 8, 14, 15, 29, 59, 60, 359, 1439, 3 * 1440 + 7, 30 * 1440})
                QTest::addRow("%lld minutes from 16:%02lld UTC", m, offset) << offset << m;
        }
    }

    // In UTC the clock's round times are round epoch times: every tick is a whole multiple of
    // the step and the first is the first at or after the window's start. The axis ends on the
    // first tick at or after the window's end when it is at most a quarter step later (or when
    // ending early would leave fewer than four ticks), else at the end itself.
    void timeTicksFallOnWholeMinutes()
    {
        QFETCH(qint64, offsetMinutes);
        QFETCH(qint64, minutes);
        const qint64 from = T0 / Ms + offsetMinutes * 60'000;
        const qint64 to = from + minutes * 60'000;
        const StatsChartData::TimeTicks t = StatsChartData::timeTicks(from, to, Qt::UTC);
        QVERIFY2(t.ms.size() >= 2 && t.ms.size() <= 7, qPrintable(QString::number(t.ms.size())));
        const qint64 step = t.stepMs;
        QVERIFY(step > 0);
        QCOMPARE(step % 60'000, qint64(0));
        QVERIFY(t.ms.first() >= from);
        QVERIFY(t.ms.first() - step < from);
        for (qsizetype i = 0; i < t.ms.size(); ++i) {
            QCOMPARE(t.ms[i] % step, qint64(0));
            if (i > 0)
                QCOMPARE(t.ms[i] - t.ms[i - 1], step);
        }
        if (t.endMs == to) {
            QVERIFY(t.ms.last() <= to);
            QVERIFY(t.ms.last() + step - to > step / 4); // the next tick was too far out
        } else { // a quarter step of room, or more where ending early left under four ticks
            QCOMPARE(t.endMs, t.ms.last());
            QVERIFY(t.endMs >= to);
            QVERIFY(t.endMs - to < step);
            QVERIFY(t.endMs - to <= step / 4 || t.ms.size() <= 4);
        }
    }

    void emptyChartsSayNoSpans()
    {
        DashboardCharts charts;
        charts.resize(1200, 700);
        charts.show();
        QVERIFY(QTest::qWaitForWindowExposed(&charts));
        for (Chart chart : {Chart::Latency, Chart::Throughput, Chart::Errors, Chart::Distribution})
            QCOMPARE(charts.placeholder(chart), QStringLiteral("No spans yet"));
        // No bars: no category axis to draw its title in a corner, no count ticks to repeat.
        const auto emptyAxes = charts.view(Chart::Distribution)->chart()->axes();
        QCOMPARE(emptyAxes.size(), qsizetype(2));
        for (const QAbstractAxis *axis : emptyAxes)
            QVERIFY(!axis->isVisible());

        // Two spans in one bar: the count axis reads 0 1 2 3, each label once.
        StatsReport report;
        report.spans = 2;
        report.fromNs = T0;
        report.toNs = T0 + Minute;
        report.series.push_back(StatsPoint{T0, StatsFigures{2, 0, 1, 15, 15, 15, 15}});
        report.histogram = {{10 * Ms, 20 * Ms, 2}, {20 * Ms, 50 * Ms, 1}};
        charts.setReport(report);
        for (Chart chart : {Chart::Latency, Chart::Throughput, Chart::Errors, Chart::Distribution})
            QCOMPARE(charts.placeholder(chart), QString());
        for (const QAbstractAxis *axis : charts.view(Chart::Distribution)->chart()->axes())
            QVERIFY(axis->isVisible());
        QStringList labels = tickLabels(charts.countAxis());
        QVERIFY2(labels.removeDuplicates() == 0, qPrintable(labels.join(u' ')));
        QCOMPARE(charts.countAxis()->min(), 0.0);
        QVERIFY(charts.countAxis()->max() >= 2);
        // Its one minute's points stand between two ticks, not on the y axis.
        for (Chart chart : {Chart::Latency, Chart::Throughput, Chart::Errors}) {
            QCategoryAxis *axis = charts.timeAxis(chart);
            const double x = charts.line(chart, 0)->points().at(0).x();
            QCOMPARE(axis->min(), x - 60'000);
            QCOMPARE(axis->max(), x + 60'000);
            QCOMPARE(axis->count(), 3); // a label on each tick
            QCOMPARE(axis->endValue(axis->categoriesLabels().at(1)), x);
        }

        // Spans held, none in the window.
        report.series.clear();
        report.histogram.clear();
        charts.setReport(report);
        QCOMPARE(charts.placeholder(Chart::Distribution),
                 QStringLiteral("No spans in this time range"));
        QCOMPARE(charts.placeholder(Chart::Latency), QStringLiteral("No spans in this time range"));
    }

    void timesFollowLocalTimeOrUtc()
    {
        // A zone 5:30 ahead of UTC, so the two clocks read differently on this machine too.
        const QByteArray oldZone = qgetenv("TZ");
        const bool hadZone = qEnvironmentVariableIsSet("TZ");
        qputenv("TZ", "XST-5:30");
        tzset();
        const auto restore = qScopeGuard([&] {
            if (hadZone)
                qputenv("TZ", oldZone);
            else
                qunsetenv("TZ");
            tzset();
        });
        QCOMPARE(hhmm(T0, Qt::UTC), QStringLiteral("16:00"));
        QCOMPARE(hhmm(T0, Qt::LocalTime), QStringLiteral("21:30"));

        LocalSource local(m_store);
        SearchBar bar;
        StatisticsPage page(&bar);
        QSignalSpy open(&page, &StatisticsPage::showTracesRequested);
        QVERIFY(showPage(page, &local));
        DashboardCharts *charts = page.charts();

        // The window starts at 21:30 local time, 16:00 UTC: a round time of either clock, so
        // the first tick stands on it (tst_dashboardtimezones covers windows starting off one).
        for (Chart chart : {Chart::Latency, Chart::Throughput, Chart::Errors}) {
            QCOMPARE(charts->timeAxis(chart)->categoriesLabels().value(0), QStringLiteral("21:30"));
            QVERIFY(charts->timeAxis(chart)->titleText().contains(u"local"));
        }
        QVERIFY(charts->pointToolTip(Chart::Latency, T0).startsWith(u"21:30 \u2013"));

        page.setTimeSpec(Qt::UTC);
        for (Chart chart : {Chart::Latency, Chart::Throughput, Chart::Errors}) {
            QCOMPARE(charts->timeAxis(chart)->categoriesLabels().value(0), QStringLiteral("16:00"));
            QVERIFY(charts->timeAxis(chart)->titleText().contains(u"UTC"));
        }
        QVERIFY(charts->pointToolTip(Chart::Latency, T0).startsWith(u"16:00 UTC \u2013"));
        QVERIFY(charts->pointToolTip(Chart::Errors, T0 + Minute).startsWith(u"16:01 UTC"));

        // Points sit under their minute, and a click lists it.
        QChartView *view = charts->view(Chart::Throughput);
        QLineSeries *series = charts->line(Chart::Throughput, 0);
        const QPointF point = series->points().at(1);
        QCOMPARE(StatsChartData::nearestStepNs(charts->report(), point.x()), T0 + Minute);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, viewPosition(view, point, series));
        QCOMPARE(open.count(), 1);
        QCOMPARE(bar.query(T0 + 10 * Minute)->startNs, std::optional<qint64>(T0 + Minute));

        // And back to local time.
        page.setTimeSpec(Qt::LocalTime);
        QCOMPARE(charts->timeAxis(Chart::Latency)->categoriesLabels().value(0),
                 QStringLiteral("21:30"));
    }

    // The View menu's Time Zone entries and Preferences both end in MainWindow::setTimeSpec.
    void windowTimeZoneReachesTheCharts()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::unique_ptr<AppSettings> settings = TestWindow::settings(dir);
        settings->setTimeSpec(Qt::UTC);
        const std::unique_ptr<MainWindow> window = TestWindow::show(*settings);
        QVERIFY(window);
        auto *page = window->views()->findChild<StatisticsPage *>();
        QVERIFY(page);
        QCOMPARE(page->charts()->timeSpec(), Qt::UTC); // the saved choice, from the start
        QAction *localTime = nullptr;
        for (QAction *action : window->findChildren<QAction *>()) {
            if (action->text() == u"&Local Time")
                localTime = action;
        }
        QVERIFY(localTime);
        localTime->trigger();
        QCOMPARE(page->charts()->timeSpec(), Qt::LocalTime);
        window->setTimeSpec(Qt::UTC);
        QCOMPARE(page->charts()->timeSpec(), Qt::UTC);
    }

    void clickingABarListsTheTracesItCounts_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<bool>("remote");
        for (bool remote : {false, true}) {
            const char *where = remote ? "remote" : "local";
            QTest::addRow("all services, %s", where) << QString() << remote;
            QTest::addRow("web, %s", where) << QStringLiteral("web") << remote;
            QTest::addRow("db, %s", where) << QStringLiteral("db") << remote;
        }
    }

    void clickingABarListsTheTracesItCounts()
    {
        QFETCH(QString, service);
        QFETCH(bool, remote);
        LocalSource local(m_store);
        local.setHealthy(true);
        RemoteSource remoteSource(
            QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_host->apiPort())));
        TraceSource *source = remote ? static_cast<TraceSource *>(&remoteSource) : &local;
        SearchBar bar;
        StatisticsPage page(&bar);
        QVERIFY(showPage(page, source));
        if (!service.isEmpty()) {
            QComboBox *box = page.serviceBox();
            box->setCurrentIndex(box->findData(service));
            Q_EMIT box->activated(box->currentIndex());
            QVERIFY(waitForRefresh(page));
        }

        int clicked = 0;
        clickEachBar(page, bar, source, testTraces(), service, &clicked);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(clicked >= 2);
    }

    // "Last 15 minutes": the bars count spans starting in it, some of traces that started
    // earlier; a bar lists those traces and not one whose span of that duration started earlier.
    void aNarrowWindowListsTracesStartedBeforeIt_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<bool>("remote");
        for (bool remote : {false, true}) {
            const char *where = remote ? "remote" : "local";
            QTest::addRow("all services, %s", where) << QString() << remote;
            QTest::addRow("db, %s", where) << QStringLiteral("db") << remote;
        }
    }

    void aNarrowWindowListsTracesStartedBeforeIt()
    {
        QFETCH(QString, service);
        QFETCH(bool, remote);
        const qint64 now = QDateTime::currentMSecsSinceEpoch() * Ms;
        // t101 starts 20 minutes ago, its 7 ms db span 5 minutes ago. t102's 7 ms db span is
        // 17 minutes old, its 300 ms one 4 minutes. t103 lies wholly in the window.
        const std::vector<std::vector<Span>> traces{
            {serviceSpan(101, 1, 0, QStringLiteral("web"), now - 20 * Minute, 19 * 60'000),
             serviceSpan(101, 2, 1, QStringLiteral("db"), now - 5 * Minute, 7)},
            {serviceSpan(102, 1, 0, QStringLiteral("web"), now - 18 * Minute, 15 * 60'000),
             serviceSpan(102, 2, 1, QStringLiteral("db"), now - 17 * Minute, 7),
             serviceSpan(102, 3, 1, QStringLiteral("db"), now - 4 * Minute, 300)},
            {serviceSpan(103, 1, 0, QStringLiteral("web"), now - 3 * Minute, 60),
             serviceSpan(103, 2, 1, QStringLiteral("db"), now - 3 * Minute + Ms, 7)}};
        TraceStore store;
        for (const std::vector<Span> &trace : traces)
            store.insert(trace);
        StoreSources sources(store);
        QVERIFY2(sources.start(), qPrintable(sources.host.errorString()));
        TraceSource *source = sources.source(remote);
        SearchBar bar;
        StatisticsPage page(&bar);
        QVERIFY(showPage(page, source));
        QComboBox *range = page.rangeBox();
        range->setCurrentIndex(range->findData(int(StatisticsPage::Range::Last15Minutes)));
        Q_EMIT range->activated(range->currentIndex());
        QVERIFY(waitForRefresh(page));
        if (!service.isEmpty()) {
            QComboBox *box = page.serviceBox();
            box->setCurrentIndex(box->findData(service));
            Q_EMIT box->activated(box->currentIndex());
            QVERIFY(waitForRefresh(page));
        }
        QVERIFY(page.report().fromNs > now - 16 * Minute);
        QVERIFY(page.report().fromNs < now - 13 * Minute);

        int clicked = 0;
        QList<QSet<QString>> lists;
        clickEachBar(page, bar, source, traces, service, &clicked, &lists);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(clicked >= 2);
        // The case this is about: the 7 ms bar lists t101, not t102.
        const QSet<QString> sevenMs{QStringLiteral("t101"), QStringLiteral("t103")};
        QVERIFY(lists.contains(sevenMs));
    }

    // A point counts the spans starting in its step, so its click lists the traces holding
    // one, also those that started steps earlier; the traces/s line counts, and lists, the
    // traces starting in the step.
    void clickingAPointListsTheTracesOfItsSpans_data()
    {
        QTest::addColumn<bool>("remote");
        QTest::addRow("local") << false;
        QTest::addRow("remote") << true;
    }

    void clickingAPointListsTheTracesOfItsSpans()
    {
        QFETCH(bool, remote);
        const qint64 now = QDateTime::currentMSecsSinceEpoch() * Ms;
        const qint64 step = (now - 5 * Minute) / Minute * Minute; // a whole minute
        // t201 starts 12 minutes ago, its db span in the step; t202 starts in the step.
        TraceStore store;
        store.insert({serviceSpan(201, 1, 0, QStringLiteral("web"), now - 12 * Minute, 9 * 60'000),
                      serviceSpan(201, 2, 1, QStringLiteral("db"), step + 10'000 * Ms, 7)});
        store.insert({serviceSpan(202, 1, 0, QStringLiteral("web"), step + 20'000 * Ms, 40),
                      serviceSpan(202, 2, 1, QStringLiteral("db"), step + 20'001 * Ms, 9)});
        StoreSources sources(store);
        QVERIFY2(sources.start(), qPrintable(sources.host.errorString()));
        TraceSource *source = sources.source(remote);
        SearchBar bar;
        StatisticsPage page(&bar);
        QVERIFY(showPage(page, source));
        QSignalSpy open(&page, &StatisticsPage::showTracesRequested);
        DashboardCharts *charts = page.charts();

        auto clickAt = [&](Chart chart, int line) -> QSet<QString> {
            QLineSeries *series = charts->line(chart, line);
            const auto points = series->points();
            const auto at = std::find_if(points.cbegin(), points.cend(), [&](const QPointF &p) {
                return qint64(p.x()) == step / Ms;
            });
            if (at == points.cend())
                return {QStringLiteral("no point at the step")};
            QTest::mouseClick(charts->view(chart)->viewport(), Qt::LeftButton, {},
                              viewPosition(charts->view(chart), *at, series));
            const std::optional<TraceQuery> query = bar.query(now + Minute);
            if (!query)
                return {QStringLiteral("no query")};
            QSet<QString> ids;
            for (const TraceSummary &t : await(source->query(*query)).traces)
                ids.insert(t.traceId.toString());
            return ids;
        };
        const QSet<QString> both{QStringLiteral("t201"), QStringLiteral("t202")};
        QCOMPARE(clickAt(Chart::Latency, 0), both);
        QCOMPARE(open.count(), 1);
        QCOMPARE(bar.durationScopeBox()->currentData().toInt(), int(DurationScope::Span));
        QCOMPARE(clickAt(Chart::Throughput, 0), both);                                  // spans/s
        QCOMPARE(clickAt(Chart::Throughput, 1), QSet<QString>{QStringLiteral("t202")}); // traces/s
        QCOMPARE(bar.durationScopeBox()->currentData().toInt(), int(DurationScope::Trace));

        // For db alone, the same: t201's db span is in the step although t201 is not. db has
        // spans in this step only: its lines are one point each, which must take a click too.
        QComboBox *box = page.serviceBox();
        box->setCurrentIndex(box->findData(QStringLiteral("db")));
        Q_EMIT box->activated(box->currentIndex());
        QVERIFY(waitForRefresh(page));
        QLineSeries *p99 = charts->line(Chart::Latency, 2);
        QCOMPARE(p99->count(), 1);
        // Its hover text is the point's, not the chart's.
        QWidget *viewport = charts->view(Chart::Latency)->viewport();
        const QPoint pos = viewPosition(charts->view(Chart::Latency), p99->at(0), p99);
        QHelpEvent help(QEvent::ToolTip, pos, viewport->mapToGlobal(pos));
        QCoreApplication::sendEvent(viewport, &help);
        QCOMPARE(QToolTip::text(), charts->pointToolTip(Chart::Latency, step));
        const QSet<QString> db = clickAt(Chart::Latency, 2);
        QCOMPARE(open.count(), 4);
        QCOMPARE(db, both);
    }

private:
    // Clicks each non-empty latency bar of the page and checks it against the spans themselves:
    // it counts the spans of service (any when empty) lasting within it and starting in the
    // report's window, and the search bar then lists exactly the traces holding one.
    void clickEachBar(StatisticsPage &page, SearchBar &bar, TraceSource *source,
                      const std::vector<std::vector<Span>> &traces, const QString &service,
                      int *clicked, QList<QSet<QString>> *lists = nullptr)
    {
        QSignalSpy open(&page, &StatisticsPage::showTracesRequested);
        const StatsReport report = page.report();
        QChartView *view = page.charts()->view(Chart::Distribution);
        for (std::size_t i = 0; i < report.histogram.size(); ++i) {
            const HistogramBar &chosen = report.histogram[i];
            if (chosen.count == 0)
                continue;
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                              viewPosition(view, QPointF(double(i), double(chosen.count) / 2),
                                           page.charts()->barSeries()));
            QCOMPARE(open.count(), ++*clicked);

            // What the bar stands for, from the spans themselves.
            QSet<QString> expected;
            std::uint64_t spans = 0;
            for (const std::vector<Span> &trace : traces) {
                for (const Span &s : trace) {
                    if ((service.isEmpty() || s.service() == service) &&
                        s.durationNs >= chosen.lowerNs && s.durationNs < chosen.upperNs &&
                        s.startNs >= report.fromNs && s.startNs < report.toNs) {
                        ++spans;
                        expected.insert(s.traceId.toString());
                    }
                }
            }
            QCOMPARE(chosen.count, spans);

            // The tooltip and the search bar say the same: spans of this duration.
            const QString range = StatsChartData::barRange(chosen);
            const QString tip = page.charts()->barToolTip(int(i));
            QVERIFY2(tip.contains(range) && tip.contains(u"span"), qPrintable(tip));
            QVERIFY(tip.startsWith(QString::number(spans) + u" spans"));
            QCOMPARE(bar.durationScopeBox()->currentData().toInt(), int(DurationScope::Span));
            QCOMPARE(bar.durationScopeBox()->currentText(), QStringLiteral("of a span"));

            std::optional<TraceQuery> query = bar.query(report.toNs + 10 * Minute);
            QVERIFY(query);
            QCOMPARE(query->service, service);
            const QueryResult found = await(source->query(*query));
            QSet<QString> ids;
            for (const TraceSummary &t : found.traces)
                ids.insert(t.traceId.toString());
            QCOMPARE(ids, expected);
            if (lists)
                lists->append(ids);
        }
    }

private:
    TraceStore m_store;
    std::unique_ptr<CollectorHost> m_host;
};

QTEST_MAIN(TstStatisticsPage)
#include "tst_statisticspage.moc"
