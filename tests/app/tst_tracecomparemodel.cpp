// SPDX-License-Identifier: MIT
#include "coretestsupport.h"
#include "tracecomparemodel.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QFont>
#include <QTest>

using namespace traceflow;
using namespace Qt::StringLiterals;
using traceflow::CoreTestSupport::makeSpan;

namespace {

constexpr qint64 Ms = 1'000'000;
constexpr qint64 T0 = 1'700'000'000'000'000'000;

// The fast and slow checkouts of tst_tracediff: a cache hit only in A, a stock query only in
// B, a payment call that failed and was retried in B, and an unchanged render.
std::shared_ptr<const TraceDiff> checkoutDiff()
{
    const AssembledTrace fast = AssembledTrace::assemble({
        makeSpan("fast", "a1", "", "checkout", "GET /checkout", T0, 40 * Ms),
        makeSpan("fast", "a2", "a1", "checkout", "cache.get", T0 + 1 * Ms, 1 * Ms),
        makeSpan("fast", "a3", "a1", "inventory", "GET /reserve", T0 + 2 * Ms, 10 * Ms),
        makeSpan("fast", "a4", "a1", "payment", "POST /charge", T0 + 14 * Ms, 20 * Ms),
        makeSpan("fast", "a5", "a1", "checkout", "render", T0 + 36 * Ms, 3 * Ms),
    });
    const AssembledTrace slow = AssembledTrace::assemble({
        makeSpan("slow", "b1", "", "checkout", "GET /checkout", T0, 130 * Ms),
        makeSpan("slow", "b2", "b1", "inventory", "GET /reserve", T0 + 2 * Ms, 20 * Ms),
        makeSpan("slow", "b3", "b2", "inventory", "SELECT stock", T0 + 5 * Ms, 15 * Ms),
        makeSpan("slow", "b4", "b1", "payment", "POST /charge", T0 + 24 * Ms, 50 * Ms,
                 StatusCode::Error),
        makeSpan("slow", "b5", "b1", "payment", "POST /charge", T0 + 76 * Ms, 50 * Ms),
        makeSpan("slow", "b6", "b1", "checkout", "render", T0 + 127 * Ms, 3 * Ms),
    });
    return std::make_shared<const TraceDiff>(TraceDiff::compare(fast, slow));
}

QModelIndex find(const TraceCompareModel &model, const QString &operation)
{
    const QModelIndexList hits = model.match(model.index(0, 0), TraceCompareModel::OperationRole,
                                             operation, 1, Qt::MatchExactly | Qt::MatchRecursive);
    return hits.isEmpty() ? QModelIndex() : hits.first();
}

} // namespace

class TstTraceCompareModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptyModel();
    void tree();
    void rows_data();
    void rows();
    void colours();
    void onlyChangedFilter();
    void textFormats_data();
    void textFormats();
};

void TstTraceCompareModel::emptyModel()
{
    TraceCompareModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(TraceCompareModel::ColumnCount));
    QVERIFY(!model.index(0, 0).isValid());
    QCOMPARE(model.headerData(TraceCompareModel::DeltaColumn, Qt::Horizontal).toString(),
             QStringLiteral("\u0394 duration"));
}

void TstTraceCompareModel::tree()
{
    TraceCompareModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDiff(checkoutDiff());
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex root = model.index(0, 0);
    QCOMPARE(root.data(TraceCompareModel::OperationRole).toString(),
             QStringLiteral("GET /checkout"));
    QCOMPARE(model.rowCount(root), 4); // cache.get, reserve, charge, render
    const QModelIndex reserve = model.index(1, 0, root);
    QCOMPARE(reserve.data(TraceCompareModel::OperationRole).toString(),
             QStringLiteral("GET /reserve"));
    QCOMPARE(model.rowCount(reserve), 1);
    QCOMPARE(model.parent(model.index(0, 0, reserve)), reserve);
    QCOMPARE(model.visibleCount(), 6);
    QCOMPARE(model.indexOfNode(3), model.index(0, 0, reserve));
    QCOMPARE(model.node(model.indexOfNode(3))->operation(), QStringLiteral("SELECT stock"));
    // Cells other than the name have no children.
    QCOMPARE(model.rowCount(model.index(1, TraceCompareModel::DeltaColumn, root)), 0);
}

