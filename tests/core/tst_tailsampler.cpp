// SPDX-License-Identifier: MIT
#include "coretestsupport.h"
#include "tailsampler.h"
#include "tracestore.h"

#include <QSet>
#include <QTest>

#include <atomic>
#include <cmath>
#include <random>
#include <thread>

using namespace traceflow;

namespace {
// A span arrival: when (sampler clock, ms) and whether it is the root.
struct Arrival
{
    qint64 atMs = 0;
    bool root = false;
};
using Arrivals = std::vector<Arrival>;

constexpr qint64 Ms = 1'000'000;

TraceId traceId(quint64 n)
{
    const quint64 words[2] = {0x5eed000000000000ull ^ n, n * 0x9e3779b97f4a7c15ull + 1};
    return TraceId::fromBytes(words, 16);
}

// Span number `index` of trace n; index 0 is the root.
Span makeSpan(quint64 n, int index, StatusCode status = StatusCode::Ok, qint64 durationMs = 10)
{
    const quint64 id = (n << 8) + quint64(index) + 1;
    const quint64 root = (n << 8) + 1;
    return CoreTestSupport::makeSpan(
        traceId(n), SpanId::fromBytes(&id, 8), index > 0 ? SpanId::fromBytes(&root, 8) : SpanId(),
        u"checkout", u"GET /cart", 1'710'000'000'000 * Ms + qint64(index) * Ms, durationMs * Ms,
        status);
}

SamplingConfig config(const QByteArray &json)
{
    QString error;
    std::optional<SamplingConfig> c = SamplingConfig::fromJson(json, &error);
    if (!c)
        qFatal("bad test config: %s", qPrintable(error));
    return *c;
}

const QByteArray ErrorsAndSlow =
    R"({"decision_wait_ms":5000,"max_age_ms":300000,"num_traces":100,"policies":[)"
    R"({"name":"errors","type":"status_code","status_codes":["ERROR"]},)"
    R"({"name":"slow","type":"latency","threshold_ms":500}]})";

QByteArray probabilistic(double percent, const char *salt = "default-hash-seed", int numTraces = 50000)
{
    return "{\"num_traces\":" + QByteArray::number(numTraces)
        + ",\"policies\":[{\"name\":\"some\",\"type\":\"probabilistic\",\"sampling_percentage\":"
        + QByteArray::number(percent) + ",\"hash_salt\":\"" + salt + "\"}]}";
}

// The store as the fetcher: the sampler decides on what the store holds.
TraceFetcher fetchFrom(const TraceStore &store)
{
    return [&store](const TraceId &id) { return store.trace(id); };
}

// 100k-style random trace ids from a fixed seed.
std::vector<TraceId> randomIds(std::size_t count, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::vector<TraceId> ids(count);
    for (TraceId &id : ids) {
        const quint64 words[2] = {rng(), rng()};
        id = TraceId::fromBytes(words, 16);
    }
    return ids;
}
} // namespace

Q_DECLARE_METATYPE(Arrivals)

class TstTailSampler : public QObject
{
    Q_OBJECT

private slots:
    void decisionTiming_data()
    {
        QTest::addColumn<Arrivals>("arrivals");
        QTest::addColumn<qint64>("decidedAt"); // the first tick that decides the trace
        QTest::addRow("root, then quiet for decision_wait") << Arrivals{{0, true}, {1000, false}} << qint64(6000);
        QTest::addRow("root arriving last") << Arrivals{{0, false}, {3000, true}} << qint64(8000);
        QTest::addRow("a late child restarts the wait")
            << Arrivals{{0, true}, {4999, false}} << qint64(9999);
        QTest::addRow("no root: max_age") << Arrivals{{0, false}, {200, false}} << qint64(300000);
        Arrivals busy{{0, true}};
        for (qint64 t = 4000; t < 320000; t += 4000)
            busy.push_back({t, false});
        QTest::addRow("spans keep coming: max_age") << busy << qint64(300000);
    }

