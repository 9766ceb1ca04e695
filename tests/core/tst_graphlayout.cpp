// SPDX-License-Identifier: MIT
#include "coretestsupport.h"
#include "graphlayout.h"
#include "layeredgraph.h"

#include <QElapsedTimer>
#include <QTest>

using namespace traceflow;
using traceflow::CoreTestSupport::serviceMesh;

using EdgeList = std::vector<std::pair<int, int>>;
Q_DECLARE_METATYPE(EdgeList)

namespace {
std::vector<QSizeF> boxes(int n, QSizeF size = QSizeF(150, 56))
{
    return std::vector<QSizeF>(static_cast<std::size_t>(n), size);
}

bool anyOverlap(const std::vector<QRectF> &rects)
{
    for (std::size_t i = 0; i < rects.size(); ++i) {
        for (std::size_t j = i + 1; j < rects.size(); ++j) {
            if (rects[i].intersects(rects[j]))
                return true;
        }
    }
    return false;
}
} // namespace

class TstGraphLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void chainRunsLeftToRight();
    void callersLeftOfCallees_data();
    void callersLeftOfCallees();
    void noOverlappingNodes_data();
    void noOverlappingNodes();
    void cyclesTerminate_data();
    void cyclesTerminate();
    void routesJoinTheirNodes();
    void orderingRemovesAvoidableCrossings();
    void largeGraphLaysOutQuickly();
    void deterministic();
    void hitTesting();
    void emptyAndBadInput();
};

void TstGraphLayout::chainRunsLeftToRight()
{
    const GraphLayout layout = GraphLayout::compute(boxes(4), {{0, 1}, {1, 2}, {2, 3}});
    QCOMPARE(layout.layers, (std::vector<int>{0, 1, 2, 3}));
    for (int i = 1; i < 4; ++i) {
        QVERIFY(layout.nodes[std::size_t(i)].left() > layout.nodes[std::size_t(i - 1)].right());
        // A chain is drawn straight.
        QCOMPARE(layout.nodes[std::size_t(i)].center().y(), layout.nodes[0].center().y());
    }
    QCOMPARE(layout.edges.size(), std::size_t(3));
    QVERIFY(!layout.edges[0].reversed);
}

void TstGraphLayout::callersLeftOfCallees_data()
{
    QTest::addColumn<int>("nodes");
    QTest::addColumn<EdgeList>("edges");
    QTest::addRow("diamond") << 4 << EdgeList{{0, 1}, {0, 2}, {1, 3}, {2, 3}};
    QTest::addRow("skip a tier") << 4 << EdgeList{{0, 1}, {1, 2}, {2, 3}, {0, 3}};
    QTest::addRow("two entry services") << 5 << EdgeList{{0, 2}, {1, 2}, {2, 3}, {1, 4}};
    QTest::addRow("edges listed backwards") << 4 << EdgeList{{2, 3}, {1, 2}, {0, 1}};
    QTest::addRow("mesh of 60") << 60 << serviceMesh(60, 7);
}

void TstGraphLayout::callersLeftOfCallees()
{
    QFETCH(int, nodes);
    QFETCH(EdgeList, edges);
    const GraphLayout layout = GraphLayout::compute(boxes(nodes), edges);
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const auto [from, to] = edges[i];
        const EdgeRoute &r = layout.edges[i];
        const QRectF &caller = layout.nodes[std::size_t(from)];
        const QRectF &callee = layout.nodes[std::size_t(to)];
        if (r.reversed) {
            QVERIFY(caller.left() > callee.right());
        } else {
            QVERIFY2(caller.right() < callee.left(),
                     qPrintable(QStringLiteral("edge %1 -> %2").arg(from).arg(to)));
            QVERIFY(layout.layers[std::size_t(from)] < layout.layers[std::size_t(to)]);
        }
    }
    // Only real cycles are drawn backwards.
    if (QByteArray(QTest::currentDataTag()) != "mesh of 60") {
        for (const EdgeRoute &r : layout.edges)
            QVERIFY(!r.reversed);
    }
}

void TstGraphLayout::noOverlappingNodes_data()
{
    QTest::addColumn<int>("nodes");
    QTest::addColumn<EdgeList>("edges");
    QTest::addRow("fan out of 12") << 13 << [] {
        EdgeList e;
        for (int i = 1; i <= 12; ++i)
            e.emplace_back(0, i);
        return e;
    }();
    QTest::addRow("fan in of 12") << 13 << [] {
        EdgeList e;
        for (int i = 1; i <= 12; ++i)
            e.emplace_back(i, 0);
        return e;
    }();
    QTest::addRow("isolated nodes") << 6 << EdgeList{};
    QTest::addRow("mesh of 120") << 120 << serviceMesh(120, 3);
}

void TstGraphLayout::noOverlappingNodes()
{
    QFETCH(int, nodes);
    QFETCH(EdgeList, edges);
    std::vector<QSizeF> sizes = boxes(nodes);
    for (std::size_t i = 0; i < sizes.size(); i += 3)
        sizes[i] = QSizeF(210, 70); // mixed sizes
    const GraphLayout layout = GraphLayout::compute(sizes, edges);
    QCOMPARE(layout.nodes.size(), sizes.size());
    QVERIFY(!anyOverlap(layout.nodes));
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        QCOMPARE(layout.nodes[i].size(), sizes[i]);
        QVERIFY(layout.bounds.contains(layout.nodes[i]));
    }
}

