// SPDX-License-Identifier: MIT
#include "assembledtrace.h"
#include "coretestsupport.h"
#include "servicegraphdata.h"
#include "tracestore.h"

#include <QTest>

using namespace traceflow;
using namespace traceflow::CoreTestSupport;

namespace {
constexpr qint64 Ms = 1'000'000;
constexpr qint64 Minute = 60'000 * Ms;
constexpr qint64 T0 = 1'710'000'000'000 * Ms - (1'710'000'000'000 * Ms) % Minute;

// frontend -> checkout -> {inventory, payment}; checkout also works inside itself (a
// same-service child, which is no request).
std::vector<Span> shop(int trace, qint64 at, bool paymentFails = false)
{
    const QString t = QStringLiteral("t%1").arg(trace);
    return {makeSpan(t, "a", "", "frontend", "op", at, 100 * Ms),
            makeSpan(t, "b", "a", "checkout", "op", at + Ms, 80 * Ms),
            makeSpan(t, "c", "b", "checkout", "op", at + 2 * Ms, 10 * Ms),
            makeSpan(t, "d", "c", "inventory", "op", at + 3 * Ms, 5 * Ms),
            makeSpan(t, "e", "b", "payment", "op", at + 20 * Ms, 40 * Ms,
                     paymentFails ? StatusCode::Error : StatusCode::Ok)};
}

QStringList describe(const ServiceGraphData &g)
{
    QStringList out;
    for (const ServiceNodeStats &n : g.nodes)
        out << QStringLiteral("%1 %2/%3").arg(n.service).arg(n.requests).arg(n.errors);
    for (const ServiceCallStats &c : g.calls)
        out << QStringLiteral("%1->%2 %3/%4").arg(c.parent, c.child).arg(c.calls).arg(c.errors);
    return out;
}

QStringList sortedIds(const QueryResult &r)
{
    QStringList out = ids(r);
    out.sort();
    return out;
}
} // namespace

class TstServiceGraphData : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void storeGraphCountsRequestsAndCalls();
    void timeWindow_data();
    void timeWindow();
    void evictionTakesCallsBack();
    void emptyMinutesAreDropped();
    void singleTrace();
    void callFilter_data();
    void callFilter();
};

void TstServiceGraphData::storeGraphCountsRequestsAndCalls()
{
    TraceStore store;
    store.insert(shop(1, T0));
    store.insert(shop(2, T0 + Ms, true));
    const ServiceGraphData g = store.serviceGraph(std::nullopt, std::nullopt);
    QCOMPARE(describe(g), (QStringList{QStringLiteral("checkout 2/0"), QStringLiteral("frontend 2/0"),
                                       QStringLiteral("inventory 2/0"), QStringLiteral("payment 2/1"),
                                       QStringLiteral("checkout->inventory 2/0"),
                                       QStringLiteral("checkout->payment 2/1"),
                                       QStringLiteral("frontend->checkout 2/0")}));
    QCOMPARE(g.nodes[size_t(g.nodeIndex(QStringLiteral("payment")))].errorRate(), 0.5);
    QVERIFY(std::abs(g.calls[1].p95Ms - 40) < 0.5);
    // The entries stay out of the old dependency list.
    QCOMPARE(store.dependencies().size(), std::size_t(3));
}

