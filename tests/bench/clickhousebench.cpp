// SPDX-License-Identifier: MIT
#include "clickhousebench.h"

#include "clickhousereader.h"
#include "clickhouseschema.h"
#include "clickhouseserver.h"
#include "clickhousesink.h"
#include "collectorprocess.h"
#include "httptestclient.h"
#include "otlpprotobuf.h"
#include "testspans.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThread>

#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

using namespace traceflow;

namespace {
constexpr int Batch = 100; // spans per request, as the ingest benchmark posts them

void sinkAlone(ClickHouseServer &server, int seconds)
{
    QTemporaryDir spill;
    ClickHouseConfig config;
    config.url = QUrl(server.url());
    config.database = QStringLiteral("bench_sink");
    config.spillDir = spill.path();
    ClickHouseSink sink(config);
    QString error;
    if (!sink.start(&error) || !sink.flush(30000)) {
        std::printf("# clickhouse sink: cannot start: %s\n", qPrintable(error + sink.lastError()));
        return;
    }
    QRandomGenerator random(11);
    std::vector<std::vector<Span>> chunks;
    for (int i = 0; i < 20; ++i)
        chunks.push_back(TestSpans::standardBatch(5000, random, QDateTime::currentMSecsSinceEpoch() * 1'000'000));
    // The collector's share of the work: TabSeparated rows (with the span's JSON).
    QElapsedTimer encodeClock;
    encodeClock.start();
    qsizetype encodedBytes = 0;
    for (const std::vector<Span> &chunk : chunks) {
        QByteArray rows;
        ClickHouseSchema::appendRows(chunk, &rows);
        encodedBytes += rows.size();
    }
    const double encodeSeconds = double(encodeClock.nsecsElapsed()) / 1e9;
    std::printf("BENCH clickhouse_encode_spans_per_s %.0f spans/s\n", 100000.0 / encodeSeconds);
    std::printf("# %.0f bytes per span sent to ClickHouse\n", double(encodedBytes) / 100000.0);

    QElapsedTimer clock;
    clock.start();
    quint64 pushed = 0;
    for (std::size_t n = 0; clock.elapsed() < seconds * 1000; ++n) {
        // Keep the queue short of its bound: this measures the writer, not its drop counter.
        while (sink.counters().queuedSpans > quint64(2 * config.batchSpans))
            QThread::usleep(200);
        sink.push(chunks[n % chunks.size()]);
        pushed += chunks[n % chunks.size()].size();
    }
    sink.flush(120000);
    const double elapsed = double(clock.nsecsElapsed()) / 1e9;
    const ClickHouseSink::Counters c = sink.counters();
    std::printf("BENCH clickhouse_write_spans_per_s %.0f spans/s\n", double(c.writtenSpans) / elapsed);
    if (c.writtenSpans != pushed)
        std::printf("# clickhouse sink: %llu pushed, %llu written\n",
                    static_cast<unsigned long long>(pushed),
                    static_cast<unsigned long long>(c.writtenSpans));
    const qint64 rows = server.number("SELECT count() FROM bench_sink.spans");
    const qint64 bytes = server.number("SELECT sum(bytes_on_disk) FROM system.parts WHERE active "
                                       "AND database = 'bench_sink'");
    if (rows > 0 && bytes > 0)
        std::printf("BENCH clickhouse_bytes_per_span %.0f bytes\n", double(bytes) / double(rows));
}

void throughCollector(ClickHouseServer &server, int seconds, int connections)
{
    QTemporaryDir spill;
    CollectorProcess collector({QStringLiteral("--clickhouse-url"), server.url(),
                                QStringLiteral("--clickhouse-database"), QStringLiteral("bench_ingest"),
                                QStringLiteral("--clickhouse-spill-dir"), spill.path(),
                                QStringLiteral("--max-spans"), QStringLiteral("2000000")});
    if (!collector.start()) {
        std::printf("# clickhouse: cannot start the collector\n");
        return;
    }
    HttpTestClient control(collector.apiPort());
    while (control.metric("traceflow_clickhouse_up") != 1)
        QThread::msleep(20);
    std::atomic<quint64> accepted{0};
    std::atomic<bool> stop{false};
    QElapsedTimer clock;
    clock.start();
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c) {
        threads.emplace_back([&, c] {
            QRandomGenerator random(quint32(77 + c));
            HttpTestClient client(collector.otlpPort());
            const qint64 startNs = QDateTime::currentMSecsSinceEpoch() * 1'000'000;
            while (!stop.load(std::memory_order_relaxed)) {
                std::vector<Span> spans = TestSpans::standardBatch(Batch, random, startNs);
                const HttpTestResponse r = client.post("/v1/traces", OtlpProtobuf::encode(spans),
                                                       "application/x-protobuf");
                if (r.status == 200)
                    accepted += Batch;
                else
                    QThread::usleep(500);
            }
        });
    }
    QThread::sleep(static_cast<unsigned long>(seconds));
    stop = true;
    for (std::thread &t : threads)
        t.join();
    double written = 0, dropped = 0;
    for (QElapsedTimer wait; ; QThread::msleep(20)) {
        if (!wait.isValid())
            wait.start();
        written = control.metric("traceflow_clickhouse_written_spans_total");
        dropped = control.metric("traceflow_clickhouse_dropped_spans_total{reason=\"spill_unreadable\"}")
            + control.metric("traceflow_clickhouse_dropped_spans_total{reason=\"spill_full\"}");
        if (written + dropped >= double(accepted) || wait.elapsed() > 120000)
            break;
    }
    const double elapsed = double(clock.nsecsElapsed()) / 1e9;
    std::printf("BENCH ingest_with_clickhouse_spans_per_s %.0f spans/s\n", written / elapsed);
    std::printf("# through the collector: %llu spans accepted, %.0f written to ClickHouse, %.0f "
                "dropped, %.0f retries\n",
                static_cast<unsigned long long>(accepted.load()), written, dropped,
                control.metric("traceflow_clickhouse_retries_total"));
    collector.terminate();
}

