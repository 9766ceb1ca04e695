// SPDX-License-Identifier: MIT
// The Statistics charts' time axes and tooltips across a daylight-saving change, read as a
// user reads them: every tick label drawn under the plot names the minute of the points
// above it, in local time and in UTC. The process runs in Central European time (rows
// naming India in its zone).
#include "dashboardcharts.h"
#include "statschartdata.h"
#include "statstestsupport.h"

#include <QAbstractAxis>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <ctime>

using namespace traceflow;
using namespace traceflow::StatsTestSupport;

namespace {
using Chart = DashboardCharts::Chart;

// Europe/Berlin's rule, spelled out so that the test needs no time zone database: clocks go
// forward at 01:00 UTC on the last Sunday of March and back at 01:00 UTC on the last Sunday
// of October.
constexpr char CentralEurope[] = "CET-1CEST,M3.5.0,M10.5.0/3";
// India's: 5:30 ahead of UTC all year, so its whole hours are half hours of UTC.
constexpr char HalfHourAhead[] = "IST-5:30";

// Puts the process in a zone for a scope, then back in Central European time.
class ZoneScope
{
public:
    explicit ZoneScope(const QByteArray &zone) { set(zone); }
    ~ZoneScope() { set(CentralEurope); }
    ZoneScope(const ZoneScope &) = delete;
    ZoneScope &operator=(const ZoneScope &) = delete;

private:
    static void set(const QByteArray &zone)
    {
        qputenv("TZ", zone);
        tzset();
    }
};

qint64 utcMs(const char *iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODate).toMSecsSinceEpoch();
}

struct DrawnLabel
{
    double x = 0; // chart coordinates
    QString text;
};

// The time axis labels as drawn: the visible text items under the plot area, left to
// right, without the axis title.
QList<DrawnLabel> drawnTimeLabels(QChart *chart)
{
    const QRectF plot = chart->plotArea();
    const QString title = chart->axes(Qt::Horizontal).value(0)->titleText();
    QList<DrawnLabel> labels;
    const auto items = chart->scene()->items();
    for (QGraphicsItem *item : items) {
        auto *text = qgraphicsitem_cast<QGraphicsTextItem *>(item);
        if (!text || !text->isVisible() || text->toPlainText().isEmpty() ||
            text->toPlainText() == title)
            continue;
        const QRectF box = chart->mapFromScene(text->sceneBoundingRect()).boundingRect();
        if (box.top() < plot.bottom() || box.center().x() < plot.left() - 1 ||
            box.center().x() > plot.right() + 1)
            continue;
        labels.append({box.center().x(), text->toPlainText()});
    }
    std::sort(labels.begin(), labels.end(),
              [](const DrawnLabel &a, const DrawnLabel &b) { return a.x < b.x; });
    return labels;
}

QString wallClock(qint64 ms, Qt::TimeSpec spec, bool withDate)
{
    return QDateTime::fromMSecsSinceEpoch(ms, spec).toString(
        withDate ? QStringLiteral("MM-dd HH:mm") : QStringLiteral("HH:mm"));
}
} // namespace

