// SPDX-License-Identifier: MIT
#include "ddsketch.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace traceflow;

namespace {

enum class Distribution { LogNormal, Pareto };

// 10^6 durations in nanoseconds from a fixed seed, so every run checks the same data.
std::vector<double> samples(Distribution distribution, std::uint64_t seed, std::size_t n = 1'000'000)
{
    std::mt19937_64 rng(seed);
    std::vector<double> values(n);
    if (distribution == Distribution::LogNormal) {
        std::lognormal_distribution<double> dist(std::log(50e6), 1.0); // median 50 ms
        std::generate(values.begin(), values.end(), [&] { return dist(rng); });
    } else {
        // Pareto by inversion: scale / U^(1/shape) with U in (0, 1]; scale 1 ms, shape 1.5.
        std::uniform_real_distribution<double> uniform(0.0, 1.0);
        std::generate(values.begin(), values.end(),
                      [&] { return 1e6 / std::pow(1.0 - uniform(rng), 1.0 / 1.5); });
    }
    return values;
}

DDSketch sketchOf(const std::vector<double> &values)
{
    DDSketch sketch;
    for (double v : values)
        sketch.add(v);
    return sketch;
}

double relativeError(double actual, double expected)
{
    return expected == 0 ? std::abs(actual) : std::abs(actual - expected) / expected;
}

} // namespace

Q_DECLARE_METATYPE(Distribution)

class TstDDSketch : public QObject
{
    Q_OBJECT

private slots:
    void quantileWithinOnePercent_data()
    {
        QTest::addColumn<Distribution>("distribution");
        QTest::addColumn<double>("q");
        for (const auto &[name, distribution] :
             {std::pair{"lognormal", Distribution::LogNormal}, {"pareto", Distribution::Pareto}}) {
            for (double q : {0.5, 0.95, 0.99})
                QTest::addRow("%s p%d", name, int(std::lround(q * 100))) << distribution << q;
        }
    }
    void quantileWithinOnePercent()
    {
        QFETCH(Distribution, distribution);
        QFETCH(double, q);
        std::vector<double> values = samples(distribution, 42);
        const DDSketch sketch = sketchOf(values);
        std::sort(values.begin(), values.end());
        const double exact = values[std::size_t(q * double(values.size() - 1))];
        const double estimate = sketch.quantile(q);
        QVERIFY2(relativeError(estimate, exact) <= 0.01,
                 qPrintable(QStringLiteral("estimate %1 exact %2").arg(estimate).arg(exact)));
        QCOMPARE(sketch.count(), std::uint64_t(values.size()));
        QVERIFY(relativeError(sketch.min(), values.front()) <= sketch.relativeAccuracy() + 1e-9);
        QVERIFY(relativeError(sketch.max(), values.back()) <= sketch.relativeAccuracy() + 1e-9);
    }

    void mergeEqualsSketchOfBoth_data()
    {
        QTest::addColumn<std::vector<double>>("a");
        QTest::addColumn<std::vector<double>>("b");
        QTest::addRow("two lognormal halves")
            << samples(Distribution::LogNormal, 1, 50'000) << samples(Distribution::LogNormal, 2, 50'000);
        QTest::addRow("disjoint ranges")
            << std::vector<double>{1e3, 2e3, 3e3} << std::vector<double>{1e9, 5e9};
        QTest::addRow("other below this")
            << std::vector<double>{1e9, 5e9} << std::vector<double>{1e3, 2e3, 3e3};
        QTest::addRow("zeros on one side")
            << std::vector<double>{0, 0, 10, 20} << std::vector<double>{15, 1e6};
        QTest::addRow("zeros on both sides")
            << std::vector<double>{0, 10} << std::vector<double>{0, 0, 0, 5};
        QTest::addRow("other empty") << std::vector<double>{7, 8, 9} << std::vector<double>{};
        QTest::addRow("this empty") << std::vector<double>{} << std::vector<double>{7, 8, 9};
        QTest::addRow("pareto into lognormal")
            << samples(Distribution::LogNormal, 3, 20'000) << samples(Distribution::Pareto, 4, 20'000);
    }
    void mergeEqualsSketchOfBoth()
    {
        QFETCH(std::vector<double>, a);
        QFETCH(std::vector<double>, b);
        DDSketch merged = sketchOf(a);
        merged.merge(sketchOf(b));
        std::vector<double> both = a;
        both.insert(both.end(), b.begin(), b.end());
        const DDSketch single = sketchOf(both);
        QVERIFY(merged == single);
        QCOMPARE(merged.count(), single.count());
        for (double q : {0.0, 0.1, 0.5, 0.9, 0.95, 0.99, 1.0})
            QCOMPARE(merged.quantile(q), single.quantile(q));
        QCOMPARE(merged.min(), single.min());
        QCOMPARE(merged.max(), single.max());
        QVERIFY(relativeError(merged.sum(), single.sum()) < 1e-9);
    }

