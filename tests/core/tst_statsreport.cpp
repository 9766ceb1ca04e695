// SPDX-License-Identifier: MIT
#include "coretestsupport.h"
#include "statsreport.h"
#include "tracestore.h"

#include <QTest>

using namespace traceflow;
using traceflow::CoreTestSupport::makeSpan;

namespace {
constexpr qint64 Ms = 1'000'000;
constexpr qint64 Minute = LatencyIndex::BucketNs;
constexpr qint64 T0 = 1'710'000'000'000 * Ms; // a minute boundary

// Trace `t` at `at`: a frontend root calling api (which fails when `error`).
std::vector<Span> request(const QString &t, qint64 at, qint64 rootMs, bool error = false)
{
    return {makeSpan(t, u"1", u"", u"frontend", u"GET /", at, rootMs * Ms),
            makeSpan(t, u"2", u"1", u"api", u"query", at + Ms, rootMs / 2 * Ms,
                     error ? StatusCode::Error : StatusCode::Ok)};
}

// Minute 0: traces a, b; minute 1: none; minute 2: c (api fails), d.
void fill(TraceStore &store)
{
    for (auto spans : {request(QStringLiteral("a"), T0 + 1 * Ms, 14),
                       request(QStringLiteral("b"), T0 + 30'000 * Ms, 44),
                       request(QStringLiteral("c"), T0 + 2 * Minute, 140, true),
                       request(QStringLiteral("d"), T0 + 2 * Minute + 59'000 * Ms, 440)})
        store.insert(std::move(spans));
}

const StatsRow *findRow(const std::vector<StatsRow> &rows, const QString &service,
                        const QString &operation = {})
{
    for (const StatsRow &r : rows) {
        if (r.service == service && r.operation == operation)
            return &r;
    }
    return nullptr;
}

void compare(const StatsReport &a, const StatsReport &b)
{
    QCOMPARE(a.fromNs, b.fromNs);
    QCOMPARE(a.toNs, b.toNs);
    QCOMPARE(a.total, b.total);
    QCOMPARE(a.serviceRows.size(), b.serviceRows.size());
    for (std::size_t i = 0; i < a.serviceRows.size(); ++i) {
        QCOMPARE(a.serviceRows[i].service, b.serviceRows[i].service);
        QCOMPARE(a.serviceRows[i].figures, b.serviceRows[i].figures);
        QCOMPARE(a.serviceRows[i].trend, b.serviceRows[i].trend);
    }
    QCOMPARE(a.operationRows.size(), b.operationRows.size());
    QCOMPARE(a.series.size(), b.series.size());
    for (std::size_t i = 0; i < a.series.size(); ++i) {
        QCOMPARE(a.series[i].startNs, b.series[i].startNs);
        QCOMPARE(a.series[i].figures, b.series[i].figures);
    }
    QCOMPARE(a.histogram, b.histogram);
}
} // namespace

class TstStatsReport : public QObject
{
    Q_OBJECT

private slots:
    void rootsFollowAddAndRemove()
    {
        LatencyIndex index;
        const StringPool::Id s = StringPool::instance().intern(QStringView(u"svc"));
        const StringPool::Id o = StringPool::instance().intern(QStringView(u"op"));
        index.add(s, o, T0, 5 * Ms, false, true);
        index.add(s, o, T0 + 1, 6 * Ms, true, false);
        index.add(s, o, T0 + Minute, 7 * Ms, false, false);
        QCOMPARE(index.snapshot().total.roots, 1u);
        QCOMPARE(index.series(s, o, T0, T0 + Minute)[0].stats.roots, 1u);
        QCOMPARE(index.series(s, o, T0, T0 + Minute)[1].stats.roots, 0u);
        // A root in a minute that holds none was never added: ignored.
        index.remove(s, o, T0 + Minute, 7 * Ms, false, true);
        QCOMPARE(index.snapshot().total.count, 3u);
        index.remove(s, o, T0, 5 * Ms, false, true);
        QCOMPARE(index.snapshot().total.roots, 0u);
        QCOMPARE(index.snapshot().total.count, 2u);
        QCOMPARE(index.bucketRange(), (std::pair<qint64, qint64>(T0, T0 + Minute)));
        index.clear();
        QCOMPARE(index.bucketRange(), (std::pair<qint64, qint64>(0, 0)));
    }

    void seriesCountsPerMinute_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QList<qint64>>("minutes");
        QTest::addColumn<QList<quint64>>("counts");
        QTest::addColumn<QList<quint64>>("errors");
        QTest::addColumn<QList<quint64>>("traces");
        QTest::addRow("whole system") << QString() << QString() << QList<qint64>{0, 2}
                                      << QList<quint64>{4, 4} << QList<quint64>{0, 1}
                                      << QList<quint64>{2, 2};
        QTest::addRow("one service") << QStringLiteral("api") << QString() << QList<qint64>{0, 2}
                                     << QList<quint64>{2, 2} << QList<quint64>{0, 1}
                                     << QList<quint64>{0, 0};
        QTest::addRow("one operation") << QStringLiteral("frontend") << QStringLiteral("GET /")
                                       << QList<qint64>{0, 2} << QList<quint64>{2, 2}
                                       << QList<quint64>{0, 0} << QList<quint64>{2, 2};
        QTest::addRow("unknown service") << QStringLiteral("nope") << QString() << QList<qint64>{}
                                         << QList<quint64>{} << QList<quint64>{}
                                         << QList<quint64>{};
    }

    void seriesCountsPerMinute()
    {
        QFETCH(QString, service);
        QFETCH(QString, operation);
        QFETCH(QList<qint64>, minutes);
        QFETCH(QList<quint64>, counts);
        QFETCH(QList<quint64>, errors);
        QFETCH(QList<quint64>, traces);
        TraceStore store;
        fill(store);
        const StatsReport report = store.statistics(StatsRequest{service, operation, {}, {}, 30});
        QCOMPARE(report.fromNs, T0);
        QCOMPARE(report.toNs, T0 + 3 * Minute);
        QCOMPARE(qsizetype(report.series.size()), minutes.size());
        const auto expected = store.latencySeries(service, operation, T0, T0 + 3 * Minute);
        QCOMPARE(expected.size(), report.series.size());
        for (qsizetype i = 0; i < minutes.size(); ++i) {
            const StatsPoint &p = report.series[std::size_t(i)];
            QCOMPARE(p.startNs, T0 + minutes[i] * Minute);
            QCOMPARE(p.figures.count, counts[i]);
            QCOMPARE(p.figures.errors, errors[i]);
            QCOMPARE(p.figures.traces, traces[i]);
            // The same figures as the store's own series.
            QCOMPARE(p.figures, StatsFigures::from(expected[std::size_t(i)].stats));
        }
        // Rows and totals cover every service whatever the chart follows.
        QCOMPARE(report.total.count, 8u);
        QCOMPARE(report.total.traces, 4u);
        QCOMPARE(report.serviceRows.size(), 2u);
        QCOMPARE(report.operationRows.size(), 2u);
        QCOMPARE(report.traces, 4u);
        QCOMPARE(report.spans, 8u);
        QCOMPARE(report.serviceCount, 2);
    }

    void rowsMatchTheStoreSketches()
    {
        TraceStore store;
        fill(store);
        const StatsReport report = store.statistics({});
        const LatencyIndex::Snapshot snapshot = store.latency();
        QCOMPARE(report.total, StatsFigures::from(snapshot.total));
        for (const LatencyIndex::Row &row : snapshot.services) {
            const StatsRow *r = findRow(report.serviceRows, row.service);
            QVERIFY(r);
            QCOMPARE(r->figures, StatsFigures::from(row.stats));
        }
        for (const LatencyIndex::Row &row : snapshot.operations) {
            const StatsRow *r = findRow(report.operationRows, row.service, row.operation);
            QVERIFY(r);
            QCOMPARE(r->figures, StatsFigures::from(row.stats));
        }
    }

    void windowLimitsEverything()
    {
        TraceStore store;
        fill(store);
        StatsRequest request;
        request.fromNs = T0 + 90'000 * Ms; // minute 1 onwards
        request.toNs = T0 + 2 * Minute + 1;
        const StatsReport report = store.statistics(request);
        QCOMPARE(report.fromNs, T0 + Minute);
        QCOMPARE(report.toNs, T0 + 3 * Minute);
        QCOMPARE(report.total.count, 4u);
        QCOMPARE(report.total.errors, 1u);
        QCOMPARE(report.series.size(), 1u);
        const StatsRow *api = findRow(report.serviceRows, QStringLiteral("api"));
        QVERIFY(api);
        QCOMPARE(api->figures.count, 2u);
        QCOMPARE(api->figures.errors, 1u);
        // Store-wide counts stay whole.
        QCOMPARE(report.spans, 8u);
    }

    void stepFitsTheWindow_data()
    {
        QTest::addColumn<qint64>("fromNs");
        QTest::addColumn<qint64>("minutes");
        QTest::addColumn<qint64>("stepMinutes");
        QTest::addRow("15 minutes") << T0 << qint64(15) << qint64(1);
        QTest::addRow("6 hours: still every minute") << T0 << qint64(360) << qint64(1);
        QTest::addRow("6 hours and a minute") << T0 << qint64(361) << qint64(2);
        QTest::addRow("12 hours from an even minute") << T0 << qint64(720) << qint64(2);
        // 361 steps of two minutes: the grid's, not the window's.
        QTest::addRow("12 hours from an odd minute") << T0 + Minute << qint64(720) << qint64(5);
        QTest::addRow("a day") << T0 << qint64(1440) << qint64(5);
        QTest::addRow("a week") << T0 << qint64(7 * 1440) << qint64(30);
        QTest::addRow("30 days") << T0 << qint64(30 * 1440) << qint64(120);
        QTest::addRow("400 days") << T0 << qint64(400 * 1440) << qint64(2 * 1440);
        QTest::addRow("empty") << T0 << qint64(0) << qint64(1);
    }

    void stepFitsTheWindow()
    {
        QFETCH(qint64, fromNs);
        QFETCH(qint64, minutes);
        QFETCH(qint64, stepMinutes);
        const qint64 toNs = fromNs + minutes * Minute;
        const qint64 step = StatsWindow::stepFor(fromNs, toNs);
        QCOMPARE(step, stepMinutes * Minute);
        if (minutes > 0) {
            QVERIFY(
                (StatsWindow::stepStart(toNs - 1, step) - StatsWindow::stepStart(fromNs, step)) /
                        step +
                    1 <=
                StatsWindow::MaxPoints);
        }
    }

    void longWindowMergesItsMinutes_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<QString>("operation");
        QTest::addColumn<qint64>("fromMinute"); // -1: no window
        QTest::addColumn<qint64>("toMinute");
        QTest::addColumn<qint64>("stepMinutes");
        // Spans over three days from T0: 4,320 minutes in steps of 15.
        QTest::addRow("everything held")
            << QString() << QString() << qint64(-1) << qint64(-1) << qint64(15);
        QTest::addRow("everything, one service")
            << QStringLiteral("api") << QString() << qint64(-1) << qint64(-1) << qint64(15);
        QTest::addRow("everything, one operation")
            << QStringLiteral("frontend") << QStringLiteral("GET /") << qint64(-1) << qint64(-1)
            << qint64(15);
        QTest::addRow("30 days around it")
            << QString() << QString() << qint64(-20 * 1440) << qint64(10 * 1440 - 1) << qint64(120);
        QTest::addRow("a day inside it")
            << QStringLiteral("api") << QString() << qint64(1000) << qint64(2439) << qint64(5);
        QTest::addRow("an hour: every minute")
            << QString() << QString() << qint64(600) << qint64(659) << qint64(1);
    }

    void longWindowMergesItsMinutes()
    {
        QFETCH(QString, service);
        QFETCH(QString, operation);
        QFETCH(qint64, fromMinute);
        QFETCH(qint64, toMinute);
        QFETCH(qint64, stepMinutes);
        TraceStore store;
        // A trace every 8 minutes 37 seconds for three days, durations and failures varied.
        for (int i = 0; i < 500; ++i)
            store.insert(request(QStringLiteral("%1").arg(i + 1, 8, 16, QLatin1Char('0')),
                                 T0 + qint64(i) * 517'000 * Ms, 1 + (i * 37) % 400, i % 7 == 0));
        StatsRequest r{service, operation, {}, {}, 30};
        if (fromMinute >= 0 || toMinute >= 0) {
            r.fromNs = T0 + fromMinute * Minute;
            r.toNs = T0 + toMinute * Minute;
        }
        const StatsReport report = store.statistics(r);
        const qint64 step = stepMinutes * Minute;
        QCOMPARE(report.stepNs, step);
        QVERIFY(report.series.size() > 1);
        // Each point: the minutes of its step merged, as the store's own per-minute series has
        // them; every minute in some point.
        const auto minutes =
            store.latencySeries(service, operation, report.fromNs, report.toNs - Minute);
        std::size_t next = 0;
        for (const StatsPoint &p : report.series) {
            QCOMPARE(StatsWindow::stepStart(p.startNs, step), p.startNs);
            LatencyIndex::Stats merged;
            while (next < minutes.size() && minutes[next].bucketStartNs < p.startNs + step) {
                QVERIFY(minutes[next].bucketStartNs >= p.startNs);
                merged.add(minutes[next++].stats);
            }
            QVERIFY(merged.count > 0);
            QCOMPARE(p.figures, StatsFigures::from(merged));
            const auto [from, to] = report.pointRange(p.startNs);
            QVERIFY(from >= report.fromNs && to <= report.toNs && to - from <= step);
        }
        QCOMPARE(next, minutes.size());
    }

    void trendSlicesTheWindow_data()
    {
        QTest::addColumn<int>("bins");
        QTest::addColumn<QList<quint64>>("trend");
        QTest::addRow("one per minute") << 3 << QList<quint64>{2, 0, 2};
        QTest::addRow("more bins than minutes") << 100 << QList<quint64>{2, 0, 2};
        QTest::addRow("one slice") << 1 << QList<quint64>{4};
    }

    void trendSlicesTheWindow()
    {
        QFETCH(int, bins);
        QFETCH(QList<quint64>, trend);
        TraceStore store;
        fill(store);
        StatsRequest request;
        request.trendBins = bins;
        const StatsReport report = store.statistics(request);
        const StatsRow *frontend = findRow(report.serviceRows, QStringLiteral("frontend"));
        QVERIFY(frontend);
        QCOMPARE(QList<quint64>(frontend->trend.begin(), frontend->trend.end()), trend);
        const StatsRow *op = findRow(report.operationRows, QStringLiteral("frontend"),
                                     QStringLiteral("GET /"));
        QCOMPARE(QList<quint64>(op->trend.begin(), op->trend.end()), trend);
    }

    void oldestSliceTakesTheRemainder()
    {
        TraceStore store;
        fill(store); // frontend spans in minutes 0 and 2
        StatsRequest request;
        request.fromNs = T0 - Minute;
        request.toNs = T0 + 3 * Minute;
        request.trendBins = 3;
        // Five minutes in slices of two: [-1], [0, 1], [2, 3].
        const StatsReport report = store.statistics(request); // frontend points into it
        const StatsRow *frontend = findRow(report.serviceRows, QStringLiteral("frontend"));
        QVERIFY(frontend);
        QCOMPARE(frontend->trend, (std::vector<std::uint64_t>{0, 2, 2}));
    }

    void histogramOfTheChosenSpans_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<quint64>("total");
        QTest::addColumn<qint64>("firstLowerMs");
        QTest::addRow("whole system") << QString() << quint64(8) << qint64(5);
        QTest::addRow("frontend") << QStringLiteral("frontend") << quint64(4) << qint64(10);
    }

    void histogramOfTheChosenSpans()
    {
        QFETCH(QString, service);
        QFETCH(quint64, total);
        QFETCH(qint64, firstLowerMs);
        TraceStore store;
        fill(store);
        const StatsReport report = store.statistics(StatsRequest{service, {}, {}, {}, 30});
        QVERIFY(!report.histogram.empty());
        std::uint64_t sum = 0;
        for (std::size_t i = 0; i < report.histogram.size(); ++i) {
            sum += report.histogram[i].count;
            if (i > 0)
                QCOMPARE(report.histogram[i].lowerNs, report.histogram[i - 1].upperNs);
        }
        QCOMPARE(sum, total);
        QCOMPARE(report.histogram.front().lowerNs, firstLowerMs * Ms);
        QVERIFY(report.histogram.front().count > 0);
        QVERIFY(report.histogram.back().count > 0);
    }

    void evictionLeavesTheFiguresOfWhatIsHeld()
    {
        TraceStore evicting(StoreLimits{4, std::size_t(512) << 20});
        fill(evicting); // a and b go: only c and d fit
        TraceStore kept;
        kept.insert(request(QStringLiteral("c"), T0 + 2 * Minute, 140, true));
        kept.insert(request(QStringLiteral("d"), T0 + 2 * Minute + 59'000 * Ms, 440));
        QCOMPARE(evicting.counters().spans, 4u);
        compare(evicting.statistics({}), kept.statistics({}));
        QCOMPARE(evicting.statistics({}).total.traces, 2u);
    }

    void emptyStore()
    {
        TraceStore store;
        const StatsReport report = store.statistics({});
        QCOMPARE(report.fromNs, report.toNs);
        QVERIFY(report.series.empty());
        QVERIFY(report.histogram.empty());
        QVERIFY(report.serviceRows.empty());
        // An explicit window over an empty store is still that window.
        StatsRequest request;
        request.fromNs = T0;
        request.toNs = T0 + Minute;
        const StatsReport window = store.statistics(request);
        QCOMPARE(window.fromNs, T0);
        QCOMPARE(window.toNs, T0 + 2 * Minute);
    }
};

QTEST_GUILESS_MAIN(TstStatsReport)
#include "tst_statsreport.moc"
