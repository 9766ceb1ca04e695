// SPDX-License-Identifier: MIT
#include "coretestsupport.h"
#include "tracestore.h"

#include <QTest>

using namespace traceflow;
using namespace traceflow::CoreTestSupport;

namespace {
constexpr qint64 Ms = 1'000'000;
constexpr qint64 T0 = 1'710'000'000'000 * Ms;

// checkout -> inventory, checkout -> payment; trace t's root starts at `at` ms.
std::vector<Span> checkoutTrace(const QString &t, qint64 at, qint64 paymentMs = 30,
                                StatusCode paymentStatus = StatusCode::Ok)
{
    const qint64 total = 10 + paymentMs + 5;
    return {
        makeSpan(t, u"a", u"", u"checkout", u"checkout.request", T0 + at * Ms, total * Ms,
                 StatusCode::Ok,
                 {{QStringLiteral("http.method"), AttributeValue(QStringLiteral("GET"))}}),
        makeSpan(t, u"b", u"a", u"inventory", u"inventory.lookup", T0 + (at + 1) * Ms, 8 * Ms,
                 StatusCode::Ok,
                 {{QStringLiteral("sku"), AttributeValue(QStringLiteral("sku-%1").arg(t))}}),
        makeSpan(t, u"c", u"a", u"payment", u"payment.charge", T0 + (at + 10) * Ms, paymentMs * Ms,
                 paymentStatus, {{QStringLiteral("amount"), AttributeValue(qint64(42))}}),
    };
}
} // namespace

class TstTraceStore : public QObject
{
    Q_OBJECT

private slots:
    void outOfOrderBatchesAssembleOneTrace()
    {
        TraceStore store;
        std::vector<Span> spans = checkoutTrace(QStringLiteral("t1"), 0);
        // Children first, in separate batches, as exporters send them.
        QCOMPARE(store.insert({spans[2]}).inserted, 1);
        QCOMPARE(store.insert({spans[1]}).inserted, 1);
        QCOMPARE(store.dependencies().size(), std::size_t(0));
        QCOMPARE(store.insert({spans[0]}).inserted, 1);
        const auto summary = store.summary(TraceId::fromString(QStringLiteral("t1")));
        QVERIFY(summary);
        QCOMPARE(summary->rootService, QStringLiteral("checkout"));
        QCOMPARE(summary->rootOperation, QStringLiteral("checkout.request"));
        QCOMPARE(summary->spanCount, 3);
        QCOMPARE(summary->durationNs, 45 * Ms);
        QCOMPARE(summary->services,
                 QStringList({QStringLiteral("checkout"), QStringLiteral("inventory"),
                              QStringLiteral("payment")}));
        const auto edges = store.dependencies();
        QCOMPARE(edges.size(), std::size_t(2));
        QCOMPARE(edges[0].parent, QStringLiteral("checkout"));
        QCOMPARE(edges[0].child, QStringLiteral("inventory"));
        QCOMPARE(edges[1].child, QStringLiteral("payment"));
        QCOMPARE(edges[1].callCount, std::uint64_t(1));
        QCOMPARE(store.trace(TraceId::fromString(QStringLiteral("t1"))).size(), std::size_t(3));
        QVERIFY(store.trace(TraceId::fromString(QStringLiteral("nope"))).empty());
    }

    void duplicatesAreCountedNotStored()
    {
        TraceStore store;
        store.insert(checkoutTrace(QStringLiteral("t1"), 0));
        const InsertResult again = store.insert(checkoutTrace(QStringLiteral("t1"), 0));
        QCOMPARE(again.inserted, 0);
        QCOMPARE(again.duplicates, 3);
        QCOMPARE(store.counters().spans, std::uint64_t(3));
        QCOMPARE(store.dependencies()[0].callCount, std::uint64_t(1));
    }

