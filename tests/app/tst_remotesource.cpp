// SPDX-License-Identifier: MIT
#include "collectorhost.h"
#include "remotejson.h"
#include "remotesource.h"
#include "testtraces.h"
#include "tracestore.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace traceflow;

namespace {
constexpr qint64 T0 = 1710000000000'000'000;

template<typename T> T await(QFuture<T> future)
{
    QElapsedTimer clock;
    clock.start();
    while (!future.isFinished() && clock.elapsed() < 15000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (!future.isFinished() || future.isCanceled() || future.resultCount() == 0)
        return T();
    return future.result();
}

QStringList idsOf(const std::vector<TraceSummary> &traces)
{
    QStringList ids;
    for (const TraceSummary &t : traces)
        ids.append(t.traceId.toString());
    return ids;
}

// Compares span sets whatever their order, and says why they differ.
#define VERIFY_SAME_SPANS(a, b)                                                                    \
    do {                                                                                           \
        QString why;                                                                               \
        QVERIFY2(TestTraces::sameSpans((a), (b), &why), qPrintable(why));                          \
    } while (false)
} // namespace

class TstRemoteSource : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void search_data();
    void search();
    void traceAndFind();
    void namesAndStats();
    void serviceGraphAndCallFilter();
    void serviceGraphFromOlderCollector();
    void tracesWithProgress();
    void insertPostsSpans();
    void pollReportsChanges();
    void unreachable();
    void tagText_data();
    void tagText();

private:
    std::unique_ptr<TraceStore> m_store;
    std::unique_ptr<CollectorHost> m_host;
    std::unique_ptr<RemoteSource> m_remote;
};

void TstRemoteSource::initTestCase()
{
    m_store = std::make_unique<TraceStore>();
    m_host = std::make_unique<CollectorHost>(*m_store);
    QVERIFY2(m_host->start(0, 0), qPrintable(m_host->errorString()));
    for (int i = 1; i <= 6; ++i)
        m_store->insert(TestTraces::checkout(TestTraces::traceHex(i), T0 + i * 1'000'000'000LL,
                                             i % 3 == 0, i * 10'000'000LL));
    m_remote = std::make_unique<RemoteSource>(
        QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_host->apiPort())));
    QCOMPARE(await(m_remote->checkHealth()), QString());
}

void TstRemoteSource::cleanupTestCase()
{
    m_remote.reset();
    m_host.reset();
}

void TstRemoteSource::search_data()
{
    QTest::addColumn<QString>("tags");
    QTest::addColumn<int>("status");
    QTest::addColumn<qint64>("minNs");
    QTest::addColumn<int>("sort");
    QTest::addColumn<int>("limit");
    QTest::addRow("everything, newest first")
        << QString() << int(StatusFilter::Any) << qint64(-1) << int(TraceSort::Newest) << 20;
    QTest::addRow("errors only") << QString() << int(StatusFilter::Error) << qint64(-1)
                                 << int(TraceSort::Newest) << 20;
    QTest::addRow("tag equals") << QStringLiteral("http.response.status_code=500")
                                << int(StatusFilter::Any) << qint64(-1) << int(TraceSort::Oldest)
                                << 20;
    QTest::addRow("tag not equals and regex")
        << QStringLiteral("http.response.status_code!=500 sku=~^sku-4") << int(StatusFilter::Any)
        << qint64(-1) << int(TraceSort::Slowest) << 20;
    QTest::addRow("tag present") << QStringLiteral("payment.retry") << int(StatusFilter::Ok)
                                 << qint64(-1) << int(TraceSort::Fastest) << 20;
    QTest::addRow("min duration and limit") << QString() << int(StatusFilter::Any)
                                            << qint64(25'000'000) << int(TraceSort::Slowest) << 2;
}

