// SPDX-License-Identifier: MIT
// bench_ingest: ingest throughput of the real traceflow-collector binary over loopback
// keep-alive connections, batches of 100 standard spans, per format, and the same bodies posted
// to POST /api/null (read and discarded) as the HTTP baseline. Prints "BENCH" lines.
//
// Every request carries new trace ids (a counter written over the first bytes of each trace id
// of a pre-encoded batch), so the store sees only new spans. A format's figure counts the spans
// accepted until the ingest queue has drained, so it is what the store really took in.
// Also prints the collector's and the load clients' CPU time per span, and the ingest/null
// ratio of spans per CPU second: figures a busy machine moves less than throughput.
// Usage: bench_ingest [seconds per run, default 3] [connections, default 4] [format ...]
// (formats by their BENCH label, e.g. otlp_proto; all four when none is given; the ClickHouse
// figures only then)
#include "clickhousebench.h"
#include "collectorprocess.h"
#include "httptestclient.h"
#include "testspans.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QSet>
#include <QThread>

#include <atomic>
#include <cstdio>
#include <thread>

#include <unistd.h>
#include <vector>

using namespace traceflow;
using Format = TestSpans::Format;

namespace {
constexpr int BatchSize = 100;
constexpr int Templates = 16; // distinct pre-encoded batches per format

// A pre-encoded body and where its trace ids are, so that each request can get new ones.
struct Template
{
    QByteArray body;
    QList<qsizetype> idOffsets; // first byte of every trace id occurrence
    bool hexIds = true;         // JSON: 32 hex digits; protobuf: 16 raw bytes
};

Template makeTemplate(Format format, QRandomGenerator &random)
{
    const std::vector<Span> spans =
        TestSpans::standardBatch(BatchSize, random, QDateTime::currentMSecsSinceEpoch() * 1'000'000);
    Template t;
    t.body = TestSpans::encode(format, spans);
    t.hexIds = format != Format::OtlpProtobuf;
    QSet<QByteArray> ids;
    for (const Span &s : spans) {
        const std::string hex = s.traceId.toStdString();
        ids.insert(t.hexIds ? QByteArray::fromStdString(hex)
                            : QByteArray::fromHex(QByteArray::fromStdString(hex)));
    }
    for (const QByteArray &id : std::as_const(ids)) {
        for (qsizetype at = t.body.indexOf(id); at >= 0; at = t.body.indexOf(id, at + id.size()))
            t.idOffsets.append(at);
    }
    return t;
}

// Writes the 32-bit request number over the first 4 bytes (8 hex digits) of every trace id.
void stamp(Template &t, quint32 number)
{
    static const char hex[] = "0123456789abcdef";
    for (qsizetype at : std::as_const(t.idOffsets)) {
        char *p = t.body.data() + at;
        for (int i = 0; i < 4; ++i) {
            const auto byte = static_cast<unsigned char>(number >> (24 - 8 * i));
            if (t.hexIds) {
                p[2 * i] = hex[byte >> 4];
                p[2 * i + 1] = hex[byte & 15];
            } else {
                p[i] = static_cast<char>(byte | (i == 0 ? 0x80 : 0)); // never all zeroes
            }
        }
    }
}

struct Result
{
    double spansPerSecond = 0;
    double cpuUsPerSpan = 0; // the collector's CPU time (all its threads) per span taken
    double clientCpuUsPerSpan = 0; // this process's (the load clients') CPU time per span
    quint64 refused = 0; // 429/503 answers (retried)
    quint64 failed = 0;  // any other non-success answer
};

std::atomic<quint32> g_requestNumber{1};

// User plus system CPU time of all the process's threads, from /proc/PID/stat, in
// microseconds. Less sensitive to other work on the machine than throughput.
double cpuMicroseconds(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = stat.readAll();
    // Fields after the ")" that ends the command name: state is field 3, utime 14, stime 15.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    const double ticks = fields[11].toDouble() + fields[12].toDouble();
    return ticks * 1e6 / double(sysconf(_SC_CLK_TCK));
}

Result run(quint16 port, qint64 pid, Format format, const QByteArray &path, int seconds,
           int connections)
{
    const double cpuBefore = cpuMicroseconds(pid);
    const double clientCpuBefore = cpuMicroseconds(QCoreApplication::applicationPid());
    std::atomic<quint64> spans{0}, refused{0}, failed{0};
    std::atomic<bool> stop{false};
    QElapsedTimer clock;
    clock.start();
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c) {
        threads.emplace_back([&, c] {
            QRandomGenerator random(quint32(1000 * int(format) + c));
            std::vector<Template> templates;
            for (int i = 0; i < Templates; ++i)
                templates.push_back(makeTemplate(format, random));
            HttpTestClient client(port);
            const HttpTestClient::Headers headers{{"Content-Type", TestSpans::contentType(format)}};
            for (quint64 n = 0; !stop.load(std::memory_order_relaxed); ++n) {
                Template &t = templates[n % Templates];
                stamp(t, g_requestNumber.fetch_add(1));
                const HttpTestResponse r = client.request("POST", path, t.body, headers);
                if (r.status == 200 || r.status == 202) {
                    spans += BatchSize;
                } else if (r.status == 429 || r.status == 503) {
                    ++refused;
                    QThread::usleep(500);
                } else {
                    ++failed;
                }
            }
        });
    }
    QThread::sleep(static_cast<unsigned long>(seconds));
    stop = true;
    for (std::thread &t : threads)
        t.join();
    // Count the time the store needs to take in what was queued.
    HttpTestClient client(port);
    while (client.metric("traceflow_ingest_queue_spans") > 0)
        QThread::msleep(5);
    const double elapsed = double(clock.nsecsElapsed()) / 1e9;
    const double cpu = cpuMicroseconds(pid) - cpuBefore;
    const double clientCpu = cpuMicroseconds(QCoreApplication::applicationPid()) - clientCpuBefore;
    const double n = std::max(1.0, double(spans));
    return {double(spans) / elapsed, cpu / n, clientCpu / n, refused, failed};
}

