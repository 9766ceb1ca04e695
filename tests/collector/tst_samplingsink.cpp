// SPDX-License-Identifier: MIT
// End-to-end: with tail sampling and a ClickHouse that takes requests but never answers, the
// sampler keeps deciding (its decisions never wait on the ClickHouse sink), the store gets
// every kept trace, and every kept span is either queued for ClickHouse, in the spill folder,
// or counted as dropped in /metrics.
#include "collectorprocess.h"
#include "httptestclient.h"
#include "otlpprotobuf.h"
#include "testspans.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace traceflow;

namespace {
// More kept spans than the sink's memory queue holds (at least 100,000 spans), so that the
// sink cannot take them all while its worker waits on ClickHouse.
constexpr int Batches = 14;
constexpr int SpansPerBatch = 10'000; // 1,000 traces of 10 spans
constexpr int TotalSpans = Batches * SpansPerBatch;
constexpr int TotalTraces = TotalSpans / 10;

constexpr char KeepAll[] = R"({"decision_wait_ms": 100, "max_age_ms": 300000,
    "num_traces": 1000000, "policies": [{"name": "keep-all", "type": "always_sample"}]})";

// Retries while the collector's ingest queue is full (429/503), as an exporter would.
bool post(HttpTestClient &client, const std::vector<Span> &spans)
{
    const QByteArray body = OtlpProtobuf::encode(spans);
    for (int attempt = 0; attempt < 200; ++attempt) {
        const int status = client.post("/v1/traces", body, "application/x-protobuf").status;
        if (status == 200)
            return true;
        if (status != 429 && status != 503)
            return false;
        QThread::msleep(50);
    }
    return false;
}

// Polls /metrics until series reaches value; false after timeoutMs of wall-clock time (QTRY_*
// counts its polls, not the time a stalled collector takes to answer each of them).
bool waitForMetric(HttpTestClient &client, const QByteArray &series, double value,
                   int timeoutMs = 20'000)
{
    QElapsedTimer clock;
    clock.start();
    for (;;) {
        if (client.metric(series) == value)
            return true;
        if (clock.elapsed() >= timeoutMs)
            return false;
        QTest::qWait(50); // also lets the stuck server take its connections
    }
}
} // namespace

class TstSamplingSink : public QObject
{
    Q_OBJECT

private slots:
    void sinkStuckSamplerDecides_data()
    {
        QTest::addColumn<qint64>("spillMaxBytes");
        QTest::addColumn<bool>("spillFits");
        QTest::addRow("overflow spilled to disk") << (qint64(1) << 30) << true;
        QTest::addRow("spill full: overflow counted as dropped") << qint64(1000) << false;
    }

    void sinkStuckSamplerDecides()
    {
        QFETCH(qint64, spillMaxBytes);
        QFETCH(bool, spillFits);
        // "ClickHouse": accepts connections and reads nothing, answers nothing.
        auto stuck = std::make_unique<QTcpServer>();
        QVERIFY(stuck->listen(QHostAddress::LocalHost));
        QTemporaryDir dir;
        const QString config = CollectorProcess::writeSamplingConfig(dir, KeepAll);
        QVERIFY(!config.isEmpty());
        const QString spill = dir.filePath(QStringLiteral("spill"));
        CollectorProcess collector(
            {QStringLiteral("--sampling"), config, QStringLiteral("--clickhouse-url"),
             QStringLiteral("http://127.0.0.1:%1").arg(stuck->serverPort()),
             QStringLiteral("--clickhouse-spill-dir"), spill,
             QStringLiteral("--clickhouse-spill-max-bytes"), QString::number(spillMaxBytes),
             // Longer than the test: the sink's worker waits on its first request throughout.
             QStringLiteral("--clickhouse-timeout-ms"), QStringLiteral("600000")});
        QVERIFY(collector.start());
        HttpTestClient client(collector.apiPort());

        QRandomGenerator random(11);
        const qint64 startNs = (QDateTime::currentMSecsSinceEpoch() - 600'000) * 1'000'000;
        // One batch at a time, each decided before the next: the sink's queue fills over
        // several decisions (a decision into an empty queue is always taken whole), and the
        // sampler must go on deciding once it is full.
        for (int i = 0; i < Batches; ++i) {
            QVERIFY(post(client, TestSpans::standardBatch(SpansPerBatch, random,
                                                          startNs + qint64(i) * 1'000'000'000)));
            QVERIFY2(waitForMetric(client, "traceflow_sampling_traces_total{decision=\"sampled\"}",
                                   double((i + 1) * SpansPerBatch / 10)),
                     qPrintable(QStringLiteral("batch %1 was not decided").arg(i)));
        }

        // The store holds every kept trace, although the sink has written nothing.
        QCOMPARE(client.metric("traceflow_sampling_pending_traces"), 0.0);
        QCOMPARE(client.metric("traceflow_store_spans"), double(TotalSpans));
        QCOMPARE(client.get("/api/traces?limit=1").json()["total"].get<int>(), TotalTraces);

        // Every kept span is accounted for: in the memory queue, spilled, or counted dropped
        // (once the spill writer has taken what overflowed the queue).
        const double overflowed = client.metric("traceflow_clickhouse_overflow_spans_total");
        QVERIFY(overflowed > 0);
        QVERIFY(waitForMetric(
            client,
            spillFits ? "traceflow_clickhouse_spilled_spans_total"
                      : "traceflow_clickhouse_dropped_spans_total{reason=\"spill_full\"}",
            overflowed));
        const QByteArray metrics = client.get("/metrics").body;
        auto metric = [&](const char *series) { return HttpTestClient::metricIn(metrics, series); };
        QCOMPARE(metric("traceflow_clickhouse_written_spans_total"), 0.0);
        QCOMPARE(metric("traceflow_clickhouse_up"), 0.0);
        QCOMPARE(metric("traceflow_clickhouse_backpressure_total"), 0.0);
        const double queued = metric("traceflow_clickhouse_queued_spans");
        const double spilled = metric("traceflow_clickhouse_spilled_spans_total");
        const double dropped =
            metric("traceflow_clickhouse_dropped_spans_total{reason=\"spill_full\"}");
        const double overflow = metric("traceflow_clickhouse_overflow_spans_total");
        QVERIFY2(queued > 0 && queued <= 100'000, QByteArray::number(queued));
        QCOMPARE(queued + overflow, double(TotalSpans));
        QCOMPARE(spilled + dropped, overflow);
        if (spillFits) {
            QCOMPARE(dropped, 0.0);
            QCOMPARE(metric("traceflow_clickhouse_spill_spans"), spilled);
            QVERIFY(!QDir(spill).entryList({QStringLiteral("*.tsv")}).isEmpty());
        } else {
            QCOMPARE(spilled, 0.0);
        }

        // ClickHouse goes away for good (its connections close): the collector stops at once.
        stuck.reset();
        QCOMPARE(collector.terminate(30'000), 0);
        if (spillFits) {
            // And nothing is lost at the stop: what was queued joined the spill, whose
            // segment names ("<sequence>-<created ms>-<spans>.tsv") count every kept span.
            qint64 onDisk = 0;
            for (const QString &name : QDir(spill).entryList({QStringLiteral("*.tsv")}))
                onDisk += name.chopped(4).section(u'-', 2).toLongLong();
            QCOMPARE(onDisk, qint64(TotalSpans));
        }
    }
};

QTEST_GUILESS_MAIN(TstSamplingSink)
#include "tst_samplingsink.moc"
