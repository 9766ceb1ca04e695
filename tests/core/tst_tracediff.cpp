// SPDX-License-Identifier: MIT
#include "coretestsupport.h"
#include "tracediff.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace traceflow;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 Ms = 1'000'000;
constexpr qint64 T0 = 1'700'000'000'000'000'000; // an epoch time in ns

struct SpanSpec
{
    const char *id;
    const char *parent; // "" for a root
    const char *service;
    const char *operation;
    qint64 startMs;
    qint64 durationMs;
    bool error = false;
};

std::vector<Span> makeSpans(const char *trace, qint64 base, const std::vector<SpanSpec> &specs)
{
    std::vector<Span> spans;
    for (const SpanSpec &spec : specs)
        spans.push_back(CoreTestSupport::makeSpan(
            trace, spec.id, spec.parent, spec.service, spec.operation, base + spec.startMs * Ms,
            spec.durationMs * Ms, spec.error ? StatusCode::Error : StatusCode::Ok));
    return spans;
}

// A fast checkout: the cart comes from the cache, one payment call.
AssembledTrace fastCheckout()
{
    return AssembledTrace::assemble(makeSpans("fast", T0,
                                              {
                                                  {"a1", "", "checkout", "GET /checkout", 0, 40},
                                                  {"a2", "a1", "checkout", "cache.get", 1, 1},
                                                  {"a3", "a1", "inventory", "GET /reserve", 2, 10},
                                                  {"a4", "a1", "payment", "POST /charge", 14, 20},
                                                  {"a5", "a1", "checkout", "render", 36, 3},
                                              }));
}

// A slow checkout an hour later: no cache, a stock query, and a payment call that failed and
// was retried.
AssembledTrace slowCheckout()
{
    return AssembledTrace::assemble(
        makeSpans("slow", T0 + 3600'000 * Ms,
                  {
                      {"b1", "", "checkout", "GET /checkout", 0, 130},
                      {"b2", "b1", "inventory", "GET /reserve", 2, 20},
                      {"b3", "b2", "inventory", "SELECT stock", 5, 15},
                      {"b4", "b1", "payment", "POST /charge", 24, 50, true},
                      {"b5", "b1", "payment", "POST /charge", 76, 50},
                      {"b6", "b1", "checkout", "render", 127, 3},
                  }));
}

// "service/operation" of every node, indented by depth, with A-only and B-only marked.
QStringList outline(const TraceDiff &diff)
{
    QStringList out;
    for (const TraceDiffNode &node : diff.nodes) {
        QString line = QString(node.depth * 2, u' ') + node.service() + u'/' + node.operation();
        if (node.orphan)
            line += QStringLiteral(" orphan");
        if (node.presence() == DiffPresence::OnlyA)
            line += QStringLiteral(" [A]");
        else if (node.presence() == DiffPresence::OnlyB)
            line += QStringLiteral(" [B]");
        out << line;
    }
    return out;
}

// The structural contract: pre-order, parents and children agree, depths, roots.
QString treeProblem(const TraceDiff &diff)
{
    std::vector<int> roots;
    for (std::size_t i = 0; i < diff.nodes.size(); ++i) {
        const TraceDiffNode &node = diff.nodes[i];
        if (node.parent < 0) {
            roots.push_back(int(i));
            if (node.depth != 0)
                return QStringLiteral("root %1 has depth %2").arg(i).arg(node.depth);
            continue;
        }
        if (node.parent >= int(i))
            return QStringLiteral("node %1 before its parent").arg(i);
        const TraceDiffNode &parent = diff.nodes[std::size_t(node.parent)];
        if (node.depth != parent.depth + 1)
            return QStringLiteral("node %1 depth").arg(i);
        if (std::count(parent.children.begin(), parent.children.end(), int(i)) != 1)
            return QStringLiteral("node %1 not once among its parent's children").arg(i);
    }
    if (roots != diff.roots)
        return QStringLiteral("roots");
    return {};
}

} // namespace

class TstTraceDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void knownTraces_data();
    void knownTraces();
    void knownTotals();
    void swappedNegates();
    void identicalTraces();
    void totallyDifferentTraces();
    void orphansMatchOnlyOrphans();
    void arrivalOrderDoesNotMatter();
    void changedFilter_data();
    void changedFilter();
    void intensity_data();
    void intensity();
    void emptyTrace();
    void deepChain();
    void bigTraces();
};

void TstTraceDiff::knownTraces_data()
{
    QTest::addColumn<int>("node");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("depth");
    QTest::addColumn<int>("presence");
    QTest::addColumn<int>("countA");
    QTest::addColumn<int>("countB");
    QTest::addColumn<qint64>("totalA");
    QTest::addColumn<qint64>("totalB");
    QTest::addColumn<qint64>("selfA");
    QTest::addColumn<qint64>("selfB");
    QTest::addColumn<int>("errorsB");

    const auto both = int(DiffPresence::Both);
    // Root self time: A 40 - (1 + 10 + 20 + 3) = 6, B 130 - (20 + 50 + 50 + 3) = 7.
    QTest::addRow("root") << 0 << QStringLiteral("checkout/GET /checkout") << 0 << both << 1 << 1
                          << 40 * Ms << 130 * Ms << 6 * Ms << 7 * Ms << 0;
    QTest::addRow("cache hit only in A")
        << 1 << QStringLiteral("checkout/cache.get") << 1 << int(DiffPresence::OnlyA) << 1 << 0
        << 1 * Ms << 0LL << 1 * Ms << 0LL << 0;
    QTest::addRow("slower reserve") << 2 << QStringLiteral("inventory/GET /reserve") << 1 << both
                                    << 1 << 1 << 10 * Ms << 20 * Ms << 10 * Ms << 5 * Ms << 0;
    QTest::addRow("query only in B")
        << 3 << QStringLiteral("inventory/SELECT stock") << 2 << int(DiffPresence::OnlyB) << 0 << 1
        << 0LL << 15 * Ms << 0LL << 15 * Ms << 0;
    QTest::addRow("retried payment merges")
        << 4 << QStringLiteral("payment/POST /charge") << 1 << both << 1 << 2 << 20 * Ms << 100 * Ms
        << 20 * Ms << 100 * Ms << 1;
    QTest::addRow("unchanged render") << 5 << QStringLiteral("checkout/render") << 1 << both << 1
                                      << 1 << 3 * Ms << 3 * Ms << 3 * Ms << 3 * Ms << 0;
}

void TstTraceDiff::knownTraces()
{
    QFETCH(int, node);
    QFETCH(QString, name);
    QFETCH(int, depth);
    QFETCH(int, presence);
    QFETCH(int, countA);
    QFETCH(int, countB);
    QFETCH(qint64, totalA);
    QFETCH(qint64, totalB);
    QFETCH(qint64, selfA);
    QFETCH(qint64, selfB);
    QFETCH(int, errorsB);

    const TraceDiff diff = TraceDiff::compare(fastCheckout(), slowCheckout());
    QCOMPARE(treeProblem(diff), QString());
    QCOMPARE(diff.nodes.size(), std::size_t(6));
    const TraceDiffNode &n = diff.nodes[std::size_t(node)];
    QCOMPARE(n.service() + u'/' + n.operation(), name);
    QCOMPARE(n.depth, depth);
    QCOMPARE(int(n.presence()), presence);
    QCOMPARE(n.a.count, countA);
    QCOMPARE(n.b.count, countB);
    QCOMPARE(n.a.totalNs, totalA);
    QCOMPARE(n.b.totalNs, totalB);
    QCOMPARE(n.a.selfNs, selfA);
    QCOMPARE(n.b.selfNs, selfB);
    QCOMPARE(n.b.errors, errorsB);
    QCOMPARE(n.deltaNs(), totalB - totalA);
    QCOMPARE(n.selfDeltaNs(), selfB - selfA);
    QCOMPARE(int(n.a.spans.size()), countA);
    QCOMPARE(int(n.b.spans.size()), countB);
    if (totalA > 0)
        QCOMPARE(*n.deltaRatio(), double(totalB - totalA) / double(totalA));
    else
        QVERIFY(!n.deltaRatio());
}

