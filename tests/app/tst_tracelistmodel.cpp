// SPDX-License-Identifier: MIT
#include "tracelistmodel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>

using namespace traceflow;

namespace {
TraceSummary trace(const char *id, qint64 startMs = 0, qint64 durationMs = 1, int spans = 1,
                   int errors = 0, QStringList services = {QStringLiteral("checkout")})
{
    TraceSummary s;
    s.traceId = TraceId::fromString(std::string_view(id));
    s.rootService = services.value(0);
    s.rootOperation = QStringLiteral("GET /") + QString::fromLatin1(id);
    s.startNs = startMs * 1'000'000;
    s.durationNs = durationMs * 1'000'000;
    s.spanCount = spans;
    s.errorCount = errors;
    s.services = services;
    return s;
}

std::vector<TraceSummary> traces(const QStringList &ids)
{
    std::vector<TraceSummary> out;
    for (const QString &id : ids)
        out.push_back(trace(id.toLatin1().constData(), 1000 + out.size(), 10 + qint64(out.size())));
    return out;
}

QStringList ids(const TraceListModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(model.index(row, 0).data(TraceListModel::TraceIdRole).toString());
    return out;
}
} // namespace

class TstTraceListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void merge_data();
    void merge();
    void selectionSurvivesMerge();
    void updatesChangedRowsInPlace();
    void displayAndRoles();
    void durationScale();
    void columnSort_data();
    void columnSort();
    void timeZone();
};

void TstTraceListModel::merge_data()
{
    QTest::addColumn<QStringList>("before");
    QTest::addColumn<QStringList>("after");
    QTest::addColumn<QStringList>("expected");
    const auto list = [](const char *text) {
        return QString::fromLatin1(text).split(u' ', Qt::SkipEmptyParts);
    };
    QTest::addRow("fill an empty list") << QStringList() << list("a b c") << list("a b c");
    QTest::addRow("new traces on top") << list("c d e") << list("a b c d e") << list("a b c d e");
    QTest::addRow("new on top, oldest fall off the limit")
        << list("c d e") << list("a b c") << list("a b c");
    QTest::addRow("appended at the bottom") << list("a b") << list("a b c d") << list("a b c d");
    QTest::addRow("removed from the middle") << list("a b c d") << list("a d") << list("a d");
    QTest::addRow("reordered") << list("a b c d") << list("d b a c") << list("d b a c");
    QTest::addRow("reversed") << list("a b c d e") << list("e d c b a") << list("e d c b a");
    QTest::addRow("replaced entirely") << list("a b") << list("x y z") << list("x y z");
    QTest::addRow("interleaved new and moved")
        << list("a b c") << list("x c y a z") << list("x c y a z");
    QTest::addRow("emptied") << list("a b c") << QStringList() << QStringList();
    QTest::addRow("duplicate ids keep the first")
        << QStringList() << list("a b a c b") << list("a b c");
}

void TstTraceListModel::merge()
{
    QFETCH(QStringList, before);
    QFETCH(QStringList, after);
    QFETCH(QStringList, expected);
    TraceListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTraces(traces(before));
    QCOMPARE(ids(model), before);
    QList<QPersistentModelIndex> persistent;
    for (int row = 0; row < model.rowCount(); ++row)
        persistent.append(model.index(row, TraceListModel::DurationColumn));
    model.setTraces(traces(after));
    QCOMPARE(ids(model), expected);
    // A persistent index follows its trace, or becomes invalid when the trace went away.
    for (qsizetype i = 0; i < persistent.size(); ++i) {
        const QString id = before[i];
        if (expected.contains(id)) {
            QVERIFY2(persistent[i].isValid(), qPrintable(id));
            QCOMPARE(persistent[i].data(TraceListModel::TraceIdRole).toString(), id);
            QCOMPARE(persistent[i].column(), int(TraceListModel::DurationColumn));
        } else {
            QVERIFY2(!persistent[i].isValid(), qPrintable(id));
        }
    }
}

