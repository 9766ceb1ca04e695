// SPDX-License-Identifier: MIT
#include "displayformat.h"

#include <QDateTime>
#include <QTest>

using namespace traceflow;

class TstDisplayFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void duration_data();
    void duration();
    void timestamp_data();
    void timestamp();
};

void TstDisplayFormat::duration_data()
{
    QTest::addColumn<qint64>("ns");
    QTest::addColumn<QString>("text");
    QTest::addRow("zero") << qint64(0) << QStringLiteral("0 ns");
    QTest::addRow("nanoseconds") << qint64(850) << QStringLiteral("850 ns");
    QTest::addRow("just under a microsecond") << qint64(999) << QStringLiteral("999 ns");
    QTest::addRow("microseconds, two decimals") << qint64(1'234) << QStringLiteral("1.23 \u00b5s");
    QTest::addRow("microseconds, one decimal") << qint64(42'170) << QStringLiteral("42.2 \u00b5s");
    QTest::addRow("rounds up into milliseconds") << qint64(999'600) << QStringLiteral("1.00 ms");
    QTest::addRow("milliseconds") << qint64(12'345'678) << QStringLiteral("12.3 ms");
    QTest::addRow("hundreds of milliseconds") << qint64(250'000'000) << QStringLiteral("250 ms");
    QTest::addRow("seconds") << qint64(1'520'000'000) << QStringLiteral("1.52 s");
    QTest::addRow("minutes") << qint64(123'000'000'000) << QStringLiteral("2m 03s");
    QTest::addRow("hours") << qint64(3'720'000'000'000) << QStringLiteral("1h 02m");
    QTest::addRow("negative (clock skew)") << qint64(-2'500'000) << QStringLiteral("-2.50 ms");
}

void TstDisplayFormat::duration()
{
    QFETCH(qint64, ns);
    QFETCH(QString, text);
    QCOMPARE(DisplayFormat::duration(ns), text);
}

void TstDisplayFormat::timestamp_data()
{
    QTest::addColumn<qint64>("epochNs");
    QTest::addColumn<bool>("withDate");
    QTest::addColumn<QString>("utc");
    QTest::addRow("with date") << qint64(1710000000123'456'789) << true
                               << QStringLiteral("2024-03-09 16:00:00.123");
    QTest::addRow("time only") << qint64(1710000000123'456'789) << false
                               << QStringLiteral("16:00:00.123");
    QTest::addRow("epoch") << qint64(0) << true << QStringLiteral("1970-01-01 00:00:00.000");
}

void TstDisplayFormat::timestamp()
{
    QFETCH(qint64, epochNs);
    QFETCH(bool, withDate);
    QFETCH(QString, utc);
    QCOMPARE(DisplayFormat::timestamp(epochNs, Qt::UTC, withDate), utc);
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(epochNs / 1'000'000, Qt::LocalTime);
    QCOMPARE(DisplayFormat::timestamp(epochNs, Qt::LocalTime, withDate),
             local.toString(withDate ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")
                                     : QStringLiteral("HH:mm:ss.zzz")));
}

QTEST_GUILESS_MAIN(TstDisplayFormat)
#include "tst_displayformat.moc"
