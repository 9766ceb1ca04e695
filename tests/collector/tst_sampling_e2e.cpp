// SPDX-License-Identifier: MIT
// End-to-end: traceflow-collector --sampling FILE keeps only the traces its policies keep.
#include "collectorprocess.h"
#include "coretestsupport.h"
#include "httptestclient.h"
#include "otlpprotobuf.h"
#include "testspans.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace traceflow;

namespace {
const qint64 StartMs = QDateTime::currentMSecsSinceEpoch() - 60'000;
const QString Ok1 = QStringLiteral("0c000000000000000000000000000001");
const QString Ok2 = QStringLiteral("0c000000000000000000000000000002");
const QString Failed = QStringLiteral("e0000000000000000000000000000003");
const QString Slow = QStringLiteral("50000000000000000000000000000004");

// A "shop" span: a root "GET /cart" (server), or a "load" call (client) of span `parent`.
Span make(const QString &trace, int id, int parent, qint64 offsetMs, qint64 durationMs,
          StatusCode status = StatusCode::Ok)
{
    Span s = CoreTestSupport::makeSpan(
        trace, TestSpans::hexId(id), parent ? TestSpans::hexId(parent) : QString(), u"shop",
        parent ? u"load" : u"GET /cart", (StartMs + offsetMs) * 1'000'000, durationMs * 1'000'000,
        status);
    s.kind = parent ? SpanKind::Client : SpanKind::Server;
    return s;
}

// Ok fast traces, one with an error span, one lasting 800 ms; roots included.
std::vector<Span> mix()
{
    return {make(Ok1, 1, 0, 0, 40), make(Ok1, 2, 1, 5, 20),
            make(Ok2, 3, 0, 10, 30),
            make(Failed, 4, 0, 20, 50), make(Failed, 5, 4, 25, 10, StatusCode::Error),
            make(Slow, 6, 0, 30, 800), make(Slow, 7, 6, 40, 700)};
}

// The shipped example with another decision wait, written where the collector can read it.
QString exampleWithWait(const QTemporaryDir &dir, const char *example, int decisionWaitMs)
{
    QFile in(QStringLiteral(TRACEFLOW_SOURCE_DIR "/installer/sampling/") + QString::fromLatin1(example));
    if (!in.open(QIODevice::ReadOnly))
        return {};
    nlohmann::json config = nlohmann::json::parse(in.readAll().toStdString());
    config["decision_wait_ms"] = decisionWaitMs;
    const QString path = dir.filePath(QString::fromLatin1(example));
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return {};
    out.write(QByteArray::fromStdString(config.dump()));
    return path;
}

// Polls /metrics until sample reaches value; true when it did within timeoutMs.
bool waitForMetric(HttpTestClient &client, const QByteArray &sample, double value,
                   int timeoutMs = 20'000)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        if (client.metric(sample) == value)
            return true;
        QThread::msleep(50);
    }
    return false;
}

QByteArray tracePath(const QString &id)
{
    return "/api/traces/" + id.toLatin1();
}
} // namespace

class TstSamplingE2e : public QObject
{
    Q_OBJECT

private slots:
    void onlyErrorAndSlowTracesRemain()
    {
        QTemporaryDir dir;
        const QString config = exampleWithWait(dir, "errors-and-slow.json", 300);
        QVERIFY(!config.isEmpty());
        CollectorProcess collector({QStringLiteral("--sampling"), config});
        QVERIFY(collector.start());
        HttpTestClient client(collector.apiPort());
        QCOMPARE(client.post("/v1/traces", OtlpProtobuf::encode(mix()), "application/x-protobuf").status, 200);

        QVERIFY(waitForMetric(client, "traceflow_sampling_traces_total{decision=\"dropped\"}", 2));
        QVERIFY(waitForMetric(client, "traceflow_sampling_traces_total{decision=\"sampled\"}", 2));
        QCOMPARE(client.metric("traceflow_sampling_pending_traces"), 0.0);

        QCOMPARE(client.get(tracePath(Ok1)).status, 404);
        QCOMPARE(client.get(tracePath(Ok2)).status, 404);
        const HttpTestResponse failed = client.get(tracePath(Failed));
        QCOMPARE(failed.status, 200);
        JSON_COMPARE(failed.json()["sampling"], (nlohmann::json{{"decision", "sampled"}, {"policy", "errors"}}));
        const HttpTestResponse slow = client.get(tracePath(Slow));
        QCOMPARE(slow.status, 200);
        JSON_COMPARE(slow.json()["sampling"], (nlohmann::json{{"decision", "sampled"}, {"policy", "slow"}}));
        JSON_COMPARE(client.get("/api/traces").json()["total"], 2);

        const QByteArray metrics = client.get("/metrics").body;
        QCOMPARE(HttpTestClient::metricIn(metrics, "traceflow_sampling_policy_traces_total{policy=\"errors\",decision=\"sampled\"}"), 1.0);
        QCOMPARE(HttpTestClient::metricIn(metrics, "traceflow_sampling_policy_traces_total{policy=\"errors\",decision=\"dropped\"}"), 3.0);
        QCOMPARE(HttpTestClient::metricIn(metrics, "traceflow_sampling_policy_traces_total{policy=\"slow\",decision=\"sampled\"}"), 1.0);
        QCOMPARE(HttpTestClient::metricIn(metrics, "traceflow_sampling_policy_spans_total{policy=\"slow\",decision=\"sampled\"}"), 2.0);
        QCOMPARE(HttpTestClient::metricIn(metrics, "traceflow_sampling_spans_total{decision=\"dropped\"}"), 3.0);
        QCOMPARE(HttpTestClient::metricIn(metrics, "traceflow_sampling_forced_decisions_total"), 0.0);

        // Late spans follow the decision: a dropped trace stays dropped, a kept one grows.
        const std::vector<Span> late{make(Ok1, 8, 1, 50, 5), make(Failed, 9, 4, 60, 5)};
        QCOMPARE(client.post("/v1/traces", OtlpProtobuf::encode(late), "application/x-protobuf").status, 200);
        QVERIFY(waitForMetric(client, "traceflow_sampling_late_spans_total", 2));
        QVERIFY(waitForMetric(client, "traceflow_store_spans", 5));
        QCOMPARE(client.get(tracePath(Ok1)).status, 404);
        JSON_COMPARE(client.get(tracePath(Failed)).json()["spans"].size(), 3);
        QCOMPARE(collector.terminate(), 0);
    }