    void evictsOldestTracesBySpanCount()
    {
        TraceStore store({7, std::size_t(1) << 30});
        for (int i = 0; i < 4; ++i)
            store.insert(checkoutTrace(QStringLiteral("t%1").arg(i), i * 100));
        const StoreCounters c = store.counters();
        QCOMPARE(c.traces, std::uint64_t(2));
        QCOMPARE(c.spans, std::uint64_t(6));
        QCOMPARE(c.evictedTraces, std::uint64_t(2));
        QCOMPARE(c.evictedSpans, std::uint64_t(6));
        QVERIFY(!store.contains(TraceId::fromString(QStringLiteral("t0"))));
        QVERIFY(!store.contains(TraceId::fromString(QStringLiteral("t1"))));
        QVERIFY(store.contains(TraceId::fromString(QStringLiteral("t3"))));
        // Statistics and graph follow the evictions exactly.
        QCOMPARE(store.latency().total.count, std::uint64_t(6));
        QCOMPARE(store.dependencies()[0].callCount, std::uint64_t(2));
    }

    void evictsByByteBudget()
    {
        TraceStore store({1'000'000, 8 * 1024});
        for (int i = 0; i < 100; ++i)
            store.insert(checkoutTrace(QStringLiteral("t%1").arg(i), i));
        const StoreCounters c = store.counters();
        QVERIFY(c.bytes <= 8 * 1024);
        QVERIFY(c.evictedTraces > 0);
        QCOMPARE(c.traces + c.evictedTraces, std::uint64_t(100));
        QVERIFY(store.contains(TraceId::fromString(QStringLiteral("t99"))));
        store.setLimits({3, 1 << 20});
        QCOMPARE(store.counters().traces, std::uint64_t(1));
    }

    void removeTraceAndClear()
    {
        TraceStore store;
        store.insert(checkoutTrace(QStringLiteral("t1"), 0));
        store.insert(checkoutTrace(QStringLiteral("t2"), 100));
        QVERIFY(store.removeTrace(TraceId::fromString(QStringLiteral("t1"))));
        QVERIFY(!store.removeTrace(TraceId::fromString(QStringLiteral("t1"))));
        QCOMPARE(store.counters().removedTraces, std::uint64_t(1));
        QCOMPARE(store.query({}).total, 1);
        QCOMPARE(store.operations(QStringLiteral("payment")),
                 QStringList{QStringLiteral("payment.charge")});
        const auto generation = store.generation();
        store.clear();
        QVERIFY(store.generation() > generation);
        QCOMPARE(store.query({}).total, 0);
        QVERIFY(store.services().isEmpty());
        QCOMPARE(store.latency().total.count, std::uint64_t(0));
    }