void TstTraceDiff::knownTotals()
{
    const AssembledTrace a = fastCheckout();
    const AssembledTrace b = slowCheckout();
    const TraceDiff diff = TraceDiff::compare(a, b);
    QCOMPARE(diff.durationA, 40 * Ms);
    QCOMPARE(diff.durationB, 130 * Ms);
    QCOMPARE(diff.deltaNs(), 90 * Ms);
    QCOMPARE(*diff.deltaRatio(), 2.25);
    QCOMPARE(diff.spansA, 5);
    QCOMPARE(diff.spansB, 6);
    QCOMPARE(diff.errorsA, 0);
    QCOMPARE(diff.errorsB, 1);
    QCOMPARE(diff.matched, 4);
    QCOMPARE(diff.onlyA, 1);
    QCOMPARE(diff.onlyB, 1);
    QCOMPARE(diff.changed, 3); // root, reserve, payment; render took as long
    QCOMPARE(diff.maxTotalNs(), 130 * Ms);
    // The span indexes lead back to the spans: the retried payment's two spans in B.
    const TraceDiffNode &payment = diff.nodes[4];
    QCOMPARE(b.spans[std::size_t(payment.b.spans[0])].span.spanId.toString(), QStringLiteral("b4"));
    QCOMPARE(b.spans[std::size_t(payment.b.spans[1])].span.spanId.toString(), QStringLiteral("b5"));
    QCOMPARE(a.spans[std::size_t(payment.a.spans[0])].span.spanId.toString(), QStringLiteral("a4"));
    QCOMPARE(payment.a.offsetNs, 14 * Ms);
    QCOMPARE(payment.b.offsetNs, 24 * Ms);
}

void TstTraceDiff::swappedNegates()
{
    const TraceDiff forward = TraceDiff::compare(fastCheckout(), slowCheckout());
    const TraceDiff back = TraceDiff::compare(slowCheckout(), fastCheckout());
    QCOMPARE(back.deltaNs(), -forward.deltaNs());
    QCOMPARE(back.onlyA, forward.onlyB);
    QCOMPARE(back.onlyB, forward.onlyA);
    QCOMPARE(back.nodes.size(), forward.nodes.size());
    for (const TraceDiffNode &f : forward.nodes) {
        const auto match = std::find_if(back.nodes.begin(), back.nodes.end(), [&f](const auto &n) {
            return n.serviceId == f.serviceId && n.operationId == f.operationId;
        });
        QVERIFY(match != back.nodes.end());
        QCOMPARE(match->deltaNs(), -f.deltaNs());
        QCOMPARE(match->a.count, f.b.count);
        QCOMPARE(match->b.count, f.a.count);
    }
    // Ordered by B's offsets now where the node is in B: the query (5 ms) is listed, the cache
    // lookup (only in the old A, at 1 ms) still comes first.
    QCOMPARE(outline(back),
             (QStringList{u"checkout/GET /checkout"_s, u"  checkout/cache.get [B]"_s,
                          u"  inventory/GET /reserve"_s, u"    inventory/SELECT stock [A]"_s,
                          u"  payment/POST /charge"_s, u"  checkout/render"_s}));
}

void TstTraceDiff::identicalTraces()
{
    const AssembledTrace a = slowCheckout();
    const TraceDiff diff = TraceDiff::compare(a, a);
    QCOMPARE(diff.matched, 5);
    QCOMPARE(diff.onlyA + diff.onlyB + diff.changed, 0);
    QCOMPARE(diff.deltaNs(), 0LL);
    QCOMPARE(*diff.deltaRatio(), 0.0);
    for (const TraceDiffNode &node : diff.nodes) {
        QCOMPARE(node.presence(), DiffPresence::Both);
        QCOMPARE(node.deltaNs(), 0LL);
        QCOMPARE(node.selfDeltaNs(), 0LL);
        QCOMPARE(TraceDiff::intensity(node), 0.0);
        QVERIFY(!TraceDiff::isChanged(node, 0, 0.0));
    }
    const std::vector<bool> keep = diff.changedWithAncestors(0, 0.0);
    QVERIFY(std::none_of(keep.begin(), keep.end(), [](bool k) { return k; }));
}

