// SPDX-License-Identifier: MIT
#include "latencyhistogram.h"

#include <QTest>

using namespace traceflow;

class TstLatencyHistogram : public QObject
{
    Q_OBJECT

private slots:
    void edges_data()
    {
        QTest::addColumn<qint64>("ns");
        QTest::addColumn<qint64>("below");
        QTest::addColumn<qint64>("next");
        QTest::addRow("below one") << qint64(0) << qint64(1) << qint64(2);
        QTest::addRow("one") << qint64(1) << qint64(1) << qint64(2);
        QTest::addRow("three") << qint64(3) << qint64(2) << qint64(5);
        QTest::addRow("seven") << qint64(7) << qint64(5) << qint64(10);
        QTest::addRow("exactly 1 ms") << qint64(1'000'000) << qint64(1'000'000) << qint64(2'000'000);
        QTest::addRow("just under 1 ms") << qint64(999'999) << qint64(500'000) << qint64(1'000'000);
        QTest::addRow("4.9 s") << qint64(4'900'000'000) << qint64(2'000'000'000)
                               << qint64(5'000'000'000);
    }

    void edges()
    {
        QFETCH(qint64, ns);
        QFETCH(qint64, below);
        QFETCH(qint64, next);
        QCOMPARE(LatencyHistogram::edgeAtOrBelow(ns), below);
        QCOMPARE(LatencyHistogram::nextEdge(below), next);
    }

    void bars_data()
    {
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<QList<qint64>>("lowers");
        QTest::addColumn<QList<quint64>>("counts");
        const double ms = 1e6;
        QTest::addRow("empty") << QList<double>{} << QList<qint64>{} << QList<quint64>{};
        QTest::addRow("one value") << QList<double>{3 * ms} << QList<qint64>{2'000'000}
                                   << QList<quint64>{1};
        // Empty bars in between stay, so the axis is a true log scale.
        QTest::addRow("gap") << QList<double>{1.5 * ms, 1.2 * ms, 30 * ms}
                             << QList<qint64>{1'000'000, 2'000'000, 5'000'000, 10'000'000,
                                              20'000'000}
                             << QList<quint64>{2, 0, 0, 0, 1};
        QTest::addRow("zero durations start at 0") << QList<double>{0, 0, 1.5}
                                                   << QList<qint64>{0} << QList<quint64>{3};
    }

    void bars()
    {
        QFETCH(QList<double>, values);
        QFETCH(QList<qint64>, lowers);
        QFETCH(QList<quint64>, counts);
        DDSketch sketch;
        for (double v : values)
            sketch.add(v);
        const std::vector<HistogramBar> bars = LatencyHistogram::bars(sketch);
        QCOMPARE(qsizetype(bars.size()), lowers.size());
        for (qsizetype i = 0; i < lowers.size(); ++i) {
            QCOMPARE(bars[std::size_t(i)].lowerNs, lowers[i]);
            QCOMPARE(bars[std::size_t(i)].count, counts[i]);
            QVERIFY(bars[std::size_t(i)].upperNs > bars[std::size_t(i)].lowerNs);
        }
    }

    void barsFollowRemovals()
    {
        DDSketch sketch;
        sketch.add(1.5e6);
        sketch.add(300e6);
        sketch.remove(300e6);
        const std::vector<HistogramBar> bars = LatencyHistogram::bars(sketch);
        QCOMPARE(bars.size(), 1u);
        QCOMPARE(bars[0].count, 1u);
    }
};

QTEST_GUILESS_MAIN(TstLatencyHistogram)
#include "tst_latencyhistogram.moc"
