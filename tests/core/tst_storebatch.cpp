// SPDX-License-Identifier: MIT
#include "coretestsupport.h"
#include "storebatch.h"
#include "tracestore.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace traceflow;

namespace {
constexpr qint64 Ms = 1'000'000;
constexpr qint64 T0 = 1'710'000'000'000 * Ms;

// Times in ms from T0. The operation ("<service>.op") and the attribute k (the span's id) make
// every span's fields its own, so a batch that mixes spans up shows.
Span makeSpan(const char *trace, const char *id, const char *parent, const char *service,
              qint64 startMs, qint64 durationMs, StatusCode status = StatusCode::Ok)
{
    const QString name = QString::fromLatin1(service);
    return CoreTestSupport::makeSpan(
        trace, id, parent, name, QString(name + u".op"), T0 + startMs * Ms, durationMs * Ms, status,
        {{QStringLiteral("k"), AttributeValue(QString::fromLatin1(id))}});
}

// Trace "t1": gateway -> orders -> db and gateway -> pay (errors); "t2": a lone gateway root.
std::vector<Span> allSpans()
{
    return {
        makeSpan("t1", "a", "", "gateway", 0, 100),
        makeSpan("t1", "b", "a", "orders", 5, 40),
        makeSpan("t2", "x", "", "gateway", 2, 7),
        makeSpan("t1", "c", "b", "db", 10, 12),
        makeSpan("t1", "d", "a", "pay", 50, 30, StatusCode::Error),
    };
}

std::vector<Span> pick(const std::vector<Span> &spans, std::initializer_list<int> indexes)
{
    std::vector<Span> out;
    for (int i : indexes)
        out.push_back(spans[std::size_t(i)]);
    return out;
}

std::vector<Span> sortedById(std::vector<Span> spans)
{
    std::sort(spans.begin(), spans.end(),
              [](const Span &a, const Span &b) { return a.spanId < b.spanId; });
    return spans;
}

// Everything a reader can see of the store, except the byte estimate (vector capacities
// depend on how spans arrived) and arrival order within a trace.
void compareStores(const TraceStore &got, const TraceStore &want)
{
    const StoreCounters g = got.counters();
    const StoreCounters w = want.counters();
    QCOMPARE(g.traces, w.traces);
    QCOMPARE(g.spans, w.spans);
    QCOMPARE(g.spansInserted, w.spansInserted);
    QCOMPARE(g.duplicateSpans, w.duplicateSpans);
    for (const char *trace : {"t1", "t2"}) {
        const TraceId id = TraceId::fromString(std::string_view(trace));
        QCOMPARE(sortedById(got.trace(id)), sortedById(want.trace(id)));
        const std::optional<TraceSummary> gs = got.summary(id);
        const std::optional<TraceSummary> ws = want.summary(id);
        QCOMPARE(gs.has_value(), ws.has_value());
        if (gs) {
            QCOMPARE(gs->rootService, ws->rootService);
            QCOMPARE(gs->startNs, ws->startNs);
            QCOMPARE(gs->durationNs, ws->durationNs);
            QCOMPARE(gs->spanCount, ws->spanCount);
            QCOMPARE(gs->errorCount, ws->errorCount);
            QCOMPARE(gs->services, ws->services);
        }
    }
    // The whole graph (entries included) and a window, which reads the minute buckets.
    QCOMPARE(got.serviceGraph(std::nullopt, std::nullopt),
             want.serviceGraph(std::nullopt, std::nullopt));
    QCOMPARE(got.serviceGraph(T0, T0 + 60'000 * Ms), want.serviceGraph(T0, T0 + 60'000 * Ms));
    QVERIFY(!got.serviceGraph(T0, T0 + 60'000 * Ms).calls.empty());
    const std::vector<ServiceEdge> ge = got.dependencies();
    const std::vector<ServiceEdge> we = want.dependencies();
    QCOMPARE(ge.size(), we.size());
    for (std::size_t i = 0; i < ge.size(); ++i) {
        QCOMPARE(ge[i].parent, we[i].parent);
        QCOMPARE(ge[i].child, we[i].child);
        QCOMPARE(ge[i].callCount, we[i].callCount);
        QCOMPARE(ge[i].errorCount, we[i].errorCount);
        QVERIFY(ge[i].latency == we[i].latency);
    }
    const LatencyIndex::Snapshot gl = got.latency();
    const LatencyIndex::Snapshot wl = want.latency();
    QCOMPARE(gl.total.count, wl.total.count);
    QCOMPARE(gl.total.errors, wl.total.errors);
    QCOMPARE(gl.total.roots, wl.total.roots);
    QVERIFY(gl.total.sketch == wl.total.sketch);
    QCOMPARE(gl.operations.size(), wl.operations.size());
    for (std::size_t i = 0; i < gl.operations.size(); ++i) {
        QCOMPARE(gl.operations[i].operation, wl.operations[i].operation);
        QCOMPARE(gl.operations[i].stats.count, wl.operations[i].stats.count);
        QVERIFY(gl.operations[i].stats.sketch == wl.operations[i].stats.sketch);
    }
    const auto gs = got.latencySeries({}, {}, T0 - 60'000 * Ms, T0 + 60'000 * Ms);
    const auto ws = want.latencySeries({}, {}, T0 - 60'000 * Ms, T0 + 60'000 * Ms);
    QCOMPARE(gs.size(), ws.size());
    for (std::size_t i = 0; i < gs.size(); ++i)
        QVERIFY(gs[i].stats.sketch == ws[i].stats.sketch);
}
} // namespace

class TstStoreBatch : public QObject
{
    Q_OBJECT

private slots:
    void groupsEachTraceStably()
    {
        StoreBatch batch(allSpans());
        QCOMPARE(batch.partCount(), std::size_t(1));
        QStringList order;
        for (const Span &s : batch.spans(0))
            order.append(s.traceId.toString() + u':' + s.spanId.toString());
        // The figures follow their spans through the sort.
        QCOMPARE(batch.prepared(0).size(), batch.size());
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const Span &s = batch.spans(0)[i];
            QCOMPARE(batch.prepared(0)[i].heapBytes, s.memoryBytes() - sizeof(Span));
            QCOMPARE(batch.prepared(0)[i].logDuration,
                     DDSketch::sample(double(s.durationNs)).log);
        }
        QVERIFY(batch.prepared(0)[0].heapBytes > 0);
        QCOMPARE(order, QStringList({QStringLiteral("t1:a"), QStringLiteral("t1:b"),
                                   QStringLiteral("t1:c"), QStringLiteral("t1:d"),
                                   QStringLiteral("t2:x")}));
    }

    // The sort must order exactly as TraceId's operator< does, stably, for every id form.
    void sortsLikeTraceIdOrder()
    {
        const char *ids[] = {"4bf92f3577b34da6a3ce929d0e0e4736", "00000000000000000000000000000001",
                             "ffffffffffffffff0000000000000000", "a3ce929d0e0e4736",
                             "trace-1",  "trace-10", "a-text-id-longer-than-sixteen-bytes",
                             "4bf92f3577b34da6a3ce929d0e0e4737", "0000000000000001"};
        std::vector<Span> spans;
        for (int round = 0; round < 3; ++round) {
            for (const char *id : ids) {
                Span s = makeSpan("x", "s", "", "svc", round, 1);
                s.traceId = TraceId::fromString(std::string_view(id));
                s.spanId = SpanId::fromString(QString(QString::fromLatin1(id).left(4)
                                                      + QString::number(round)));
                spans.push_back(s);
            }
        }
        std::vector<Span> want = spans;
        std::stable_sort(want.begin(), want.end(),
                         [](const Span &a, const Span &b) { return a.traceId < b.traceId; });
        const StoreBatch batch(spans);
        QCOMPARE(batch.spans(0), want);
    }

    void keepsGroupedOrder()
    {
        const std::vector<Span> spans = pick(allSpans(), {2, 3, 0});
        const StoreBatch batch(spans);
        QCOMPARE(batch.spans(0), spans); // t2 before t1: already grouped, so not sorted

        // Many traces, grouped, in descending id order: kept; one repeat far away: sorted.
        std::vector<Span> many;
        for (int t = 300; t > 0; --t) {
            for (const char *id : {"p", "q"}) {
                Span s = makeSpan("x", id, "", "svc", t, 1);
                s.traceId = TraceId::fromString(QString(u"trace-" + QString::number(t)));
                many.push_back(s);
            }
        }
        QCOMPARE(StoreBatch(many).spans(0), many);
        many.push_back(many.front());
        QVERIFY(StoreBatch(many).spans(0) != many);
    }

    void appendAndTake()
    {
        StoreBatch first(pick(allSpans(), {0, 1}));
        StoreBatch second(pick(allSpans(), {3}));
        first.append(std::move(second));
        QVERIFY(second.empty());
        QCOMPARE(first.size(), std::size_t(3));
        QCOMPARE(first.partCount(), std::size_t(2));
        first.append(StoreBatch(std::vector<Span>()));
        QCOMPARE(first.partCount(), std::size_t(2)); // no empty parts
        const std::vector<Span> spans = first.takeSpans();
        QCOMPARE(spans, pick(allSpans(), {0, 1, 3}));
        QVERIFY(first.empty());

        StoreBatch from(pick(allSpans(), {0, 1}));
        const StoreBatch to(std::move(from));
        QCOMPARE(to.size(), std::size_t(2));
        QVERIFY(from.empty()); // NOLINT(bugprone-use-after-move): the contract under test
        QCOMPARE(from.partCount(), std::size_t(0));
    }

    // A merged batch is not sorted again, so a trace split over two requests arrives as two
    // runs: the store must end up as if the spans came in one batch.
    void traceInTwoRuns_data()
    {
        QTest::addColumn<QList<int>>("first");
        QTest::addColumn<QList<int>>("second");
        QTest::addRow("parent first") << QList<int>{0, 1, 2} << QList<int>{3, 4};
        QTest::addRow("children first") << QList<int>{3, 4, 2} << QList<int>{0, 1};
        QTest::addRow("interleaved parts") << QList<int>{3, 2, 0} << QList<int>{4, 1};
        QTest::addRow("duplicate across parts") << QList<int>{0, 1, 2, 3} << QList<int>{3, 4, 0};
        QTest::addRow("whole trace twice") << QList<int>{0, 1, 2, 3, 4} << QList<int>{0, 1, 3, 4};
    }

    void traceInTwoRuns()
    {
        QFETCH(QList<int>, first);
        QFETCH(QList<int>, second);
        const std::vector<Span> all = allSpans();
        auto part = [&all](const QList<int> &indexes) {
            std::vector<Span> out;
            for (int i : indexes)
                out.push_back(all[std::size_t(i)]);
            return out;
        };

        TraceStore merged;
        StoreBatch batch(part(first));
        batch.append(StoreBatch(part(second)));
        const InsertResult r = merged.insert(std::move(batch));

        TraceStore oneBatch;
        std::vector<Span> together = part(first);
        for (Span &s : part(second))
            together.push_back(std::move(s));
        const InsertResult w = oneBatch.insert(std::move(together));
        QCOMPARE(r.inserted, w.inserted);
        QCOMPARE(r.duplicates, w.duplicates);
        compareStores(merged, oneBatch);

        // Byte for byte the same as two inserts, which is what two runs are.
        TraceStore twoInserts;
        twoInserts.insert(part(first));
        twoInserts.insert(part(second));
        compareStores(merged, twoInserts);
        QCOMPARE(merged.counters().bytes, twoInserts.counters().bytes);
    }

    // Prepared batches keep the same books as plain inserts, through eviction down to an
    // empty store: what went in by a prepared logarithm comes out by one taken at eviction.
    void preparedMatchesPlainThroughEviction()
    {
        const StoreLimits limits{6, std::size_t(1) << 30};
        TraceStore plain(limits);
        TraceStore prepared(limits);
        for (int round = 0; round < 4; ++round) {
            std::vector<Span> spans = allSpans();
            for (Span &s : spans) {
                s.traceId = TraceId::fromString(QString(s.traceId.toString() + QString::number(round)));
                s.durationNs += round * 333'333;
            }
            plain.insert(spans);
            prepared.insert(StoreBatch(std::move(spans)));
            QCOMPARE(prepared.counters().bytes, plain.counters().bytes);
            QCOMPARE(prepared.counters().evictedSpans, plain.counters().evictedSpans);
            QCOMPARE(prepared.counters().spans, plain.counters().spans);
        }
        QVERIFY(plain.counters().evictedTraces > 0);
        plain.setLimits({0, 0});
        prepared.setLimits({0, 0});
        QCOMPARE(prepared.counters().bytes, std::uint64_t(0));
        QCOMPARE(prepared.latency().total.count, std::uint64_t(0));
        QVERIFY(prepared.latency().total.sketch == DDSketch());
        QVERIFY(prepared.dependencies().empty());
        QVERIFY(prepared.serviceGraph(std::nullopt, std::nullopt).nodes.empty());
    }

    void sketchSampleIsBitIdentical_data()
    {
        QTest::addColumn<double>("accuracy");
        QTest::addRow("default") << DDSketch::DefaultAccuracy;
        QTest::addRow("graph buckets") << 0.02;
        QTest::addRow("finest") << 1e-4;
        QTest::addRow("coarse") << 0.1;
    }

    void sketchSampleIsBitIdentical()
    {
        QFETCH(double, accuracy);
        const double values[] = {0.0,     -5.0,  0.25, 1.0,   1.0000001, 999.999, 1e3, 1234567.0,
                                 2.5e9,   1e18,  1e19, 5e20,  std::numeric_limits<double>::max(),
                                 std::nan(""), 7.0, 7.0};
        DDSketch byValue(accuracy);
        DDSketch bySample(accuracy);
        for (double v : values) {
            byValue.add(v);
            bySample.add(DDSketch::sample(v));
            QVERIFY(byValue == bySample);
            QCOMPARE(bySample.sum(), byValue.sum());
        }
        for (double v : values) {
            QCOMPARE(bySample.remove(DDSketch::sample(v)), byValue.remove(v));
            QVERIFY(byValue == bySample);
        }
        QVERIFY(bySample == DDSketch(accuracy));
    }
};

QTEST_GUILESS_MAIN(TstStoreBatch)
#include "tst_storebatch.moc"
