// SPDX-License-Identifier: MIT
#include "collectorconfig.h"

#include <QTest>

using namespace traceflow;

class TstCollectorConfig : public QObject
{
    Q_OBJECT

private slots:
    void defaults()
    {
        const CollectorConfig c;
        QCOMPARE(c.bindAddress, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(c.apiPort, quint16(9411));
        QCOMPARE(c.otlpPort, quint16(4318));
        QCOMPARE(c.maxBodyBytes, qint64(64) << 20);
        QVERIFY(c.authToken.isEmpty());
        QVERIFY(c.corsOrigin.isEmpty());
    }

    void jsonFile()
    {
        CollectorConfig c;
        QString error;
        QVERIFY2(c.applyJson(R"({"bind":"::1","port":0,"otlp-port":"4319","max_spans":1000,
                                 "max-bytes":1048576,"max-body":2048,"auth-token":"s3cret",
                                 "cors-origin":"*","max-queue":50})",
                             &error),
                 qPrintable(error));
        QCOMPARE(c.bindAddress, QHostAddress(QHostAddress::LocalHostIPv6));
        QCOMPARE(c.apiPort, quint16(0));
        QCOMPARE(c.otlpPort, quint16(4319));
        QCOMPARE(c.storeLimits.maxSpans, std::size_t(1000));
        QCOMPARE(c.storeLimits.maxBytes, std::size_t(1048576));
        QCOMPARE(c.maxBodyBytes, qint64(2048));
        QCOMPARE(c.authToken, QByteArray("s3cret"));
        QCOMPARE(c.corsOrigin, QByteArray("*"));
        QCOMPARE(c.maxQueuedSpans, qint64(50));
    }

    // /etc/traceflow/collector.conf explains its keys in comments.
    void jsonComments()
    {
        CollectorConfig c;
        QString error;
        QVERIFY2(c.applyJson("// the service's configuration\n"
                             "{\n"
                             "    /* loopback */ \"bind\": \"127.0.0.1\",\n"
                             "    \"port\": 9500 // the API\n"
                             "    // , \"auth-token\": \"change-me\"\n"
                             "}\n",
                             &error),
                 qPrintable(error));
        QCOMPARE(c.apiPort, quint16(9500));
        QVERIFY(c.authToken.isEmpty());
    }

    void invalid_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("mentions");
        QTest::addRow("not an object") << QByteArray("[1]") << QStringLiteral("JSON object");
        QTest::addRow("not json") << QByteArray("port=1") << QStringLiteral("JSON object");
        QTest::addRow("port out of range") << QByteArray(R"({"port":70000})") << QStringLiteral("port");
        QTest::addRow("negative otlp port") << QByteArray(R"({"otlp-port":-1})") << QStringLiteral("otlp-port");
        QTest::addRow("bad address") << QByteArray(R"({"bind":"example"})") << QStringLiteral("bind");
        QTest::addRow("zero max-body") << QByteArray(R"({"max-body":0})") << QStringLiteral("max-body");
        QTest::addRow("typo") << QByteArray(R"({"max-byte":1})") << QStringLiteral("max-byte");
        QTest::addRow("boolean value") << QByteArray(R"({"port":true})") << QStringLiteral("port");
    }
    void invalid()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, mentions);
        CollectorConfig c;
        QString error;
        QVERIFY(!c.applyJson(json, &error));
        QVERIFY2(error.contains(mentions), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TstCollectorConfig)
#include "tst_collectorconfig.moc"
