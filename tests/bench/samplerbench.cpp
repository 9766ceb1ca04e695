// SPDX-License-Identifier: MIT
#include "samplerbench.h"

#include "tailsampler.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>

using namespace traceflow;

namespace {
constexpr int Traces = 100'000;
constexpr int SpansPerTrace = 6;
constexpr int Rounds = 5;

// Five policies of different kinds: a drop with a regex, an attribute match, a status, a
// latency and a hash, all evaluated on every trace.
constexpr char Config[] = R"({"num_traces":1000000,"policies":[
  {"name":"no-health","type":"drop","drop_sub_policy":[{"name":"probe","type":"string_attribute",
   "key":"http.route","values":["^/(health|ready)z?$"],"enabled_regex_matching":true}]},
  {"name":"errors","type":"status_code","status_codes":["ERROR"]},
  {"name":"slow","type":"latency","threshold_ms":500},
  {"name":"server-errors","type":"numeric_attribute","key":"http.response.status_code",
   "min_value":500,"max_value":599},
  {"name":"baseline","type":"probabilistic","sampling_percentage":10}]})";

// This thread's CPU time: a shared machine's other processes do not distort the figures.
qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::vector<Span> trace(int n)
{
    static const QString routes[] = {QStringLiteral("/cart"), QStringLiteral("/checkout"),
                                     QStringLiteral("/pay"), QStringLiteral("/healthz")};
    std::vector<Span> spans;
    const quint64 hi = 0x9e3779b97f4a7c15ull * quint64(n + 1);
    const quint64 words[2] = {hi, 0xbf58476d1ce4e5b9ull ^ quint64(n)};
    for (int i = 0; i < SpansPerTrace; ++i) {
        Span s;
        s.traceId = TraceId::fromBytes(words, 16);
        const quint64 id = hi ^ quint64(i + 1) * 0x94d049bb133111ebull;
        s.spanId = SpanId::fromBytes(&id, 8);
        if (i > 0) {
            const quint64 parent = hi ^ 0x94d049bb133111ebull;
            s.parentSpanId = SpanId::fromBytes(&parent, 8);
        }
        s.setService(u"checkout");
        s.setOperation(u"GET");
        s.startNs = 1'710'000'000'000'000'000 + qint64(i) * 1'000'000;
        s.durationNs = qint64(n % 97) * 7'000'000 / (i + 1);
        s.status = (n % 50 == 0 && i == 3) ? StatusCode::Error : StatusCode::Ok;
        s.attributes = Attributes{
            // One trace in ten is a health check.
            {QStringLiteral("http.route"), routes[n % 10 == 0 ? 3 : (n + i) % 3]},
            {QStringLiteral("http.response.status_code"), qint64(n % 40 == 0 ? 503 : 200)},
            {QStringLiteral("http.request.method"), QStringLiteral("GET")},
        };
        spans.push_back(std::move(s));
    }
    return spans;
}
} // namespace

void runSamplerBenchmarks()
{
    QString error;
    const std::optional<SamplingConfig> config = SamplingConfig::fromJson(Config, &error);
    if (!config) {
        std::fprintf(stderr, "sampler bench: %s\n", qPrintable(error));
        return;
    }
    std::vector<std::vector<Span>> traces;
    traces.reserve(Traces);
    for (int n = 0; n < Traces; ++n)
        traces.push_back(trace(n));

    double bestDecisions = 0;
    double bestDecisionsWall = 0;
    double bestObserve = 0;
    quint64 sampled = 0;
    for (int round = 0; round < Rounds; ++round) {
        qint64 now = 0;
        TailSampler sampler(*config, [&now] { return now; });
        std::vector<std::vector<Span>> held = traces;

        qint64 cpu = threadCpuNs();
        for (const std::vector<Span> &t : traces)
            sampler.observe(t);
        bestObserve = std::max(bestObserve, double(Traces) * SpansPerTrace * 1e9 / double(threadCpuNs() - cpu));

        now = config->decisionWaitMs;
        // Every trace is due at once, so tick() decides them in arrival order: the fetcher
        // hands each one over without a lookup or a copy, leaving the sampler's own cost.
        std::size_t next = 0;
        bool inOrder = true;
        const TraceFetcher fetch = [&](const TraceId &id) {
            inOrder = inOrder && next < held.size() && held[next].front().traceId == id;
            return inOrder ? std::move(held[next++]) : std::vector<Span>();
        };
        QElapsedTimer wall;
        wall.start();
        cpu = threadCpuNs();
        const std::vector<SamplingDecision> decisions = sampler.tick(fetch);
        const double cpuNs = double(threadCpuNs() - cpu);
        const double wallNs = double(wall.nsecsElapsed());
        if (!inOrder || decisions.size() != std::size_t(Traces)) {
            std::fprintf(stderr, "sampler bench: traces not decided in arrival order\n");
            return;
        }
        bestDecisions = std::max(bestDecisions, double(decisions.size()) * 1e9 / cpuNs);
        bestDecisionsWall = std::max(bestDecisionsWall, double(decisions.size()) * 1e9 / wallNs);
        sampled = sampler.counters().tracesSampled;
    }
    std::printf("BENCH sampler_decisions_per_s %.0f decisions/s\n", bestDecisions);
    std::printf("BENCH sampler_observe_spans_per_s %.0f spans/s\n", bestObserve);
    std::printf("# sampler: %llu of %d traces kept; %.0f decisions/s by the wall clock\n",
                static_cast<unsigned long long>(sampled), Traces, bestDecisionsWall);
    std::fflush(stdout);
}
