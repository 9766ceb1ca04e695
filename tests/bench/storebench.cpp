// SPDX-License-Identifier: MIT
#include "storebench.h"

#include "storebatch.h"
#include "tracestore.h"

#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <unistd.h>

using namespace traceflow;

namespace {
constexpr int Traces = 100'000;
constexpr int SpansPerTrace = 10;
constexpr int BatchSpans = 100;

std::size_t residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toULongLong() * std::size_t(sysconf(_SC_PAGESIZE)) : 0;
}

// The standard span: 8 attributes, one of them unique per trace.
Span standardSpan(int trace, int index)
{
    static const QString services[] = {QStringLiteral("checkout"), QStringLiteral("inventory"),
                                       QStringLiteral("payment"), QStringLiteral("shipping")};
    static const QString routes[] = {QStringLiteral("/checkout"), QStringLiteral("/inventory"),
                                     QStringLiteral("/pay"), QStringLiteral("/ship")};
    Span s;
    const quint64 hi = 0x9e3779b97f4a7c15ull * quint64(trace + 1);
    const quint64 lo = 0xbf58476d1ce4e5b9ull ^ quint64(trace);
    unsigned char raw[16];
    std::memcpy(raw, &hi, 8);
    std::memcpy(raw + 8, &lo, 8);
    s.traceId = TraceId::fromBytes(raw, 16);
    const quint64 span = hi ^ quint64(index + 1) * 0x94d049bb133111ebull;
    s.spanId = SpanId::fromBytes(&span, 8);
    if (index > 0) {
        const quint64 parent = hi ^ quint64(index / 2 + 1) * 0x94d049bb133111ebull;
        s.parentSpanId = SpanId::fromBytes(&parent, 8);
    }
    const int service = index % 4;
    s.serviceId = StringPool::instance().intern(services[service]);
    s.operationId = StringPool::instance().intern(routes[service]);
    s.kind = index == 0 ? SpanKind::Server : SpanKind::Client;
    s.startNs = 1'710'000'000'000'000'000 + qint64(trace) * 10'000'000 + index * 100'000;
    s.durationNs = 1'000'000 + (qint64(trace) * 7919 + index * 104729) % 200'000'000;
    s.status = (trace % 50 == 0 && index == 3) ? StatusCode::Error : StatusCode::Ok;
    s.attributes = Attributes{
        {QStringLiteral("http.request.method"), AttributeValue(QStringLiteral("GET"))},
        {QStringLiteral("http.route"), AttributeValue(routes[service])},
        {QStringLiteral("http.response.status_code"), AttributeValue(qint64(200))},
        {QStringLiteral("server.address"), AttributeValue(services[service] + u".svc.local")},
        {QStringLiteral("network.protocol.version"), AttributeValue(QStringLiteral("1.1"))},
        {QStringLiteral("user.tier"), AttributeValue(QStringLiteral("gold-customer"))},
        {QStringLiteral("retry"), AttributeValue(false)},
        {QStringLiteral("order.id"), AttributeValue(QStringLiteral("order-%1").arg(trace, 8, 10, QLatin1Char('0')))},
    };
    return s;
}

double timeQueryMs(const TraceStore &store, const TraceQuery &query, int *total)
{
    double best = 1e300;
    for (int round = 0; round < 5; ++round) {
        QElapsedTimer timer;
        timer.start();
        const QueryResult r = store.query(query);
        best = std::min(best, double(timer.nsecsElapsed()) / 1e6);
        *total = r.total;
    }
    return best;
}
} // namespace