qint64 statusKb(qint64 pid, const char *field)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int seconds = argc > 1 ? std::max(1, atoi(argv[1])) : 3;
    const int connections = argc > 2 ? std::max(1, atoi(argv[2])) : 4;
    const qint64 maxBytes = qint64(256) << 20;
    CollectorProcess collector({QStringLiteral("--max-bytes"), QString::number(maxBytes),
                                QStringLiteral("--max-spans"), QStringLiteral("2000000")});
    if (!collector.start()) {
        std::fprintf(stderr, "bench_ingest: cannot start %s\n", qPrintable(CollectorProcess::binaryPath()));
        return 1;
    }
    std::printf("# %d connections, batches of %d spans, %d s per run, store --max-bytes %lld\n",
                connections, BatchSize, seconds, static_cast<long long>(maxBytes));
    QStringList only;
    for (int i = 3; i < argc; ++i)
        only.append(QString::fromLocal8Bit(argv[i]));
    for (Format format : {Format::OtlpProtobuf, Format::OtlpJson, Format::TraceflowJson, Format::ZipkinJson}) {
        const QByteArray name = TestSpans::formatName(format).toLatin1();
        if (!only.isEmpty() && !only.contains(TestSpans::formatName(format)))
            continue;
        const Result null =
            run(collector.apiPort(), collector.pid(), format, "/api/null", seconds, connections);
        const Result ingest = run(collector.otlpPort(), collector.pid(), format,
                                  TestSpans::path(format), seconds, connections);
        std::printf("BENCH ingest_%s_spans_per_s %.0f spans/s\n", name.constData(), ingest.spansPerSecond);
        std::printf("BENCH null_endpoint_%s_spans_per_s %.0f spans/s\n", name.constData(), null.spansPerSecond);
        std::printf("BENCH ingest_%s_vs_null %.0f %%\n", name.constData(),
                    100.0 * ingest.spansPerSecond / std::max(1.0, null.spansPerSecond));
        std::printf("BENCH collector_cpu_us_per_span_%s %.3f us (null endpoint %.3f us)\n",
                    name.constData(), ingest.cpuUsPerSpan, null.cpuUsPerSpan);
        std::printf("BENCH client_cpu_us_per_span_%s %.3f us (null endpoint %.3f us)\n",
                    name.constData(), ingest.clientCpuUsPerSpan, null.clientCpuUsPerSpan);
        // Spans per CPU second of the whole machine (collector and clients), ingest against
        // null: the ratio the throughput figures tend to when both runs are CPU-bound on the
        // same cores, and one that other work on the host moves less.
        std::printf("BENCH ingest_%s_vs_null_by_cpu %.0f %%\n", name.constData(),
                    100.0 * (null.cpuUsPerSpan + null.clientCpuUsPerSpan) /
                        std::max(1e-9, ingest.cpuUsPerSpan + ingest.clientCpuUsPerSpan));
        if (format == Format::OtlpProtobuf)
            std::printf("BENCH null_endpoint_spans_per_s %.0f spans/s\n", null.spansPerSecond);
        if (ingest.refused || ingest.failed)
            std::printf("# %s: %llu requests refused (queue full, retried), %llu failed\n",
                        name.constData(), static_cast<unsigned long long>(ingest.refused),
                        static_cast<unsigned long long>(ingest.failed));
        std::printf("BENCH collector_rss_after_%s %lld KiB\n", name.constData(),
                    statusKb(collector.pid(), "VmRSS:"));
        std::fflush(stdout);
    }
    HttpTestClient client(collector.apiPort());
    std::printf("BENCH collector_store_bytes %.0f bytes\n", client.metric("traceflow_store_bytes"));
    std::printf("BENCH collector_store_spans %.0f spans\n", client.metric("traceflow_store_spans"));
    std::printf("BENCH collector_peak_rss %lld KiB\n", statusKb(collector.pid(), "VmHWM:"));
    const bool stopped = collector.terminate() == 0;
    if (only.isEmpty())
        runClickHouseBenchmarks(seconds, connections);
    return stopped ? 0 : 1;
}
