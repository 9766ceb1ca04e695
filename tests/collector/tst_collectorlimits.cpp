// SPDX-License-Identifier: MIT
// End-to-end: body limits enforced at the socket (413 before buffering), gzip bombs,
// Expect: 100-continue, and the bounded ingest queue (429 / 503 with Retry-After).
#include "collectorprocess.h"
#include "gzipcodec.h"
#include "httptestclient.h"
#include "otlpprotobuf.h"
#include "testspans.h"

#include <QRegularExpression>
#include <QTest>
#include <QThread>

#include <memory>

using namespace traceflow;
using Format = TestSpans::Format;

namespace {
constexpr qint64 MaxBody = 65536;

QByteArray head(const QByteArray &path, const QByteArray &framing, const QByteArray &extra = {})
{
    return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + framing
        + "\r\n" + (extra.isEmpty() ? QByteArray() : extra + "\r\n") + "\r\n";
}

QByteArray contentLength(qint64 n)
{
    return "Content-Length: " + QByteArray::number(n);
}

// A TraceFlow JSON body of exactly `size` bytes (padded with spaces).
QByteArray paddedBody(qint64 size)
{
    QByteArray body = R"({"spans":[{"trace_id":"padded","span_id":"s","service":"svc","operation":"op","start_unix_ms":1710000000000,"duration_ms":1}]})";
    body += QByteArray(size - body.size(), ' ');
    return body;
}
} // namespace

