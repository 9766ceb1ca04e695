// SPDX-License-Identifier: MIT
#include "gzipcodec.h"

#include <QRandomGenerator>
#include <QTest>

using namespace traceflow;

class TstGzipCodec : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addRow("empty") << QByteArray();
        QTest::addRow("text") << QByteArray("{\"spans\":[]}");
        QTest::addRow("repetitive, larger than one inflate step")
            << QByteArray("{\"trace_id\":\"abc\"},").repeated(50'000);
        QByteArray noise(300'000, Qt::Uninitialized);
        QRandomGenerator generator(42);
        for (char &c : noise)
            c = char(generator.bounded(256));
        QTest::addRow("incompressible") << noise;
    }
    void roundTrip()
    {
        QFETCH(QByteArray, data);
        const QByteArray compressed = GzipCodec::compress(data);
        QVERIFY(compressed.startsWith("\x1f\x8b")); // a gzip member
        QByteArray out;
        QString error;
        QCOMPARE(GzipCodec::inflate(compressed, data.size(), &out, &error), GzipCodec::Result::Ok);
        QCOMPARE(out, data);
    }

    void limitIsExact()
    {
        const QByteArray data(10'000, 'a');
        const QByteArray compressed = GzipCodec::compress(data);
        QByteArray out;
        QString error;
        QCOMPARE(GzipCodec::inflate(compressed, 10'000, &out, &error), GzipCodec::Result::Ok);
        QCOMPARE(GzipCodec::inflate(compressed, 9'999, &out, &error), GzipCodec::Result::TooLarge);
        QVERIFY(out.isEmpty());
        QVERIFY(error.contains(QStringLiteral("9999")));
    }

    // A 1 GiB stream of zeroes compresses to about 1 MiB; inflating it must stop at the limit
    // rather than allocate the gigabyte.
    void bombIsBounded()
    {
        const QByteArray chunk(1 << 20, '\0');
        QByteArray big;
        big.reserve(64 << 20);
        for (int i = 0; i < 64; ++i)
            big += chunk;
        const QByteArray bomb = GzipCodec::compress(big, 9);
        big.clear();
        big.squeeze();
        QVERIFY(bomb.size() < 100'000);
        QByteArray out;
        QString error;
        QCOMPARE(GzipCodec::inflate(bomb, 1 << 20, &out, &error), GzipCodec::Result::TooLarge);
        QVERIFY(out.capacity() <= (1 << 20) + 1 || out.isEmpty());
    }

    void corruptInput_data()
    {
        QTest::addColumn<QByteArray>("input");
        const QByteArray good = GzipCodec::compress(QByteArray("hello world, hello world"));
        QTest::addRow("not compressed") << QByteArray("{\"spans\":[]}");
        QTest::addRow("truncated") << good.left(good.size() / 2);
        QByteArray flipped = good;
        flipped[12] = char(flipped[12] ^ 0x55);
        QTest::addRow("corrupted deflate data") << flipped;
        QTest::addRow("empty") << QByteArray();
    }
    void corruptInput()
    {
        QFETCH(QByteArray, input);
        QByteArray out;
        QString error;
        QCOMPARE(GzipCodec::inflate(input, 1 << 20, &out, &error), GzipCodec::Result::Corrupt);
        QVERIFY(!error.isEmpty());
        QVERIFY(out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstGzipCodec)
#include "tst_gzipcodec.moc"