void TstRemoteSource::search()
{
    QFETCH(QString, tags);
    QFETCH(int, status);
    QFETCH(qint64, minNs);
    QFETCH(int, sort);
    QFETCH(int, limit);
    TraceQuery query;
    for (const QString &tag : tags.split(u' ', Qt::SkipEmptyParts))
        query.tags.push_back(*TagFilter::parse(tag));
    query.status = StatusFilter(status);
    if (minNs >= 0)
        query.minDurationNs = minNs;
    query.sort = TraceSort(sort);
    query.limit = limit;
    const QueryResult local = m_store->query(query);
    QVERIFY(!local.traces.empty());
    const QueryResult remote = await(m_remote->query(query));
    QCOMPARE(idsOf(remote.traces), idsOf(local.traces));
    QCOMPARE(remote.total, local.total);
    for (std::size_t i = 0; i < local.traces.size(); ++i) {
        const TraceSummary &l = local.traces[i];
        const TraceSummary &r = remote.traces[i];
        QCOMPARE(r.rootService, l.rootService);
        QCOMPARE(r.rootOperation, l.rootOperation);
        QCOMPARE(r.spanCount, l.spanCount);
        QCOMPARE(r.errorCount, l.errorCount);
        QCOMPARE(r.services, l.services);
        QVERIFY(std::abs(r.startNs - l.startNs) <= 1000); // the API rounds to the microsecond
        QVERIFY(std::abs(r.durationNs - l.durationNs) <= 1000);
    }
}

void TstRemoteSource::traceAndFind()
{
    const TraceId id = TraceId::fromHex(QStringView(TestTraces::traceHex(3)));
    const std::vector<Span> spans = await(m_remote->trace(id));
    QCOMPARE(spans.size(), std::size_t(5));
    // The query API writes attributes as JSON objects with sorted keys.
    VERIFY_SAME_SPANS(spans, TestTraces::sortedAttributes(m_store->trace(id)));
    // Typed in capitals, the id still finds its trace.
    QCOMPARE(await(m_remote->findTrace(TestTraces::traceHex(3).toUpper())).size(), std::size_t(5));
    QVERIFY(
        await(m_remote->trace(TraceId::fromHex(QStringView(TestTraces::traceHex(99))))).empty());
}

void TstRemoteSource::namesAndStats()
{
    QCOMPARE(await(m_remote->services()),
             (QStringList{QStringLiteral("checkout"), QStringLiteral("inventory"),
                          QStringLiteral("payment")}));
    const QStringList operations = await(m_remote->operations(QStringLiteral("checkout")));
    QCOMPARE(operations, m_store->operations(QStringLiteral("checkout")));
    QVERIFY(await(m_remote->operations(QStringLiteral("no such service"))).isEmpty());
    const SourceStats stats = await(m_remote->stats());
    QVERIFY(stats.healthy);
    QCOMPARE(stats.traces, m_store->counters().traces);
    QCOMPARE(stats.spans, m_store->counters().spans);
    QCOMPARE(stats.services, 3);
}

