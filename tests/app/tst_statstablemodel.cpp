// SPDX-License-Identifier: MIT
#include "sparklinedelegate.h"
#include "statstablemodel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace traceflow;

namespace {
StatsRow row(const QString &service, const QString &operation, std::uint64_t count,
             std::uint64_t errors = 0, double p95 = 10)
{
    StatsRow r;
    r.service = service;
    r.operation = operation;
    r.figures.count = count;
    r.figures.errors = errors;
    r.figures.traces = count / 2;
    r.figures.p50Ms = p95 / 2;
    r.figures.p95Ms = p95;
    r.figures.p99Ms = p95 * 2;
    r.figures.maxMs = p95 * 3;
    r.trend = {count / 3, 0, count - count / 3};
    return r;
}

std::vector<StatsRow> services(const QStringList &names)
{
    std::vector<StatsRow> rows;
    for (const QString &name : names)
        rows.push_back(row(name, {}, std::uint64_t(10 + rows.size())));
    return rows;
}

QStringList strings(const char *commaSeparated)
{
    return QString::fromLatin1(commaSeparated).split(u',', Qt::SkipEmptyParts);
}

QStringList names(const QAbstractItemModel &model)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r)
        out.append(model.index(r, StatsTableModel::Service).data().toString());
    return out;
}
} // namespace

class TstStatsTableModel : public QObject
{
    Q_OBJECT

private slots:
    void merge_data()
    {
        QTest::addColumn<QStringList>("before");
        QTest::addColumn<QStringList>("after");
        QTest::addRow("fill empty") << strings("") << strings("a,b,c");
        QTest::addRow("same") << strings("a,b") << strings("a,b");
        QTest::addRow("insert middle and end") << strings("b,d")
                                               << strings("a,b,c,d,e");
        QTest::addRow("remove runs") << strings("a,b,c,d,e")
                                     << strings("c");
        QTest::addRow("replace all") << strings("a,b") << strings("x,y,z");
        QTest::addRow("clear") << strings("a,b") << strings("");
    }

    void merge()
    {
        QFETCH(QStringList, before);
        QFETCH(QStringList, after);
        StatsTableModel model(StatsTableModel::Level::Services);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(services(before));
        QCOMPARE(names(model), before);
        model.setRows(services(after));
        QCOMPARE(names(model), after);
    }

    void selectionAndSortSurviveRefresh()
    {
        StatsTableModel model(StatsTableModel::Level::Operations);
        QSortFilterProxyModel proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.setSortRole(StatsTableModel::SortRole);
        proxy.setDynamicSortFilter(true);
        proxy.sort(StatsTableModel::P95, Qt::DescendingOrder);
        model.setRows({row(QStringLiteral("api"), QStringLiteral("get"), 5, 0, 30),
                       row(QStringLiteral("api"), QStringLiteral("put"), 5, 0, 20),
                       row(QStringLiteral("web"), QStringLiteral("GET /"), 5, 0, 10)});
        QItemSelectionModel selection(&proxy);
        selection.select(proxy.index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(proxy.index(1, StatsTableModel::Operation).data().toString(), QStringLiteral("put"));
        // A refresh: put gets slow, a new operation arrives, web's goes away.
        model.setRows({row(QStringLiteral("api"), QStringLiteral("get"), 6, 0, 30),
                       row(QStringLiteral("api"), QStringLiteral("put"), 7, 1, 50),
                       row(QStringLiteral("db"), QStringLiteral("select"), 1, 0, 1)});
        QCOMPARE(proxy.rowCount(), 3);
        QCOMPARE(proxy.index(0, StatsTableModel::Operation).data().toString(), QStringLiteral("put"));
        const QModelIndexList selected = selection.selectedRows();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected[0].data(StatsTableModel::OperationRole).toString(), QStringLiteral("put"));
        QCOMPARE(proxy.index(2, StatsTableModel::Operation).data().toString(), QStringLiteral("select"));
    }

