// SPDX-License-Identifier: MIT
#include "graphbench.h"

#include "coretestsupport.h"
#include "graphlayout.h"
#include "tracestore.h"

#include <QElapsedTimer>
#include <QString>

#include <cstdio>
#include <random>

namespace traceflow {

namespace {
constexpr qint64 Ms = 1'000'000;

template<typename F> double bestMs(int runs, F &&f)
{
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        f();
        best = std::min(best, double(t.nsecsElapsed()) / 1e6);
    }
    return best;
}

void layoutBenchmarks()
{
    for (int n : {50, 200, 500}) {
        const auto edges = CoreTestSupport::serviceMesh(n, 11);
        const std::vector<QSizeF> sizes(std::size_t(n), QSizeF(170, 64));
        int crossings = 0;
        const double ms = bestMs(5, [&] { crossings = GraphLayout::compute(sizes, edges).crossings; });
        std::printf("BENCH graph_layout_%d_services %.2f ms (%zu calls, %d crossings)\n", n, ms,
                    edges.size(), crossings);
    }
}

void storeBenchmarks()
{
    // 100k traces of 6 spans over 60 minutes among 40 services.
    TraceStore store({5'000'000, std::size_t(4) << 30});
    std::mt19937 random(3);
    const qint64 t0 = 1'710'000'000'000 * Ms;
    std::vector<QString> services;
    for (int i = 0; i < 40; ++i)
        services.push_back(QStringLiteral("service-%1").arg(i));
    std::vector<Span> batch;
    for (int t = 0; t < 100'000; ++t) {
        const qint64 start = t0 + qint64(t) * 36 * Ms;
        int parentService = int(random() % 8);
        for (int s = 0; s < 6; ++s) {
            Span span;
            span.traceId = TraceId::fromString(QStringLiteral("trace-%1").arg(t));
            span.spanId = SpanId::fromString(QStringLiteral("span-%1").arg(s));
            if (s > 0)
                span.parentSpanId = SpanId::fromString(QStringLiteral("span-%1").arg(s - 1));
            const int service = s == 0 ? parentService : int(random() % 40);
            span.setService(services[std::size_t(service)]);
            span.setOperation(QStringLiteral("op"));
            span.startNs = start + s * Ms;
            span.durationNs = qint64(random() % 50 + 1) * Ms;
            batch.push_back(std::move(span));
        }
        if (batch.size() >= 6000)
            store.insert(std::exchange(batch, {}));
    }
    store.insert(std::move(batch));
    std::size_t calls = 0;
    const double window = bestMs(5, [&] {
        calls = store.serviceGraph(t0 + 45 * 60'000 * Ms, t0 + 60 * 60'000 * Ms).calls.size();
    });
    std::printf("BENCH service_graph_15min_window_100k_traces %.2f ms (%zu calls)\n", window, calls);
    const double all = bestMs(5, [&] { calls = store.serviceGraph(std::nullopt, std::nullopt).calls.size(); });
    std::printf("BENCH service_graph_everything_100k_traces %.2f ms (%zu calls)\n", all, calls);
    TraceQuery query;
    query.call = CallFilter{services[0], services[1]};
    query.limit = 200;
    int total = 0;
    const double search = bestMs(5, [&] { total = store.query(query).total; });
    std::printf("BENCH trace_search_by_call_100k_traces %.2f ms (%d matches)\n", search, total);
}
} // namespace

void runGraphBenchmarks()
{
    layoutBenchmarks();
    storeBenchmarks();
}

} // namespace traceflow