void runStoreEvictingBenchmark()
{
    // The collector's steady state: the store is full at its byte budget, so every insert also
    // evicts the oldest traces. Requests hold 50 traces of 10 spans grouped by service, as SDK
    // exporters send them (a trace's spans interleaved), each prepared as a decode thread does,
    // and the ingest worker merges 16 requests per insert. Spans are built up front and are
    // cold when inserted.
    constexpr int RequestTraces = 50;
    constexpr int MergedRequests = 16;
    constexpr int FillTraces = 40'000;
    constexpr int MeasuredTraces = 80'000;
    TraceStore store({std::size_t(10'000'000), std::size_t(24) << 20});
    auto request = [](int firstTrace) {
        std::vector<Span> spans;
        spans.reserve(RequestTraces * SpansPerTrace);
        for (int service = 0; service < 4; ++service) {
            for (int t = firstTrace; t < firstTrace + RequestTraces; ++t) {
                for (int i = service; i < SpansPerTrace; i += 4)
                    spans.push_back(standardSpan(t, i));
            }
        }
        return spans;
    };
    // Each request is prepared on its own (a decode thread's part, not timed), then merged.
    qint64 prepareNs = 0;
    auto merged = [&request, &prepareNs](int firstTrace) {
        StoreBatch batch;
        for (int r = 0; r < MergedRequests; ++r) {
            std::vector<Span> part = request(firstTrace + r * RequestTraces);
            QElapsedTimer timer;
            timer.start();
            StoreBatch prepared(std::move(part));
            prepareNs += timer.nsecsElapsed();
            batch.append(std::move(prepared));
        }
        return batch;
    };
    constexpr int TracesPerInsert = RequestTraces * MergedRequests;
    for (int t = 0; t < FillTraces; t += TracesPerInsert)
        store.insert(merged(t));
    std::vector<StoreBatch> inserts;
    prepareNs = 0;
    for (int t = FillTraces; t < FillTraces + MeasuredTraces; t += TracesPerInsert)
        inserts.push_back(merged(t));
    const std::uint64_t evictedBefore = store.counters().evictedSpans;
    QElapsedTimer timer;
    timer.start();
    for (StoreBatch &batch : inserts)
        store.insert(std::move(batch));
    const qint64 ns = timer.nsecsElapsed();
    const double spans = double(MeasuredTraces) * SpansPerTrace;
    std::printf("BENCH store_insert_evicting_spans_per_s %.0f spans/s (%.0f%% of them evicted)\n",
                spans / (double(ns) / 1e9),
                100.0 * double(store.counters().evictedSpans - evictedBefore) / spans);
    std::printf("BENCH store_prepare_spans_per_s %.0f spans/s (per decode thread)\n",
                spans / (double(prepareNs) / 1e9));
    std::fflush(stdout);
}

void runStoreBenchmarks()
{
    TraceStore store({std::size_t(10'000'000), std::size_t(8) << 30});
    // Warm the pool so the figures describe steady state, not first-time interning.
    store.insert({standardSpan(Traces + 1, 0)});
    store.clear();

    const std::size_t rssBefore = residentBytes();
    qint64 insertNs = 0;
    std::vector<Span> batch;
    batch.reserve(BatchSpans);
    for (int t = 0; t < Traces; t += BatchSpans / SpansPerTrace) {
        batch.clear();
        for (int i = 0; i < BatchSpans; ++i)
            batch.push_back(standardSpan(t + i / SpansPerTrace, i % SpansPerTrace));
        QElapsedTimer timer;
        timer.start();
        store.insert(std::move(batch));
        insertNs += timer.nsecsElapsed();
        batch = {};
        batch.reserve(BatchSpans);
    }
    const std::size_t rssAfter = residentBytes();
    const double spans = double(Traces) * SpansPerTrace;
    std::printf("BENCH store_insert_spans_per_s %.0f spans/s\n", spans / (double(insertNs) / 1e9));
    std::printf("BENCH store_bytes_per_span %.1f bytes\n", double(rssAfter - rssBefore) / spans);
    std::printf("BENCH store_estimated_bytes_per_span %.1f bytes\n",
                double(store.counters().bytes) / spans);

    struct Named
    {
        const char *name;
        TraceQuery query;
    };
    std::vector<Named> queries;
    TraceQuery newest;
    newest.limit = 100;
    queries.push_back({"newest", newest});
    TraceQuery slowest = newest;
    slowest.service = QStringLiteral("payment");
    slowest.sort = TraceSort::Slowest;
    queries.push_back({"service_slowest", slowest});
    TraceQuery errors = newest;
    errors.status = StatusFilter::Error;
    errors.minDurationNs = 10'000'000;
    queries.push_back({"errors_min_duration", errors});
    TraceQuery tag = newest;
    tag.tags.push_back(*TagFilter::parse(u"http.route=/pay"));
    tag.operation = QStringLiteral("/pay");
    queries.push_back({"operation_tag", tag});
    TraceQuery rare = newest;
    rare.tags.push_back(*TagFilter::parse(u"order.id=order-00004242"));
    queries.push_back({"unique_tag_full_scan", rare});
    // A latency bar of the Statistics page over the last 15% of the store: spans of a service
    // lasting 50-100 ms and starting in the window (DurationScope::Span), whose traces may
    // start before it.
    TraceQuery spanWindow = newest;
    spanWindow.service = QStringLiteral("payment");
    spanWindow.durationScope = DurationScope::Span;
    spanWindow.minDurationNs = 50'000'000;
    spanWindow.maxDurationNs = 100'000'000;
    spanWindow.startNs = standardSpan(Traces * 85 / 100, 5).startNs;
    spanWindow.endNs = standardSpan(Traces, 0).startNs;
    queries.push_back({"span_window", spanWindow});
    double worst = 0;
    for (const Named &n : queries) {
        int total = 0;
        const double ms = timeQueryMs(store, n.query, &total);
        worst = std::max(worst, ms);
        std::printf("BENCH query_top100_%s_ms %.2f ms (%d matches)\n", n.name, ms, total);
    }
    std::printf("BENCH query_top100_ms %.2f ms\n", worst);
    std::fflush(stdout);
}
