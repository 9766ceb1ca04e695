// SPDX-License-Identifier: MIT
#include "servicepalette.h"

#include <QSet>
#include <QTest>

using namespace traceflow;

class TstServicePalette : public QObject
{
    Q_OBJECT

private slots:
    // Fixed values: a colour must not change between releases or platforms.
    void preferredIndexIsStable_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<int>("index");
        // FNV-1a 32 of the UTF-16 code units, modulo the palette size (18).
        QTest::addRow("empty name") << QString() << 7;   // 0x811c9dc5
        QTest::addRow("one letter") << QStringLiteral("a") << 16; // 0xe40c292c
        QTest::addRow("checkout") << QStringLiteral("checkout") << 13;
        QTest::addRow("inventory") << QStringLiteral("inventory") << 17;
        QTest::addRow("payment") << QStringLiteral("payment") << 1;
    }
    void preferredIndexIsStable()
    {
        QFETCH(QString, service);
        QFETCH(int, index);
        QCOMPARE(ServicePalette::preferredIndex(service), index);
        QCOMPARE(serviceColorIndex(service), index);
    }

    void firstServicesGetDistinctColours_data()
    {
        QTest::addColumn<int>("count");
        QTest::addRow("three") << 3;
        QTest::addRow("a full palette") << int(ServicePalette::ColorCount);
    }
    void firstServicesGetDistinctColours()
    {
        QFETCH(int, count);
        ServicePalette palette;
        QSet<int> taken;
        for (int i = 0; i < count; ++i)
            taken.insert(palette.indexOf(QStringLiteral("service-%1").arg(i)));
        QCOMPARE(taken.size(), count);
        QCOMPARE(palette.assignedCount(), count);
    }

    void preferredSlotWhenFree()
    {
        ServicePalette palette;
        QCOMPARE(palette.indexOf(u"payment"), ServicePalette::preferredIndex(u"payment"));
        // Asking again gives the same slot, and a second palette agrees.
        QCOMPARE(palette.indexOf(u"payment"), ServicePalette::preferredIndex(u"payment"));
        ServicePalette other;
        QCOMPARE(other.indexOf(u"payment"), palette.indexOf(u"payment"));
    }

    void collisionMovesToTheNextFreeSlot()
    {
        // Find two names sharing a preferred slot.
        const int target = ServicePalette::preferredIndex(u"svc-0");
        QString twin;
        for (int i = 1; twin.isEmpty(); ++i) {
            const QString name = QStringLiteral("svc-%1").arg(i);
            if (ServicePalette::preferredIndex(name) == target)
                twin = name;
        }
        ServicePalette palette;
        QCOMPARE(palette.indexOf(u"svc-0"), target);
        QCOMPARE(palette.indexOf(twin), (target + 1) % ServicePalette::ColorCount);
    }

    void beyondThePaletteSharesPreferredSlots()
    {
        ServicePalette palette;
        for (int i = 0; i < ServicePalette::ColorCount; ++i)
            palette.indexOf(QStringLiteral("s%1").arg(i));
        QCOMPARE(palette.indexOf(u"late"), ServicePalette::preferredIndex(u"late"));
        palette.clear();
        QCOMPARE(palette.assignedCount(), 0);
    }

    void coloursAreDistinctAndNotRed()
    {
        QSet<std::uint32_t> colours;
        for (int i = 0; i < ServicePalette::ColorCount; ++i) {
            const std::uint32_t c = ServicePalette::color(i);
            colours.insert(c);
            const int r = int(c >> 16 & 0xff), g = int(c >> 8 & 0xff), b = int(c & 0xff);
            QVERIFY2(!(r > 180 && g < 110 && b < 110), qPrintable(QString::number(c, 16)));
        }
        QCOMPARE(colours.size(), ServicePalette::ColorCount);
        QCOMPARE(ServicePalette::color(-1), ServicePalette::color(ServicePalette::ColorCount - 1));
        QCOMPARE(ServicePalette::color(ServicePalette::ColorCount), ServicePalette::color(0));
    }
};

QTEST_GUILESS_MAIN(TstServicePalette)
#include "tst_servicepalette.moc"
