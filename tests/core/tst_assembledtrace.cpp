// SPDX-License-Identifier: MIT
#include "assembledtrace.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <array>

using namespace traceflow;

namespace {

// Spans from "id:parent:service:start:duration[:E|O]" items separated by spaces; parent "-"
// makes a root, the optional last field sets an error or ok status.
std::vector<Span> parseSpans(const QString &spec)
{
    std::vector<Span> spans;
    const QStringList items = spec.split(u' ', Qt::SkipEmptyParts);
    for (const QString &item : items) {
        const QStringList f = item.split(u':');
        Span s;
        s.traceId = TraceId::fromString(std::string_view("trace-1"));
        s.spanId = SpanId::fromString(f[0]);
        if (f[1] != u"-")
            s.parentSpanId = SpanId::fromString(f[1]);
        s.setService(f[2]);
        s.setOperation(QString(QStringLiteral("op-") + f[0]));
        s.startNs = f[3].toLongLong();
        s.durationNs = f[4].toLongLong();
        if (f.size() > 5)
            s.status = f[5] == u"E" ? StatusCode::Error : StatusCode::Ok;
        spans.push_back(s);
    }
    return spans;
}

SpanId numericId(quint64 n)
{
    std::array<unsigned char, 8> bytes{};
    for (int i = 0; i < 8; ++i)
        bytes[std::size_t(i)] = static_cast<unsigned char>(n >> (56 - 8 * i));
    return SpanId::fromBytes(bytes.data(), bytes.size());
}

QString idOf(const AssembledTrace &t, int index)
{
    return t.spans[std::size_t(index)].span.spanId.toString();
}

// The tree as "a(b(c) d) root2": pre-order, children in parentheses, orphans marked "!".
QString shape(const AssembledTrace &t)
{
    QString out;
    int previous = -1;
    for (std::size_t i = 0; i < t.spans.size(); ++i) {
        const AssembledSpan &s = t.spans[i];
        if (s.depth > previous && previous >= 0)
            out += u'(';
        else if (previous >= 0)
            out += QString(previous - s.depth, u')') + u' ';
        out += idOf(t, int(i)) + (s.orphan ? QStringLiteral("!") : QString());
        previous = s.depth;
    }
    return out + QString(std::max(previous, 0), u')');
}

QString sections(const AssembledTrace &t)
{
    QStringList parts;
    for (const CriticalSection &c : t.criticalPath)
        parts << idOf(t, c.span) + u':' + QString::number(c.startNs) + u'-'
                + QString::number(c.endNs);
    return parts.join(u' ');
}

// Structural contract of an assembled trace; returns what is broken, empty when sound.
QString treeProblem(const AssembledTrace &t)
{
    int maxDepth = 0;
    std::size_t rootCount = 0;
    for (std::size_t i = 0; i < t.spans.size(); ++i) {
        const AssembledSpan &s = t.spans[i];
        const QString at = QStringLiteral(" at ") + QString::number(i);
        if (s.parent < 0) {
            ++rootCount;
            if (s.depth != 0)
                return QStringLiteral("root depth") + at;
            if (std::find(t.roots.begin(), t.roots.end(), int(i)) == t.roots.end())
                return QStringLiteral("root missing from roots") + at;
        } else {
            if (s.parent >= int(i))
                return QStringLiteral("parent after child") + at;
            const AssembledSpan &p = t.spans[std::size_t(s.parent)];
            if (s.depth != p.depth + 1)
                return QStringLiteral("depth") + at;
            if (std::find(p.children.begin(), p.children.end(), int(i)) == p.children.end())
                return QStringLiteral("not among its parent's children") + at;
        }
        for (std::size_t c = 0; c < s.children.size(); ++c) {
            const AssembledSpan &child = t.spans[std::size_t(s.children[c])];
            if (child.parent != int(i))
                return QStringLiteral("child's parent") + at;
            if (c > 0 && (s.children[c] <= s.children[c - 1]
                          || child.startNs() < t.spans[std::size_t(s.children[c - 1])].startNs()))
                return QStringLiteral("children order") + at;
        }
        maxDepth = std::max(maxDepth, s.depth);
    }
    if (rootCount != t.roots.size())
        return QStringLiteral("roots count");
    if (maxDepth != t.maxDepth)
        return QStringLiteral("maxDepth");
    return {};
}

const AssembledSpan &spanNamed(const AssembledTrace &t, const char *id)
{
    const int index = t.indexOf(SpanId::fromString(std::string_view(id)));
    Q_ASSERT(index >= 0);
    return t.spans[std::size_t(index)];
}

} // namespace