void TstServiceGraphData::timeWindow_data()
{
    QTest::addColumn<std::optional<qint64>>("from");
    QTest::addColumn<std::optional<qint64>>("to");
    QTest::addColumn<int>("frontendRequests");
    QTest::addRow("everything") << std::optional<qint64>() << std::optional<qint64>() << 3;
    QTest::addRow("first minute") << std::optional<qint64>(T0) << std::optional<qint64>(T0 + 59'000 * Ms) << 1;
    QTest::addRow("from the second minute on") << std::optional<qint64>(T0 + Minute + 5 * Ms)
                                               << std::optional<qint64>() << 2;
    QTest::addRow("up to the second minute") << std::optional<qint64>()
                                             << std::optional<qint64>(T0 + Minute + 1) << 2;
    QTest::addRow("empty range") << std::optional<qint64>(T0 + 10 * Minute)
                                 << std::optional<qint64>(T0 + 11 * Minute) << 0;
}

void TstServiceGraphData::timeWindow()
{
    QFETCH(std::optional<qint64>, from);
    QFETCH(std::optional<qint64>, to);
    QFETCH(int, frontendRequests);
    TraceStore store;
    store.insert(shop(1, T0 + 10 * Ms));
    store.insert(shop(2, T0 + Minute + 10 * Ms));
    store.insert(shop(3, T0 + 2 * Minute + 10 * Ms));
    const ServiceGraphData g = store.serviceGraph(from, to);
    const int i = g.nodeIndex(QStringLiteral("frontend"));
    QCOMPARE(i >= 0 ? int(g.nodes[std::size_t(i)].requests) : 0, frontendRequests);
    QCOMPARE(g.calls.size(), std::size_t(frontendRequests ? 3 : 0));
}

void TstServiceGraphData::evictionTakesCallsBack()
{
    TraceStore store;
    store.insert(shop(1, T0));
    store.insert(shop(2, T0 + Minute, true));
    QVERIFY(store.removeTrace(TraceId::fromString(QStringLiteral("t2"))));
    QCOMPARE(describe(store.serviceGraph(T0 + Minute, std::nullopt)), QStringList());
    const ServiceGraphData all = store.serviceGraph(std::nullopt, std::nullopt);
    QCOMPARE(all.nodes[size_t(all.nodeIndex(QStringLiteral("payment")))].errors, 0u);
    store.clear();
    QVERIFY(store.serviceGraph(std::nullopt, std::nullopt).isEmpty());
}

void TstServiceGraphData::emptyMinutesAreDropped()
{
    StringPool &pool = StringPool::instance();
    const StringPool::Id a = pool.intern(QStringLiteral("a"));
    const StringPool::Id b = pool.intern(QStringLiteral("b"));
    ServiceGraph graph;
    graph.addCall(0, a, 5 * Ms, false, T0);
    graph.addCall(a, b, 3 * Ms, true, T0 + 2 * Ms);
    graph.addCall(a, b, 4 * Ms, false, T0 + Minute);
    graph.addCall(a, b, 4 * Ms, false, -30'000 * Ms); // a clock before 1970
    QCOMPARE(graph.bucketCount(), std::size_t(3));
    QCOMPARE(graph.calls(T0, T0 + 1).size(), std::size_t(2)); // the entry and a -> b
    QCOMPARE(graph.calls(T0, T0 + 1)[1].errorCount, 1u);
    QCOMPARE(graph.calls(-Minute, -1).size(), std::size_t(1));
    graph.removeCall(a, b, 4 * Ms, false, T0 + Minute);
    graph.removeCall(a, b, 4 * Ms, false, -30'000 * Ms);
    graph.removeCall(a, b, 99 * Ms, false, T0); // never added: ignored
    QCOMPARE(graph.bucketCount(), std::size_t(1));
    graph.removeCall(0, a, 5 * Ms, false, T0);
    graph.removeCall(a, b, 3 * Ms, true, T0 + 2 * Ms);
    QCOMPARE(graph.bucketCount(), std::size_t(0));
    QVERIFY(graph.calls(std::nullopt, std::nullopt).empty());
}

void TstServiceGraphData::singleTrace()
{
    std::vector<Span> spans = shop(1, T0, true);
    spans.push_back(makeSpan("t1", "f", "b", "payment", "op", T0 + 70 * Ms, 20 * Ms)); // a retry
    // Its parent never came.
    spans.push_back(makeSpan("t1", "g", "zz", "audit", "op", T0 + 90 * Ms, 1 * Ms));
    const ServiceGraphData g = ServiceGraphData::fromTrace(AssembledTrace::assemble(spans));
    QCOMPARE(describe(g), (QStringList{QStringLiteral("audit 1/0"), QStringLiteral("checkout 1/0"),
                                       QStringLiteral("frontend 1/0"), QStringLiteral("inventory 1/0"),
                                       QStringLiteral("payment 2/1"),
                                       QStringLiteral("checkout->inventory 1/0"),
                                       QStringLiteral("checkout->payment 2/1"),
                                       QStringLiteral("frontend->checkout 1/0")}));
    QVERIFY(ServiceGraphData::fromTrace(AssembledTrace::assemble({})).isEmpty());
}

void TstServiceGraphData::callFilter_data()
{
    QTest::addColumn<QString>("parent");
    QTest::addColumn<QString>("child");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("direct call") << QStringLiteral("checkout") << QStringLiteral("payment") << QStringList{QStringLiteral("t1"), QStringLiteral("t2")};
    QTest::addRow("only in one trace") << QStringLiteral("frontend") << QStringLiteral("payment") << QStringList{QStringLiteral("t3")};
    // checkout -> checkout -> inventory: inventory's parent span is of checkout.
    QTest::addRow("through an internal span") << QStringLiteral("checkout") << QStringLiteral("inventory") << QStringList{QStringLiteral("t1"), QStringLiteral("t2")};
    QTest::addRow("reverse direction") << QStringLiteral("payment") << QStringLiteral("checkout") << QStringList{};
    QTest::addRow("siblings, never calling") << QStringLiteral("payment") << QStringLiteral("inventory") << QStringList{};
    QTest::addRow("unknown service") << QStringLiteral("frontend") << QStringLiteral("nowhere") << QStringList{};
}

void TstServiceGraphData::callFilter()
{
    QFETCH(QString, parent);
    QFETCH(QString, child);
    QFETCH(QStringList, expected);
    TraceStore store;
    store.insert(shop(1, T0));
    store.insert(shop(2, T0 + Ms));
    store.insert({makeSpan("t3", "a", "", "frontend", "op", T0, 50 * Ms),
                  makeSpan("t3", "b", "a", "payment", "op", T0, 9 * Ms),
                  makeSpan("t3", "c", "a", "inventory", "op", T0 + Ms, 9 * Ms)});
    TraceQuery q;
    q.limit = 0;
    q.call = CallFilter{parent, child};
    QStringList expectedIds;
    for (const QString &name : std::as_const(expected))
        expectedIds << TraceId::fromString(name).toString();
    expectedIds.sort();
    QCOMPARE(sortedIds(store.query(q)), expectedIds);
    // Combined with the other conditions.
    q.status = StatusFilter::Error;
    QCOMPARE(sortedIds(store.query(q)), QStringList());
}

QTEST_GUILESS_MAIN(TstServiceGraphData)
#include "tst_servicegraphdata.moc"