void TstTraceCompareModel::rows_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QStringList>(
        "cells"); // name, A spans, A duration, B spans, B duration, bars, Δ, Δ%, Δ self
    QTest::addColumn<int>("presence");
    QTest::addColumn<QString>("label");
    QTest::addRow("root") << QStringLiteral("GET /checkout")
                          << QStringList{u"checkout GET /checkout"_s,
                                         u"1"_s,
                                         u"40.0 ms"_s,
                                         u"1"_s,
                                         u"130 ms"_s,
                                         QString(),
                                         u"+90.0 ms"_s,
                                         u"+225%"_s,
                                         u"+1.00 ms"_s}
                          << int(DiffPresence::Both) << QString();
    QTest::addRow("only in A") << QStringLiteral("cache.get")
                               << QStringList{u"checkout cache.get"_s,
                                              u"1"_s,
                                              u"1.00 ms"_s,
                                              u"\u2013"_s,
                                              u"\u2013"_s,
                                              QString(),
                                              u"-1.00 ms"_s,
                                              u"-100%"_s,
                                              u"-1.00 ms"_s}
                               << int(DiffPresence::OnlyA) << QStringLiteral("only in A");
    QTest::addRow("only in B") << QStringLiteral("SELECT stock")
                               << QStringList{u"inventory SELECT stock"_s,
                                              u"\u2013"_s,
                                              u"\u2013"_s,
                                              u"1"_s,
                                              u"15.0 ms"_s,
                                              QString(),
                                              u"+15.0 ms"_s,
                                              u"new"_s,
                                              u"+15.0 ms"_s}
                               << int(DiffPresence::OnlyB) << QStringLiteral("only in B");
    QTest::addRow("retried") << QStringLiteral("POST /charge")
                             << QStringList{u"payment POST /charge"_s,
                                            u"1"_s,
                                            u"20.0 ms"_s,
                                            u"2 (1 err)"_s,
                                            u"100 ms"_s,
                                            QString(),
                                            u"+80.0 ms"_s,
                                            u"+400%"_s,
                                            u"+80.0 ms"_s}
                             << int(DiffPresence::Both) << QString();
    QTest::addRow("unchanged") << QStringLiteral("render")
                               << QStringList{u"checkout render"_s,
                                              u"1"_s,
                                              u"3.00 ms"_s,
                                              u"1"_s,
                                              u"3.00 ms"_s,
                                              QString(),
                                              u"0"_s,
                                              u"0%"_s,
                                              u"0"_s}
                               << int(DiffPresence::Both) << QString();
}

void TstTraceCompareModel::rows()
{
    QFETCH(QString, operation);
    QFETCH(QStringList, cells);
    QFETCH(int, presence);
    QFETCH(QString, label);
    TraceCompareModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDiff(checkoutDiff());
    const QModelIndex name = find(model, operation);
    QVERIFY(name.isValid());
    QStringList shown;
    for (int column = 0; column < TraceCompareModel::ColumnCount; ++column)
        shown << model.index(name.row(), column, name.parent()).data().toString();
    QCOMPARE(shown, cells);
    QCOMPARE(name.data(TraceCompareModel::PresenceRole).toInt(), presence);
    QCOMPARE(name.data(TraceCompareModel::PresenceTextRole).toString(), label);
    QCOMPARE(name.data(TraceCompareModel::MaxTotalRole).toLongLong(), 130 * Ms);
    const TraceDiffNode *node = model.node(name);
    QCOMPARE(name.data(TraceCompareModel::TotalARole).toLongLong(), node->a.totalNs);
    QCOMPARE(name.data(TraceCompareModel::TotalBRole).toLongLong(), node->b.totalNs);
    QCOMPARE(name.data(TraceCompareModel::DeltaNsRole).toLongLong(), node->deltaNs());
    QCOMPARE(name.data(TraceCompareModel::DeltaRatioRole).isValid(), node->a.totalNs > 0);
    QVERIFY(name.data(Qt::ToolTipRole).toString().contains(operation));
}

