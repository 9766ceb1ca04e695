// SPDX-License-Identifier: MIT
#include "assembledtrace.h"
#include "waterfallrows.h"

#include <QTest>

using namespace traceflow;

namespace {

//  0 root          8 root2
//    1 a             9 d
//      2 a1
//      3 a2
//        4 a2x
//    5 b
//      6 b1
//    7 c
const std::vector<int> Tree = {-1, 0, 1, 1, 3, 0, 5, 0, -1, 8};

QString rows(const WaterfallRows &r)
{
    QStringList out;
    for (int row = 0; row < r.rowCount(); ++row)
        out << QString::number(r.spanAt(row));
    return out.join(u' ');
}

// Applies space-separated operations: c<n> collapse, e<n> expand, t<n> toggle, r<n> reveal,
// C collapse all, E expand all, o expand one level, p collapse one level. Returns whether
// the last operation reported a change (collapseAll and expandAll report true).
bool apply(WaterfallRows &r, const QString &ops)
{
    bool changed = false;
    for (const QString &op : ops.split(u' ', Qt::SkipEmptyParts)) {
        const int n = op.mid(1).toInt();
        switch (op.at(0).unicode()) {
        case 'c': changed = r.setCollapsed(n, true); break;
        case 'e': changed = r.setCollapsed(n, false); break;
        case 't': changed = r.toggle(n); break;
        case 'r': changed = r.reveal(n); break;
        case 'C': r.collapseAll(); changed = true; break;
        case 'E': r.expandAll(); changed = true; break;
        case 'o': changed = r.expandOneLevel(); break;
        case 'p': changed = r.collapseOneLevel(); break;
        default: qFatal("unknown operation");
        }
    }
    return changed;
}

// spanAt and rowOf must be inverse of each other, and hidden spans must sit under a
// collapsed ancestor.
QString consistencyProblem(const WaterfallRows &r)
{
    for (int row = 0; row < r.rowCount(); ++row) {
        if (r.rowOf(r.spanAt(row)) != row)
            return QStringLiteral("rowOf(spanAt(%1)) != %1").arg(row);
    }
    for (int span = 0; span < r.spanCount(); ++span) {
        bool hiddenByAncestor = false;
        for (int p = r.parentOf(span); p >= 0; p = r.parentOf(p))
            hiddenByAncestor = hiddenByAncestor || r.isCollapsed(p);
        if ((r.rowOf(span) < 0) != hiddenByAncestor)
            return QStringLiteral("span %1 shown/hidden wrongly").arg(span);
    }
    return {};
}

} // namespace

class TstWaterfallRows : public QObject
{
    Q_OBJECT

private slots:
    void structure()
    {
        const WaterfallRows r(Tree);
        QCOMPARE(r.spanCount(), 10);
        QCOMPARE(r.rowCount(), 10);
        QCOMPARE(r.depth(4), 3);
        QCOMPARE(r.depth(8), 0);
        QCOMPARE(r.subtreeEnd(0), 8);
        QCOMPARE(r.subtreeEnd(1), 5);
        QCOMPARE(r.descendantCount(1), 3);
        QCOMPARE(r.descendantCount(9), 0);
        QVERIFY(r.hasChildren(3));
        QVERIFY(!r.hasChildren(4));
        QCOMPARE(r.spanAt(-1), -1);
        QCOMPARE(r.spanAt(10), -1);
        QCOMPARE(r.rowOf(10), -1);
    }