    void sortsNumbersAsNumbers_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<QStringList>("ascending");
        QTest::addRow("spans") << int(StatsTableModel::Spans) << strings("c,a,b");
        QTest::addRow("errors") << int(StatsTableModel::ErrorPercent) << strings("a,c,b");
        QTest::addRow("p95") << int(StatsTableModel::P95) << strings("b,c,a");
        QTest::addRow("name") << int(StatsTableModel::Service) << strings("a,b,c");
    }

    void sortsNumbersAsNumbers()
    {
        QFETCH(int, column);
        QFETCH(QStringList, ascending);
        StatsTableModel model(StatsTableModel::Level::Services);
        QSortFilterProxyModel proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.setSortRole(StatsTableModel::SortRole);
        // 9 < 10 < 100 as numbers, not as text; error rates 0 %, 50 %, 10 %.
        model.setRows({row(QStringLiteral("a"), {}, 10, 0, 100), row(QStringLiteral("b"), {}, 100, 50, 9),
                       row(QStringLiteral("c"), {}, 9, 1, 10)});
        proxy.sort(column, Qt::AscendingOrder);
        QCOMPARE(names(proxy), ascending);
    }

    void displayAndRoles()
    {
        StatsTableModel model(StatsTableModel::Level::Services);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows({row(QStringLiteral("api"), {}, 200, 5, 12.5)});
        QCOMPARE(model.columnCount(), int(StatsTableModel::ColumnCount));
        QCOMPARE(model.index(0, StatsTableModel::P95).data().toString(), QStringLiteral("12.5 ms"));
        QCOMPARE(model.index(0, StatsTableModel::Max).data().toString(), QStringLiteral("37.5 ms"));
        QVERIFY(model.index(0, StatsTableModel::ErrorPercent).data().toString().startsWith(u"2.5"));
        QCOMPARE(model.index(0, StatsTableModel::Traces).data(StatsTableModel::SortRole).toULongLong(), 100u);
        const auto trend = model.index(0, StatsTableModel::Trend).data(StatsTableModel::TrendRole).value<QList<quint64>>();
        QCOMPARE(trend, (QList<quint64>{66, 0, 134}));
        QCOMPARE(model.headerData(StatsTableModel::P99, Qt::Horizontal).toString(), QStringLiteral("p99"));
        // Traces counts roots: the header says so, and its tooltip says why a callee shows 0.
        QCOMPARE(model.headerData(StatsTableModel::Traces, Qt::Horizontal).toString(),
                 QStringLiteral("Traces started"));
        QVERIFY(model.headerData(StatsTableModel::Traces, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains(u"root spans"));
    }

    void csvField_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("field");
        QTest::addRow("plain") << QStringLiteral("checkout") << QStringLiteral("checkout");
        QTest::addRow("comma") << QStringLiteral("GET /a,b") << QStringLiteral("\"GET /a,b\"");
        QTest::addRow("quote") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
        QTest::addRow("newline") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
        QTest::addRow("carriage return") << QStringLiteral("a\rb") << QStringLiteral("\"a\rb\"");
        QTest::addRow("leading space") << QStringLiteral(" x") << QStringLiteral("\" x\"");
        QTest::addRow("empty") << QString() << QString();
        QTest::addRow("unicode") << QStringLiteral("zahlung-ü") << QStringLiteral("zahlung-ü");
    }

    void csvField()
    {
        QFETCH(QString, text);
        QFETCH(QString, field);
        QCOMPARE(StatsTableModel::csvField(text), field);
    }

    void csvDocument()
    {
        StatsTableModel model(StatsTableModel::Level::Operations);
        model.setRows({row(QStringLiteral("api"), QStringLiteral("GET /items,all"), 200, 5, 12.5),
                       row(QStringLiteral("db"), QStringLiteral("select"), 3, 0, 1)});
        const QString all = model.toCsv();
        QCOMPARE(all, QStringLiteral("service,operation,spans,traces,errors,error_percent,p50_ms,"
                                     "p95_ms,p99_ms,max_ms\r\n"
                                     "api,\"GET /items,all\",200,100,5,2.500,6.250,12.500,25.000,37.500\r\n"
                                     "db,select,3,1,0,0.000,0.500,1.000,2.000,3.000\r\n"));
        // In the view's order, and service tables have no operation column.
        QVERIFY(model.toCsv({1, 0}).section(QStringLiteral("\r\n"), 1, 1).startsWith(u"db,"));
        StatsTableModel services(StatsTableModel::Level::Services);
        services.setRows({row(QStringLiteral("api"), {}, 1)});
        QVERIFY(services.toCsv().startsWith(u"service,spans,"));
    }

    void sparklineBars_data()
    {
        QTest::addColumn<QList<quint64>>("counts");
        QTest::addColumn<QList<double>>("heights");
        QTest::addRow("scaled to the peak") << QList<quint64>{0, 5, 10} << QList<double>{0, 10, 20};
        QTest::addRow("tiny still shows") << QList<quint64>{1, 1000} << QList<double>{1, 20};
        QTest::addRow("all zero") << QList<quint64>{0, 0} << QList<double>{0, 0};
        QTest::addRow("none") << QList<quint64>{} << QList<double>{};
    }

    void sparklineBars()
    {
        QFETCH(QList<quint64>, counts);
        QFETCH(QList<double>, heights);
        const QRectF area(10, 0, 30, 20);
        const QList<QRectF> bars = SparklineDelegate::bars(counts, area);
        QCOMPARE(bars.size(), heights.size());
        for (qsizetype i = 0; i < bars.size(); ++i) {
            QCOMPARE(bars[i].height(), heights[i]);
            QCOMPARE(bars[i].bottom(), area.bottom());
            QVERIFY(bars[i].left() >= area.left() && bars[i].right() <= area.right());
        }
    }
};

QTEST_MAIN(TstStatsTableModel)
#include "tst_statstablemodel.moc"