    void queryFilters_data()
    {
        QTest::addColumn<TraceQuery>("query");
        QTest::addColumn<QStringList>("expected");
        // t0 at 0 ms (payment 30 ms), t1 at 1000 (payment 300 ms, error), t2 at 2000 (payment 3 ms)
        auto q = [](auto edit) {
            TraceQuery query;
            query.limit = 0;
            edit(query);
            return query;
        };
        const QString t0 = QStringLiteral("t0"), t1 = QStringLiteral("t1"), t2 = QStringLiteral("t2");
        QTest::addRow("everything, newest first") << q([](TraceQuery &) {}) << QStringList{t2, t1, t0};
        QTest::addRow("service") << q([](TraceQuery &x) { x.service = QStringLiteral("payment"); })
                                 << QStringList{t2, t1, t0};
        QTest::addRow("unknown service") << q([](TraceQuery &x) { x.service = QStringLiteral("nope"); })
                                         << QStringList{};
        QTest::addRow("operation") << q([](TraceQuery &x) {
            x.operation = QStringLiteral("inventory.lookup");
        }) << QStringList{t2, t1, t0};
        QTest::addRow("operation of another service") << q([](TraceQuery &x) {
            x.service = QStringLiteral("checkout");
            x.operation = QStringLiteral("inventory.lookup");
        }) << QStringList{};
        QTest::addRow("tag equals") << q([](TraceQuery &x) {
            x.tags.push_back(*TagFilter::parse(u"sku=sku-t1"));
        }) << QStringList{t1};
        QTest::addRow("tag colon form, int value") << q([](TraceQuery &x) {
            x.tags.push_back(*TagFilter::parse(u"amount:42"));
        }) << QStringList{t2, t1, t0};
        QTest::addRow("tag not equals") << q([](TraceQuery &x) {
            x.tags.push_back(*TagFilter::parse(u"sku!=sku-t1"));
        }) << QStringList{t2, t0};
        QTest::addRow("tag regex") << q([](TraceQuery &x) {
            x.tags.push_back(*TagFilter::parse(u"sku=~t[02]$"));
        }) << QStringList{t2, t0};
        QTest::addRow("tag exists") << q([](TraceQuery &x) {
            x.tags.push_back(*TagFilter::parse(u"http.method"));
        }) << QStringList{t2, t1, t0};
        QTest::addRow("two tags AND") << q([](TraceQuery &x) {
            x.tags.push_back(*TagFilter::parse(u"http.method=GET"));
            x.tags.push_back(*TagFilter::parse(u"sku=sku-t0"));
        }) << QStringList{t0};
        QTest::addRow("unknown tag key") << q([](TraceQuery &x) {
            x.tags.push_back(*TagFilter::parse(u"nokey=1"));
        }) << QStringList{};
        QTest::addRow("min duration") << q([](TraceQuery &x) { x.minDurationNs = 100 * Ms; })
                                      << QStringList{t1};
        QTest::addRow("max duration") << q([](TraceQuery &x) { x.maxDurationNs = 20 * Ms; })
                                      << QStringList{t2};
        QTest::addRow("status error") << q([](TraceQuery &x) { x.status = StatusFilter::Error; })
                                      << QStringList{t1};
        QTest::addRow("status ok") << q([](TraceQuery &x) { x.status = StatusFilter::Ok; })
                                   << QStringList{t2, t0};
        QTest::addRow("time range") << q([](TraceQuery &x) {
            x.startNs = T0 + 500 * Ms;
            x.endNs = T0 + 1500 * Ms;
        }) << QStringList{t1};
        QTest::addRow("time range inclusive bounds") << q([](TraceQuery &x) {
            x.startNs = T0;
            x.endNs = T0 + 1000 * Ms;
        }) << QStringList{t1, t0};
        QTest::addRow("oldest") << q([](TraceQuery &x) { x.sort = TraceSort::Oldest; })
                                << QStringList{t0, t1, t2};
        QTest::addRow("slowest") << q([](TraceQuery &x) { x.sort = TraceSort::Slowest; })
                                 << QStringList{t1, t0, t2};
        QTest::addRow("fastest") << q([](TraceQuery &x) { x.sort = TraceSort::Fastest; })
                                 << QStringList{t2, t0, t1};
        QTest::addRow("most spans, ties newest") << q([](TraceQuery &x) {
            x.sort = TraceSort::MostSpans;
        }) << QStringList{t2, t1, t0};
        QTest::addRow("limit") << q([](TraceQuery &x) {
            x.limit = 2;
            x.sort = TraceSort::Slowest;
        }) << QStringList{t1, t0};
    }
    void queryFilters()
    {
        QFETCH(TraceQuery, query);
        QFETCH(QStringList, expected);
        TraceStore store;
        store.insert(checkoutTrace(QStringLiteral("t0"), 0, 30));
        store.insert(checkoutTrace(QStringLiteral("t1"), 1000, 300, StatusCode::Error));
        store.insert(checkoutTrace(QStringLiteral("t2"), 2000, 3));
        const QueryResult result = store.query(query);
        QCOMPARE(ids(result), expected);
        if (query.limit <= 0)
            QCOMPARE(result.total, int(expected.size()));
        else
            QCOMPARE(result.total, 3);
    }

    void equalStartsByTraceIdDescending_data()
    {
        QTest::addColumn<QStringList>("arrival");
        QTest::addColumn<QStringList>("expected");
        const QString h = QStringLiteral("0000000000000000000000000000000");
        QTest::addRow("hex ids") << QStringList{h + u'3', h + u'1', h + u'4', h + u'2'}
                                 << QStringList{h + u'4', h + u'3', h + u'2', h + u'1'};
        QTest::addRow("64-bit before 128-bit prefix") // "ab..." sorts before "ab...00"
            << QStringList{QStringLiteral("ab00000000000000"),
                           QStringLiteral("ab000000000000000000000000000000")}
            << QStringList{QStringLiteral("ab000000000000000000000000000000"),
                           QStringLiteral("ab00000000000000")};
        QTest::addRow("text ids, bytewise")
            << QStringList{QStringLiteral("Zeta"), QStringLiteral("alpha"), QStringLiteral("beta")}
            << QStringList{QStringLiteral("beta"), QStringLiteral("alpha"), QStringLiteral("Zeta")};
    }
    void equalStartsByTraceIdDescending()
    {
        // Traces starting in the same nanosecond list by trace id as text, descending, whatever
        // their arrival order: the order ClickHouse gives, the same on every collector.
        QFETCH(QStringList, arrival);
        QFETCH(QStringList, expected);
        TraceStore store;
        for (const QString &id : std::as_const(arrival))
            store.insert(checkoutTrace(id, 0));
        for (TraceSort sort : {TraceSort::Newest, TraceSort::Oldest, TraceSort::Slowest,
                               TraceSort::Fastest, TraceSort::MostSpans}) {
            TraceQuery query;
            query.sort = sort;
            QCOMPARE(ids(store.query(query)), expected);
        }
    }