    void decisionTiming()
    {
        QFETCH(Arrivals, arrivals);
        QFETCH(qint64, decidedAt);
        qint64 now = 0;
        TraceStore store;
        TailSampler sampler(config(ErrorsAndSlow), [&now] { return now; });
        std::size_t next = 0;
        for (now = 0; now <= decidedAt; ++now) {
            for (; next < arrivals.size() && arrivals[next].atMs == now; ++next) {
                const std::vector<Span> batch{makeSpan(1, arrivals[next].root ? 0 : int(next) + 1,
                                                       StatusCode::Error)};
                store.insert(batch);
                QVERIFY(sampler.observe(batch).empty());
            }
            const std::vector<SamplingDecision> decisions = sampler.tick(fetchFrom(store));
            if (now < decidedAt) {
                QVERIFY2(decisions.empty(), qPrintable(u"decided early at " + QString::number(now)));
                QVERIFY(sampler.isPending(traceId(1)));
                continue;
            }
            QCOMPARE(decisions.size(), std::size_t(1));
            QCOMPARE(decisions[0], (SamplingDecision{traceId(1), true, QStringLiteral("errors")}));
        }
        QVERIFY(!sampler.isPending(traceId(1)));
        QCOMPARE(sampler.decision(traceId(1)), (SamplingDecision{traceId(1), true, QStringLiteral("errors")}));
        QCOMPARE(sampler.counters().forcedDecisions, 0u);
    }

    void lateSpansFollowTheDecision_data()
    {
        QTest::addColumn<StatusCode>("status");
        QTest::addColumn<bool>("sampled");
        QTest::addColumn<QString>("policy");
        QTest::addRow("kept trace") << StatusCode::Error << true << QStringLiteral("errors");
        QTest::addRow("dropped trace") << StatusCode::Ok << false << QString();
    }

    void lateSpansFollowTheDecision()
    {
        QFETCH(StatusCode, status);
        QFETCH(bool, sampled);
        QFETCH(QString, policy);
        qint64 now = 0;
        TraceStore store;
        TailSampler sampler(config(ErrorsAndSlow), [&now] { return now; });
        const std::vector<Span> first{makeSpan(7, 0, status), makeSpan(7, 1)};
        store.insert(first);
        QVERIFY(sampler.observe(first).empty());
        now = 5000;
        QCOMPARE(sampler.tick(fetchFrom(store)).size(), std::size_t(1));

        now = 6000;
        // Late spans of the decided trace and a span of a new trace in one batch.
        const std::vector<Span> late{makeSpan(7, 2), makeSpan(8, 0), makeSpan(7, 3)};
        const std::vector<SamplingDecision> decisions = sampler.observe(late);
        QCOMPARE(decisions.size(), std::size_t(1)); // once per trace
        QCOMPARE(decisions[0], (SamplingDecision{traceId(7), sampled, policy}));
        QVERIFY(!sampler.isPending(traceId(7)));
        QVERIFY(sampler.isPending(traceId(8)));
        const TailSamplerCounters c = sampler.counters();
        QCOMPARE(c.lateSpans, 2u);
        QCOMPARE(c.pendingTraces, 1u);
        QCOMPARE(c.pendingSpans, 1u);
        // Still decided later on: late spans never make a trace pending again.
        now = 20000;
        const std::vector<SamplingDecision> later = sampler.tick(fetchFrom(store));
        QCOMPARE(later.size(), std::size_t(1));
        QCOMPARE(later[0].traceId, traceId(8));
    }

    void bufferOverflowForcesTheOldest()
    {
        qint64 now = 0;
        TraceStore store;
        TailSampler sampler(config(R"({"num_traces":3,"policies":[{"name":"all","type":"always_sample"}]})"),
                            [&now] { return now; });
        for (quint64 n = 1; n <= 5; ++n, now += 10) {
            const std::vector<Span> batch{makeSpan(n, 1)}; // no roots: nothing is due
            store.insert(batch);
            sampler.observe(batch);
        }
        QCOMPARE(sampler.counters().pendingTraces, 5u);
        const std::vector<SamplingDecision> decisions = sampler.tick(fetchFrom(store));
        QCOMPARE(decisions.size(), std::size_t(2));
        QCOMPARE(decisions[0].traceId, traceId(1));
        QCOMPARE(decisions[1].traceId, traceId(2));
        QVERIFY(decisions[0].sampled);
        const TailSamplerCounters c = sampler.counters();
        QCOMPARE(c.forcedDecisions, 2u);
        QCOMPARE(c.pendingTraces, 3u);
        QCOMPARE(c.tracesSampled, 2u);
        for (quint64 n = 3; n <= 5; ++n)
            QVERIFY(sampler.isPending(traceId(n)));
        QVERIFY(sampler.tick(fetchFrom(store)).empty());
    }

