// SPDX-License-Identifier: MIT
// ClickHouse end to end, against a real clickhouse-server (Debian 12's 18.16) started by the
// test: schema creation, write-through (with tail sampling: only what the sampler keeps), an
// outage with recovery, and --storage clickhouse answering exactly what the memory store answers
// on the same spans (TraceFlow, Zipkin v2 and statistics routes; the order of equal starts).
#include "clickhousecollectorpair.h"
#include "clickhouseserver.h"
#include "collectorconfig.h"
#include "collectorprocess.h"
#include "httptestclient.h"
#include "testspans.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace traceflow;

namespace {
constexpr int DeliveryTimeoutMs = 30000;

// Tail sampling that keeps traces with an error span, decided 300 ms after their last span.
constexpr char ErrorsOnly[] = R"({"decision_wait_ms": 300, "max_age_ms": 300000,
    "num_traces": 1000,
    "policies": [{"name": "errors", "type": "status_code", "status_codes": ["ERROR"]}]})";

// The spans every comparison runs on: 300 "standard" spans (30 traces of 10 spans over three
// services, resource attributes, events, errors) and three checkout traces (cross-service
// calls, an error with a message and an event, an integer http.status_code).
std::vector<Span> comparisonSpans()
{
    QRandomGenerator random(42);
    const qint64 startNs = (QDateTime::currentMSecsSinceEpoch() - 1'800'000) * 1'000'000;
    std::vector<Span> spans = TestSpans::standardBatch(300, random, startNs);
    for (int i = 0; i < 3; ++i) {
        const QString id = QStringLiteral("c%1").arg(i, 31, 10, QLatin1Char('0'));
        std::vector<Span> trace = TestSpans::checkoutTrace(id, startNs + qint64(i + 1) * 7'000'000'000);
        spans.insert(spans.end(), trace.begin(), trace.end());
    }
    return spans;
}
} // namespace