    void operations_data()
    {
        QTest::addColumn<QString>("ops");
        QTest::addColumn<QString>("rows");
        QTest::addColumn<bool>("changed");
        QTest::addRow("nothing collapsed") << QString() << QStringLiteral("0 1 2 3 4 5 6 7 8 9") << false;
        QTest::addRow("collapse a subtree") << QStringLiteral("c1") << QStringLiteral("0 1 5 6 7 8 9") << true;
        QTest::addRow("collapse a nested subtree") << QStringLiteral("c3") << QStringLiteral("0 1 2 3 5 6 7 8 9") << true;
        QTest::addRow("collapse a leaf does nothing") << QStringLiteral("c2") << QStringLiteral("0 1 2 3 4 5 6 7 8 9") << false;
        QTest::addRow("collapse twice reports no change") << QStringLiteral("c1 c1") << QStringLiteral("0 1 5 6 7 8 9") << false;
        QTest::addRow("collapse a root") << QStringLiteral("c0") << QStringLiteral("0 8 9") << true;
        QTest::addRow("expand keeps inner collapsed flags") << QStringLiteral("c3 c1 e1") << QStringLiteral("0 1 2 3 5 6 7 8 9") << true;
        QTest::addRow("collapse under a collapsed ancestor") << QStringLiteral("c0 c3") << QStringLiteral("0 8 9") << true;
        QTest::addRow("it shows once the ancestor opens") << QStringLiteral("c0 c3 e0") << QStringLiteral("0 1 2 3 5 6 7 8 9") << true;
        QTest::addRow("toggle twice") << QStringLiteral("t1 t1") << QStringLiteral("0 1 2 3 4 5 6 7 8 9") << true;
        QTest::addRow("collapse all leaves the roots") << QStringLiteral("C") << QStringLiteral("0 8") << true;
        QTest::addRow("expand all") << QStringLiteral("C E") << QStringLiteral("0 1 2 3 4 5 6 7 8 9") << true;
        QTest::addRow("expand one level") << QStringLiteral("C o") << QStringLiteral("0 1 5 7 8 9") << true;
        QTest::addRow("expand two levels") << QStringLiteral("C o o") << QStringLiteral("0 1 2 3 5 6 7 8 9") << true;
        QTest::addRow("expand one level when all open") << QStringLiteral("o") << QStringLiteral("0 1 2 3 4 5 6 7 8 9") << false;
        QTest::addRow("collapse one level takes the deepest open parents")
            << QStringLiteral("p") << QStringLiteral("0 1 2 3 5 7 8") << true;
        QTest::addRow("collapse two levels") << QStringLiteral("p p") << QStringLiteral("0 1 5 7 8") << true;
        QTest::addRow("collapse one level down to the roots") << QStringLiteral("p p p p") << QStringLiteral("0 8") << false;
        QTest::addRow("reveal opens the ancestors only") << QStringLiteral("C r4") << QStringLiteral("0 1 2 3 4 5 7 8") << true;
        QTest::addRow("reveal a shown span does nothing") << QStringLiteral("r4") << QStringLiteral("0 1 2 3 4 5 6 7 8 9") << false;
    }
    void operations()
    {
        QFETCH(QString, ops);
        QFETCH(QString, rows);
        QFETCH(bool, changed);
        WaterfallRows r(Tree);
        QCOMPARE(apply(r, ops), changed);
        QCOMPARE(::rows(r), rows);
        const QString problem = consistencyProblem(r);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void invalidParentsBecomeRoots_data()
    {
        QTest::addColumn<QList<int>>("parents");
        QTest::addColumn<QList<int>>("depths");
        QTest::addRow("parent after child") << QList<int>{-1, 2, 0} << QList<int>{0, 0, 1};
        QTest::addRow("self parent") << QList<int>{0, 0} << QList<int>{0, 1};
        QTest::addRow("below -1") << QList<int>{-1, -7} << QList<int>{0, 0};
        QTest::addRow("empty") << QList<int>{} << QList<int>{};
    }
    void invalidParentsBecomeRoots()
    {
        QFETCH(QList<int>, parents);
        QFETCH(QList<int>, depths);
        const WaterfallRows r(std::vector<int>(parents.begin(), parents.end()));
        QCOMPARE(r.rowCount(), int(parents.size()));
        for (int i = 0; i < r.spanCount(); ++i)
            QCOMPARE(r.depth(i), depths[i]);
    }

    void fromTrace()
    {
        std::vector<Span> spans;
        const auto add = [&spans](const char *id, const char *parent, qint64 start) {
            Span s;
            s.traceId = TraceId::fromString(std::string_view("t"));
            s.spanId = SpanId::fromString(std::string_view(id));
            if (*parent)
                s.parentSpanId = SpanId::fromString(std::string_view(parent));
            s.setService(u"svc");
            s.startNs = start;
            s.durationNs = 10;
            spans.push_back(s);
        };
        add("c", "b", 2);
        add("a", "", 0);
        add("b", "a", 1);
        add("d", "a", 3);
        const AssembledTrace trace = AssembledTrace::assemble(std::move(spans));
        WaterfallRows r = WaterfallRows::fromTrace(trace);
        QCOMPARE(r.rowCount(), 4);
        const int b = trace.indexOf(SpanId::fromString(std::string_view("b")));
        QCOMPARE(r.descendantCount(b), 1);
        QVERIFY(r.setCollapsed(b, true));
        QCOMPARE(r.rowCount(), 3);
        QCOMPARE(r.rowOf(trace.indexOf(SpanId::fromString(std::string_view("c")))), -1);
    }

    // A chain a million deep: collapsing near the top hides the rest, expanding brings it back.
    void millionDeepChain()
    {
        const int n = 1'000'000;
        std::vector<int> parents(n);
        for (int i = 0; i < n; ++i)
            parents[std::size_t(i)] = i - 1;
        WaterfallRows r(parents);
        QCOMPARE(r.depth(n - 1), n - 1);
        QVERIFY(r.setCollapsed(2, true));
        QCOMPARE(r.rowCount(), 3);
        QVERIFY(r.reveal(n - 1));
        QCOMPARE(r.rowCount(), n);
        QCOMPARE(r.rowOf(n - 1), n - 1);
        r.collapseAll();
        QCOMPARE(r.rowCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TstWaterfallRows)
#include "tst_waterfallrows.moc"