    // decideAll() judges every pending trace at once, root or not, with the policies, oldest
    // first, and late spans then follow those decisions.
    void decideAllDecidesEveryPendingTrace()
    {
        qint64 now = 0;
        TraceStore store;
        TailSampler sampler(config(ErrorsAndSlow), [&now] { return now; });
        const std::vector<Span> batch{makeSpan(1, 0), makeSpan(2, 1, StatusCode::Error),
                                      makeSpan(3, 0, StatusCode::Ok, 900)};
        store.insert(batch);
        sampler.observe(batch);
        QVERIFY(sampler.tick(fetchFrom(store)).empty()); // nothing due yet
        const std::vector<SamplingDecision> decisions = sampler.decideAll(fetchFrom(store));
        QCOMPARE(decisions.size(), std::size_t(3));
        QCOMPARE(decisions[0].traceId, traceId(1));
        QVERIFY(!decisions[0].sampled);
        QVERIFY(decisions[1].sampled); // the error, without its root
        QCOMPARE(decisions[1].policy, QStringLiteral("errors"));
        QVERIFY(decisions[2].sampled);
        QCOMPARE(decisions[2].policy, QStringLiteral("slow"));
        const TailSamplerCounters c = sampler.counters();
        QCOMPARE(c.pendingTraces, 0u);
        QCOMPARE(c.pendingSpans, 0u);
        QCOMPARE(c.forcedDecisions, 0u);
        QVERIFY(sampler.decideAll(fetchFrom(store)).empty());
        const std::vector<SamplingDecision> late = sampler.observe({makeSpan(1, 1)});
        QCOMPARE(late.size(), std::size_t(1));
        QVERIFY(!late[0].sampled);
    }

    void decisionCacheIsBounded()
    {
        qint64 now = 0;
        TailSampler sampler(config(R"({"num_traces":1,"policies":[{"name":"all","type":"always_sample"}]})"),
                            [&now] { return now; });
        const auto fetch = [](const TraceId &) { return std::vector<Span>(); };
        for (quint64 n = 1; n <= 6; ++n) {
            sampler.observe({makeSpan(n, 0)});
            now += 5000;
            QCOMPARE(sampler.tick(fetch).size(), std::size_t(1));
        }
        // Capacity 4 x num_traces: the two first decisions are forgotten, first in first out.
        QVERIFY(!sampler.decision(traceId(1)));
        QVERIFY(!sampler.decision(traceId(2)));
        for (quint64 n = 3; n <= 6; ++n)
            QVERIFY(sampler.decision(traceId(n)));
        QVERIFY(sampler.observe({makeSpan(1, 1)}).empty());
        QVERIFY(sampler.isPending(traceId(1)));
        QCOMPARE(sampler.observe({makeSpan(6, 1)}).size(), std::size_t(1));
    }

    void countersAndStoreRemoval()
    {
        qint64 now = 0;
        TraceStore store;
        TailSampler sampler(config(ErrorsAndSlow), [&now] { return now; });
        const std::vector<Span> batch{makeSpan(1, 0, StatusCode::Error), makeSpan(1, 1),
                                      makeSpan(2, 0, StatusCode::Ok, 900), makeSpan(3, 0),
                                      makeSpan(3, 1), makeSpan(3, 2)};
        store.insert(batch);
        sampler.observe(batch);
        now = 5000;
        for (const SamplingDecision &d : sampler.tick(fetchFrom(store))) {
            if (!d.sampled)
                store.removeTrace(d.traceId);
        }
        QVERIFY(store.contains(traceId(1)));
        QVERIFY(store.contains(traceId(2)));
        QVERIFY(!store.contains(traceId(3)));
        QCOMPARE(sampler.decision(traceId(2)), (SamplingDecision{traceId(2), true, QStringLiteral("slow")}));
        const TailSamplerCounters c = sampler.counters();
        QCOMPARE(c.tracesSampled, 2u);
        QCOMPARE(c.tracesDropped, 1u);
        QCOMPARE(c.spansSampled, 3u);
        QCOMPARE(c.spansDropped, 3u);
        QCOMPARE(c.pendingTraces, 0u);
        QCOMPARE(c.pendingSpans, 0u);
        QCOMPARE(c.policies.size(), std::size_t(2));
        QCOMPARE(c.policies[0].policy, QStringLiteral("errors"));
        QCOMPARE(c.policies[0].tracesSampled, 1u);
        QCOMPARE(c.policies[0].tracesDropped, 2u);
        QCOMPARE(c.policies[0].spansSampled, 2u);
        QCOMPARE(c.policies[0].spansDropped, 4u);
        QCOMPARE(c.policies[1].policy, QStringLiteral("slow"));
        QCOMPARE(c.policies[1].tracesSampled, 1u);
        QCOMPARE(c.policies[1].spansSampled, 1u);
    }

