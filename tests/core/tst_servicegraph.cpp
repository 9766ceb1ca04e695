// SPDX-License-Identifier: MIT
#include "servicegraph.h"
#include "stringpool.h"

#include <QTest>

#include <cmath>

using namespace traceflow;

namespace {

constexpr qint64 Ms = 1'000'000;

struct Call
{
    const char *parent;
    const char *child;
    qint64 durationNs;
    bool error;
};

// Interned in an order that differs from the sorted order on purpose.
const std::vector<Call> Calls = {
    {"frontend", "payment", 40 * Ms, false}, // 0
    {"frontend", "checkout", 100 * Ms, false}, // 1
    {"checkout", "payment", 30 * Ms, true},  // 2
    {"frontend", "checkout", 200 * Ms, true}, // 3
    {"checkout", "payment", 60 * Ms, false}, // 4
    {"frontend", "checkout", 300 * Ms, false}, // 5
};

StringPool::Id id(const char *name)
{
    return StringPool::instance().intern(std::string_view(name));
}

void apply(ServiceGraph &graph, const Call &c, bool adding)
{
    if (adding)
        graph.addCall(id(c.parent), id(c.child), c.durationNs, c.error);
    else
        graph.removeCall(id(c.parent), id(c.child), c.durationNs, c.error);
}

ServiceGraph graphOf(const QList<int> &calls)
{
    ServiceGraph graph;
    for (int i : calls)
        apply(graph, Calls[std::size_t(i)], true);
    return graph;
}

QStringList describe(const std::vector<ServiceEdge> &edges)
{
    QStringList out;
    for (const ServiceEdge &e : edges) {
        out << e.parent + QLatin1String("->") + e.child + QLatin1Char(' ')
                + QString::number(e.callCount) + QLatin1Char('/') + QString::number(e.errorCount);
    }
    return out;
}

} // namespace

class TstServiceGraph : public QObject
{
    Q_OBJECT

private slots:
    void edges_data()
    {
        QTest::addColumn<QList<int>>("added");
        QTest::addColumn<QList<int>>("removed");
        QTest::addColumn<QStringList>("expected"); // "parent->child calls/errors", sorted
        const QList<int> all{0, 1, 2, 3, 4, 5};
        QTest::addRow("empty") << QList<int>{} << QList<int>{} << QStringList{};
        QTest::addRow("all calls, sorted by parent then child")
            << all << QList<int>{}
            << QStringList{QStringLiteral("checkout->payment 2/1"),
                           QStringLiteral("frontend->checkout 3/1"),
                           QStringLiteral("frontend->payment 1/0")};
        QTest::addRow("edge erased when its last call goes")
            << all << QList<int>{0}
            << QStringList{QStringLiteral("checkout->payment 2/1"),
                           QStringLiteral("frontend->checkout 3/1")};
        QTest::addRow("error call removed")
            << all << QList<int>{2, 3}
            << QStringList{QStringLiteral("checkout->payment 1/0"),
                           QStringLiteral("frontend->checkout 2/0"),
                           QStringLiteral("frontend->payment 1/0")};
        QTest::addRow("everything removed") << all << all << QStringList{};
        QTest::addRow("removing calls never added is ignored")
            << QList<int>{1} << QList<int>{0, 3, 5}
            << QStringList{QStringLiteral("frontend->checkout 1/0")};
    }
    void edges()
    {
        QFETCH(QList<int>, added);
        QFETCH(QList<int>, removed);
        QFETCH(QStringList, expected);
        ServiceGraph graph = graphOf(added);
        for (int i : removed)
            apply(graph, Calls[std::size_t(i)], false);
        const std::vector<ServiceEdge> edges = graph.edges();
        QCOMPARE(describe(edges), expected);
        for (const ServiceEdge &e : edges)
            QCOMPARE(e.latency.count(), e.callCount);
    }

    void latencyFollowsCalls()
    {
        ServiceGraph graph = graphOf({0, 1, 2, 3, 4, 5});
        auto edges = graph.edges();
        QCOMPARE(edges.size(), std::size_t(3));
        const ServiceEdge &frontendCheckout = edges[1];
        QCOMPARE(frontendCheckout.child, QStringLiteral("checkout"));
        // DDSketch's rank rule: p95 of {100, 200, 300} ms is rank 1.9, i.e. the 200 ms value.
        QVERIFY(std::abs(frontendCheckout.p95Ms() - 200.0) <= 2.0);
        QVERIFY(std::abs(frontendCheckout.latency.max() / 1e6 - 300.0) <= 3.0);
        apply(graph, Calls[3], false);
        edges = graph.edges();
        QCOMPARE(edges[1].errorCount, std::uint64_t(0));
        QVERIFY(std::abs(edges[1].p95Ms() - 100.0) <= 1.0); // {100, 300}: rank 0.95
        graph.clear();
        QVERIFY(graph.edges().empty());
    }

    void selfCallsAndZeroDurations()
    {
        ServiceGraph graph;
        const StringPool::Id worker = id("worker");
        graph.addCall(worker, worker, 0, false);
        graph.addCall(worker, worker, 0, true);
        auto edges = graph.edges();
        QCOMPARE(edges.size(), std::size_t(1));
        QCOMPARE(edges[0].parent, edges[0].child);
        QCOMPARE(edges[0].p95Ms(), 0.0);
        graph.removeCall(worker, worker, 0, true);
        graph.removeCall(worker, worker, 0, true); // no error call left: ignored
        edges = graph.edges();
        QCOMPARE(edges.size(), std::size_t(1));
        QCOMPARE(edges[0].callCount, std::uint64_t(1));
        QCOMPARE(edges[0].errorCount, std::uint64_t(0));
    }
};

QTEST_GUILESS_MAIN(TstServiceGraph)
#include "tst_servicegraph.moc"