    // A stop decides what is pending on what arrived: the store file keeps only the traces
    // the policies keep (before, it kept every trace still pending at the stop).
    void pendingTracesAreDecidedAtStop()
    {
        QTemporaryDir dir;
        const QString config = exampleWithWait(dir, "errors-and-slow.json", 600'000);
        QVERIFY(!config.isEmpty());
        const QString storage = QStringLiteral("file:") + dir.filePath(QStringLiteral("traces.db"));
        {
            CollectorProcess collector(
                {QStringLiteral("--sampling"), config, QStringLiteral("--storage"), storage});
            QVERIFY(collector.start());
            HttpTestClient client(collector.apiPort());
            QCOMPARE(
                client.post("/v1/traces", OtlpProtobuf::encode(mix()), "application/x-protobuf")
                    .status,
                200);
            QVERIFY(waitForMetric(client, "traceflow_sampling_pending_traces", 4));
            QCOMPARE(collector.terminate(), 0);
        }
        CollectorProcess again({QStringLiteral("--storage"), storage});
        QVERIFY(again.start());
        HttpTestClient client(again.apiPort());
        JSON_COMPARE(client.get("/api/traces").json()["total"], 2);
        QCOMPARE(client.get(tracePath(Ok1)).status, 404);
        QCOMPARE(client.get(tracePath(Ok2)).status, 404);
        QCOMPARE(client.get(tracePath(Failed)).status, 200);
        QCOMPARE(client.get(tracePath(Slow)).status, 200);
        QCOMPARE(again.terminate(), 0);
    }

    void pendingTracesAreShownLive()
    {
        QTemporaryDir dir;
        const QString config = exampleWithWait(dir, "keep-all.json", 600'000);
        CollectorProcess collector({QStringLiteral("--sampling"), config});
        QVERIFY(collector.start());
        HttpTestClient client(collector.apiPort());
        QCOMPARE(client.post("/v1/traces", OtlpProtobuf::encode(mix()), "application/x-protobuf").status, 200);
        QVERIFY(waitForMetric(client, "traceflow_sampling_pending_traces", 4));
        const HttpTestResponse r = client.get(tracePath(Ok1));
        QCOMPARE(r.status, 200);
        JSON_COMPARE(r.json()["sampling"], (nlohmann::json{{"decision", "pending"}}));
        QCOMPARE(collector.terminate(), 0);
    }

    void withoutSamplingNothingChanges()
    {
        CollectorProcess collector;
        QVERIFY(collector.start());
        HttpTestClient client(collector.apiPort());
        QCOMPARE(client.post("/v1/traces", OtlpProtobuf::encode(mix()), "application/x-protobuf").status, 200);
        QElapsedTimer clock;
        clock.start();
        while (client.get(tracePath(Slow)).status != 200 && clock.elapsed() < 20'000)
            QThread::msleep(50);
        const HttpTestResponse r = client.get(tracePath(Slow));
        QCOMPARE(r.status, 200);
        QVERIFY(!r.json().contains("sampling"));
        QVERIFY(!client.get("/metrics").body.contains("traceflow_sampling_"));
        QCOMPARE(collector.terminate(), 0);
    }

    void invalidConfigExitsWith2_data()
    {
        QTest::addColumn<QByteArray>("json"); // empty: no such file
        QTest::addColumn<QString>("message");
        QTest::addRow("unknown type")
            << QByteArray(R"({"policies":[{"name":"errors","type":"status_code","status_codes":["ERROR"]},{"name":"odd","type":"sometimes"}]})")
            << QStringLiteral("policy \"odd\" (index 1): field \"type\" is \"sometimes\", not a policy type");
        QTest::addRow("bad regex")
            // Not a raw string: moc misreads one holding "(.
            << QByteArray("{\"policies\":[{\"name\":\"routes\",\"type\":\"string_attribute\",\"key\":\"http.route\","
                          "\"values\":[\"(x\"],\"enabled_regex_matching\":true}]}")
            << QStringLiteral("policy \"routes\" (index 0): field \"values\" has an invalid regular expression");
        QTest::addRow("wrong type")
            << QByteArray(R"({"policies":[{"name":"slow","type":"latency","threshold_ms":"500"}]})")
            << QStringLiteral("policy \"slow\" (index 0): field \"threshold_ms\" must be a non-negative integer");
        QTest::addRow("no such file") << QByteArray() << QStringLiteral("sampling.json: ");
    }

    void invalidConfigExitsWith2()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sampling.json"));
        if (!json.isEmpty()) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(json);
        }
        QProcess process;
        process.start(CollectorProcess::binaryPath(),
                      {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--otlp-port"),
                       QStringLiteral("0"), QStringLiteral("--sampling"), path});
        QVERIFY(process.waitForFinished(15'000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 2);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.contains(message), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TstSamplingE2e)
#include "tst_sampling_e2e.moc"
