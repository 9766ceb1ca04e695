// SPDX-License-Identifier: MIT
#include "diffbench.h"

#include "tracediff.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <random>

namespace traceflow {

namespace {
// A 10,000-span trace shaped like a busy request: a root, 200 calls over 20 services with
// 40 operations, each call with 49 database or cache spans of 12 kinds. The seed varies the
// durations, so two traces have the same paths with different times.
AssembledTrace bigTrace(unsigned seed)
{
    std::mt19937 random(seed);
    std::uniform_int_distribution<qint64> jitter(0, 2'000'000);
    const TraceId trace = TraceId::fromString(QStringLiteral("bench-%1").arg(seed));
    std::vector<Span> spans;
    spans.reserve(10'000);
    Span root;
    root.traceId = trace;
    root.spanId = SpanId::fromString(QStringLiteral("r"));
    root.setService(u"gateway");
    root.setOperation(u"GET /big");
    root.startNs = 1'700'000'000'000'000'000;
    root.durationNs = 20'000'000'000;
    spans.push_back(root);
    for (int call = 0; call < 200; ++call) {
        Span c = root;
        c.spanId = SpanId::fromString(QStringLiteral("c%1").arg(call));
        c.parentSpanId = root.spanId;
        c.setService(QStringLiteral("svc-%1").arg(call % 20));
        c.setOperation(QStringLiteral("op-%1").arg(call % 40));
        c.startNs = root.startNs + call * 90'000'000LL;
        c.durationNs = 80'000'000 + jitter(random);
        spans.push_back(c);
        for (int k = 0; k < 49 && spans.size() < 10'000; ++k) {
            Span d = c;
            d.spanId = SpanId::fromString(QStringLiteral("d%1-%2").arg(call).arg(k));
            d.parentSpanId = c.spanId;
            d.setService(k % 3 == 0 ? u"cache" : u"db");
            d.setOperation(QStringLiteral("query-%1").arg(k % 12));
            d.startNs = c.startNs + k * 1'500'000LL;
            d.durationNs = 1'000'000 + jitter(random) / 4;
            spans.push_back(d);
        }
    }
    return AssembledTrace::assemble(std::move(spans));
}
} // namespace

void runDiffBenchmarks()
{
    const AssembledTrace a = bigTrace(1);
    const AssembledTrace b = bigTrace(2);
    double bestMs = std::numeric_limits<double>::max();
    std::size_t nodes = 0;
    for (int run = 0; run < 10; ++run) {
        QElapsedTimer clock;
        clock.start();
        const TraceDiff diff = TraceDiff::compare(a, b);
        bestMs = std::min(bestMs, double(clock.nsecsElapsed()) / 1e6);
        nodes = diff.nodes.size();
    }
    std::printf("BENCH tracediff_10k_ms %.2f ms\n", bestMs);
    std::printf("BENCH tracediff_10k_nodes %zu nodes\n", nodes);
}

} // namespace traceflow