class TstAssembledTrace : public QObject
{
    Q_OBJECT

private slots:
    void empty()
    {
        const AssembledTrace t = AssembledTrace::assemble({});
        QVERIFY(t.spans.empty());
        QVERIFY(t.roots.empty());
        QCOMPARE(t.startNs, 0);
        QCOMPARE(t.endNs, 0);
        QCOMPARE(t.durationNs(), 0);
        QCOMPARE(int(t.status), int(StatusCode::Unset));
        QCOMPARE(t.errorCount + t.maxDepth + t.orphanCount + t.skewAdjustedCount, 0);
        QVERIFY(t.criticalPath.empty());
        QVERIFY(t.criticalSpans.empty());
        QVERIFY(t.servicePath.isEmpty());
        QVERIFY(t.serviceCalls.empty());
        QCOMPARE(t.indexOf(SpanId::fromString(std::string_view("a"))), -1);
        QCOMPARE(t.rootService(), QString());
        QCOMPARE(t.rootOperation(), QString());
    }

    void arrivalOrder_data()
    {
        QTest::addColumn<QString>("spec");
        std::array<QString, 4> items{QStringLiteral("a:-:checkout:0:1000"),
                                     QStringLiteral("b:a:inventory:100:300"),
                                     QStringLiteral("c:a:payment:500:400"),
                                     QStringLiteral("d:b:inventory:150:100")};
        std::array<int, 4> order{0, 1, 2, 3};
        do {
            QStringList spec;
            QString name = QStringLiteral("arrival ");
            for (int i : order) {
                spec << items[std::size_t(i)];
                name += QChar(u'a' + i);
            }
            QTest::addRow("%s", qPrintable(name)) << spec.join(u' ');
        } while (std::next_permutation(order.begin(), order.end()));
    }
    void arrivalOrder()
    {
        QFETCH(QString, spec);
        const AssembledTrace t = AssembledTrace::assemble(parseSpans(spec));
        QVERIFY2(treeProblem(t).isEmpty(), qPrintable(treeProblem(t)));
        QCOMPARE(shape(t), QStringLiteral("a(b(d) c)"));
        QCOMPARE(t.roots, std::vector<int>{0});
        QCOMPARE(t.maxDepth, 2);
        QCOMPARE(sections(t),
                 QStringLiteral("a:900-1000 c:500-900 a:400-500 b:250-400 d:150-250 b:100-150 "
                                "a:0-100"));
        QCOMPARE(t.criticalSpans, (std::vector<int>{0, 3, 1, 2}));
        QCOMPARE(t.servicePath, (QStringList{QStringLiteral("checkout"),
                                             QStringLiteral("inventory"),
                                             QStringLiteral("payment")}));
        QCOMPARE(t.serviceCalls.size(), std::size_t(2));
        QCOMPARE(t.rootOperation(), QStringLiteral("op-a"));
    }

