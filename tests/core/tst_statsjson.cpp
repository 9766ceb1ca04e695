// SPDX-License-Identifier: MIT
#include "statsjson.h"

#include <QTest>

using namespace traceflow;

namespace {
StatsReport sample()
{
    StatsReport r;
    r.traces = 12;
    r.spans = 340;
    r.serviceCount = 2;
    r.spansInserted = 1000;
    r.fromNs = 1'710'000'000'000'000'000;
    r.toNs = r.fromNs + 2 * LatencyIndex::BucketNs;
    r.stepNs = 15 * LatencyIndex::BucketNs;
    r.total = StatsFigures{340, 7, 12, 1.5, 20.25, 80.125, 120.0};
    r.serviceRows.push_back(StatsRow{QStringLiteral("front \"end\""), {}, r.total, {300, 40}});
    r.operationRows.push_back(
        StatsRow{QStringLiteral("front \"end\""), QStringLiteral("GET /ü"), r.total, {300, 40}});
    r.series.push_back(StatsPoint{r.fromNs, StatsFigures{300, 5, 10, 1, 2, 3, 4}});
    r.series.push_back(StatsPoint{r.fromNs + LatencyIndex::BucketNs, StatsFigures{40, 2, 2, 1, 2, 3, 4}});
    r.histogram.push_back(HistogramBar{1'000'000, 2'000'000, 300});
    r.histogram.push_back(HistogramBar{2'000'000, 5'000'000, 40});
    return r;
}
// Raw literals stay outside the Q_OBJECT class (moc on Qt 6.4 trips over them).
constexpr const char Body0[] = R"({"trace_count":3,"span_count":9})";
constexpr const char Body1[] = R"({"span_count":-1})";
constexpr const char Body2[] = R"({"series":{}})";
constexpr const char Body3[] = R"({"per_service":[{"count":1}]})";
constexpr const char Body4[] = R"({"total":{"p95_ms":"fast"}})";
constexpr const char Body5[] = R"({"start_unix_nano":10,"end_unix_nano":5})";
constexpr const char Body6[] = R"({"histogram":[{"lower_nano":10,"upper_nano":5,"count":1}]})";
constexpr const char Body7[] = R"({"step_ms":0})";
constexpr const char Body8[] = R"({"step_ms":90000})";
} // namespace

class TstStatsJson : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip()
    {
        const StatsReport r = sample();
        const std::string text = StatsJson::encode(r).dump();
        QString error;
        const std::optional<StatsReport> back =
            StatsJson::decode(QByteArray::fromStdString(text), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->traces, r.traces);
        QCOMPARE(back->spans, r.spans);
        QCOMPARE(back->serviceCount, r.serviceCount);
        QCOMPARE(back->spansInserted, r.spansInserted);
        QCOMPARE(back->fromNs, r.fromNs);
        QCOMPARE(back->toNs, r.toNs);
        QCOMPARE(back->stepNs, r.stepNs);
        QCOMPARE(StatsJson::encode(r)["step_ms"].get<qint64>(), 15 * 60'000);
        QCOMPARE(back->total, r.total);
        QCOMPARE(back->serviceRows.size(), 1u);
        QCOMPARE(back->serviceRows[0].service, r.serviceRows[0].service);
        QCOMPARE(back->serviceRows[0].trend, r.serviceRows[0].trend);
        QCOMPARE(back->operationRows[0].operation, r.operationRows[0].operation);
        QCOMPARE(back->operationRows[0].figures, r.total);
        QCOMPARE(back->series.size(), 2u);
        QCOMPARE(back->series[1].startNs, r.series[1].startNs);
        QCOMPARE(back->series[1].figures, r.series[1].figures);
        QCOMPARE(back->histogram, r.histogram);
    }

    void olderCollectorPartsMissing()
    {
        // Only the counts: what is absent reads as empty.
        const auto back = StatsJson::decode(Body0);
        QVERIFY(back);
        QCOMPARE(back->traces, 3u);
        QVERIFY(!back->spansInserted);
        QVERIFY(back->series.empty());
        QCOMPARE(back->stepNs, LatencyIndex::BucketNs); // it charted every minute
    }

    void badBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::addRow("not json") << QByteArray("{nope") << QStringLiteral("not JSON");
        QTest::addRow("array") << QByteArray("[]") << QStringLiteral("not a JSON object");
        QTest::addRow("negative count") << QByteArray(Body1)
                                        << QStringLiteral("\"span_count\" is not a count");
        QTest::addRow("series not an array") << QByteArray(Body2)
                                             << QStringLiteral("\"series\" is not an array");
        QTest::addRow("row without service")
            << QByteArray(Body3)
            << QStringLiteral("\"service\" is not a string");
        QTest::addRow("text latency")
            << QByteArray(Body4)
            << QStringLiteral("\"p95_ms\" is not a number");
        QTest::addRow("window backwards")
            << QByteArray(Body5)
            << QStringLiteral("the window ends before it starts");
        QTest::addRow("bar backwards")
            << QByteArray(Body6)
            << QStringLiteral("a histogram bar ends before it starts");
        QTest::addRow("no step") << QByteArray(Body7)
                                 << QStringLiteral("\"step_ms\" is not a whole number of minutes");
        QTest::addRow("step of a minute and a half")
            << QByteArray(Body8) << QStringLiteral("\"step_ms\" is not a whole number of minutes");
    }

    void badBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        QString why;
        QVERIFY(!StatsJson::decode(body, &why));
        QCOMPARE(why, error);
    }
};

QTEST_GUILESS_MAIN(TstStatsJson)
#include "tst_statsjson.moc"