void TstTraceListModel::selectionSurvivesMerge()
{
    TraceListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QItemSelectionModel selection(&model);
    model.setTraces(traces({QStringLiteral("c"), QStringLiteral("d"), QStringLiteral("e")}));
    selection.setCurrentIndex(model.index(1, 0),
                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    selection.select(model.index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    model.setTraces(traces({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                            QStringLiteral("d"), QStringLiteral("e")}));
    QCOMPARE(selection.currentIndex().row(), 3);
    QCOMPARE(selection.currentIndex().data(TraceListModel::TraceIdRole).toString(),
             QStringLiteral("d"));
    QStringList selected;
    for (const QModelIndex &index : selection.selectedRows())
        selected.append(index.data(TraceListModel::TraceIdRole).toString());
    selected.sort();
    QCOMPARE(selected, QStringList({QStringLiteral("d"), QStringLiteral("e")}));
}

void TstTraceListModel::updatesChangedRowsInPlace()
{
    TraceListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTraces({trace("a", 1, 5, 1), trace("b", 2, 5, 1)});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    // b grew: more spans arrived and it lasts longer now.
    model.setTraces({trace("a", 1, 5, 1), trace("b", 2, 9, 4)});
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    QVERIFY(!changed.isEmpty());
    const auto first = changed.first().at(0).value<QModelIndex>();
    QCOMPARE(first.row(), 1);
    QCOMPARE(model.index(1, TraceListModel::SpansColumn).data().toInt(), 4);
    changed.clear();
    model.setTraces({trace("a", 1, 5, 1), trace("b", 2, 9, 4)});
    QCOMPARE(changed.count(), 0); // nothing changed, nothing repainted
}

void TstTraceListModel::displayAndRoles()
{
    TraceListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTimeSpec(Qt::UTC);
    const QStringList services = {QStringLiteral("checkout"), QStringLiteral("inventory"),
                                  QStringLiteral("payment")};
    model.setTraces(
        {trace("4bf92f3577b34da6a3ce929d0e0e4736", 1710000000123, 1520, 12, 2, services)});
    QCOMPARE(model.columnCount(), int(TraceListModel::ColumnCount));
    auto cell = [&model](int column, int role = Qt::DisplayRole) {
        return model.index(0, column).data(role);
    };
    QCOMPARE(cell(TraceListModel::StartColumn).toString(),
             QStringLiteral("2024-03-09 16:00:00.123"));
    QCOMPARE(cell(TraceListModel::ServiceColumn).toString(), QStringLiteral("checkout"));
    QCOMPARE(cell(TraceListModel::OperationColumn).toString(),
             QStringLiteral("GET /4bf92f3577b34da6a3ce929d0e0e4736"));
    QCOMPARE(cell(TraceListModel::DurationColumn).toString(), QStringLiteral("1.52 s"));
    QCOMPARE(cell(TraceListModel::SpansColumn).toInt(), 12);
    QCOMPARE(cell(TraceListModel::ErrorsColumn).toInt(), 2);
    QVERIFY(cell(TraceListModel::ErrorsColumn, Qt::DecorationRole).isValid());
    QCOMPARE(cell(TraceListModel::ServicesColumn, TraceListModel::ServicesRole).toStringList(),
             services);
    QCOMPARE(cell(TraceListModel::TraceIdColumn).toString(),
             QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736"));
    QCOMPARE(cell(TraceListModel::DurationColumn, TraceListModel::DurationNsRole).toLongLong(),
             1'520'000'000LL);
    QCOMPARE(cell(TraceListModel::StartColumn, TraceListModel::SortRole).toLongLong(),
             1710000000123'000'000LL);
    QCOMPARE(model.headerData(TraceListModel::DurationColumn, Qt::Horizontal).toString(),
             QStringLiteral("Duration"));

    model.setTraces({trace("ok", 1, 1, 1, 0)});
    QVERIFY(!model.index(0, TraceListModel::ErrorsColumn).data().isValid());
    QVERIFY(!model.index(0, TraceListModel::ErrorsColumn).data(Qt::DecorationRole).isValid());
}

void TstTraceListModel::durationScale()
{
    TraceListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTraces({trace("a", 1, 40), trace("b", 2, 250), trace("c", 3, 90)});
    QCOMPARE(model.maxDurationNs(), 250'000'000LL);
    QCOMPARE(model.index(0, TraceListModel::DurationColumn)
                 .data(TraceListModel::MaxDurationNsRole)
                 .toLongLong(),
             250'000'000LL);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setTraces({trace("a", 1, 40), trace("c", 3, 90)}); // the slowest left
    QCOMPARE(model.maxDurationNs(), 90'000'000LL);
    const bool scaleRepainted =
        std::any_of(changed.begin(), changed.end(), [](const QList<QVariant> &args) {
            return args.at(0).value<QModelIndex>().column() <= TraceListModel::DurationColumn &&
                   args.at(1).value<QModelIndex>().column() >= TraceListModel::DurationColumn &&
                   args.at(1).value<QModelIndex>().row() == 1;
        });
    QVERIFY(scaleRepainted);
}

void TstTraceListModel::columnSort_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("order");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("duration ascending")
        << int(TraceListModel::DurationColumn) << int(Qt::AscendingOrder)
        << QStringList{QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("a")};
    QTest::addRow("duration descending")
        << int(TraceListModel::DurationColumn) << int(Qt::DescendingOrder)
        << QStringList{QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("b")};
    QTest::addRow("spans descending")
        << int(TraceListModel::SpansColumn) << int(Qt::DescendingOrder)
        << QStringList{QStringLiteral("c"), QStringLiteral("b"), QStringLiteral("a")};
    QTest::addRow("service, case-insensitive")
        << int(TraceListModel::ServiceColumn) << int(Qt::AscendingOrder)
        << QStringList{QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("b")};
    QTest::addRow("start ascending")
        << int(TraceListModel::StartColumn) << int(Qt::AscendingOrder)
        << QStringList{QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("b")};
}

void TstTraceListModel::columnSort()
{
    QFETCH(int, column);
    QFETCH(int, order);
    QFETCH(QStringList, expected);
    TraceListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTraces({trace("a", 20, 300, 1, 0, {QStringLiteral("alpha")}),
                     trace("b", 30, 5, 2, 0, {QStringLiteral("Zulu")}),
                     trace("c", 10, 70, 9, 0, {QStringLiteral("beta")})});
    QItemSelectionModel selection(&model);
    selection.setCurrentIndex(model.index(0, 0),
                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    model.sort(column, Qt::SortOrder(order));
    QCOMPARE(ids(model), expected);
    QCOMPARE(selection.currentIndex().data(TraceListModel::TraceIdRole).toString(),
             QStringLiteral("a"));
    // Live results keep the column sort: a new trace lands in its sorted place.
    model.setTraces({trace("a", 20, 300, 1, 0, {QStringLiteral("alpha")}),
                     trace("b", 30, 5, 2, 0, {QStringLiteral("Zulu")}),
                     trace("c", 10, 70, 9, 0, {QStringLiteral("beta")}),
                     trace("d", 15, 100, 5, 0, {QStringLiteral("delta")})});
    QStringList sorted = ids(model);
    QCOMPARE(sorted.size(), 4);
    sorted.removeAll(QStringLiteral("d"));
    QCOMPARE(sorted, expected);
    for (int row = 0; row + 1 < model.rowCount(); ++row) {
        const QVariant a = model.index(row, column).data(TraceListModel::SortRole);
        const QVariant b = model.index(row + 1, column).data(TraceListModel::SortRole);
        const bool inOrder =
            a.typeId() == QMetaType::QString
                ? (order == Qt::AscendingOrder
                       ? a.toString().compare(b.toString(), Qt::CaseInsensitive) <= 0
                       : a.toString().compare(b.toString(), Qt::CaseInsensitive) >= 0)
                : (order == Qt::AscendingOrder ? a.toLongLong() <= b.toLongLong()
                                               : a.toLongLong() >= b.toLongLong());
        QVERIFY2(inOrder, qPrintable(ids(model).join(u' ')));
    }
}

void TstTraceListModel::timeZone()
{
    TraceListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTraces({trace("a", 1710000000123)});
    model.setTimeSpec(Qt::UTC);
    QCOMPARE(model.index(0, TraceListModel::StartColumn).data().toString(),
             QStringLiteral("2024-03-09 16:00:00.123"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setTimeSpec(Qt::LocalTime);
    QCOMPARE(changed.count(), 1);
    const QString local = QDateTime::fromMSecsSinceEpoch(1710000000123, Qt::LocalTime)
                              .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    QCOMPARE(model.index(0, TraceListModel::StartColumn).data().toString(), local);
}

QTEST_MAIN(TstTraceListModel)
#include "tst_tracelistmodel.moc"