    void severalRoots()
    {
        const AssembledTrace t = AssembledTrace::assemble(parseSpans(
            QStringLiteral("r1:-:checkout:100:50 r1c:r1:checkout:110:10 r2:-:batch:50:30")));
        QVERIFY2(treeProblem(t).isEmpty(), qPrintable(treeProblem(t)));
        QCOMPARE(shape(t), QStringLiteral("r2 r1(r1c)"));
        QCOMPARE(t.roots, (std::vector<int>{0, 1}));
        QCOMPARE(t.rootService(), QStringLiteral("batch"));
        QCOMPARE(t.rootOperation(), QStringLiteral("op-r2"));
        QCOMPARE(sections(t), QStringLiteral("r2:50-80"));
        QCOMPARE(t.startNs, 50);
        QCOMPARE(t.endNs, 150);
        QCOMPARE(t.orphanCount, 0);
    }

    void brokenLinks_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("expectedShape");
        QTest::addColumn<int>("orphans");
        QTest::addRow("missing parent under the root")
            << QStringLiteral("r:-:checkout:0:100 o:gone:payment:10:20 oc:o:payment:12:5")
            << QStringLiteral("r(o!(oc))") << 1;
        QTest::addRow("orphan sorted among the root's children")
            << QStringLiteral("r:-:a:0:100 b:r:a:30:10 o:gone:a:10:10")
            << QStringLiteral("r(o! b)") << 1;
        QTest::addRow("no real root: earliest orphan is primary")
            << QStringLiteral("o1:gone:checkout:20:50 o2:lost:payment:10:30 c:o1:checkout:25:5")
            << QStringLiteral("o2!(o1!(c))") << 2;
        QTest::addRow("self parent under the root")
            << QStringLiteral("r:-:a:0:100 s:s:a:10:10") << QStringLiteral("r(s!)") << 1;
        QTest::addRow("self parent alone") << QStringLiteral("s:s:a:10:10")
                                           << QStringLiteral("s!") << 1;
        QTest::addRow("2-cycle cut at its earliest span")
            << QStringLiteral("r:-:a:0:100 x:y:a:20:10 y:x:a:10:50")
            << QStringLiteral("r(y!(x))") << 1;
        QTest::addRow("3-cycle with a tail")
            << QStringLiteral("r:-:a:0:100 p:q:a:30:10 q:s:a:20:10 s:p:a:40:10 t:q:a:25:1")
            << QStringLiteral("r(q!(t p(s)))") << 1;
        QTest::addRow("cycle without any root")
            << QStringLiteral("x:y:a:20:10 y:x:a:10:10") << QStringLiteral("y!(x)") << 1;
        QTest::addRow("cycle and missing parent without root")
            << QStringLiteral("x:y:a:20:10 y:x:a:30:10 o:gone:a:5:1")
            << QStringLiteral("o!(x!(y))") << 2;
        QTest::addRow("duplicate ids are kept, children join the first")
            << QStringLiteral("r:-:a:0:100 b:r:a:50:10 b:r:a:20:10 c:b:a:55:2")
            << QStringLiteral("r(b b(c))") << 0;
    }
    void brokenLinks()
    {
        QFETCH(QString, spec);
        QFETCH(QString, expectedShape);
        QFETCH(int, orphans);
        const std::vector<Span> input = parseSpans(spec);
        const AssembledTrace t = AssembledTrace::assemble(input);
        QVERIFY2(treeProblem(t).isEmpty(), qPrintable(treeProblem(t)));
        QCOMPARE(t.spans.size(), input.size());
        QCOMPARE(shape(t), expectedShape);
        QCOMPARE(t.orphanCount, orphans);
        QCOMPARE(t.roots.front(), 0);
        for (const AssembledSpan &s : t.spans) {
            if (s.orphan)
                QCOMPARE(s.skewNs, 0);
        }
    }

    void duplicateIds()
    {
        const AssembledTrace t = AssembledTrace::assemble(
            parseSpans(QStringLiteral("r:-:a:0:100 b:r:a:50:10 b:r:a:20:10 c:b:a:55:2")));
        const AssembledSpan &c = spanNamed(t, "c");
        QCOMPARE(t.spans[std::size_t(c.parent)].span.startNs, 50); // the first b to arrive
        QCOMPARE(t.indexOf(SpanId::fromString(std::string_view("b"))), 1); // first in tree
        QCOMPARE(t.indexOf(SpanId::fromString(std::string_view("r"))), 0);
        QCOMPARE(t.indexOf(SpanId::fromString(std::string_view("zz"))), -1);
    }

    void skew_data()
    {
        QTest::addColumn<QString>("childService");
        QTest::addColumn<qint64>("childStart");
        QTest::addColumn<qint64>("childDuration");
        QTest::addColumn<qint64>("expectedSkew");
        // Parent: checkout [1000, 1100).
        QTest::addRow("child before parent centred in it")
            << QStringLiteral("inventory") << qint64(900) << qint64(50) << qint64(125);
        QTest::addRow("child ending after parent centred in it")
            << QStringLiteral("inventory") << qint64(1080) << qint64(50) << qint64(-55);
        QTest::addRow("longer child starting first moved to parent start")
            << QStringLiteral("inventory") << qint64(950) << qint64(200) << qint64(50);
        QTest::addRow("longer child starting inside not moved")
            << QStringLiteral("inventory") << qint64(1010) << qint64(200) << qint64(0);
        QTest::addRow("child inside parent not moved")
            << QStringLiteral("inventory") << qint64(1010) << qint64(50) << qint64(0);
        QTest::addRow("same-service child not adjusted")
            << QStringLiteral("checkout") << qint64(900) << qint64(50) << qint64(0);
    }
    void skew()
    {
        QFETCH(QString, childService);
        QFETCH(qint64, childStart);
        QFETCH(qint64, childDuration);
        QFETCH(qint64, expectedSkew);
        const AssembledTrace t = AssembledTrace::assemble(parseSpans(
            QStringLiteral("p:-:checkout:1000:100 c:p:") + childService + u':'
            + QString::number(childStart) + u':' + QString::number(childDuration)));
        const AssembledSpan &c = spanNamed(t, "c");
        QCOMPARE(c.skewNs, expectedSkew);
        QCOMPARE(c.startNs(), childStart + expectedSkew);
        QCOMPARE(c.span.startNs, childStart);
        QCOMPARE(spanNamed(t, "p").skewNs, 0);
        QCOMPARE(t.skewAdjustedCount, expectedSkew != 0 ? 1 : 0);
        QCOMPARE(t.startNs, std::min<qint64>(1000, childStart + expectedSkew));
    }

    void skewInherited()
    {
        const AssembledTrace t = AssembledTrace::assemble(parseSpans(QStringLiteral(
            "a:-:checkout:1000:100 b:a:inventory:900:50 c:b:inventory:910:20 "
            "d:c:payment:1036:10 e:c:payment:900:10 x:a:checkout:1010:5")));
        QVERIFY2(treeProblem(t).isEmpty(), qPrintable(treeProblem(t)));
        QCOMPARE(spanNamed(t, "b").skewNs, 125);
        QCOMPARE(spanNamed(t, "c").skewNs, 125); // same service: inherits its parent's shift
        QCOMPARE(spanNamed(t, "c").startNs(), 1035);
        QCOMPARE(spanNamed(t, "d").skewNs, 0);   // fits the adjusted parent as reported
        QCOMPARE(spanNamed(t, "e").skewNs, 140); // centred in the adjusted parent
        QCOMPARE(spanNamed(t, "x").skewNs, 0);
        QCOMPARE(t.skewAdjustedCount, 3);
        // b was reported before x but is placed after it: siblings go by adjusted start.
        QCOMPARE(shape(t), QStringLiteral("a(x b(c(d e)))"));
        QCOMPARE(t.startNs, 1000);
        QCOMPARE(t.endNs, 1100);
    }

    void orphanNotSkewed()
    {
        const AssembledTrace t = AssembledTrace::assemble(parseSpans(QStringLiteral(
            "r:-:checkout:1000:100 o:gone:payment:0:10 oc:o:inventory:-50:4")));
        QCOMPARE(spanNamed(t, "o").skewNs, 0);
        QCOMPARE(spanNamed(t, "oc").skewNs, 53); // relative to the orphan, its real parent
        QCOMPARE(t.skewAdjustedCount, 1);
        QCOMPARE(shape(t), QStringLiteral("r(o!(oc))"));
        QCOMPARE(t.startNs, 0);
    }

    void selfTime_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<qint64>("expected");
        QTest::addRow("leaf") << QStringLiteral("p:-:a:0:100") << qint64(100);
        QTest::addRow("sequential children")
            << QStringLiteral("p:-:a:0:100 c1:p:a:10:20 c2:p:a:50:20") << qint64(60);
        QTest::addRow("overlapping children")
            << QStringLiteral("p:-:a:0:100 c1:p:a:10:30 c2:p:a:20:30 c3:p:a:45:10") << qint64(55);
        QTest::addRow("child inside a sibling")
            << QStringLiteral("p:-:a:0:100 c1:p:a:10:80 c2:p:a:20:10") << qint64(20);
        QTest::addRow("children clipped to the span")
            << QStringLiteral("p:-:a:0:100 c1:p:a:-10:20 c2:p:a:90:50") << qint64(80);
        QTest::addRow("child covering everything")
            << QStringLiteral("p:-:a:0:100 c1:p:a:-10:200") << qint64(0);
        QTest::addRow("grandchildren do not count")
            << QStringLiteral("p:-:a:0:100 c:p:a:10:10 g:c:a:30:50") << qint64(90);
    }
    void selfTime()
    {
        QFETCH(QString, spec);
        QFETCH(qint64, expected);
        const AssembledTrace t = AssembledTrace::assemble(parseSpans(spec));
        QCOMPARE(spanNamed(t, "p").selfTimeNs, expected);
    }

    void criticalPath_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("expected");
        // Jaeger UI's CriticalPath/testCases, same figures.
        QTest::addRow("sequential children, parent in the gaps (test1)")
            << QStringLiteral("C:-:s:1:100 E:C:s:50:10 D:C:s:20:20")
            << QStringLiteral("C:60-101 E:50-60 C:40-50 D:20-40 C:1-20");
        QTest::addRow("overlapping children (test2)")
            << QStringLiteral("X:-:s:1:100 A:X:s:10:40 C:X:s:20:40")
            << QStringLiteral("X:60-101 C:20-60 X:1-20");
        QTest::addRow("child after parent dropped (test3)")
            << QStringLiteral("A:-:s:100:40 B:A:s:150:60") << QStringLiteral("A:100-140");
        QTest::addRow("dropped child takes its subtree (test4)")
            << QStringLiteral("A:-:s:1:30 B:A:s:40:40 C:B:s:50:10") << QStringLiteral("A:1-31");
        QTest::addRow("child ending after parent (test6)")
            << QStringLiteral("A:-:s:1:29 B:A:s:15:20 C:B:s:10:15")
            << QStringLiteral("B:25-30 C:15-25 A:1-15");
        QTest::addRow("nested children ending after parents (test7)")
            << QStringLiteral("A:-:s:1:29 B:A:s:15:20 C:B:s:20:20")
            << QStringLiteral("C:20-30 B:15-20 A:1-15");
        QTest::addRow("child longer than parent (test8)")
            << QStringLiteral("A:-:s:10:20 B:A:s:5:30") << QStringLiteral("B:10-30");
        QTest::addRow("child before parent dropped (test9)")
            << QStringLiteral("A:-:s:10:20 B:A:s:1:4") << QStringLiteral("A:10-30");
        QTest::addRow("equal ends go to the earlier sibling")
            << QStringLiteral("P:-:s:0:100 B:P:s:50:40 A:P:s:10:80")
            << QStringLiteral("P:90-100 A:10-90 P:0-10");
        // Jaeger wants a child ending strictly before the returning child's start.
        QTest::addRow("child ending as the next starts is not on the path")
            << QStringLiteral("P:-:s:0:100 A:P:s:10:20 B:P:s:30:20")
            << QStringLiteral("P:50-100 B:30-50 P:0-30");
        QTest::addRow("only the primary root")
            << QStringLiteral("S:-:s:100:50 R:-:s:0:10") << QStringLiteral("R:0-10");
        QTest::addRow("orphan under the root")
            << QStringLiteral("R:-:s:0:100 O:gone:s:40:50")
            << QStringLiteral("R:90-100 O:40-90 R:0-40");
    }
    void criticalPath()
    {
        QFETCH(QString, spec);
        QFETCH(QString, expected);
        const AssembledTrace t = AssembledTrace::assemble(parseSpans(spec));
        QCOMPARE(sections(t), expected);
        QStringList expectedSpans;
        const QStringList parts = expected.split(u' ');
        for (const QString &part : parts) {
            const QString id = part.section(u':', 0, 0);
            if (!expectedSpans.contains(id))
                expectedSpans << id;
        }
        QStringList spans;
        for (int i : t.criticalSpans)
            spans << idOf(t, i);
        QCOMPARE(spans, expectedSpans);
        for (std::size_t i = 0; i < t.spans.size(); ++i)
            QCOMPARE(t.spans[i].onCriticalPath, expectedSpans.contains(idOf(t, int(i))));
    }

    void servicesAndStatus()
    {
        const AssembledTrace t = AssembledTrace::assemble(parseSpans(QStringLiteral(
            "a:-:checkout:0:1000:O b:a:inventory:100:200 c:a:inventory:400:100:E "
            "d:a:payment:600:300 e:d:payment:650:100 f:e:bank:660:50:E g:b:inventory:120:50 "
            "z:gone:fraud:700:10")));
        QCOMPARE(t.servicePath,
                 (QStringList{QStringLiteral("checkout"), QStringLiteral("inventory"),
                              QStringLiteral("payment"), QStringLiteral("bank"),
                              QStringLiteral("fraud")}));
        QStringList calls;
        for (const ServiceCall &call : t.serviceCalls)
            calls << call.parent + u'>' + call.child + u' ' + QString::number(call.count) + u'/'
                    + QString::number(call.errors);
        // The orphan's caller is unknown, so checkout>fraud is not a call.
        QCOMPARE(calls, (QStringList{QStringLiteral("checkout>inventory 2/1"),
                                     QStringLiteral("checkout>payment 1/0"),
                                     QStringLiteral("payment>bank 1/1")}));
        QCOMPARE(int(t.status), int(StatusCode::Error));
        QCOMPARE(t.errorCount, 2);
        QCOMPARE(t.orphanCount, 1);
        QCOMPARE(t.rootService(), QStringLiteral("checkout"));
        QCOMPARE(t.durationNs(), 1000);
    }

    void status_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<int>("expected");
        QTest::addRow("all unset") << QStringLiteral("a:-:s:0:10 b:a:s:1:2") << int(StatusCode::Unset);
        QTest::addRow("one ok") << QStringLiteral("a:-:s:0:10 b:a:s:1:2:O") << int(StatusCode::Ok);
        QTest::addRow("ok and error")
            << QStringLiteral("a:-:s:0:10:O b:a:s:1:2:E") << int(StatusCode::Error);
    }
    void status()
    {
        QFETCH(QString, spec);
        QFETCH(int, expected);
        QCOMPARE(int(AssembledTrace::assemble(parseSpans(spec)).status), expected);
    }

    // 100k-deep chain, reported leaf first: nothing may recurse.
    void deepChain()
    {
        constexpr int N = 100000;
        std::vector<Span> input;
        input.reserve(N);
        for (int i = N - 1; i >= 0; --i) {
            Span s;
            s.spanId = numericId(quint64(i) + 1);
            if (i > 0)
                s.parentSpanId = numericId(quint64(i));
            s.setService(i % 2 ? u"odd" : u"even");
            s.startNs = i;
            s.durationNs = 2 * qint64(N - i);
            input.push_back(s);
        }
        QElapsedTimer timer;
        timer.start();
        const AssembledTrace t = AssembledTrace::assemble(std::move(input));
        qInfo("100k-deep chain assembled in %lld ms", timer.elapsed());
        QCOMPARE(t.spans.size(), std::size_t(N));
        QCOMPARE(t.maxDepth, N - 1);
        QVERIFY2(treeProblem(t).isEmpty(), qPrintable(treeProblem(t)));
        for (int i = 0; i < N; ++i) {
            QCOMPARE(t.spans[std::size_t(i)].parent, i - 1);
            QCOMPARE(t.spans[std::size_t(i)].selfTimeNs, 2);
        }
        QCOMPARE(t.skewAdjustedCount, 0);
        QCOMPARE(t.criticalPath.size(), std::size_t(2 * N - 1));
        QCOMPARE(t.criticalPath.front().endNs, 2 * qint64(N));
        QCOMPARE(t.criticalSpans.size(), std::size_t(N));
        QCOMPARE(t.serviceCalls.size(), std::size_t(2));
        QCOMPARE(t.serviceCalls[0].count + t.serviceCalls[1].count, N - 1);
    }

    void deepCycle()
    {
        constexpr int N = 100000;
        std::vector<Span> input;
        input.reserve(N);
        for (int i = 0; i < N; ++i) {
            Span s;
            s.spanId = numericId(quint64(i) + 1);
            s.parentSpanId = numericId(quint64((i + N - 1) % N) + 1);
            s.startNs = i;
            s.durationNs = 10;
            input.push_back(s);
        }
        std::reverse(input.begin(), input.end());
        const AssembledTrace t = AssembledTrace::assemble(std::move(input));
        QCOMPARE(t.spans.size(), std::size_t(N));
        QCOMPARE(t.maxDepth, N - 1);
        QCOMPARE(t.orphanCount, 1);
        QVERIFY(t.spans.front().orphan);
        QCOMPARE(t.spans.front().span.startNs, 0);
        QVERIFY2(treeProblem(t).isEmpty(), qPrintable(treeProblem(t)));
    }

    void wideTrace()
    {
        constexpr int N = 100000;
        std::vector<Span> input;
        input.reserve(N + 1);
        const SpanId rootId = numericId(1);
        for (int i = N - 1; i >= 0; --i) {
            Span s;
            s.spanId = numericId(quint64(i) + 2);
            s.parentSpanId = rootId;
            s.setService(i % 2 ? u"svc-b" : u"svc-a");
            s.startNs = 10 * qint64(i);
            s.durationNs = 5;
            input.push_back(s);
        }
        Span root;
        root.spanId = rootId;
        root.setService(u"gateway");
        root.durationNs = 10 * qint64(N) + 10;
        input.push_back(root);
        QElapsedTimer timer;
        timer.start();
        const AssembledTrace t = AssembledTrace::assemble(std::move(input));
        qInfo("100k-wide trace assembled in %lld ms", timer.elapsed());
        QVERIFY2(treeProblem(t).isEmpty(), qPrintable(treeProblem(t)));
        QCOMPARE(t.spans.front().children.size(), std::size_t(N));
        QCOMPARE(t.maxDepth, 1);
        QCOMPARE(t.spans.front().selfTimeNs, 10 * qint64(N) + 10 - 5 * qint64(N));
        QCOMPARE(t.criticalPath.size(), std::size_t(2 * N)); // each child and each gap
        QCOMPARE(t.criticalSpans.size(), std::size_t(N + 1));
        QCOMPARE(t.criticalPath.back().startNs, 0);
        QCOMPARE(t.serviceCalls.size(), std::size_t(2));
        QCOMPARE(t.serviceCalls[0].child, QStringLiteral("svc-a"));
        QCOMPARE(t.serviceCalls[0].count, N / 2);
    }
};

QTEST_GUILESS_MAIN(TstAssembledTrace)
#include "tst_assembledtrace.moc"