class TstCollectorLimits : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_collector = std::make_unique<CollectorProcess>(
            QStringList{QStringLiteral("--max-body"), QString::number(MaxBody)});
        QVERIFY(m_collector->start());
    }
    void cleanupTestCase() { QCOMPARE(m_collector->terminate(), 0); }

    // The answer comes while the client has sent only the head: nothing was buffered.
    void declaredBodyTooLarge_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<bool>("expectContinue");
        QTest::addRow("traceflow json") << QByteArray("/api/spans") << false;
        QTest::addRow("otlp, waiting for 100-continue") << QByteArray("/v1/traces") << true;
        QTest::addRow("unknown route") << QByteArray("/nowhere") << false;
    }
    void declaredBodyTooLarge()
    {
        QFETCH(QByteArray, path);
        QFETCH(bool, expectContinue);
        HttpTestClient client(m_collector->apiPort());
        QVERIFY(client.sendRaw(head(path, contentLength(10LL << 30),
                                    expectContinue ? "Expect: 100-continue" : "")));
        const HttpTestResponse r = client.readResponse(5000);
        QCOMPARE(r.status, 413); // not 100: the client must not send the body
        QVERIFY(r.json()["error"].get<std::string>().find("65536") != std::string::npos);
        QCOMPARE(r.header("Connection"), QByteArray("close"));
        QVERIFY(client.waitForClose(5000));
    }

    void chunkedBodyTooLarge()
    {
        HttpTestClient client(m_collector->apiPort());
        QVERIFY(client.sendRaw(head("/api/spans", "Transfer-Encoding: chunked")));
        const QByteArray chunk(16384, ' ');
        HttpTestResponse r;
        // Keep sending chunks until the collector answers; it must do so once over 64 KiB.
        for (int i = 0; i < 8 && r.status == 0; ++i) {
            client.sendRaw(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
            r = client.readResponse(i < 3 ? 200 : 5000);
            if (i < 3)
                QCOMPARE(r.status, 0); // 48 KiB so far: still within the limit
        }
        QCOMPARE(r.status, 413);
        QVERIFY(r.json()["error"].is_string());
    }

    void bodyAtTheLimitIsTaken()
    {
        HttpTestClient client(m_collector->apiPort());
        const HttpTestResponse r = client.post("/api/spans", paddedBody(MaxBody), "application/json");
        QCOMPARE(r.status, 202);
        JSON_COMPARE(r.json()["accepted"], 1);
    }

    void gzipBomb_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addRow("traceflow json") << QByteArray("/api/spans") << QByteArray("application/json");
        QTest::addRow("otlp protobuf") << QByteArray("/v1/traces") << QByteArray("application/x-protobuf");
    }
    void gzipBomb()
    {
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, contentType);
        const QByteArray bomb = GzipCodec::compress(QByteArray(64 << 20, ' '), 9);
        QVERIFY(bomb.size() < MaxBody); // passes the socket guard, grows past it inflated
        HttpTestClient client(m_collector->apiPort());
        const HttpTestResponse r =
            client.post(path, bomb, contentType, {{"Content-Encoding", "gzip"}});
        QCOMPARE(r.status, 413);
        // The same connection keeps working.
        QCOMPARE(client.post("/api/spans", paddedBody(200), "application/json").status, 202);
    }

    void expectContinue()
    {
        HttpTestClient client(m_collector->apiPort());
        const QByteArray body = paddedBody(1000);
        QVERIFY(client.sendRaw(head("/api/spans", contentLength(body.size()), "Expect: 100-continue")));
        QCOMPARE(client.readResponse(5000).status, 100);
        QVERIFY(client.sendRaw(body));
        QCOMPARE(client.readResponse(5000).status, 202);
    }

    void headTooLarge()
    {
        HttpTestClient client(m_collector->apiPort());
        QVERIFY(client.sendRaw("GET /health HTTP/1.1\r\nX-Big: " + QByteArray(70'000, 'h') + "\r\n\r\n"));
        QCOMPARE(client.readResponse(5000).status, 431);
    }

    void refusalsAreCounted()
    {
        HttpTestClient client(m_collector->apiPort());
        QVERIFY(client.metric("traceflow_http_refused_requests_total{code=\"413\"}") >= 4);
        QVERIFY(client.metric("traceflow_http_refused_requests_total{code=\"431\"}") >= 1);
    }

    // While a large batch is being stored, a queue of 1000 spans has no room: TraceFlow JSON
    // gets 429 and OTLP 503, both with Retry-After, and the refused spans are counted.
    void queueFull()
    {
        CollectorProcess collector({QStringLiteral("--max-queue"), QStringLiteral("1000")});
        QVERIFY(collector.start());
        QRandomGenerator random(11);
        const QByteArray big = OtlpProtobuf::encode(TestSpans::standardBatch(100'000, random, 1'700'000'000'000'000'000));
        const QByteArray small = TestSpans::encode(Format::TraceflowJson, TestSpans::standardBatch(20, random, 1'700'000'000'000'000'000));
        const QByteArray smallOtlp = OtlpProtobuf::encode(TestSpans::standardBatch(30, random, 1'700'000'000'000'000'000));
        HttpTestClient bigClient(collector.otlpPort()), a(collector.apiPort()), b(collector.otlpPort());
        // The small requests are sent once the big one is answered, i.e. queued: while it is
        // being stored. Should they arrive after it is stored (a very slow client), the round
        // is repeated. (Sent during its decode, they would find the queue empty.)
        HttpTestResponse json, otlp;
        int rounds = 0;
        double droppedJson = 0, droppedOtlp = 0;
        for (; rounds < 5 && (json.status != 429 || otlp.status != 503); ++rounds) {
            QVERIFY(bigClient.sendRaw("POST /v1/traces HTTP/1.1\r\nContent-Type: application/x-protobuf\r\n"
                                      + contentLength(big.size()) + "\r\n\r\n" + big));
            QCOMPARE(bigClient.readResponse().status, 200);
            a.sendRaw("POST /api/spans HTTP/1.1\r\nContent-Type: application/json\r\n"
                      + contentLength(small.size()) + "\r\n\r\n" + small);
            b.sendRaw("POST /v1/traces HTTP/1.1\r\nContent-Type: application/x-protobuf\r\n"
                      + contentLength(smallOtlp.size()) + "\r\n\r\n" + smallOtlp);
            json = a.readResponse();
            otlp = b.readResponse();
            droppedJson += json.status == 429 ? 20 : 0;
            droppedOtlp += otlp.status == 503 ? 30 : 0;
        }
        QCOMPARE(json.status, 429);
        QCOMPARE(json.header("Retry-After"), QByteArray("1"));
        QVERIFY(json.json()["error"].get<std::string>().find("queue") != std::string::npos);
        QCOMPARE(otlp.status, 503);
        QCOMPARE(otlp.header("Retry-After"), QByteArray("1"));
        int code = 0;
        QString message;
        QVERIFY(OtlpProtobuf::decodeStatus({otlp.body.constData(), std::size_t(otlp.body.size())}, &code, &message));
        QCOMPARE(code, 14); // UNAVAILABLE
        QCOMPARE(a.metric("traceflow_spans_dropped_total{protocol=\"traceflow_json\"}"), droppedJson);
        QCOMPARE(a.metric("traceflow_spans_dropped_total{protocol=\"otlp_proto\"}"), droppedOtlp);
        QCOMPARE(a.metric("traceflow_ingest_queue_capacity_spans"), 1000.0);
        // Once the big batch is stored, there is room again.
        for (int i = 0; i < 200 && a.metric("traceflow_ingest_queue_spans") != 0; ++i)
            QThread::msleep(20);
        QCOMPARE(a.post("/api/spans", small, "application/json").status, 202);
        QCOMPARE(a.metric("traceflow_spans_received_total{protocol=\"traceflow_json\"}"), 20.0 * (rounds + 1));
        QCOMPARE(a.metric("traceflow_spans_accepted_total{protocol=\"traceflow_json\"}"), 20.0 * (rounds + 1) - droppedJson);
        QCOMPARE(collector.terminate(), 0);
    }

private:
    std::unique_ptr<CollectorProcess> m_collector;
};

QTEST_GUILESS_MAIN(TstCollectorLimits)
#include "tst_collectorlimits.moc"
