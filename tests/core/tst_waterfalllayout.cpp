// SPDX-License-Identifier: MIT
#include "waterfalllayout.h"

#include <QTest>

#include <limits>

using namespace traceflow;

Q_DECLARE_METATYPE(traceflow::ViewRange)

namespace {

constexpr qint64 Us = 1000;
constexpr qint64 Ms = 1000 * Us;
constexpr qint64 S = 1000 * Ms;

QString labels(const std::vector<RulerTick> &ticks)
{
    QStringList out;
    for (const RulerTick &t : ticks)
        out << t.label;
    return out.join(u' ');
}

} // namespace

class TstWaterfallLayout : public QObject
{
    Q_OBJECT

private slots:
    void timeToPixel_data()
    {
        QTest::addColumn<qint64>("t");
        QTest::addColumn<qint64>("start");
        QTest::addColumn<qint64>("end");
        QTest::addColumn<double>("width");
        QTest::addColumn<double>("x");
        QTest::addRow("range start is x 0") << qint64(100) << qint64(100) << qint64(200) << 500.0 << 0.0;
        QTest::addRow("range end is the width") << qint64(200) << qint64(100) << qint64(200) << 500.0 << 500.0;
        QTest::addRow("middle") << qint64(150) << qint64(100) << qint64(200) << 500.0 << 250.0;
        QTest::addRow("before the range is negative") << qint64(50) << qint64(100) << qint64(200) << 100.0 << -50.0;
        QTest::addRow("after the range is past the width") << qint64(400) << qint64(100) << qint64(200) << 100.0 << 300.0;
        QTest::addRow("empty range gives 0") << qint64(150) << qint64(100) << qint64(100) << 500.0 << 0.0;
        QTest::addRow("reversed range gives 0") << qint64(150) << qint64(200) << qint64(100) << 500.0 << 0.0;
        QTest::addRow("zero width gives 0") << qint64(150) << qint64(100) << qint64(200) << 0.0 << 0.0;
        QTest::addRow("epoch-sized times keep precision")
            << qint64(1'700'000'000'000'000'500) << qint64(1'700'000'000'000'000'000)
            << qint64(1'700'000'000'000'001'000) << 1000.0 << 500.0;
    }
    void timeToPixel()
    {
        QFETCH(qint64, t);
        QFETCH(qint64, start);
        QFETCH(qint64, end);
        QFETCH(double, width);
        QFETCH(double, x);
        QCOMPARE(traceflow::timeToPixel(t, start, end, width), x);
    }

    void pixelToTime_data()
    {
        QTest::addColumn<double>("x");
        QTest::addColumn<qint64>("start");
        QTest::addColumn<qint64>("end");
        QTest::addColumn<double>("width");
        QTest::addColumn<qint64>("t");
        QTest::addRow("left edge") << 0.0 << qint64(1000) << qint64(2000) << 100.0 << qint64(1000);
        QTest::addRow("right edge") << 100.0 << qint64(1000) << qint64(2000) << 100.0 << qint64(2000);
        QTest::addRow("rounds to nearest ns") << 1.0 << qint64(0) << qint64(10) << 3.0 << qint64(3);
        QTest::addRow("left of the view") << -10.0 << qint64(1000) << qint64(2000) << 100.0 << qint64(900);
        QTest::addRow("zero width gives range start") << 50.0 << qint64(1000) << qint64(2000) << 0.0 << qint64(1000);
        QTest::addRow("empty range gives range start") << 50.0 << qint64(1000) << qint64(1000) << 100.0 << qint64(1000);
    }
    void pixelToTime()
    {
        QFETCH(double, x);
        QFETCH(qint64, start);
        QFETCH(qint64, end);
        QFETCH(double, width);
        QFETCH(qint64, t);
        QCOMPARE(traceflow::pixelToTime(x, start, end, width), t);
    }

    void roundTrip()
    {
        for (qint64 t = 0; t <= 10 * Ms; t += 333 * Us) {
            const double x = traceflow::timeToPixel(t, 0, 10 * Ms, 1000);
            QVERIFY(qAbs(traceflow::pixelToTime(x, 0, 10 * Ms, 1000) - t) <= 1);
        }
    }