    void removeRestoresEarlierSketch_data()
    {
        QTest::addColumn<std::vector<double>>("base");
        QTest::addColumn<std::vector<double>>("extra");
        QTest::addRow("extra above range") << std::vector<double>{100, 200, 300}
                                           << std::vector<double>{1e9, 2e12};
        QTest::addRow("extra below range") << std::vector<double>{1e6, 2e6}
                                           << std::vector<double>{1, 5, 50};
        QTest::addRow("extra inside range") << std::vector<double>{10, 1e6}
                                            << std::vector<double>{10, 500, 1e6};
        QTest::addRow("zeros") << std::vector<double>{0, 10} << std::vector<double>{0, 0};
        QTest::addRow("down to empty") << std::vector<double>{} << std::vector<double>{0, 3, 3e9};
        QTest::addRow("lognormal") << samples(Distribution::LogNormal, 5, 10'000)
                                   << samples(Distribution::LogNormal, 6, 10'000);
    }
    void removeRestoresEarlierSketch()
    {
        QFETCH(std::vector<double>, base);
        QFETCH(std::vector<double>, extra);
        DDSketch sketch = sketchOf(base);
        const DDSketch before = sketch;
        for (double v : extra)
            sketch.add(v);
        QVERIFY(extra.empty() || !(sketch == before));
        for (double v : extra)
            QVERIFY(sketch.remove(v));
        QVERIFY(sketch == before);
        QCOMPARE(sketch.count(), before.count());
        QCOMPARE(sketch.min(), before.min());
        QCOMPARE(sketch.max(), before.max());
        for (double q : {0.0, 0.5, 0.99, 1.0})
            QCOMPARE(sketch.quantile(q), before.quantile(q));
        QVERIFY(relativeError(sketch.sum(), before.sum()) < 1e-9);
        // Trimming keeps at most twice the bins' size (+64) as spare capacity.
        QVERIFY(sketch.memoryBytes() <= 2 * before.memoryBytes() + 64 * sizeof(std::uint32_t));
        if (base.empty()) {
            QVERIFY(sketch.isEmpty());
            QCOMPARE(sketch.sum(), 0.0);
            QCOMPARE(sketch.memoryBytes(), DDSketch().memoryBytes());
        }
    }

    void removeOfMissingValueIsIgnored_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<std::uint64_t>("count");
        QTest::addRow("outside the bins") << 1e12 << std::uint64_t(1);
        QTest::addRow("empty bucket inside the bins") << 1e4 << std::uint64_t(1);
        QTest::addRow("more than the bucket holds") << 100.0 << std::uint64_t(3);
        QTest::addRow("zero never added") << 0.0 << std::uint64_t(1);
        QTest::addRow("nan") << std::nan("") << std::uint64_t(1);
    }
    void removeOfMissingValueIsIgnored()
    {
        QFETCH(double, value);
        QFETCH(std::uint64_t, count);
        DDSketch sketch = sketchOf({100, 100, 1e6});
        const DDSketch before = sketch;
        QVERIFY(!sketch.remove(value, count));
        QVERIFY(sketch == before);
        QCOMPARE(sketch.sum(), before.sum());
    }

    void zeroValues_data()
    {
        QTest::addColumn<std::vector<double>>("values");
        QTest::addColumn<double>("q");
        QTest::addColumn<double>("expected");
        const std::vector<double> mixed{0, 0, 0, 1000, 2000};
        QTest::addRow("all zero median") << std::vector<double>{0, 0, 0} << 0.5 << 0.0;
        QTest::addRow("all zero max") << std::vector<double>{0, 0} << 1.0 << 0.0;
        QTest::addRow("mixed rank in zeros") << mixed << 0.5 << 0.0;
        QTest::addRow("mixed rank past zeros") << mixed << 0.75 << 1000.0;
        QTest::addRow("mixed top") << mixed << 1.0 << 2000.0;
        QTest::addRow("negative counts as zero") << std::vector<double>{-5, 10} << 0.0 << 0.0;
    }
    void zeroValues()
    {
        QFETCH(std::vector<double>, values);
        QFETCH(double, q);
        QFETCH(double, expected);
        const DDSketch sketch = sketchOf(values);
        QCOMPARE(sketch.count(), std::uint64_t(values.size()));
        QCOMPARE(sketch.min(), 0.0);
        QVERIFY(relativeError(sketch.quantile(q), expected) <= sketch.relativeAccuracy());
    }

    void emptySketch()
    {
        DDSketch sketch;
        QVERIFY(sketch.isEmpty());
        QCOMPARE(sketch.count(), std::uint64_t(0));
        QCOMPARE(sketch.quantile(0.5), 0.0);
        QCOMPARE(sketch.quantile(1.0), 0.0);
        QCOMPARE(sketch.min(), 0.0);
        QCOMPARE(sketch.max(), 0.0);
        QCOMPARE(sketch.sum(), 0.0);
        QCOMPARE(sketch.memoryBytes(), sizeof(DDSketch));
        QVERIFY(sketch == DDSketch());
        QVERIFY(!(sketch == DDSketch(0.01)));
        sketch.add(std::nan(""));
        sketch.add(5, 0);
        QVERIFY(sketch.isEmpty());
    }

    void singleValue_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<std::uint64_t>("count");
        QTest::addRow("one nanosecond") << 1.0 << std::uint64_t(1);
        QTest::addRow("fifty milliseconds") << 50e6 << std::uint64_t(1);
        QTest::addRow("an hour, counted 1000 times") << 3.6e12 << std::uint64_t(1000);
        QTest::addRow("fractional value") << 123.456 << std::uint64_t(3);
    }
    void singleValue()
    {
        QFETCH(double, value);
        QFETCH(std::uint64_t, count);
        DDSketch sketch;
        sketch.add(value, count);
        QCOMPARE(sketch.count(), count);
        QCOMPARE(sketch.sum(), value * double(count));
        for (double q : {0.0, 0.5, 0.99, 1.0})
            QVERIFY(relativeError(sketch.quantile(q), value) <= sketch.relativeAccuracy() + 1e-12);
        QCOMPARE(sketch.min(), sketch.max());
        QVERIFY(relativeError(sketch.min(), value) <= sketch.relativeAccuracy() + 1e-12);
        QVERIFY(sketch.remove(value, count));
        QVERIFY(sketch == DDSketch());
    }

    // Extreme values collapse into the edge buckets instead of allocating millions of bins.
    void extremeValuesKeepBinsBounded_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<double>("reported");
        QTest::addRow("sub-nanosecond") << 1e-300 << 1.0;
        QTest::addRow("half a nanosecond") << 0.5 << 1.0;
        QTest::addRow("beyond qint64 nanoseconds") << 1e300 << 1e19;
        QTest::addRow("infinity") << std::numeric_limits<double>::infinity() << 1e19;
    }
    void extremeValuesKeepBinsBounded()
    {
        QFETCH(double, value);
        QFETCH(double, reported);
        DDSketch sketch;
        sketch.add(1e6);
        sketch.add(value);
        QVERIFY(sketch.memoryBytes() < 64 * 1024);
        QVERIFY(relativeError(value < 1 ? sketch.min() : sketch.max(), reported)
                <= sketch.relativeAccuracy() + 1e-12);
        QVERIFY(sketch.remove(value));
        QVERIFY(sketch == sketchOf({1e6}));
    }
};

QTEST_GUILESS_MAIN(TstDDSketch)
#include "tst_ddsketch.moc"