    // Ingest threads observe while another thread ticks: every trace is decided exactly once.
    void concurrentObserveAndTick()
    {
        constexpr quint64 PerThread = 20'000;
        std::atomic<qint64> now{0};
        TailSampler sampler(config(ErrorsAndSlow), [&now] { return now.load(); });
        const auto fetch = [](const TraceId &) { return std::vector<Span>(); };
        std::atomic<int> running{2};
        const auto ingest = [&](quint64 first) {
            for (quint64 n = first; n < first + PerThread; ++n)
                sampler.observe({makeSpan(n, 0), makeSpan(n, 1)});
            --running;
        };
        std::thread a(ingest, 1);
        std::thread b(ingest, 1 + PerThread);
        QSet<QString> decided;
        const auto collect = [&](const std::vector<SamplingDecision> &decisions) {
            for (const SamplingDecision &d : decisions)
                decided.insert(d.traceId.toString());
            return decisions.size();
        };
        std::size_t count = 0;
        while (running.load() > 0) {
            now += 1000;
            count += collect(sampler.tick(fetch));
        }
        a.join();
        b.join();
        now += 10'000;
        count += collect(sampler.tick(fetch));
        QCOMPARE(count, std::size_t(2 * PerThread));
        QCOMPARE(decided.size(), qsizetype(2 * PerThread));
        const TailSamplerCounters c = sampler.counters();
        QCOMPARE(c.pendingTraces, 0u);
        QCOMPARE(c.pendingSpans, 0u);
        QCOMPARE(c.tracesDropped, 2 * PerThread);
    }

    void probabilisticIsDeterministic()
    {
        const std::vector<TraceId> ids = randomIds(2000, 42);
        qint64 now = 0;
        TailSampler a(config(probabilistic(30)), [&now] { return now; });
        TailSampler b(config(probabilistic(30)), [&now] { return now; });
        TailSampler salted(config(probabilistic(30, "another-salt")), [&now] { return now; });
        const auto root = [](const TraceId &id) {
            Span s = makeSpan(0, 0);
            s.traceId = id;
            return std::vector<Span>{s};
        };
        // Same ids, opposite arrival orders, different times.
        for (const TraceId &id : ids)
            a.observe(root(id));
        now = 1000;
        for (auto it = ids.rbegin(); it != ids.rend(); ++it)
            b.observe(root(*it));
        for (const TraceId &id : ids)
            salted.observe(root(id));
        now = 100'000;
        a.tick(root);
        b.tick(root);
        salted.tick(root);
        int differentWithSalt = 0;
        for (const TraceId &id : ids) {
            QCOMPARE(a.decision(id)->sampled, b.decision(id)->sampled);
            differentWithSalt += a.decision(id)->sampled != salted.decision(id)->sampled;
        }
        QVERIFY(differentWithSalt > 0); // the salt changes which traces are chosen
    }

    void probabilisticRate_data()
    {
        QTest::addColumn<double>("percent");
        for (double p : {1.0, 10.0, 25.0, 50.0, 90.0})
            QTest::addRow("%g %%", p) << p;
    }

    void probabilisticRate()
    {
        QFETCH(double, percent);
        constexpr std::size_t Traces = 100'000;
        const std::vector<TraceId> ids = randomIds(Traces, 7);
        qint64 now = 0;
        TailSampler sampler(config(probabilistic(percent, "default-hash-seed", int(Traces))),
                            [&now] { return now; });
        std::vector<Span> batch;
        for (const TraceId &id : ids) {
            Span s = makeSpan(0, 0);
            s.traceId = id;
            batch.push_back(s);
        }
        sampler.observe(batch);
        now = 10'000;
        const std::vector<SamplingDecision> decisions =
            sampler.tick([](const TraceId &id) { Span s = makeSpan(0, 0); s.traceId = id; return std::vector<Span>{s}; });
        QCOMPARE(decisions.size(), Traces);
        const auto kept = std::count_if(decisions.begin(), decisions.end(),
                                        [](const SamplingDecision &d) { return d.sampled; });
        const double observed = 100.0 * double(kept) / double(Traces);
        // Within one percentage point of the target, and within five binomial standard
        // deviations (tighter below 1 point): a biased hash fails, chance does not.
        const double sigma = 100.0 * std::sqrt(percent / 100 * (1 - percent / 100) / double(Traces));
        QVERIFY2(std::abs(observed - percent) <= std::min(1.0, 5 * sigma),
                 qPrintable(QString::number(observed) + u" % observed"));
        QCOMPARE(sampler.counters().tracesSampled, quint64(kept));
    }
};

QTEST_GUILESS_MAIN(TstTailSampler)
#include "tst_tailsampler.moc"