// The statistics page on --storage clickhouse: StatsReport over the whole retention (no time
// window) and over its last hour, on spans generated inside ClickHouse (5 services, 20
// operations, durations spread over 100 us..2 s, 30 days).
void statistics(ClickHouseServer &server, qint64 spans)
{
    const QString database = QStringLiteral("bench_stats");
    for (const QByteArray &statement : ClickHouseSchema::createStatements(database))
        server.query(statement);
    constexpr qint64 DayNs = 86'400'000'000'000;
    const qint64 endNs = QDateTime::currentMSecsSinceEpoch() * 1'000'000;
    const qint64 startNs = endNs - 30 * DayNs;
    const qint64 stepNs = 30 * DayNs / spans;
    const QByteArray error = QByteArray::number(ClickHouseSchema::statusCode(StatusCode::Error));
    const QByteArray insert =
        "INSERT INTO bench_stats.spans (trace_id, span_id, parent_span_id, service, operation, "
        "kind, status, start_ns, duration_ns, attr_keys, attr_values, resource_keys, "
        "resource_values, span_json) SELECT hex(intDiv(number, 10)), hex(number), "
        "if(number % 10 = 0, '', hex(toUInt64(number - 1))), "
        "concat('service', toString(number % 5)), concat('op', toString(number % 20)), 1, "
        "if(number % 50 = 49, " +
        error + ", 0), " + QByteArray::number(startNs) + " + toInt64(number) * " +
        QByteArray::number(stepNs) +
        ", toInt64(exp((rand() % 1000) / 100.0) * 100000), [], [], [], [], '' "
        "FROM numbers(" +
        QByteArray::number(spans) + ')';
    QString failure;
    server.query(insert, &failure);
    if (!failure.isEmpty()) {
        std::printf("# clickhouse statistics: cannot fill the table: %s\n", qPrintable(failure));
        return;
    }
    ClickHouseConfig config;
    config.url = QUrl(server.url());
    config.database = database;
    config.timeoutMs = 600'000;
    const ClickHouseReader reader(config);
    auto measure = [&](const char *name, const StatsRequest &request) {
        QElapsedTimer clock;
        clock.start();
        const StatsReport report = reader.statistics(request);
        std::printf("BENCH clickhouse_stats_%s_ms %.0f ms (%zu operations, %lld spans held)\n",
                    name, double(clock.nsecsElapsed()) / 1e6, report.operationRows.size(),
                    static_cast<long long>(report.spans));
        std::fflush(stdout);
    };
    StatsRequest lastHour;
    lastHour.fromNs = endNs - 3'600'000'000'000;
    lastHour.toNs = endNs;
    measure("last_hour", lastHour);
    measure("all", StatsRequest());
    // What the no-window report read before it grouped per operation and per series step: one
    // row per minute, operation and latency bucket. The count alone (buckets of 0.5 % accuracy:
    // 1 / ln(gamma) = 100), for comparison with clickhouse_stats_all_ms.
    QElapsedTimer clock;
    clock.start();
    const qint64 rows = server.number(
        "SELECT count() FROM (SELECT intDiv(start_ns, 60000000000) AS minute, service, operation, "
        "toInt32(ceil(log(toFloat64(duration_ns)) * 100)) AS bucket FROM bench_stats.spans "
        "GROUP BY minute, service, operation, bucket)");
    std::printf("# clickhouse statistics: %lld minute/operation/bucket rows over 30 days, "
                "counted by ClickHouse alone in %.0f ms\n",
                static_cast<long long>(rows), double(clock.nsecsElapsed()) / 1e6);
}
} // namespace

void runClickHouseBenchmarks(int seconds, int connections)
{
    if (ClickHouseServer::binaryPath().isEmpty()) {
        std::printf("# clickhouse-server is not installed: no ClickHouse figures\n");
        return;
    }
    ClickHouseServer server;
    if (!server.start()) {
        std::printf("# clickhouse-server did not start: %s\n", qPrintable(server.errorString()));
        return;
    }
    sinkAlone(server, seconds);
    std::fflush(stdout);
    throughCollector(server, seconds, connections);
    std::fflush(stdout);
    statistics(server, 10'000'000);
}