    void servicesOperationsAndErrors()
    {
        TraceStore store;
        store.insert(checkoutTrace(QStringLiteral("t1"), 0, 300, StatusCode::Error));
        QCOMPARE(store.services(), QStringList({QStringLiteral("checkout"),
                                                QStringLiteral("inventory"),
                                                QStringLiteral("payment")}));
        QCOMPARE(store.operations(QStringLiteral("inventory")),
                 QStringList{QStringLiteral("inventory.lookup")});
        QVERIFY(store.operations(QStringLiteral("nope")).isEmpty());
        QCOMPARE(store.summary(TraceId::fromString(QStringLiteral("t1")))->errorCount, 1);
        QCOMPARE(store.dependencies()[1].errorCount, std::uint64_t(1));
    }

    void rootlessTraceUsesEarliestSpan()
    {
        TraceStore store;
        store.insert({makeSpan(u"t", u"x", u"gone", u"inventory", u"late", T0 + 5 * Ms, 1 * Ms),
                      makeSpan(u"t", u"y", u"gone", u"payment", u"early", T0 + 1 * Ms, 1 * Ms)});
        const auto s = store.summary(TraceId::fromString(QStringLiteral("t")));
        QCOMPARE(s->rootOperation, QStringLiteral("early"));
        QCOMPARE(s->durationNs, 5 * Ms);
    }

    void largeTraceLinksThroughIdIndex()
    {
        TraceStore store;
        std::vector<Span> spans;
        spans.push_back(makeSpan(u"big", u"root", u"", u"gateway", u"op", T0, 1000 * Ms));
        for (int i = 0; i < 500; ++i)
            spans.push_back(makeSpan(u"big", QStringLiteral("s%1").arg(i), u"root", u"worker",
                                     u"op", T0 + i * Ms, 1 * Ms));
        std::reverse(spans.begin(), spans.end());
        // Children in many batches before the root arrives.
        for (std::size_t i = 0; i < spans.size(); i += 50)
            store.insert({spans.begin() + i, spans.begin() + std::min(spans.size(), i + 50)});
        QCOMPARE(store.dependencies().size(), std::size_t(1));
        QCOMPARE(store.dependencies()[0].callCount, std::uint64_t(500));
        QCOMPARE(store.summary(TraceId::fromString(QStringLiteral("big")))->spanCount, 501);
    }