void TstTraceDiff::totallyDifferentTraces()
{
    const AssembledTrace a =
        AssembledTrace::assemble(makeSpans("x", T0,
                                           {
                                               {"r", "", "frontend", "GET /", 0, 10},
                                               {"c", "r", "search", "query", 1, 5},
                                           }));
    const AssembledTrace b = AssembledTrace::assemble(
        makeSpans("y", T0,
                  {
                      {"r", "", "batch", "nightly", 0, 50},
                      {"c", "r", "search", "query", 1, 5}, // same name, different path: no match
                  }));
    const TraceDiff diff = TraceDiff::compare(a, b);
    QCOMPARE(treeProblem(diff), QString());
    QCOMPARE(outline(diff), (QStringList{u"batch/nightly [B]"_s, u"  search/query [B]"_s,
                                         u"frontend/GET / [A]"_s, u"  search/query [A]"_s}));
    QCOMPARE(diff.matched, 0);
    QCOMPARE(diff.onlyA, 2);
    QCOMPARE(diff.onlyB, 2);
    QCOMPARE(diff.roots.size(), std::size_t(2));
    const std::vector<bool> keep = diff.changedWithAncestors(1'000'000'000, 100.0);
    QVERIFY(std::all_of(keep.begin(), keep.end(), [](bool k) { return k; }));
}

void TstTraceDiff::orphansMatchOnlyOrphans()
{
    // In A the payment span's parent (a gateway span) was lost; in C it was lost too; in B the
    // trace is whole.
    const AssembledTrace a =
        AssembledTrace::assemble(makeSpans("a", T0,
                                           {
                                               {"r", "", "checkout", "GET /checkout", 0, 40},
                                               {"p", "lost", "payment", "POST /charge", 10, 20},
                                               {"q", "p", "payment", "INSERT", 12, 5},
                                           }));
    const AssembledTrace b =
        AssembledTrace::assemble(makeSpans("b", T0,
                                           {
                                               {"r", "", "checkout", "GET /checkout", 0, 45},
                                               {"p", "r", "payment", "POST /charge", 10, 25},
                                           }));
    const AssembledTrace c =
        AssembledTrace::assemble(makeSpans("c", T0,
                                           {
                                               {"r", "", "checkout", "GET /checkout", 0, 50},
                                               {"p", "lost", "payment", "POST /charge", 10, 30},
                                           }));
    QCOMPARE(a.orphanCount, 1);
    const TraceDiff ab = TraceDiff::compare(a, b);
    QCOMPARE(treeProblem(ab), QString());
    // Same start offset: the whole path first, the orphan after it.
    QCOMPARE(outline(ab),
             (QStringList{u"checkout/GET /checkout"_s, u"  payment/POST /charge [B]"_s,
                          u"  payment/POST /charge orphan [A]"_s, u"    payment/INSERT [A]"_s}));
    const TraceDiff ac = TraceDiff::compare(a, c);
    QCOMPARE(outline(ac),
             (QStringList{u"checkout/GET /checkout"_s, u"  payment/POST /charge orphan"_s,
                          u"    payment/INSERT [A]"_s}));
    QCOMPARE(ac.nodes[1].deltaNs(), 10 * Ms);
}

void TstTraceDiff::arrivalOrderDoesNotMatter()
{
    const TraceDiff expected = TraceDiff::compare(fastCheckout(), slowCheckout());
    std::vector<Span> spans = makeSpans("slow", T0,
                                        {
                                            {"b1", "", "checkout", "GET /checkout", 0, 130},
                                            {"b2", "b1", "inventory", "GET /reserve", 2, 20},
                                            {"b3", "b2", "inventory", "SELECT stock", 5, 15},
                                            {"b4", "b1", "payment", "POST /charge", 24, 50, true},
                                            {"b5", "b1", "payment", "POST /charge", 76, 50},
                                            {"b6", "b1", "checkout", "render", 127, 3},
                                        });
    std::mt19937 random(7);
    for (int round = 0; round < 10; ++round) {
        std::shuffle(spans.begin(), spans.end(), random);
        const TraceDiff diff = TraceDiff::compare(fastCheckout(), AssembledTrace::assemble(spans));
        QCOMPARE(outline(diff), outline(expected));
        for (std::size_t i = 0; i < diff.nodes.size(); ++i)
            QCOMPARE(diff.nodes[i].deltaNs(), expected.nodes[i].deltaNs());
    }
}

void TstTraceDiff::changedFilter_data()
{
    QTest::addColumn<qint64>("minDeltaNs");
    QTest::addColumn<double>("minRatio");
    QTest::addColumn<QList<bool>>("kept");
    // Nodes: root (+90 ms, +225%), cache.get (A only), reserve (+10 ms, +100%), query (B only),
    // payment (1 -> 2 spans), render (unchanged).
    QTest::addRow("any change") << 0LL << 0.0 << QList<bool>{true, true, true, true, true, false};
    QTest::addRow("20 ms: reserve stays as the query's parent")
        << 20 * Ms << 0.0 << QList<bool>{true, true, true, true, true, false};
    QTest::addRow("300 percent: the root stays above the changes")
        << 0LL << 3.0 << QList<bool>{true, true, true, true, true, false};
}

void TstTraceDiff::changedFilter()
{
    QFETCH(qint64, minDeltaNs);
    QFETCH(double, minRatio);
    QFETCH(QList<bool>, kept);
    const TraceDiff diff = TraceDiff::compare(fastCheckout(), slowCheckout());
    const std::vector<bool> keep = diff.changedWithAncestors(minDeltaNs, minRatio);
    QCOMPARE(QList<bool>(keep.begin(), keep.end()), kept);
    // The node's own verdict, without the ancestor rule.
    QCOMPARE(TraceDiff::isChanged(diff.nodes[2], minDeltaNs, minRatio),
             10 * Ms >= minDeltaNs && 1.0 >= minRatio);
    QCOMPARE(TraceDiff::isChanged(diff.nodes[0], minDeltaNs, minRatio),
             90 * Ms >= minDeltaNs && 2.25 >= minRatio);
    QVERIFY(TraceDiff::isChanged(diff.nodes[4], minDeltaNs, minRatio)); // count differs
    QVERIFY(!TraceDiff::isChanged(diff.nodes[5], minDeltaNs, minRatio));
}

void TstTraceDiff::intensity_data()
{
    QTest::addColumn<qint64>("a");
    QTest::addColumn<qint64>("b");
    QTest::addColumn<double>("expected");
    QTest::addRow("same") << 10 * Ms << 10 * Ms << 0.0;
    QTest::addRow("twice as slow") << 10 * Ms << 20 * Ms << std::sqrt(std::log10(2.0));
    QTest::addRow("twice as fast") << 20 * Ms << 10 * Ms << std::sqrt(std::log10(2.0));
    QTest::addRow("ten times: saturated") << 10 * Ms << 100 * Ms << 1.0;
    QTest::addRow("hundred times: saturated") << 1 * Ms << 100 * Ms << 1.0;
    QTest::addRow("from zero length") << 0LL << 5 * Ms << 1.0;
    QTest::addRow("only in A") << 5 * Ms << -1LL << 1.0;
}

void TstTraceDiff::intensity()
{
    QFETCH(qint64, a);
    QFETCH(qint64, b);
    QFETCH(double, expected);
    TraceDiffNode node;
    node.a.count = 1;
    node.a.totalNs = a;
    node.b.count = b < 0 ? 0 : 1;
    node.b.totalNs = std::max<qint64>(b, 0);
    QCOMPARE(TraceDiff::intensity(node), expected);
}

void TstTraceDiff::emptyTrace()
{
    const TraceDiff diff = TraceDiff::compare(AssembledTrace::assemble({}), fastCheckout());
    QCOMPARE(diff.onlyB, 5);
    QCOMPARE(diff.durationA, 0LL);
    QVERIFY(!diff.deltaRatio());
    const TraceDiff none =
        TraceDiff::compare(AssembledTrace::assemble({}), AssembledTrace::assemble({}));
    QVERIFY(none.nodes.empty());
    QCOMPARE(none.maxTotalNs(), 0LL);
}

void TstTraceDiff::deepChain()
{
    // 10,000 nested calls: nothing may recurse per level.
    const auto chain = [](const char *trace, int length, qint64 stepMs) {
        std::vector<Span> spans = makeSpans(trace, T0, {{"s0", "", "svc", "call", 0, 100'000}});
        for (int i = 1; i < length; ++i) {
            Span s = spans.back();
            s.parentSpanId = s.spanId;
            s.spanId = SpanId::fromString(QStringLiteral("s%1").arg(i));
            s.durationNs -= stepMs * Ms;
            spans.push_back(s);
        }
        return AssembledTrace::assemble(std::move(spans));
    };
    const TraceDiff diff = TraceDiff::compare(chain("a", 10'000, 1), chain("b", 9'000, 2));
    QCOMPARE(diff.nodes.size(), std::size_t(10'000));
    QCOMPARE(diff.matched, 9'000);
    QCOMPARE(diff.onlyA, 1'000);
    QCOMPARE(diff.nodes.back().depth, 9'999);
    QCOMPARE(diff.nodes[8'999].deltaNs(), -8'999 * Ms);
    QCOMPARE(treeProblem(diff), QString());
}

void TstTraceDiff::bigTraces()
{
    // 10,000 spans each: a root, 100 calls of 10 operations, each with 99 database spans (and
    // in B one deep chain of 1,000 spans instead of one call's children).
    const auto build = [](const char *trace, qint64 stretch, bool chain) {
        std::vector<Span> spans;
        spans = makeSpans(trace, T0, {{"root", "", "gateway", "GET /big", 0, 100'000}});
        Span proto = spans.front();
        int made = 1;
        for (int call = 0; call < 100 && made < 10'000; ++call) {
            Span c = proto;
            c.spanId = SpanId::fromString(QStringLiteral("c%1").arg(call));
            c.parentSpanId = proto.spanId;
            c.setService(QStringLiteral("svc%1").arg(call % 10));
            c.setOperation(QStringLiteral("op%1").arg(call % 10));
            c.startNs = T0 + call * 1000 * Ms;
            c.durationNs = 900 * Ms * stretch;
            spans.push_back(c);
            ++made;
            SpanId parent = c.spanId;
            for (int k = 0; k < 99 && made < 10'000; ++k, ++made) {
                Span d = c;
                d.spanId = SpanId::fromString(QStringLiteral("d%1-%2").arg(call).arg(k));
                d.parentSpanId = parent;
                d.setService(QStringLiteral("db"));
                d.setOperation(QStringLiteral("SELECT %1").arg(k % 7));
                d.startNs = c.startNs + k * Ms;
                d.durationNs = Ms * stretch;
                spans.push_back(d);
                if (chain && call == 0)
                    parent = d.spanId;
            }
        }
        return AssembledTrace::assemble(std::move(spans));
    };
    const AssembledTrace a = build("big-a", 1, false);
    const AssembledTrace b = build("big-b", 2, true);
    QCOMPARE(a.spans.size(), std::size_t(10'000));
    // Its speed is a benchmark figure (bench_core: tracediff_10k_ms), not a test.
    const TraceDiff diff = TraceDiff::compare(a, b);
    QCOMPARE(treeProblem(diff), QString());
    int countA = 0;
    int countB = 0;
    for (const TraceDiffNode &node : diff.nodes) {
        countA += node.a.count;
        countB += node.b.count;
    }
    QCOMPARE(countA, 10'000);
    QCOMPARE(countB, 10'000);
    // A: root, 10 call paths, 7 query paths under each. B: the same but the chain under c0
    // (svc0/op0) is 99 levels deep, adding 98 nodes (the first level matches A's SELECT 0).
    QCOMPARE(diff.matched, 1 + 10 + 70);
    QCOMPARE(diff.onlyB, 98);
    QCOMPARE(diff.onlyA, 0);
    QCOMPARE(diff.nodes[1].deltaNs(), 10 * 900 * Ms); // svc0/op0: 10 calls, each 900 ms slower
}

QTEST_GUILESS_MAIN(TstTraceDiff)
#include "tst_tracediff.moc"