    void formatDuration_data()
    {
        QTest::addColumn<qint64>("ns");
        QTest::addColumn<QString>("text");
        QTest::addRow("zero") << qint64(0) << QStringLiteral("0ns");
        QTest::addRow("nanoseconds") << qint64(850) << QStringLiteral("850ns");
        QTest::addRow("whole microseconds") << 42 * Us << QString::fromUtf8("42µs");
        QTest::addRow("fractional microseconds") << qint64(1500) << QString::fromUtf8("1.5µs");
        QTest::addRow("three significant digits") << qint64(1'254'000) << QStringLiteral("1.25ms");
        QTest::addRow("trailing zeros dropped") << 3200 * Ms << QStringLiteral("3.2s");
        QTest::addRow("two digit milliseconds") << qint64(12'345'678) << QStringLiteral("12.3ms");
        QTest::addRow("three digit milliseconds") << qint64(123'456'789) << QStringLiteral("123ms");
        QTest::addRow("rounding up crosses into ms") << qint64(999'700) << QStringLiteral("1ms");
        QTest::addRow("rounding up crosses into s") << qint64(999'600'000) << QStringLiteral("1s");
        QTest::addRow("just under a minute rounds to 1m") << qint64(59'960) * Ms << QStringLiteral("1m");
        QTest::addRow("minutes and seconds") << 65 * S << QStringLiteral("1m 5s");
        QTest::addRow("whole minutes") << 120 * S << QStringLiteral("2m");
        QTest::addRow("hours and minutes") << (2 * 3600 + 5 * 60) * S << QStringLiteral("2h 5m");
        QTest::addRow("days and hours") << qint64(26) * 3600 * S << QStringLiteral("1d 2h");
        QTest::addRow("negative") << -1500 * Us << QStringLiteral("-1.5ms");
        QTest::addRow("most negative") << std::numeric_limits<qint64>::min()
                                       << QStringLiteral("-106752d");
    }
    void formatDuration()
    {
        QFETCH(qint64, ns);
        QFETCH(QString, text);
        QCOMPARE(traceflow::formatDuration(ns), text);
    }

    void niceTickStep_data()
    {
        QTest::addColumn<qint64>("range");
        QTest::addColumn<double>("width");
        QTest::addColumn<double>("spacing");
        QTest::addColumn<qint64>("step");
        QTest::addRow("1s over 1000px at 100px") << S << 1000.0 << 100.0 << 100 * Ms;
        QTest::addRow("rounds up to 2.5") << S << 1000.0 << 220.0 << 250 * Ms;
        QTest::addRow("rounds up to 5") << S << 1000.0 << 300.0 << 500 * Ms;
        QTest::addRow("rounds up to 2") << S << 1000.0 << 120.0 << 200 * Ms;
        QTest::addRow("exact 1 stays") << 10 * Us << 100.0 << 10.0 << Us;
        QTest::addRow("tiny range steps 1ns") << qint64(10) << 1000.0 << 80.0 << qint64(1);
        QTest::addRow("ten seconds") << 100 * S << 1000.0 << 100.0 << 10 * S;
        QTest::addRow("fifteen seconds") << 120 * S << 1000.0 << 100.0 << 15 * S;
        QTest::addRow("minutes") << 3000 * S << 1000.0 << 100.0 << 5 * 60 * S;
        QTest::addRow("empty range") << qint64(0) << 1000.0 << 100.0 << qint64(0);
        QTest::addRow("zero width") << S << 0.0 << 100.0 << qint64(0);
    }
    void niceTickStep()
    {
        QFETCH(qint64, range);
        QFETCH(double, width);
        QFETCH(double, spacing);
        QFETCH(qint64, step);
        QCOMPARE(traceflow::niceTickStep(range, width, spacing), step);
    }

    void rulerTicks_data()
    {
        QTest::addColumn<qint64>("start");
        QTest::addColumn<qint64>("end");
        QTest::addColumn<double>("width");
        QTest::addColumn<QString>("labels");
        QTest::addRow("whole 1.5s trace")
            << qint64(0) << 1500 * Ms << 480.0
            << QStringLiteral("0ms 250ms 500ms 750ms 1s 1.25s 1.5s");
        QTest::addRow("zoomed into the middle starts at the next multiple")
            << 1010 * Ms << 1090 * Ms << 400.0 << QStringLiteral("1.02s 1.04s 1.06s 1.08s");
        QTest::addRow("microsecond trace")
            << qint64(0) << 40 * Us << 400.0
            << QString::fromUtf8("0µs 10µs 20µs 30µs 40µs");
        QTest::addRow("minutes")
            << qint64(0) << 180 * S << 400.0 << QStringLiteral("0s 1m 2m 3m");
        QTest::addRow("sub-second steps past a minute")
            << 60 * S << 61 * S << 320.0
            << QStringLiteral("1m 1m 0.25s 1m 0.5s 1m 0.75s 1m 1s");
        QTest::addRow("empty range") << qint64(5) << qint64(5) << 400.0 << QString();
    }
    void rulerTicks()
    {
        QFETCH(qint64, start);
        QFETCH(qint64, end);
        QFETCH(double, width);
        QFETCH(QString, labels);
        const std::vector<RulerTick> ticks = traceflow::rulerTicks(start, end, width, 80);
        QCOMPARE(::labels(ticks), labels);
        for (std::size_t i = 1; i < ticks.size(); ++i)
            QVERIFY(ticks[i].x - ticks[i - 1].x >= 80 - 1e-9);
        for (const RulerTick &t : ticks) {
            QVERIFY(t.timeNs >= start && t.timeNs <= end);
            QCOMPARE(t.x, traceflow::timeToPixel(t.timeNs, start, end, width));
        }
    }

    void visibleRows_data()
    {
        QTest::addColumn<double>("scrollY");
        QTest::addColumn<double>("height");
        QTest::addColumn<int>("rowCount");
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");
        QTest::addRow("top") << 0.0 << 100.0 << 1000 << 0 << 4;
        QTest::addRow("partial rows at both edges") << 30.0 << 100.0 << 1000 << 1 << 6;
        QTest::addRow("clamped to the last row") << 19950.0 << 100.0 << 1000 << 997 << 999;
        QTest::addRow("fewer rows than fit") << 0.0 << 1000.0 << 3 << 0 << 2;
        QTest::addRow("no rows") << 0.0 << 100.0 << 0 << 0 << -1;
        QTest::addRow("scrolled past the end") << 50000.0 << 100.0 << 1000 << 0 << -1;
        QTest::addRow("zero height") << 0.0 << 0.0 << 1000 << 0 << -1;
    }
    void visibleRows()
    {
        QFETCH(double, scrollY);
        QFETCH(double, height);
        QFETCH(int, rowCount);
        QFETCH(int, first);
        QFETCH(int, last);
        const RowRange r = traceflow::visibleRows(scrollY, height, 20, rowCount);
        QCOMPARE(r.first, first);
        QCOMPARE(r.last, last);
    }

    void rowAt_data()
    {
        QTest::addColumn<double>("y");
        QTest::addColumn<double>("scrollY");
        QTest::addColumn<int>("row");
        QTest::addRow("first row top") << 0.0 << 0.0 << 0;
        QTest::addRow("first row bottom pixel") << 19.5 << 0.0 << 0;
        QTest::addRow("second row") << 20.0 << 0.0 << 1;
        QTest::addRow("scrolled") << 5.0 << 100.0 << 5;
        QTest::addRow("last row") << 199.0 << 0.0 << 9;
        QTest::addRow("below the last row") << 200.0 << 0.0 << -1;
        QTest::addRow("above the rows") << -1.0 << 0.0 << -1;
    }
    void rowAt()
    {
        QFETCH(double, y);
        QFETCH(double, scrollY);
        QFETCH(int, row);
        QCOMPARE(traceflow::rowAt(y, scrollY, 20, 10), row);
    }

    void barExtent_data()
    {
        QTest::addColumn<qint64>("start");
        QTest::addColumn<qint64>("end");
        QTest::addColumn<double>("x0");
        QTest::addColumn<double>("x1");
        QTest::addColumn<bool>("visible");
        QTest::addColumn<bool>("clippedLeft");
        QTest::addColumn<bool>("clippedRight");
        // View [1000, 2000] over 100 px, min width 2 px.
        QTest::addRow("inside") << qint64(1100) << qint64(1500) << 10.0 << 50.0 << true << false << false;
        QTest::addRow("instant span gets min width") << qint64(1500) << qint64(1500) << 50.0 << 52.0 << true << false << false;
        QTest::addRow("left of the view") << qint64(0) << qint64(500) << -2.0 << -2.0 << false << true << false;
        QTest::addRow("crossing the left edge") << qint64(500) << qint64(1500) << -2.0 << 50.0 << true << true << false;
        QTest::addRow("wider than the view") << qint64(0) << qint64(1'000'000'000) << -2.0 << 102.0 << true << true << true;
        QTest::addRow("right of the view") << qint64(3000) << qint64(4000) << 102.0 << 102.0 << false << false << true;
    }
    void barExtent()
    {
        QFETCH(qint64, start);
        QFETCH(qint64, end);
        QFETCH(double, x0);
        QFETCH(double, x1);
        QFETCH(bool, visible);
        QFETCH(bool, clippedLeft);
        QFETCH(bool, clippedRight);
        const BarExtent bar = traceflow::barExtent(start, end, 1000, 2000, 100, 2);
        QCOMPARE(bar.x0, x0);
        QCOMPARE(bar.x1, x1);
        QCOMPARE(bar.visible, visible);
        QCOMPARE(bar.clippedLeft, clippedLeft);
        QCOMPARE(bar.clippedRight, clippedRight);
    }

    void treeIndent_data()
    {
        QTest::addColumn<int>("depth");
        QTest::addColumn<double>("indent");
        QTest::addRow("root") << 0 << 0.0;
        QTest::addRow("depth 3") << 3 << 42.0;
        QTest::addRow("capped") << 1000 << 120.0;
    }
    void treeIndent()
    {
        QFETCH(int, depth);
        QFETCH(double, indent);
        QCOMPARE(traceflow::treeIndent(depth, 14, 120), indent);
    }

    void zoomViewRange_data()
    {
        QTest::addColumn<ViewRange>("range");
        QTest::addColumn<double>("factor");
        QTest::addColumn<double>("anchor");
        QTest::addColumn<ViewRange>("expected");
        // Trace of 1000 ns, minimum length 10 ns.
        QTest::addRow("zoom in around the middle") << ViewRange{0, 1000} << 0.5 << 0.5 << ViewRange{250, 750};
        QTest::addRow("zoom in around the left edge") << ViewRange{0, 1000} << 0.5 << 0.0 << ViewRange{0, 500};
        QTest::addRow("anchor point stays still") << ViewRange{200, 600} << 0.5 << 0.25 << ViewRange{250, 450};
        QTest::addRow("zoom out is clamped to the trace") << ViewRange{100, 300} << 10.0 << 0.5 << ViewRange{0, 1000};
        QTest::addRow("zoom out near the end shifts left") << ViewRange{800, 1000} << 2.0 << 1.0 << ViewRange{600, 1000};
        QTest::addRow("minimum length") << ViewRange{500, 520} << 0.01 << 0.5 << ViewRange{505, 515};
        QTest::addRow("bad factor keeps the range") << ViewRange{100, 200} << 0.0 << 0.5 << ViewRange{100, 200};
    }
    void zoomViewRange()
    {
        QFETCH(ViewRange, range);
        QFETCH(double, factor);
        QFETCH(double, anchor);
        QFETCH(ViewRange, expected);
        const ViewRange got = traceflow::zoomViewRange(range, factor, anchor, 1000, 10);
        QCOMPARE(got.start, expected.start);
        QCOMPARE(got.end, expected.end);
    }

    void panAndClamp_data()
    {
        QTest::addColumn<ViewRange>("range");
        QTest::addColumn<qint64>("delta");
        QTest::addColumn<ViewRange>("panned");
        QTest::addColumn<ViewRange>("clamped");
        QTest::addRow("pan right") << ViewRange{100, 200} << qint64(50) << ViewRange{150, 250} << ViewRange{100, 200};
        QTest::addRow("pan stops at the end") << ViewRange{800, 900} << qint64(500) << ViewRange{900, 1000} << ViewRange{800, 900};
        QTest::addRow("pan stops at 0") << ViewRange{100, 200} << qint64(-500) << ViewRange{0, 100} << ViewRange{100, 200};
        QTest::addRow("too short grows around its middle") << ViewRange{500, 502} << qint64(0) << ViewRange{500, 502} << ViewRange{496, 506};
        QTest::addRow("outside the trace is moved in") << ViewRange{1500, 1600} << qint64(0) << ViewRange{900, 1000} << ViewRange{900, 1000};
        QTest::addRow("longer than the trace is cut") << ViewRange{-100, 2000} << qint64(0) << ViewRange{0, 1000} << ViewRange{0, 1000};
    }
    void panAndClamp()
    {
        QFETCH(ViewRange, range);
        QFETCH(qint64, delta);
        QFETCH(ViewRange, panned);
        QFETCH(ViewRange, clamped);
        QCOMPARE(traceflow::panViewRange(range, delta, 1000), panned);
        QCOMPARE(traceflow::clampViewRange(range, 1000, 10), clamped);
    }

    void emptyTraceRange()
    {
        QCOMPARE(traceflow::clampViewRange({0, 100}, 0, 10), ViewRange{});
        QCOMPARE(traceflow::zoomViewRange({0, 100}, 0.5, 0.5, 0, 10), ViewRange{});
        QCOMPARE(traceflow::panViewRange({0, 100}, 5, 0), ViewRange{});
    }
};

QTEST_GUILESS_MAIN(TstWaterfallLayout)
#include "tst_waterfalllayout.moc"