    // Eviction must take out exactly what insertion put in: after evicting, every figure equals
    // that of a store given only the surviving traces. Traces come in runs of spans sharing an
    // operation, with retried (duplicate) spans, parents that arrive in a later batch and, when
    // large, the hashed id index.
    void evictionMatchesFreshStore_data()
    {
        QTest::addColumn<int>("spansPerTrace");
        QTest::addRow("small traces") << 9;
        QTest::addRow("traces over the id index threshold") << 40;
    }
    void evictionMatchesFreshStore()
    {
        QFETCH(int, spansPerTrace);
        const QString services[] = {QStringLiteral("gateway"), QStringLiteral("api"),
                                    QStringLiteral("db")};
        // Two batches per trace: children first (their parents come later), then the rest
        // and a retry of the first batch's opening spans.
        auto batches = [&](int trace) {
            const QString t = QStringLiteral("t%1").arg(trace);
            std::vector<Span> all;
            all.push_back(makeSpan(t, u"r", u"", services[0], u"in", T0 + trace * Ms, 50 * Ms));
            for (int i = 1; i < spansPerTrace; ++i) {
                const int group = i * 3 / spansPerTrace; // runs of one service/operation
                const QString parent =
                    group == 0 ? QStringLiteral("r") : QStringLiteral("s%1").arg(i / 3);
                all.push_back(makeSpan(t, QStringLiteral("s%1").arg(i), parent, services[group],
                                       QStringLiteral("op%1").arg(group), T0 + (trace + i) * Ms,
                                       (1 + i % 7) * Ms,
                                       i % 5 == 0 ? StatusCode::Error : StatusCode::Ok));
            }
            const auto half = std::ptrdiff_t(all.size() / 2);
            std::vector<Span> late(all.begin() + half, all.end());
            std::vector<Span> early(all.begin(), all.begin() + half);
            early.insert(early.end(), late.begin(), late.begin() + 2); // children of early ones
            late.erase(late.begin(), late.begin() + 2);
            std::vector<Span> second(all.begin(), all.begin() + half); // parents + a retry
            second.insert(second.end(), late.begin(), late.end());
            std::vector<Span> first(early.begin() + half / 2, early.end());
            return std::pair{first, second};
        };
        constexpr int Traces = 12;
        TraceStore store({std::size_t(5 * spansPerTrace), std::size_t(1) << 30});
        for (int t = 0; t < Traces; ++t) {
            auto [first, second] = batches(t);
            store.insert(std::move(first));
            const InsertResult r = store.insert(std::move(second));
            QVERIFY(r.duplicates > 0);
        }
        QVERIFY(store.counters().evictedTraces > 0);
        TraceStore fresh({std::size_t(1) << 30, std::size_t(1) << 30});
        for (int t = 0; t < Traces; ++t) {
            if (!store.contains(TraceId::fromString(QStringLiteral("t%1").arg(t))))
                continue;
            auto [first, second] = batches(t);
            fresh.insert(std::move(first));
            fresh.insert(std::move(second));
        }
        QCOMPARE(store.counters().spans, fresh.counters().spans);
        QCOMPARE(store.counters().bytes, fresh.counters().bytes);
        QCOMPARE(store.services(), fresh.services());
        for (const QString &service : services)
            QCOMPARE(store.operations(service), fresh.operations(service));
        const auto got = store.latency();
        const auto want = fresh.latency();
        QCOMPARE(got.operations.size(), want.operations.size());
        for (std::size_t i = 0; i < got.operations.size(); ++i) {
            const auto &a = got.operations[i];
            const auto &b = want.operations[i];
            QCOMPARE(a.service + a.operation, b.service + b.operation);
            QCOMPARE(a.stats.count, b.stats.count);
            QCOMPARE(a.stats.errors, b.stats.errors);
            QCOMPARE(a.stats.roots, b.stats.roots);
            QVERIFY(a.stats.sketch == b.stats.sketch);
        }
        const auto edges = store.dependencies();
        const auto wantEdges = fresh.dependencies();
        QVERIFY(!edges.empty());
        QCOMPARE(edges.size(), wantEdges.size());
        for (std::size_t i = 0; i < edges.size(); ++i) {
            QCOMPARE(edges[i].parent + u'>' + edges[i].child,
                     wantEdges[i].parent + u'>' + wantEdges[i].child);
            QCOMPARE(edges[i].callCount, wantEdges[i].callCount);
            QCOMPARE(edges[i].errorCount, wantEdges[i].errorCount);
            QVERIFY(edges[i].latency == wantEdges[i].latency);
        }
    }