void TstRemoteSource::serviceGraphAndCallFilter()
{
    const ServiceGraphData local = m_store->serviceGraph(std::nullopt, std::nullopt);
    QCOMPARE(local.nodes.size(), std::size_t(3));
    QCOMPARE(await(m_remote->serviceGraph(std::nullopt, std::nullopt)), local);
    // The window goes to the collector: the traces are all in T0's first minutes.
    const ServiceGraphData window = m_store->serviceGraph(T0, T0 + 120'000'000'000LL);
    QCOMPARE(window.nodes.size(), local.nodes.size());
    QCOMPARE(await(m_remote->serviceGraph(T0, T0 + 120'000'000'000LL)), window);
    QVERIFY(await(m_remote->serviceGraph(T0 + 3'600'000'000'000LL, std::nullopt)).isEmpty());

    TraceQuery query;
    query.call = CallFilter{QStringLiteral("checkout"), QStringLiteral("payment")};
    const QueryResult calls = await(m_remote->query(query));
    QCOMPARE(calls.total, 6);
    QCOMPARE(idsOf(calls.traces), idsOf(m_store->query(query).traces));
    query.call = CallFilter{QStringLiteral("payment"), QStringLiteral("checkout")};
    QCOMPARE(await(m_remote->query(query)).total, 0);
}

void TstRemoteSource::serviceGraphFromOlderCollector()
{
    // Without "services" each service's requests are its incoming calls.
    const ServiceGraphData g = RemoteJson::serviceGraph(
        R"({"dependencies":[{"parent":"a","child":"b","call_count":4,"error_count":1,"p95_ms":12.5},
                            {"parent":"c","child":"b","call_count":2,"error_count":0,"p95_ms":30}]})");
    QCOMPARE(g.nodes.size(), std::size_t(3));
    QCOMPARE(g.nodes[1].service, QStringLiteral("b"));
    QCOMPARE(g.nodes[1].requests, 6u);
    QCOMPARE(g.nodes[1].errors, 1u);
    QCOMPARE(g.nodes[1].p95Ms, 30.0);
    QCOMPARE(g.calls.size(), std::size_t(2));
    QVERIFY(RemoteJson::serviceGraph("not json").isEmpty());
}

void TstRemoteSource::tracesWithProgress()
{
    std::vector<TraceId> ids;
    for (int i : {2, 4, 5})
        ids.push_back(TraceId::fromHex(QStringView(TestTraces::traceHex(i))));
    QFuture<std::vector<Span>> future = m_remote->traces(ids);
    QFutureWatcher<std::vector<Span>> watcher;
    QSignalSpy progress(&watcher, &QFutureWatcherBase::progressValueChanged);
    watcher.setFuture(future);
    const std::vector<Span> spans = await(future);
    QCOMPARE(spans.size(), std::size_t(15));
    QCOMPARE(future.progressMaximum(), 3);
    QCOMPARE(future.progressValue(), 3);
    std::vector<Span> expected;
    for (const TraceId &id : ids) {
        const std::vector<Span> trace = m_store->trace(id);
        expected.insert(expected.end(), trace.begin(), trace.end());
    }
    VERIFY_SAME_SPANS(spans, TestTraces::sortedAttributes(expected));
}

void TstRemoteSource::insertPostsSpans()
{
    const std::vector<Span> spans = TestTraces::checkout(TestTraces::traceHex(40), T0);
    QCOMPARE(await(m_remote->insert(spans)), 5);
    const TraceId id = TraceId::fromHex(QStringView(TestTraces::traceHex(40)));
    QTRY_COMPARE(m_store->trace(id).size(), std::size_t(5));
    VERIFY_SAME_SPANS(m_store->trace(id), spans);
}

void TstRemoteSource::pollReportsChanges()
{
    QSignalSpy changed(m_remote.get(), &TraceSource::contentChanged);
    m_remote->poll();
    QVERIFY(changed.wait(5000)); // the first poll always reports
    changed.clear();
    m_remote->poll();
    QTest::qWait(500);
    QCOMPARE(changed.count(), 0);
    m_store->insert(TestTraces::checkout(TestTraces::traceHex(41), T0));
    m_remote->poll();
    QVERIFY(changed.wait(5000));
}

void TstRemoteSource::unreachable()
{
    QTcpServer probe; // a port nobody listens on once the probe closes
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    RemoteSource dead(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    QSignalSpy errors(&dead, &TraceSource::errorOccurred);
    QVERIFY(!await(dead.checkHealth()).isEmpty());
    QVERIFY(await(dead.query(TraceQuery())).traces.empty());
    QVERIFY(!await(dead.stats()).healthy);
    QVERIFY(!errors.isEmpty());
}

void TstRemoteSource::tagText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addRow("equals") << QStringLiteral("http.method=GET");
    QTest::addRow("not equals") << QStringLiteral("http.method!=GET");
    QTest::addRow("regex") << QStringLiteral("http.url=~^/api/.*$");
    QTest::addRow("present") << QStringLiteral("error");
    QTest::addRow("value with an equals sign") << QStringLiteral("url=/a?b=c");
}

void TstRemoteSource::tagText()
{
    QFETCH(QString, text);
    const std::optional<TagFilter> tag = TagFilter::parse(text);
    QVERIFY(tag);
    QCOMPARE(RemoteJson::tagText(*tag), text);
    const std::optional<TagFilter> again = TagFilter::parse(RemoteJson::tagText(*tag));
    QVERIFY(again);
    QCOMPARE(again->key, tag->key);
    QCOMPARE(again->op, tag->op);
    QCOMPARE(again->value, tag->value);
}

QTEST_GUILESS_MAIN(TstRemoteSource)
#include "tst_remotesource.moc"