void TstGraphLayout::cyclesTerminate_data()
{
    QTest::addColumn<int>("nodes");
    QTest::addColumn<EdgeList>("edges");
    QTest::addColumn<int>("reversedEdges");
    QTest::addRow("two services calling each other") << 2 << EdgeList{{0, 1}, {1, 0}} << 1;
    QTest::addRow("triangle") << 3 << EdgeList{{0, 1}, {1, 2}, {2, 0}} << 1;
    QTest::addRow("self-loop") << 2 << EdgeList{{0, 0}, {0, 1}} << 0;
    QTest::addRow("cycle without an entry") << 4 << EdgeList{{1, 2}, {2, 3}, {3, 1}, {0, 0}} << 1;
    QTest::addRow("every pair both ways") << 5 << [] {
        EdgeList e;
        for (int a = 0; a < 5; ++a) {
            for (int b = 0; b < 5; ++b)
                e.emplace_back(a, b);
        }
        return e;
    }() << 10;
}

void TstGraphLayout::cyclesTerminate()
{
    QFETCH(int, nodes);
    QFETCH(EdgeList, edges);
    QFETCH(int, reversedEdges);
    const GraphLayout layout = GraphLayout::compute(boxes(nodes), edges);
    QCOMPARE(layout.nodes.size(), std::size_t(nodes));
    QVERIFY(!anyOverlap(layout.nodes));
    int reversed = 0;
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const EdgeRoute &r = layout.edges[i];
        QVERIFY(r.points.size() >= 2);
        QCOMPARE(r.selfLoop, edges[i].first == edges[i].second);
        reversed += r.reversed ? 1 : 0;
    }
    QCOMPARE(reversed, reversedEdges);
}

void TstGraphLayout::routesJoinTheirNodes()
{
    // 0 -> 2 spans two layers and passes a dummy point; 3 -> 1 closes a cycle.
    const EdgeList edges{{0, 1}, {1, 2}, {0, 2}, {2, 3}, {3, 1}};
    const GraphLayout layout = GraphLayout::compute(boxes(4), edges);
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const EdgeRoute &r = layout.edges[i];
        const QRectF &from = layout.nodes[std::size_t(edges[i].first)];
        const QRectF &to = layout.nodes[std::size_t(edges[i].second)];
        const QPointF start = r.points.front();
        const QPointF end = r.points.back();
        QCOMPARE(start.x(), r.reversed ? from.left() : from.right());
        QCOMPARE(end.x(), r.reversed ? to.right() : to.left());
        QVERIFY(start.y() >= from.top() && start.y() <= from.bottom());
        QVERIFY(end.y() >= to.top() && end.y() <= to.bottom());
        QCOMPARE(GraphLayout::curve(r).size(), 3 * (r.points.size() - 1) + 1);
    }
    QCOMPARE(layout.edges[2].points.size(), std::size_t(3)); // through one dummy
    QVERIFY(layout.edges[4].reversed);
}

void TstGraphLayout::orderingRemovesAvoidableCrossings()
{
    // Two independent pairs listed crosswise: 0 -> 3, 1 -> 2 cross in index order.
    const LayeredGraph g = LayeredGraph::build(4, {{0, 3}, {1, 2}});
    QCOMPARE(g.crossings, 0);
    // K(3,3) cannot be drawn without crossings; the sweeps must still stop.
    EdgeList k33;
    for (int a = 0; a < 3; ++a) {
        for (int b = 3; b < 6; ++b)
            k33.emplace_back(a, b);
    }
    const LayeredGraph k = LayeredGraph::build(6, k33);
    QVERIFY(k.crossings > 0);
}

void TstGraphLayout::largeGraphLaysOutQuickly()
{
    const EdgeList edges = serviceMesh(200, 11);
    QElapsedTimer timer;
    timer.start();
    const GraphLayout layout = GraphLayout::compute(boxes(200), edges);
    const qint64 ms = timer.elapsed();
    qInfo("200 services, %zu calls: %lld ms, %d crossings", edges.size(), ms, layout.crossings);
    QCOMPARE(layout.nodes.size(), std::size_t(200));
    QVERIFY(!anyOverlap(layout.nodes));
}

void TstGraphLayout::deterministic()
{
    const EdgeList edges = serviceMesh(80, 5);
    const GraphLayout a = GraphLayout::compute(boxes(80), edges);
    const GraphLayout b = GraphLayout::compute(boxes(80), edges);
    QCOMPARE(a.nodes, b.nodes);
    QCOMPARE(a.bounds, b.bounds);
    for (std::size_t i = 0; i < edges.size(); ++i)
        QCOMPARE(a.edges[i].points, b.edges[i].points);
}

void TstGraphLayout::hitTesting()
{
    const GraphLayout layout = GraphLayout::compute(boxes(3), {{0, 1}, {1, 2}});
    QCOMPARE(layout.nodeAt(layout.nodes[1].center()), 1);
    QCOMPARE(layout.nodeAt(layout.bounds.bottomRight() + QPointF(50, 50)), -1);
    const QPointF between = (layout.nodes[0].center() + layout.nodes[1].center()) / 2;
    QCOMPARE(layout.edgeAt(between, 4), 0);
    QCOMPARE(layout.edgeAt(between + QPointF(0, 60), 4), -1);
}

void TstGraphLayout::emptyAndBadInput()
{
    const GraphLayout empty = GraphLayout::compute({}, {});
    QVERIFY(empty.nodes.empty());
    QVERIFY(empty.bounds.isNull());
    const GraphLayout bad = GraphLayout::compute(boxes(2), {{0, 7}, {-1, 1}, {0, 1}});
    QVERIFY(bad.edges[0].points.empty());
    QVERIFY(bad.edges[1].points.empty());
    QCOMPARE(bad.edges[2].points.size(), std::size_t(2));
}

QTEST_GUILESS_MAIN(TstGraphLayout)
#include "tst_graphlayout.moc"