class TstClickHouse : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (const char *reason = ClickHouseServer::missingReason())
            QSKIP(reason);
        m_server = std::make_unique<ClickHouseServer>();
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    }

    void options_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("valid");
        QTest::addRow("url") << "clickhouse-url" << "http://ch.example:8123" << true;
        QTest::addRow("url with credentials") << "clickhouse-url" << "http://u:p@ch:8123" << true;
        QTest::addRow("url not http") << "clickhouse-url" << "tcp://ch:9000" << false;
        QTest::addRow("url without host") << "clickhouse-url" << "http://:8123" << false;
        QTest::addRow("database") << "clickhouse_database" << "traces_2" << true;
        QTest::addRow("database with a quote") << "clickhouse-database" << "a'b" << false;
        QTest::addRow("batch") << "clickhouse-batch" << "5000" << true;
        QTest::addRow("batch zero") << "clickhouse-batch" << "0" << false;
        QTest::addRow("spill budget") << "clickhouse-spill-max-bytes" << "1048576" << true;
        QTest::addRow("retention") << "clickhouse-retention-days" << "30" << true;
        QTest::addRow("retention negative") << "clickhouse-retention-days" << "-1" << false;
        QTest::addRow("unknown") << "clickhouse-colour" << "red" << false;
    }
    void options()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(bool, valid);
        CollectorConfig config;
        QString error;
        QCOMPARE(config.apply(name, value, &error), valid);
        QCOMPARE(error.isEmpty(), valid);
        if (valid && name == u"clickhouse-url" && value.contains(u'@')) {
            QCOMPARE(config.clickhouse.user, QStringLiteral("u"));
            QCOMPARE(config.clickhouse.password, QStringLiteral("p"));
            QCOMPARE(config.clickhouse.url.toString(), QStringLiteral("http://ch:8123"));
        }
    }

    void environmentVariable()
    {
        // A bad TRACEFLOW_CLICKHOUSE_URL is reported by name and stops the start.
        CollectorProcess bad;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("TRACEFLOW_CLICKHOUSE_URL"), QStringLiteral("ftp://x"));
        bad.process().setProcessEnvironment(environment);
        QVERIFY(!bad.start(10000));
        QVERIFY2(bad.standardError().contains("TRACEFLOW_CLICKHOUSE_URL"), bad.standardError());

        // A good one turns write-through on.
        QTemporaryDir spill;
        CollectorProcess good({QStringLiteral("--clickhouse-database"), QStringLiteral("tf_env"),
                               QStringLiteral("--clickhouse-spill-dir"), spill.path()});
        environment.insert(QStringLiteral("TRACEFLOW_CLICKHOUSE_URL"), m_server->url());
        good.process().setProcessEnvironment(environment);
        QVERIFY(good.start());
        QTRY_COMPARE_WITH_TIMEOUT(
            m_server->number("SELECT count() FROM system.tables WHERE database = 'tf_env'"), 3, 10000);
    }

    void schemaOnEmptyServer()
    {
        QCOMPARE(m_server->number("SELECT count() FROM system.databases WHERE name = 'tf_schema'"), 0);
        QTemporaryDir spill;
        CollectorProcess collector(
            m_server->collectorArgs(QStringLiteral("tf_schema"), spill.path()));
        QVERIFY(collector.start());
        QTRY_COMPARE_WITH_TIMEOUT(
            m_server->number("SELECT count() FROM system.tables WHERE database = 'tf_schema'"), 3,
            10000);
        const QByteArray tables = m_server->query(
            "SELECT name, engine, partition_key, sorting_key FROM system.tables "
            "WHERE database = 'tf_schema' ORDER BY name");
        QVERIFY2(tables.contains("spans\tReplacingMergeTree"), tables);
        QVERIFY2(tables.contains("trace_index\tReplacingMergeTree"), tables);
        QVERIFY2(tables.contains("trace_index_mv\tMaterializedView"), tables);
        QVERIFY2(tables.contains("service, start_ns, trace_id, span_id"), tables);
        QVERIFY2(tables.contains("toDate(toDateTime(intDiv(start_ns, 1000000000)))"), tables);
        // A second collector on the same database finds the schema there and keeps it.
        QTemporaryDir spill2;
        CollectorProcess second(
            m_server->collectorArgs(QStringLiteral("tf_schema"), spill2.path()));
        QVERIFY(second.start());
        HttpTestClient client(second.apiPort());
        QTRY_COMPARE_WITH_TIMEOUT(client.metric("traceflow_clickhouse_up"), 1.0, 10000);
        QCOMPARE(client.metric("traceflow_clickhouse_failures_total"), 0.0);
    }

    void writeThrough()
    {
        QTemporaryDir spill;
        CollectorProcess collector(
            m_server->collectorArgs(QStringLiteral("tf_write"), spill.path()));
        QVERIFY(collector.start());
        HttpTestClient client(collector.apiPort());
        const std::vector<Span> spans = comparisonSpans();
        QVERIFY(TestSpans::send(client, spans));
        const qint64 n = qint64(spans.size());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->number("SELECT count() FROM tf_write.spans"), n,
                                  DeliveryTimeoutMs);
        // The view fills trace_index in the same INSERT, just after spans.
        QTRY_COMPARE_WITH_TIMEOUT(m_server->number("SELECT count() FROM tf_write.trace_index"), n, 5000);
        QCOMPARE(m_server->number("SELECT uniqExact(trace_id) FROM tf_write.spans"), 33);
        // The columns trace searches use, filled from the span.
        QCOMPARE(m_server->number("SELECT count() FROM tf_write.spans WHERE service = 'orders' "
                                  "AND has(attr_keys, 'http.status_code') AND status = 2"),
                 qint64(std::count_if(spans.begin(), spans.end(), [](const Span &s) {
                     return s.service() == u"orders" && s.isError()
                         && s.attributes.indexOf(QStringLiteral("http.status_code")) >= 0;
                 })));
        QCOMPARE(m_server->query("SELECT attr_values[indexOf(attr_keys, 'http.status_code')] FROM "
                                 "tf_write.spans WHERE trace_id = 'c" + QByteArray(31, '0')
                                 + "' AND parent_span_id = ''").trimmed(),
                 QByteArray("500"));
        QCOMPARE(client.metric("traceflow_clickhouse_written_spans_total"), double(n));
        QCOMPARE(client.metric("traceflow_clickhouse_dropped_spans_total{reason=\"spill_unreadable\"}"), 0.0);
        QCOMPARE(client.metric("traceflow_clickhouse_lag_seconds"), 0.0);
    }

    void queryModeMatchesMemory_data()
    {
        QTest::addColumn<QByteArray>("target");
        const QByteArray checkout = "c" + QByteArray(31, '0');
        for (const char *target :
             {"/api/services", "/api/services/frontend/operations",
              "/api/services/payments/operations", "/api/services/nosuch/operations", "/api/traces",
              "/api/traces?limit=1000", "/api/traces?service=orders&limit=5",
              "/api/traces?service=frontend&operation=GET%20/checkout",
              "/api/traces?operation=SELECT%20orders&limit=3", "/api/traces?service=nosuch",
              "/api/traces?tag=http.status_code%3D500", "/api/traces?tag=http.status_code%3D0500",
              "/api/traces?tag=http.method!%3DGET", "/api/traces?tag=db.system&limit=50",
              "/api/traces?tag=http.url%3D~orders/1%5B0-9%5D$&limit=50",
              "/api/traces?tag=service.name%3Dpayments&limit=50",
              "/api/traces?tag=retry%3Dfalse&tag=http.method%3DGET&limit=3",
              "/api/traces?tag=nosuch.key", "/api/traces?min_duration_ms=100",
              "/api/traces?max_duration_ms=60&sort=fastest&limit=10",
              "/api/"
              "traces?service=orders&min_duration_ms=5&max_duration_ms=60&duration_of=span&limit="
              "50",
              "/api/traces?status=error&limit=100", "/api/traces?status=ok&sort=slowest&limit=7",
              "/api/traces?sort=oldest&limit=4", "/api/traces?sort=most_spans&limit=4",
              "/api/dependencies", "/api/stats", "/api/traces/00000000000000000000000000000bad",
              // Grafana's Zipkin data source and the statistics dashboard read the same way.
              "/api/v2/services", "/api/v2/spans?serviceName=frontend",
              "/api/v2/spans?serviceName=nosuch", "/api/v2/traces",
              "/api/v2/traces?serviceName=orders&limit=5",
              "/api/v2/traces?annotationQuery=http.status_code%3D500&limit=50",
              "/api/v2/traces?spanName=SELECT%20orders&minDuration=1000&limit=3",
              "/api/v2/traces?lookback=1", "/api/v2/dependencies",
              "/api/v2/trace/00000000000000000000000000000bad", "/api/stats/series",
              "/api/stats/series?service=orders&trend_bins=4",
              "/api/stats/series?service=frontend&operation=GET%20/checkout",
              "/api/stats/series?service=nosuch"}) {
            QTest::addRow("%s", target) << QByteArray(target);
        }
        QTest::addRow("checkout trace") << "/api/traces/" + checkout;
        QTest::addRow("checkout trace, uppercase id") << "/api/traces/" + checkout.toUpper();
        QTest::addRow("zipkin checkout trace") << "/api/v2/trace/" + checkout;
        // A window opening inside a trace ({mid}, {zipkin}): with duration_of=span (always in
        // Zipkin's read API) it bounds the matching span's start, so a trace that started
        // before it is found too.
        for (const char *target :
             {"/api/traces?service=orders&limit=100&{mid}",
              "/api/traces?service=orders&duration_of=span&limit=100&{mid}",
              "/api/traces?min_duration_ms=5&max_duration_ms=30&duration_of=span&limit=100&{mid}",
              "/api/traces?operation=SELECT%20orders&duration_of=span&status=error&{mid}",
              "/api/v2/traces?serviceName=payments&limit=100&{zipkin}"})
            QTest::addRow("%s", target) << QByteArray(target);
    }
    void queryModeMatchesMemory()
    {
        QFETCH(QByteArray, target);
        if (!m_collectors) {
            m_collectors =
                std::make_unique<ClickHouseCollectorPair>(*m_server, QStringLiteral("tf_query"));
            QVERIFY(m_collectors->start());
            HttpTestClient client(m_collectors->memory().apiPort());
            const std::vector<Span> spans = comparisonSpans();
            QVERIFY(TestSpans::send(client, spans));
            QTRY_COMPARE_WITH_TIMEOUT(m_server->number("SELECT count() FROM tf_query.spans"),
                                      qint64(spans.size()), DeliveryTimeoutMs);
            QTRY_COMPARE_WITH_TIMEOUT(client.get("/api/stats").json()["span_count"].get<qint64>(),
                                      qint64(spans.size()), DeliveryTimeoutMs);
            // A window inside the data, for time range searches.
            const qint64 fromMs = spans[100].startNs / 1'000'000;
            m_timeRange = "start_ms=" + QByteArray::number(fromMs) + "&end_ms="
                + QByteArray::number(fromMs + 90'000);
            // From the middle of the 11th standard trace (its spans start 100-109 ms after
            // the first span) to the middle of the 26th.
            const qint64 firstMs =
                std::min_element(spans.begin(), spans.end(),
                                 [](const Span &a, const Span &b) { return a.startNs < b.startNs; })
                    ->startNs /
                1'000'000;
            m_midStartMs = firstMs + 105;
            const qint64 midEndMs = firstMs + 254;
            m_midWindow = "start_ms=" + QByteArray::number(m_midStartMs) +
                          "&end_ms=" + QByteArray::number(midEndMs);
            m_zipkinWindow = "endTs=" + QByteArray::number(midEndMs) +
                             "&lookback=" + QByteArray::number(midEndMs - m_midStartMs);
        }
        HttpTestClient memory(m_collectors->memory().apiPort());
        HttpTestClient clickhouse(m_collectors->clickhouse().apiPort());
        QList<QByteArray> targets{
            QByteArray(target).replace("{mid}", m_midWindow).replace("{zipkin}", m_zipkinWindow)};
        if (target == "/api/traces" || target == "/api/dependencies" ||
            target == "/api/stats/series")
            targets << target + '?' + m_timeRange;
        for (const QByteArray &t : std::as_const(targets)) {
            const HttpTestResponse expected = memory.get(t);
            const HttpTestResponse actual = clickhouse.get(t);
            QCOMPARE(actual.status, expected.status);
            QVERIFY2(actual.json() == expected.json(),
                     qPrintable(QStringLiteral("%1\nmemory:     %2\nclickhouse: %3")
                                    .arg(QString::fromUtf8(t),
                                         QString::fromUtf8(expected.body.left(3000)),
                                         QString::fromUtf8(actual.body.left(3000)))));
        }
        // The comparison means something: the store held matches for most targets.
        if (target == "/api/traces")
            QCOMPARE(memory.get(target).json()["total"].get<int>(), 33);
        if (target.startsWith("/api/traces?service=orders&duration_of=span")) {
            bool startedBefore = false;
            const nlohmann::json found = memory.get(targets.front()).json();
            for (const nlohmann::json &t : found["traces"])
                startedBefore |= t["start_unix_ms"].get<double>() < double(m_midStartMs);
            QVERIFY(startedBefore);
        }
        if (target == "/api/v2/traces")
            QCOMPARE(memory.get(target).json().size(), std::size_t(10));
        if (target == "/api/stats/series")
            QCOMPARE(memory.get(target).json()["total"]["count"].get<qint64>(),
                     memory.get("/api/stats").json()["span_count"].get<qint64>());
    }

    void clickHouseUnavailable()
    {
        // Nothing listens there: the query API answers 503 with a JSON error, quickly.
        QTemporaryDir spill;
        CollectorProcess collector({QStringLiteral("--clickhouse-url"), QStringLiteral("http://127.0.0.1:1"),
                                    QStringLiteral("--clickhouse-spill-dir"), spill.path(),
                                    QStringLiteral("--clickhouse-timeout-ms"), QStringLiteral("2000"),
                                    QStringLiteral("--storage"), QStringLiteral("clickhouse")});
        QVERIFY(collector.start());
        HttpTestClient client(collector.apiPort());
        for (const char *target :
             {"/api/traces", "/api/services", "/api/stats", "/api/dependencies",
              "/api/traces/0123456789abcdef0123456789abcdef", "/api/stats/series",
              "/api/v2/services", "/api/v2/traces", "/api/v2/spans?serviceName=orders",
              "/api/v2/dependencies", "/api/v2/trace/0123456789abcdef0123456789abcdef"}) {
            const HttpTestResponse r = client.get(target);
            QCOMPARE(r.status, 503);
            QVERIFY2(r.json()["error"].get<std::string>().find("ClickHouse") != std::string::npos,
                     r.body);
        }
        QCOMPARE(client.get("/health").status, 200); // the collector itself is fine
    }

    void clickHouseError()
    {
        // ClickHouse answers, with an error (an unknown user): 502.
        QTemporaryDir spill;
        QStringList args = m_server->collectorArgs(QStringLiteral("tf_error"), spill.path());
        args << QStringLiteral("--clickhouse-user") << QStringLiteral("nobody")
             << QStringLiteral("--storage") << QStringLiteral("clickhouse");
        CollectorProcess collector(args);
        QVERIFY(collector.start());
        HttpTestClient client(collector.apiPort());
        const HttpTestResponse r = client.get("/api/services");
        QCOMPARE(r.status, 502);
        QVERIFY2(r.json()["error"].get<std::string>().find("nobody") != std::string::npos, r.body);
    }

    void storageNeedsUrl()
    {
        CollectorProcess collector({QStringLiteral("--storage"), QStringLiteral("clickhouse")});
        QVERIFY(!collector.start(10000));
        QVERIFY2(collector.standardError().contains("--clickhouse-url"), collector.standardError());
    }

    void outageAndRecovery()
    {
        // An own server, stopped and started again on the same data and port.
        ClickHouseServer server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QTemporaryDir spill;
        QStringList args = server.collectorArgs(QStringLiteral("tf_outage"), spill.path());
        args << QStringLiteral("--clickhouse-timeout-ms") << QStringLiteral("2000");
        CollectorProcess collector(args);
        QVERIFY(collector.start());
        HttpTestClient client(collector.apiPort());
        QRandomGenerator random(7);
        const qint64 startNs = (QDateTime::currentMSecsSinceEpoch() - 600'000) * 1'000'000;

        QVERIFY(TestSpans::send(client, TestSpans::standardBatch(500, random, startNs)));
        QTRY_COMPARE_WITH_TIMEOUT(server.number("SELECT count() FROM tf_outage.spans"), 500,
                                  DeliveryTimeoutMs);

        server.stop();
        QVERIFY(TestSpans::send(client,
                                TestSpans::standardBatch(700, random, startNs + 1'000'000'000)));
        QTRY_COMPARE_WITH_TIMEOUT(client.metric("traceflow_clickhouse_spill_spans"), 700.0,
                                  DeliveryTimeoutMs);
        QVERIFY(TestSpans::send(client,
                                TestSpans::standardBatch(300, random, startNs + 2'000'000'000)));
        QTRY_COMPARE_WITH_TIMEOUT(client.metric("traceflow_clickhouse_spill_spans"), 1000.0,
                                  DeliveryTimeoutMs);
        QCOMPARE(client.metric("traceflow_clickhouse_up"), 0.0);
        QVERIFY(client.metric("traceflow_clickhouse_lag_seconds") > 0);
        QVERIFY(!QDir(spill.path()).entryList({QStringLiteral("*.tsv")}).isEmpty());

        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(server.number("SELECT count() FROM tf_outage.spans"), 1500,
                                  DeliveryTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(client.metric("traceflow_clickhouse_spill_spans"), 0.0, 5000);
        QCOMPARE(client.metric("traceflow_clickhouse_written_spans_total"), 1500.0);
        QVERIFY(client.metric("traceflow_clickhouse_retries_total") > 0);
        QVERIFY(client.metric("traceflow_clickhouse_failures_total") > 0);
        QCOMPARE(client.metric("traceflow_clickhouse_spilled_spans_total"), 1000.0);
        QCOMPARE(client.metric("traceflow_clickhouse_dropped_spans_total{reason=\"spill_unreadable\"}"), 0.0);
        QCOMPARE(client.metric("traceflow_clickhouse_dropped_spans_total{reason=\"spill_full\"}"), 0.0);
        QCOMPARE(client.metric("traceflow_clickhouse_lag_seconds"), 0.0);
        QCOMPARE(client.metric("traceflow_clickhouse_up"), 1.0);
        QVERIFY(QDir(spill.path()).entryList({QStringLiteral("*.tsv")}).isEmpty());
        // No span twice, none lost.
        QCOMPARE(server.number("SELECT uniqExact(trace_id, span_id) FROM tf_outage.spans"), 1500);
    }

    void spillOutlivesTheCollector()
    {
        // ClickHouse is down and the collector stops: the spilled spans stay on disk, and the
        // next collector with that spill folder delivers them once ClickHouse is back.
        ClickHouseServer server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QTemporaryDir spill;
        QStringList args = server.collectorArgs(QStringLiteral("tf_restart"), spill.path());
        args << QStringLiteral("--clickhouse-timeout-ms") << QStringLiteral("2000");
        {
            CollectorProcess collector(args);
            QVERIFY(collector.start());
            HttpTestClient client(collector.apiPort());
            QTRY_COMPARE_WITH_TIMEOUT(client.metric("traceflow_clickhouse_up"), 1.0, 10000);
            server.stop();
            QRandomGenerator random(9);
            QVERIFY(TestSpans::send(
                client, TestSpans::standardBatch(400, random,
                                                 QDateTime::currentMSecsSinceEpoch() * 1'000'000)));
            QCOMPARE(collector.terminate(), 0);
        }
        QVERIFY(!QDir(spill.path()).entryList({QStringLiteral("*.tsv")}).isEmpty());
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        CollectorProcess next(args);
        QVERIFY(next.start());
        QTRY_COMPARE_WITH_TIMEOUT(server.number("SELECT count() FROM tf_restart.spans"), 400,
                                  DeliveryTimeoutMs);
        // One spill folder, one collector.
        CollectorProcess sharing(args);
        QVERIFY(!sharing.start(10000));
        QVERIFY2(sharing.standardError().contains("in use"), sharing.standardError());
    }

    void equalStartsSortAlike()
    {
        // Traces starting in the same nanosecond (a millisecond clock), each its own request
        // in an order that is neither their id order nor its reverse: every sort lists the
        // ties in the same order from ClickHouse as from memory.
        ClickHouseCollectorPair collectors(*m_server, QStringLiteral("tf_ties"));
        QVERIFY(collectors.start());
        HttpTestClient memory(collectors.memory().apiPort());
        HttpTestClient clickhouse(collectors.clickhouse().apiPort());
        const qint64 startNs = (QDateTime::currentMSecsSinceEpoch() - 60'000) * 1'000'000;
        for (int n : {3, 1, 4, 2}) {
            const QString id = QStringLiteral("%1").arg(n, 32, 10, QLatin1Char('0'));
            QVERIFY(TestSpans::send(memory, TestSpans::checkoutTrace(id, startNs)));
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_server->number("SELECT count() FROM tf_ties.spans"), 12,
                                  DeliveryTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(memory.get("/api/stats").json()["span_count"].get<qint64>(), 12,
                                  DeliveryTimeoutMs);
        for (const char *sort : {"newest", "oldest", "slowest", "fastest", "most_spans"}) {
            const QByteArray target = "/api/traces?sort=" + QByteArray(sort);
            const nlohmann::json fromMemory = memory.get(target).json();
            const nlohmann::json fromClickHouse = clickhouse.get(target).json();
            std::vector<std::string> expected;
            for (const auto &trace : fromMemory["traces"])
                expected.push_back(trace["trace_id"].get<std::string>());
            std::vector<std::string> actual;
            for (const auto &trace : fromClickHouse["traces"])
                actual.push_back(trace["trace_id"].get<std::string>());
            QCOMPARE(expected.size(), std::size_t(4));
            QVERIFY2(actual == expected, sort);
        }
        // By trace id, descending, whatever the arrival order.
        const nlohmann::json newest = memory.get("/api/traces").json()["traces"];
        QCOMPARE(newest[0]["trace_id"].get<std::string>(), std::string(31, '0') + '4');
        QCOMPARE(newest[3]["trace_id"].get<std::string>(), std::string(31, '0') + '1');
    }

    void samplingKeepsWhatTheStoreKeeps()
    {
        // With tail sampling, ClickHouse gets the traces the sampler keeps (a kept trace when it
        // is decided, its late spans as they come) and nothing of the dropped ones.
        QTemporaryDir dir;
        const QString config = CollectorProcess::writeSamplingConfig(dir, ErrorsOnly);
        QVERIFY(!config.isEmpty());
        QStringList args = m_server->collectorArgs(QStringLiteral("tf_sampled"), dir.path());
        args << QStringLiteral("--sampling") << config;
        CollectorProcess collector(args);
        QVERIFY(collector.start());
        HttpTestClient client(collector.apiPort());
        const qint64 startNs = (QDateTime::currentMSecsSinceEpoch() - 60'000) * 1'000'000;
        const QString failedId = QStringLiteral("e%1").arg(1, 31, 10, QLatin1Char('0'));
        const QString okId = QStringLiteral("a%1").arg(2, 31, 10, QLatin1Char('0'));
        std::vector<Span> spans = TestSpans::checkoutTrace(failedId, startNs);
        std::vector<Span> ok = TestSpans::checkoutTrace(okId, startNs);
        for (Span &s : ok)
            s.status = StatusCode::Ok;
        spans.insert(spans.end(), ok.begin(), ok.end());
        QVERIFY(TestSpans::send(client, spans));
        QTRY_COMPARE_WITH_TIMEOUT(
            client.metric("traceflow_sampling_traces_total{decision=\"dropped\"}"), 1.0,
            DeliveryTimeoutMs);
        QCOMPARE(client.metric("traceflow_sampling_traces_total{decision=\"sampled\"}"), 1.0);

        // One late span for each trace.
        std::vector<Span> late{spans[1], ok[1]};
        late[0].spanId = SpanId::fromString(QStringLiteral("00000000000000f1"));
        late[1].spanId = SpanId::fromString(QStringLiteral("00000000000000f2"));
        QVERIFY(TestSpans::send(client, late));
        QTRY_COMPARE_WITH_TIMEOUT(client.metric("traceflow_sampling_late_spans_total"), 2.0,
                                  DeliveryTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->number("SELECT count() FROM tf_sampled.spans"), 4,
                                  DeliveryTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(client.metric("traceflow_clickhouse_queued_spans"), 0.0, 5000);
        QCOMPARE(client.metric("traceflow_store_spans"), 4.0);
        QCOMPARE(m_server->number("SELECT count() FROM tf_sampled.spans WHERE trace_id = '" +
                                  failedId.toLatin1() + '\''),
                 4);
        QCOMPARE(m_server->number("SELECT count() FROM tf_sampled.spans WHERE trace_id = '" +
                                  okId.toLatin1() + '\''),
                 0);
        QCOMPARE(client.metric("traceflow_clickhouse_written_spans_total"), 4.0);

        // A trace whose root never came is pending until max_age; stopping decides it, and
        // the kept one reaches ClickHouse before the collector exits.
        const QString rootlessId = QStringLiteral("e%1").arg(3, 31, 10, QLatin1Char('0'));
        std::vector<Span> rootless = TestSpans::checkoutTrace(rootlessId, startNs);
        rootless.erase(std::remove_if(rootless.begin(), rootless.end(),
                                      [](const Span &s) { return s.isRoot(); }),
                       rootless.end());
        QVERIFY(std::any_of(rootless.begin(), rootless.end(),
                            [](const Span &s) { return s.isError(); }));
        QVERIFY(TestSpans::send(client, rootless));
        QTRY_COMPARE(client.metric("traceflow_sampling_pending_traces"), 1.0);
        QCOMPARE(collector.terminate(), 0);
        QCOMPARE(m_server->number("SELECT count() FROM tf_sampled.spans WHERE trace_id = '" +
                                  rootlessId.toLatin1() + '\''),
                 qint64(rootless.size()));
    }

    void cleanupTestCase()
    {
        m_collectors.reset();
        m_server.reset();
    }

private:
    std::unique_ptr<ClickHouseServer> m_server;
    std::unique_ptr<ClickHouseCollectorPair> m_collectors; // queryModeMatchesMemory's
    QByteArray m_timeRange;
    QByteArray m_midWindow;    // start_ms/end_ms opening inside a trace
    QByteArray m_zipkinWindow; // the same as endTs/lookback
    qint64 m_midStartMs = 0;
};

QTEST_GUILESS_MAIN(TstClickHouse)
#include "tst_clickhouse.moc"