    // A trace's byte accounting must not depend on how its spans were batched: one span per
    // insert grows the service and operation lists one value at a time, one batch in a single
    // step that must end with the same capacities.
    void bytesDoNotDependOnBatching_data()
    {
        QTest::addColumn<int>("serviceCount");
        QTest::addRow("a few services") << 3;
        QTest::addRow("more services than gathered at once") << 21;
        QTest::addRow("exactly a power of two") << 16;
    }
    void bytesDoNotDependOnBatching()
    {
        QFETCH(int, serviceCount);
        std::vector<Span> spans;
        spans.push_back(makeSpan(u"b", u"r", u"", u"svc0", u"op", T0, 10 * Ms));
        for (int i = 1; i < 2 * serviceCount; ++i) {
            const int service = (i * 5) % serviceCount; // unsorted arrival
            spans.push_back(makeSpan(u"b", QStringLiteral("s%1").arg(i), u"r",
                                     QStringLiteral("svc%1").arg(service),
                                     QStringLiteral("op%1").arg(i % 3), T0 + i * Ms, 1 * Ms));
        }
        TraceStore oneByOne;
        for (const Span &s : spans)
            oneByOne.insert(std::vector<Span>{s});
        TraceStore batched;
        batched.insert(std::vector<Span>(spans));
        QCOMPARE(batched.counters().bytes, oneByOne.counters().bytes);
        const auto summary = batched.summary(TraceId::fromString(QStringLiteral("b")));
        QCOMPARE(summary->services.size(), serviceCount);
        const auto single = oneByOne.summary(TraceId::fromString(QStringLiteral("b")));
        QCOMPARE(summary->services, single->services);
        QCOMPARE(batched.operations(QStringLiteral("svc1")),
                 oneByOne.operations(QStringLiteral("svc1")));
        TraceQuery query;
        query.service = QStringLiteral("svc%1").arg(serviceCount - 1);
        query.operation = QStringLiteral("op1");
        QCOMPARE(batched.query(query).total, oneByOne.query(query).total);
    }

    void oneLargeBatchStaysLinear()
    {
        // 100k spans of one trace in one batch (a file import): the id index is built while
        // inserting, so parents and duplicates are found by hash, not by scanning.
        TraceStore store;
        std::vector<Span> spans;
        for (int i = 0; i < 100'000; ++i)
            spans.push_back(makeSpan(u"huge", QStringLiteral("s%1").arg(i),
                                     i ? QStringLiteral("s%1").arg((i - 1) / 2) : QString(), u"svc",
                                     u"op", T0 + i * Ms, 1 * Ms));
        QCOMPARE(store.insert(std::move(spans)).inserted, 100'000);
        QCOMPARE(store.summary(TraceId::fromString(QStringLiteral("huge")))->spanCount, 100'000);
    }

    void parseHelpers_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ns");
        QTest::addRow("ms") << QStringLiteral("250ms") << 250 * Ms;
        QTest::addRow("seconds fraction") << QStringLiteral("1.5s") << 1500 * Ms;
        QTest::addRow("micro") << QStringLiteral("42us") << qint64(42'000);
        QTest::addRow("nano") << QStringLiteral("100ns") << qint64(100);
        QTest::addRow("minutes") << QStringLiteral("2m") << 120'000 * Ms;
        QTest::addRow("bare number is ms") << QStringLiteral("7") << 7 * Ms;
        QTest::addRow("spaces") << QStringLiteral(" 3 ms ") << 3 * Ms;
        QTest::addRow("garbage") << QStringLiteral("fast") << qint64(-1);
        QTest::addRow("negative") << QStringLiteral("-5ms") << qint64(-1);
    }
    void parseHelpers()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ns);
        const auto parsed = parseDurationNs(text);
        if (ns < 0)
            QVERIFY(!parsed);
        else
            QCOMPARE(parsed.value_or(-1), ns);
    }

    void tagFilterParsing()
    {
        QString error;
        QVERIFY(!TagFilter::parse(u"=x", &error));
        QVERIFY(error.contains(u"no key"));
        QVERIFY(!TagFilter::parse(u"k=~(", &error));
        QVERIFY(error.contains(u"regular expression"));
        const auto url = TagFilter::parse(u"http.url:http://h/?a=b");
        QCOMPARE(url->key, QStringLiteral("http.url"));
        QCOMPARE(url->value, QStringLiteral("http://h/?a=b"));
        QCOMPARE(TagFilter::parse(u"k!=v")->op, TagFilter::Op::NotEquals);
        QCOMPARE(TagFilter::parse(u"k")->op, TagFilter::Op::Exists);
        QCOMPARE(traceSortFromName(u"most_spans"), std::optional(TraceSort::MostSpans));
        QVERIFY(!traceSortFromName(u"random"));
    }
};

QTEST_GUILESS_MAIN(TstTraceStore)
#include "tst_tracestore.moc"