void TstTraceCompareModel::colours()
{
    TraceCompareModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDiff(checkoutDiff());
    const auto background = [&model](const QString &operation) {
        return find(model, operation).data(Qt::BackgroundRole).value<QColor>();
    };
    const QColor slower = background(QStringLiteral("POST /charge"));
    QVERIFY(slower.red() > slower.green());
    // A 5x change is tinted more strongly than a 2x one; the unchanged row is not tinted.
    QVERIFY(slower.alpha() > background(QStringLiteral("GET /reserve")).alpha());
    QVERIFY(!find(model, QStringLiteral("render")).data(Qt::BackgroundRole).isValid());
    // Rows in one trace only get their own hues, neither red nor green.
    const QColor onlyA = background(QStringLiteral("cache.get"));
    const QColor onlyB = background(QStringLiteral("SELECT stock"));
    QVERIFY(onlyA.blue() > onlyA.red() && onlyB.blue() > onlyB.green());
    QVERIFY(onlyA.rgb() != onlyB.rgb());
    // Δ text: red for slower; bold span counts where they differ.
    const QModelIndex charge = find(model, QStringLiteral("POST /charge"));
    const QColor delta = model.index(charge.row(), TraceCompareModel::DeltaColumn, charge.parent())
                             .data(Qt::ForegroundRole)
                             .value<QColor>();
    QVERIFY(delta.red() > delta.green());
    const QModelIndex countB =
        model.index(charge.row(), TraceCompareModel::CountBColumn, charge.parent());
    QCOMPARE(countB.data(TraceCompareModel::ErrorsBRole).toInt(), 1);
    QVERIFY(countB.data(Qt::ForegroundRole).value<QColor>().red() > 150);
    QVERIFY(model.index(charge.row(), TraceCompareModel::CountBColumn, charge.parent())
                .data(Qt::FontRole)
                .value<QFont>()
                .bold());
    // A faster row after swapping the sides is green.
    const auto swapped = std::make_shared<const TraceDiff>([] {
        TraceDiff d = *checkoutDiff();
        for (TraceDiffNode &n : d.nodes)
            std::swap(n.a, n.b);
        return d;
    }());
    model.setDiff(swapped);
    const QColor faster = background(QStringLiteral("POST /charge"));
    QVERIFY(faster.green() > faster.red());
}

void TstTraceCompareModel::onlyChangedFilter()
{
    TraceCompareModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDiff(checkoutDiff());
    model.setFilter(true, 0, 0.0);
    QCOMPARE(model.visibleCount(), 5);
    QVERIFY(!find(model, QStringLiteral("render")).isValid());
    QVERIFY(!model.indexOfNode(5).isValid());
    // A threshold above reserve's +100%: it stays as the parent of the B-only query.
    model.setFilter(true, 0, 3.0);
    QCOMPARE(model.visibleCount(), 5);
    QVERIFY(find(model, QStringLiteral("GET /reserve")).isValid());
    model.setFilter(false, 0, 3.0);
    QCOMPARE(model.visibleCount(), 6);
    QCOMPARE(model.rowCount(model.index(0, 0)), 4);
}

void TstTraceCompareModel::textFormats_data()
{
    QTest::addColumn<qint64>("delta");
    QTest::addColumn<QString>("text");
    QTest::addRow("zero") << 0LL << QStringLiteral("0");
    QTest::addRow("slower") << 12'300'000LL << QStringLiteral("+12.3 ms");
    QTest::addRow("faster") << -850'000LL << QStringLiteral("-850 \u00b5s");
}

void TstTraceCompareModel::textFormats()
{
    QFETCH(qint64, delta);
    QFETCH(QString, text);
    QCOMPARE(TraceCompareModel::deltaText(delta), text);
}

QTEST_MAIN(TstTraceCompareModel)
#include "tst_tracecomparemodel.moc"
