// SPDX-License-Identifier: MIT
// /api/stats/series over long windows with --storage clickhouse, against a real clickhouse-server
// (Debian 12's 18.16) started by the test: the same JSON as the memory store on the same spans,
// with the series coarsened to the same step (step_ms) and never read minute by minute.
#include "clickhousecollectorpair.h"
#include "clickhouseserver.h"
#include "collectorprocess.h"
#include "httptestclient.h"
#include "testspans.h"

#include <QDateTime>
#include <QTest>

#include <memory>

using namespace traceflow;

namespace {
constexpr int DeliveryTimeoutMs = 30000;
} // namespace

class TstClickHouseStats : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (const char *reason = ClickHouseServer::missingReason())
            QSKIP(reason);
        m_server = std::make_unique<ClickHouseServer>();
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    }

    void longWindowMatchesMemory_data()
    {
        // Spans over the last three days (an hour ago back to three days ago): with no window
        // the series gets one point per 15 minutes (10 would give over 360), and the rows,
        // trends and histogram come from ClickHouse groups per operation, never per minute.
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<qint64>("stepMs");
        constexpr qint64 M = 60'000;
        QTest::addRow("everything held") << QByteArray("/api/stats/series") << 15 * M;
        QTest::addRow("everything, one service")
            << QByteArray("/api/stats/series?service=orders&trend_bins=7") << 15 * M;
        QTest::addRow("everything, one operation")
            << QByteArray("/api/stats/series?service=frontend&operation=GET%20/checkout") << 15 * M;
        // 30 days and a minute: 361 points of two hours whatever the grid, so three hours.
        QTest::addRow("30 days") << QByteArray("/api/stats/series?{30d}") << 180 * M;
        QTest::addRow("a day, one service")
            << QByteArray("/api/stats/series?service=payments&{1d}") << 5 * M;
        QTest::addRow("two hours: every minute") << QByteArray("/api/stats/series?{2h}") << M;
    }

    void longWindowMatchesMemory()
    {
        QFETCH(QByteArray, target);
        QFETCH(qint64, stepMs);
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        if (!m_collectors) {
            m_collectors =
                std::make_unique<ClickHouseCollectorPair>(*m_server, QStringLiteral("tf_long"));
            QVERIFY(m_collectors->start());
            HttpTestClient client(m_collectors->memory().apiPort());
            QRandomGenerator random(7);
            std::vector<Span> spans;
            const qint64 firstNs = (nowMs - 72 * 3'600'000) * 1'000'000;
            for (int i = 0; i < 100; ++i) {
                const qint64 at = firstNs + qint64(i) * 2'557'000'000'000; // 42.6 minutes apart
                const std::vector<Span> batch = TestSpans::standardBatch(50, random, at);
                spans.insert(spans.end(), batch.begin(), batch.end());
                if (i % 10 == 3) {
                    const std::vector<Span> checkout = TestSpans::checkoutTrace(
                        QStringLiteral("d%1").arg(i, 31, 10, QLatin1Char('0')), at + 7'000'000'000);
                    spans.insert(spans.end(), checkout.begin(), checkout.end());
                }
            }
            QVERIFY(TestSpans::send(client, spans));
            QTRY_COMPARE_WITH_TIMEOUT(m_server->number("SELECT count() FROM tf_long.spans"),
                                      qint64(spans.size()), DeliveryTimeoutMs);
            QTRY_COMPARE_WITH_TIMEOUT(client.get("/api/stats").json()["span_count"].get<qint64>(),
                                      qint64(spans.size()), DeliveryTimeoutMs);
            m_spans = qint64(spans.size());
        }
        auto window = [](qint64 fromMs, qint64 toMs) -> QByteArray {
            return "start_ms=" + QByteArray::number(fromMs) + "&end_ms=" + QByteArray::number(toMs);
        };
        constexpr qint64 HourMs = 3'600'000;
        target.replace("{30d}", window(nowMs - 30 * 24 * HourMs, nowMs))
            .replace("{1d}", window(nowMs - 48 * HourMs, nowMs - 24 * HourMs))
            .replace("{2h}", window(nowMs - 30 * HourMs, nowMs - 28 * HourMs));
        HttpTestClient memory(m_collectors->memory().apiPort());
        HttpTestClient clickhouse(m_collectors->clickhouse().apiPort());
        const HttpTestResponse expected = memory.get(target);
        const HttpTestResponse actual = clickhouse.get(target);
        QCOMPARE(expected.status, 200);
        QCOMPARE(actual.status, 200);
        QVERIFY2(actual.json() == expected.json(),
                 qPrintable(QStringLiteral("%1\nmemory:     %2\nclickhouse: %3")
                                .arg(QString::fromUtf8(target),
                                     QString::fromUtf8(expected.body.left(3000)),
                                     QString::fromUtf8(actual.body.left(3000)))));
        const nlohmann::json report = expected.json();
        QCOMPARE(report["step_ms"].get<qint64>(), stepMs);
        // The comparison means something: several points on the step's grid, spans counted.
        QVERIFY(report["series"].size() > 1);
        for (const nlohmann::json &point : report["series"])
            QCOMPARE(point["start_unix_nano"].get<qint64>() % (stepMs * 1'000'000), qint64(0));
        QVERIFY(report["total"]["count"].get<qint64>() > 0);
        if (!target.contains("start_ms"))
            QCOMPARE(report["total"]["count"].get<qint64>(), m_spans);
    }

    void cleanupTestCase()
    {
        m_collectors.reset();
        m_server.reset();
    }

private:
    std::unique_ptr<ClickHouseServer> m_server;
    std::unique_ptr<ClickHouseCollectorPair> m_collectors;
    qint64 m_spans = 0;
};

QTEST_GUILESS_MAIN(TstClickHouseStats)
#include "tst_clickhousestats.moc"