class TstDashboardTimeZones : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qputenv("TZ", CentralEurope);
        tzset();
        // The zone is in force: the spring change skips 02:00..03:00 local time.
        QCOMPARE(wallClock(utcMs("2026-03-29T00:59:00Z"), Qt::LocalTime, false),
                 QStringLiteral("01:59"));
        QCOMPARE(wallClock(utcMs("2026-03-29T01:00:00Z"), Qt::LocalTime, false),
                 QStringLiteral("03:00"));
    }

    void ticksReadTheMinuteUnderThem_data()
    {
        QTest::addColumn<QByteArray>("zone");
        QTest::addColumn<qint64>("fromMs");
        QTest::addColumn<int>("minutes");
        QTest::addColumn<int>("everyMinutes"); // a busy minute on each multiple of it (UTC)
        QTest::addColumn<Qt::TimeSpec>("spec");
        QTest::addColumn<bool>("withDate");
        const struct
        {
            const char *name;
            const char *zone;
            const char *from;
            int minutes;
            int every;
            bool withDate;
        } ranges[] = {
            {"summer afternoon", CentralEurope, "2026-07-01T14:00:00Z", 60, 5, false},
            {"clocks go forward", CentralEurope, "2026-03-29T00:00:00Z", 180, 10, false},
            {"just after clocks go forward", CentralEurope, "2026-03-29T01:00:00Z", 60, 5, false},
            {"clocks go back", CentralEurope, "2026-10-25T00:00:00Z", 180, 10, false},
            {"an hour around clocks going back", CentralEurope, "2026-10-25T00:30:00Z", 60, 5,
             false},
            {"three days over clocks going forward", CentralEurope, "2026-03-28T00:00:00Z",
             3 * 1440, 60, true},
            {"three days over clocks going back", CentralEurope, "2026-10-24T00:00:00Z", 3 * 1440,
             60, true},
            // Windows that start off the round times the ticks stand on.
            {"quarter hour from an odd minute", CentralEurope, "2026-07-01T12:07:00Z", 15, 1,
             false},
            {"two days from 17:53", CentralEurope, "2026-11-20T16:53:00Z", 2 * 1440, 60, true},
            {"a night over clocks going forward", CentralEurope, "2026-03-28T22:47:00Z", 300, 60,
             false},
            {"a night over clocks going back", CentralEurope, "2026-10-24T22:47:00Z", 300, 60,
             false},
            {"six hours 5:30 ahead of UTC", HalfHourAhead, "2026-07-01T08:07:00Z", 360, 30, false},
        };
        for (const auto &r : ranges) {
            for (Qt::TimeSpec spec : {Qt::UTC, Qt::LocalTime}) {
                QTest::addRow("%s, %s", r.name, spec == Qt::UTC ? "UTC" : "local time")
                    << QByteArray(r.zone) << utcMs(r.from) << r.minutes << r.every << spec
                    << r.withDate;
            }
        }
    }

    // Ticks stand on round times of the chosen clock (Grafana's rule), the first at or after
    // the window's start, and each label names the instant it stands on.
    void ticksReadTheMinuteUnderThem()
    {
        QFETCH(QByteArray, zone);
        QFETCH(qint64, fromMs);
        QFETCH(int, minutes);
        QFETCH(int, everyMinutes);
        QFETCH(Qt::TimeSpec, spec);
        QFETCH(bool, withDate);
        const ZoneScope inZone(zone);

        StatsReport report;
        report.fromNs = fromMs * Ms;
        report.toNs = report.fromNs + (minutes + 1) * Minute;
        const qint64 every = everyMinutes * Minute;
        for (qint64 ns = (report.fromNs + every - 1) / every * every;
             ns <= report.fromNs + minutes * Minute; ns += every) {
            report.series.push_back(StatsPoint{ns, StatsFigures{60, 6, 60, 10, 20, 30, 40}});
        }
        report.spans = report.series.size() * 60;

        DashboardCharts charts;
        charts.resize(1600, 900);
        charts.setTimeSpec(spec);
        charts.setReport(report);
        charts.show();
        QVERIFY(QTest::qWaitForWindowExposed(&charts));
        QCoreApplication::processEvents();

        for (Chart kind : {Chart::Latency, Chart::Throughput, Chart::Errors}) {
            QChart *chart = charts.view(kind)->chart();
            QLineSeries *series = charts.line(kind, 0);
            // The points of the busy minutes, in the order of report.series (the throughput
            // chart adds zeros around quiet minutes).
            std::vector<QPointF> busy;
            for (const QPointF &p : series->points()) {
                if (p.y() != 0)
                    busy.push_back(p);
            }
            QCOMPARE(busy.size(), report.series.size());
            const QList<DrawnLabel> labels = drawnTimeLabels(chart);
            QVERIFY2(labels.size() >= 4 && labels.size() <= 7,
                     qPrintable(QString::number(labels.size())));
            QStringList texts;
            for (const DrawnLabel &label : labels)
                texts << label.text;
            const QString all = texts.join(u" | ");
            // Each tick names one instant: none twice, even in the hour that local time repeats.
            QStringList distinct = texts;
            QVERIFY2(distinct.removeDuplicates() == 0, qPrintable(all));

            const double lastBusyX = chart->mapToPosition(busy.back(), series).x();
            QList<qint64> tickMs;
            for (const DrawnLabel &label : labels) {
                // The points drawn under the label (the ticks fall on busy minutes here) name
                // the minute it must read; a local time that occurs twice may say which one.
                QList<qint64> under;
                for (std::size_t i = 0; i < busy.size(); ++i) {
                    const QPointF at = chart->mapToPosition(busy[i], series);
                    if (std::abs(at.x() - label.x) <= 2.0 &&
                        !under.contains(report.series[i].startNs / Ms))
                        under << report.series[i].startNs / Ms;
                }
                // The axis ends on a tick, which may lie past the last point: that label
                // stands on the plot's right edge and reads the axis' end.
                if (under.isEmpty() && &label == &labels.back() && label.x > lastBusyX + 2.0 &&
                    std::abs(label.x - chart->plotArea().right()) <= 2.0)
                    under << qint64(charts.timeAxis(kind)->max());
                QVERIFY2(under.size() == 1, qPrintable(label.text + u" in " + all));
                const QString reads = wallClock(under[0], spec, withDate);
                QVERIFY2(label.text == reads || label.text.startsWith(reads + u' '),
                         qPrintable(label.text + u" over " + reads + u" in " + all));
                tickMs << under[0];
            }
            // Round times: each a whole multiple of the step (the shortest distance between
            // ticks on the clock) in the day, the first within a step of the axis' start.
            const auto wall = [spec](qint64 ms) {
                const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, spec);
                return ms + qint64(t.offsetFromUtc()) * 1000;
            };
            qint64 stepMs = 0;
            for (qsizetype i = 1; i < tickMs.size(); ++i) {
                const qint64 d = wall(tickMs[i]) - wall(tickMs[i - 1]);
                if (d > 0 && (stepMs == 0 || d < stepMs))
                    stepMs = d;
            }
            QVERIFY2(stepMs > 0, qPrintable(all));
            for (qint64 ms : tickMs) {
                const qint64 inDay = wall(ms) % (24 * 3600'000LL);
                QVERIFY2(inDay % std::min(stepMs, 24 * 3600'000LL) == 0, qPrintable(all));
            }
            QVERIFY2(tickMs.first() >= fromMs && tickMs.first() - stepMs < fromMs, qPrintable(all));
        }
    }

    // What the labels say, exactly: a repeated local time names its zone, on the axis only
    // where two ticks would read alike.
    void labelTexts_data()
    {
        QTest::addColumn<qint64>("fromMs");
        QTest::addColumn<int>("minutes");
        QTest::addColumn<Qt::TimeSpec>("spec");
        QTest::addColumn<QByteArray>("zone");
        QTest::addColumn<QStringList>("expected");
        const auto list = [](const char *joined) { return QString::fromUtf8(joined).split(u'|'); };
        const qint64 spring = utcMs("2026-03-29T00:00:00Z");
        const qint64 autumn = utcMs("2026-10-25T00:00:00Z");
        QTest::addRow("forward, UTC") << spring << 180 << Qt::UTC << QByteArray(CentralEurope)
                                      << list("00:00|00:30|01:00|01:30|02:00|02:30|03:00");
        QTest::addRow("forward, local")
            << spring << 180 << Qt::LocalTime << QByteArray(CentralEurope)
            << list("01:00|01:30|03:00|03:30|04:00|04:30|05:00");
        QTest::addRow("back, UTC") << autumn << 180 << Qt::UTC << QByteArray(CentralEurope)
                                   << list("00:00|00:30|01:00|01:30|02:00|02:30|03:00");
        QTest::addRow("back, local")
            << autumn << 180 << Qt::LocalTime << QByteArray(CentralEurope)
            << list("02:00 CEST|02:30 CEST|02:00 CET|02:30 CET|03:00|03:30|04:00");
        QTest::addRow("back, local, whole hours")
            << autumn - 60 * 60'000 << 360 << Qt::LocalTime << QByteArray(CentralEurope)
            << list("01:00|02:00 CEST|02:00 CET|03:00|04:00|05:00|06:00");
        // 24 hours that the local clock counts as 23: round local hours, not 6 hours apart.
        QTest::addRow("a day over going back, local")
            << utcMs("2026-10-24T12:00:00Z") << 1440 << Qt::LocalTime << QByteArray(CentralEurope)
            << list("10-24 18:00|10-25 00:00|10-25 06:00|10-25 12:00");
        QTest::addRow("a day over going back, UTC")
            << utcMs("2026-10-24T12:00:00Z") << 1440 << Qt::UTC << QByteArray(CentralEurope)
            << list("10-24 12:00|10-24 18:00|10-25 00:00|10-25 06:00|10-25 12:00");
        // A window starting off a round time: its ticks stand on round times after it.
        const qint64 odd = utcMs("2026-07-01T12:07:00Z"); // 14:07 CEST
        QTest::addRow("quarter hour from 14:07, local")
            << odd << 15 << Qt::LocalTime << QByteArray(CentralEurope)
            << list("14:10|14:15|14:20|14:25");
        QTest::addRow("quarter hour from 12:07, UTC")
            << odd << 15 << Qt::UTC << QByteArray(CentralEurope) << list("12:10|12:15|12:20|12:25");
        const qint64 evening = utcMs("2026-11-20T16:53:00Z"); // 17:53 CET
        QTest::addRow("two days from 17:53, local")
            << evening << 2 * 1440 << Qt::LocalTime << QByteArray(CentralEurope)
            << list("11-21 00:00|11-21 12:00|11-22 00:00|11-22 12:00");
        QTest::addRow("two days from 16:53, UTC")
            << evening << 2 * 1440 << Qt::UTC << QByteArray(CentralEurope)
            << list("11-21 00:00|11-21 12:00|11-22 00:00|11-22 12:00");
        // Round hours of the clock read: 00:00 and 06:00 local time are 18:30 and 00:30 UTC.
        const qint64 india = utcMs("2026-07-01T08:07:00Z"); // 13:37 IST
        QTest::addRow("six hours from 13:37, 5:30 ahead, local")
            << india << 360 << Qt::LocalTime << QByteArray(HalfHourAhead)
            << list("14:00|15:00|16:00|17:00|18:00|19:00");
        QTest::addRow("six hours from 08:07, 5:30 ahead, UTC")
            << india << 360 << Qt::UTC << QByteArray(HalfHourAhead)
            << list("09:00|10:00|11:00|12:00|13:00|14:00");
        QTest::addRow("a day from 13:37, 5:30 ahead, local")
            << india << 1440 << Qt::LocalTime << QByteArray(HalfHourAhead)
            << list("07-01 18:00|07-02 00:00|07-02 06:00|07-02 12:00");
        QTest::addRow("a day from 08:07, 5:30 ahead, UTC")
            << india << 1440 << Qt::UTC << QByteArray(HalfHourAhead)
            << list("07-01 12:00|07-01 18:00|07-02 00:00|07-02 06:00");
        // Nights over a change: the skipped hour has no tick, the repeated one two.
        QTest::addRow("a night over going forward, local")
            << utcMs("2026-03-28T22:47:00Z") << 300 << Qt::LocalTime << QByteArray(CentralEurope)
            << list("00:00|01:00|03:00|04:00|05:00|06:00");
        QTest::addRow("a night over going forward, UTC")
            << utcMs("2026-03-28T22:47:00Z") << 300 << Qt::UTC << QByteArray(CentralEurope)
            << list("23:00|00:00|01:00|02:00|03:00|04:00");
        QTest::addRow("a night over going back, local")
            << utcMs("2026-10-24T22:47:00Z") << 300 << Qt::LocalTime << QByteArray(CentralEurope)
            << list("01:00|02:00 CEST|02:00 CET|03:00|04:00|05:00");
    }

    void labelTexts()
    {
        QFETCH(qint64, fromMs);
        QFETCH(int, minutes);
        QFETCH(Qt::TimeSpec, spec);
        QFETCH(QByteArray, zone);
        QFETCH(QStringList, expected);
        const ZoneScope inZone(zone);
        const StatsChartData::TimeTicks ticks =
            StatsChartData::timeTicks(fromMs, fromMs + minutes * 60'000LL, spec);
        QStringList texts;
        for (const StatsChartData::TimeLabel &label :
             StatsChartData::timeLabels(fromMs, ticks, spec))
            texts << label.text;
        QCOMPARE(texts, expected);
        // The axis ends on its last tick or, when the next one is far, at the window's end.
        QVERIFY(ticks.endMs == ticks.ms.last() || ticks.endMs == fromMs + minutes * 60'000LL);
        QVERIFY(ticks.ms.last() <= ticks.endMs);
    }

    void tooltipMinutes_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<Qt::TimeSpec>("spec");
        QTest::addColumn<QString>("expected");
        const struct
        {
            const char *utc;
            const char *local;
            const char *inUtc;
        } rows[] = {
            {"2026-03-29T00:59:00Z", "01:59", "00:59 UTC"},
            {"2026-03-29T01:00:00Z", "03:00", "01:00 UTC"},
            {"2026-10-25T00:30:00Z", "02:30 CEST", "00:30 UTC"},
            {"2026-10-25T00:59:00Z", "02:59 CEST", "00:59 UTC"},
            {"2026-10-25T01:00:00Z", "02:00 CET", "01:00 UTC"},
            {"2026-10-25T01:30:00Z", "02:30 CET", "01:30 UTC"},
            {"2026-10-25T02:00:00Z", "03:00", "02:00 UTC"},
            {"2026-07-01T14:05:00Z", "16:05", "14:05 UTC"},
        };
        for (const auto &r : rows) {
            QTest::addRow("%s, local", r.utc)
                << utcMs(r.utc) << Qt::LocalTime << QString::fromLatin1(r.local);
            QTest::addRow("%s, UTC", r.utc)
                << utcMs(r.utc) << Qt::UTC << QString::fromLatin1(r.inUtc);
        }
    }

    void tooltipMinutes()
    {
        QFETCH(qint64, ms);
        QFETCH(Qt::TimeSpec, spec);
        QFETCH(QString, expected);
        QCOMPARE(StatsChartData::minuteText(ms * Ms, spec), expected);
    }

    // Hovering and clicking a point name its own minute on both sides of the change.
    void pointsNameTheirMinute_data()
    {
        QTest::addColumn<Qt::TimeSpec>("spec");
        QTest::addColumn<QStringList>("expected");
        // Busy minutes 00:50 and 01:10 UTC on the day clocks go forward.
        QTest::addRow("UTC") << Qt::UTC
                             << QStringList{QStringLiteral("00:50 UTC"),
                                            QStringLiteral("01:10 UTC")};
        QTest::addRow("local time")
            << Qt::LocalTime << QStringList{QStringLiteral("01:50"), QStringLiteral("03:10")};
    }

    void pointsNameTheirMinute()
    {
        QFETCH(Qt::TimeSpec, spec);
        QFETCH(QStringList, expected);
        const qint64 from = utcMs("2026-03-29T00:40:00Z") * Ms;
        const qint64 busy[] = {from + 10 * Minute, from + 30 * Minute};
        StatsReport report;
        report.fromNs = from;
        report.toNs = from + 40 * Minute;
        for (qint64 minute : busy)
            report.series.push_back(StatsPoint{minute, StatsFigures{60, 6, 60, 10, 20, 30, 40}});
        report.spans = 120;

        DashboardCharts charts;
        charts.resize(1600, 900);
        charts.setTimeSpec(spec);
        charts.setReport(report);
        charts.show();
        QVERIFY(QTest::qWaitForWindowExposed(&charts));
        QSignalSpy clicked(&charts, &DashboardCharts::stepClicked);
        QChartView *view = charts.view(Chart::Latency);
        QLineSeries *series = charts.line(Chart::Latency, 2);
        QCOMPARE(series->count(), 2);
        for (int i = 0; i < 2; ++i) {
            const QString tip = charts.pointToolTip(Chart::Latency, busy[i]);
            QVERIFY2(tip.startsWith(expected[i] + u" \u2013"), qPrintable(tip));
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                              viewPosition(view, series->at(i), series));
            QCOMPARE(clicked.count(), i + 1);
            QCOMPARE(clicked.last().at(0).toLongLong(), busy[i]);
        }
    }
};

QTEST_MAIN(TstDashboardTimeZones)
#include "tst_dashboardtimezones.moc"
