// SPDX-License-Identifier: MIT
// End-to-end: the real traceflow-collector binary, every ingest route and format.
#include "collectorprocess.h"
#include "gzipcodec.h"
#include "httptestclient.h"
#include "otlpjson.h"
#include "otlpprotobuf.h"
#include "testspans.h"

#include <QDateTime>
#include <QTest>
#include <QThread>

#include <memory>

using namespace traceflow;
using Format = TestSpans::Format;

namespace {
std::string_view view(const QByteArray &b)
{
    return {b.constData(), std::size_t(b.size())};
}

// Spans reach the store through a queue: poll until the trace has `spans` spans.
nlohmann::json waitForTrace(HttpTestClient &client, const QString &traceId, int spans)
{
    for (int i = 0; i < 250; ++i) {
        const HttpTestResponse r = client.get("/api/traces/" + traceId.toUtf8());
        if (r.status == 200 && r.json().value("span_count", 0) >= spans)
            return r.json();
        QThread::msleep(20);
    }
    return nullptr;
}
} // namespace

class TstCollectorIngest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_collector = std::make_unique<CollectorProcess>(QStringList{QStringLiteral("--max-body"),
                                                                     QStringLiteral("1048576")});
        QVERIFY2(m_collector->start(), m_collector->standardError().constData());
        m_api = std::make_unique<HttpTestClient>(m_collector->apiPort());
        m_otlp = std::make_unique<HttpTestClient>(m_collector->otlpPort());
    }
    void cleanupTestCase()
    {
        m_api.reset();
        m_otlp.reset();
        QCOMPARE(m_collector->terminate(), 0);
    }

    // The example of the original TraceFlow README, byte for byte.
    void seedCurlExample()
    {
        const QByteArray body = R"({"spans":[{"trace_id":"trace-1","span_id":"span-1","service":"checkout","operation":"checkout.request","start_unix_ms":1710000000000,"duration_ms":42,"status":"ok"}]})";
        const HttpTestResponse r = m_api->post("/api/spans", body, "application/json");
        QCOMPARE(r.status, 202);
        JSON_COMPARE(r.json(), nlohmann::json::parse(R"({"accepted":1,"rejected":0,"errors":[]})"));
        const nlohmann::json trace = waitForTrace(*m_api, QStringLiteral("trace-1"), 1);
        QVERIFY(!trace.is_null());
        const nlohmann::json &span = trace["spans"][0];
        JSON_COMPARE(span["service"], "checkout");
        JSON_COMPARE(span["operation"], "checkout.request");
        QCOMPARE(span["start_unix_ms"].get<double>(), 1710000000000.0);
        QCOMPARE(span["duration_ms"].get<double>(), 42.0);
        JSON_COMPARE(span["status"], "ok");
    }

    void everyFormat_data()
    {
        QTest::addColumn<Format>("format");
        QTest::addColumn<bool>("gzip");
        QTest::addColumn<bool>("otlpPort");
        for (Format f : {Format::TraceflowJson, Format::OtlpProtobuf, Format::OtlpJson, Format::ZipkinJson}) {
            const QByteArray name = TestSpans::formatName(f).toLatin1();
            QTest::addRow("%s on the api port", name.constData()) << f << false << false;
            QTest::addRow("%s gzip on the otlp port", name.constData()) << f << true << true;
        }
    }
    void everyFormat()
    {
        QFETCH(Format, format);
        QFETCH(bool, gzip);
        QFETCH(bool, otlpPort);
        QRandomGenerator random(quint32(qHash(QTest::currentDataTag())));
        const QString traceId = TestSpans::randomHex(16, random);
        const qint64 start = QDateTime::currentMSecsSinceEpoch() * 1'000'000;
        QByteArray body = TestSpans::encode(format, TestSpans::checkoutTrace(traceId, start));
        HttpTestClient::Headers headers;
        if (gzip) {
            body = GzipCodec::compress(body);
            headers.append(qMakePair(QByteArray("Content-Encoding"), QByteArray("gzip")));
        }
        HttpTestClient &client = otlpPort ? *m_otlp : *m_api;
        const HttpTestResponse r =
            client.post(TestSpans::path(format), body, TestSpans::contentType(format), headers);
        if (format == Format::OtlpProtobuf) {
            QCOMPARE(r.status, 200);
            QCOMPARE(r.header("Content-Type"), QByteArray("application/x-protobuf"));
            qint64 rejected = -1;
            QString message;
            QVERIFY(OtlpProtobuf::decodeResponse(view(r.body), &rejected, &message));
            QCOMPARE(rejected, 0);
        } else if (format == Format::OtlpJson) {
            QCOMPARE(r.status, 200);
            QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
            JSON_COMPARE(r.json(), nlohmann::json::object());
        } else {
            QCOMPARE(r.status, 202);
            JSON_COMPARE(r.json()["accepted"], 3);
            JSON_COMPARE(r.json()["rejected"], 0);
        }

        const nlohmann::json trace = waitForTrace(*m_api, traceId, 3);
        QVERIFY2(!trace.is_null(), r.body.constData());
        JSON_COMPARE(trace["trace_id"], traceId.toStdString());
        JSON_COMPARE(trace["span_count"], 3);
        JSON_COMPARE(trace["services"], nlohmann::json::parse(R"(["frontend","orders"])"));
        JSON_COMPARE(trace["root_service"], "frontend");
        JSON_COMPARE(trace["status"], "error");
        const nlohmann::json *root = spanNamed(trace, "GET /checkout");
        const nlohmann::json *call = spanNamed(trace, "POST orders");
        const nlohmann::json *server = spanNamed(trace, "create order");
        QVERIFY(root && call && server);
        JSON_COMPARE((*root)["parent_span_id"], "");
        JSON_COMPARE((*call)["parent_span_id"], (*root)["span_id"]);
        JSON_COMPARE((*server)["parent_span_id"], (*call)["span_id"]);
        JSON_COMPARE((*server)["service"], "orders");
        JSON_COMPARE((*server)["kind"], "server");
        JSON_COMPARE((*call)["kind"], "client");
        JSON_COMPARE((*server)["status"], "error");
        JSON_COMPARE((*server)["status_message"], "card declined");
        QCOMPARE((*server)["duration_ms"].get<double>(), 90.0);
        JSON_COMPARE((*root)["attributes"]["http.method"], "GET");
        // Zipkin tags are strings.
        JSON_COMPARE((*root)["attributes"]["http.status_code"],
                 format == Format::ZipkinJson ? nlohmann::json("500") : nlohmann::json(500));
        QCOMPARE((*server)["events"].size(), std::size_t(1));
        JSON_COMPARE((*server)["events"][0]["name"], "exception");
        QCOMPARE((*server)["events"][0]["time_unix_nano"].get<qint64>(), start + 50'000'000);
    }

    void partialSuccess_data()
    {
        QTest::addColumn<Format>("format");
        QTest::addRow("otlp protobuf") << Format::OtlpProtobuf;
        QTest::addRow("otlp json") << Format::OtlpJson;
        QTest::addRow("traceflow json") << Format::TraceflowJson;
    }
    void partialSuccess()
    {
        QFETCH(Format, format);
        QRandomGenerator random(7 + quint32(format));
        const QString traceId = TestSpans::randomHex(16, random);
        std::vector<Span> spans = TestSpans::checkoutTrace(traceId, 1'700'000'000'000'000'000);
        spans[1].traceId = {};                                          // no trace id
        spans[2].spanId = SpanId::fromHex(std::string_view("0000000000000000")); // all zeroes
        if (format == Format::TraceflowJson)
            spans[2].setService({}); // TraceFlow JSON ids are free text; a service is required
        const HttpTestResponse r = m_otlp->post(TestSpans::path(format),
                                                TestSpans::encode(format, spans),
                                                TestSpans::contentType(format));
        if (format == Format::OtlpProtobuf) {
            QCOMPARE(r.status, 200);
            qint64 rejected = 0;
            QString message;
            QVERIFY(OtlpProtobuf::decodeResponse(view(r.body), &rejected, &message));
            QCOMPARE(rejected, 2);
            QVERIFY2(message.contains(QStringLiteral("trace_id")), qPrintable(message));
        } else if (format == Format::OtlpJson) {
            QCOMPARE(r.status, 200);
            const nlohmann::json partial = r.json()["partialSuccess"];
            JSON_COMPARE(partial["rejectedSpans"], "2"); // int64 as a string, proto3 JSON mapping
            QVERIFY(partial["errorMessage"].get<std::string>().find("traceId") != std::string::npos);
        } else {
            QCOMPARE(r.status, 202);
            JSON_COMPARE(r.json()["accepted"], 1);
            JSON_COMPARE(r.json()["rejected"], 2);
            QCOMPARE(r.json()["errors"].size(), std::size_t(2));
        }
        const nlohmann::json trace = waitForTrace(*m_api, traceId, 1);
        QVERIFY(!trace.is_null());
        JSON_COMPARE(trace["span_count"], 1); // the valid span of the batch is stored
    }

    void undecodableBodies_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("encoding");
        QTest::addColumn<QByteArray>("body");
        QTest::addRow("traceflow: not json") << QByteArray("/api/spans") << QByteArray("application/json") << QByteArray() << QByteArray("{\"spans\":[");
        QTest::addRow("traceflow: no spans array") << QByteArray("/api/spans") << QByteArray("application/json") << QByteArray() << QByteArray("{\"span\":[]}");
        QTest::addRow("zipkin: not an array") << QByteArray("/api/v2/spans") << QByteArray("application/json") << QByteArray() << QByteArray("{}");
        QTest::addRow("otlp protobuf: garbage") << QByteArray("/v1/traces") << QByteArray("application/x-protobuf") << QByteArray() << QByteArray("\x0a\xff\xff\xff", 4);
        QTest::addRow("otlp json: garbage") << QByteArray("/v1/traces") << QByteArray("application/json") << QByteArray() << QByteArray("[oops");
        QTest::addRow("gzip header, plain body") << QByteArray("/api/spans") << QByteArray("application/json") << QByteArray("gzip") << QByteArray("{\"spans\":[]}");
    }
    void undecodableBodies()
    {
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, encoding);
        QFETCH(QByteArray, body);
        HttpTestClient::Headers headers;
        if (!encoding.isEmpty())
            headers.append(qMakePair(QByteArray("Content-Encoding"), encoding));
        const HttpTestResponse r = m_api->post(path, body, contentType, headers);
        QCOMPARE(r.status, 400);
        if (path != "/v1/traces") {
            QVERIFY2(r.json()["error"].is_string(), r.body.constData());
        } else if (contentType == "application/json") {
            JSON_COMPARE(r.json()["code"], 3); // google.rpc.Status INVALID_ARGUMENT
            QVERIFY(r.json()["message"].is_string());
        } else {
            int code = 0;
            QString message;
            QVERIFY(OtlpProtobuf::decodeStatus(view(r.body), &code, &message));
            QCOMPARE(code, 3);
            QVERIFY(!message.isEmpty());
        }
    }

    void unsupportedMediaType_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("encoding");
        QTest::addRow("otlp as text") << QByteArray("/v1/traces") << QByteArray("text/plain") << QByteArray();
        QTest::addRow("traceflow as protobuf") << QByteArray("/api/spans") << QByteArray("application/x-protobuf") << QByteArray();
        QTest::addRow("zipkin thrift") << QByteArray("/api/v2/spans") << QByteArray("application/x-thrift") << QByteArray();
        QTest::addRow("brotli") << QByteArray("/api/spans") << QByteArray("application/json") << QByteArray("br");
        QTest::addRow("otlp brotli") << QByteArray("/v1/traces") << QByteArray("application/json") << QByteArray("br");
    }
    void unsupportedMediaType()
    {
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, encoding);
        HttpTestClient::Headers headers;
        if (!encoding.isEmpty())
            headers.append(qMakePair(QByteArray("Content-Encoding"), encoding));
        const HttpTestResponse r = m_api->post(path, "{}", contentType, headers);
        QCOMPARE(r.status, 415);
        QVERIFY(r.json().is_object());
    }

    // The server keeps serving after bad input: on the same connection for a bad body, and on
    // a new one after a request it could not even frame.
    void malformedThenGood()
    {
        HttpTestClient client(m_collector->apiPort());
        QVERIFY(client.sendRaw("POST /api/spans HTTP/1.1\r\nContent-Type: application/json\r\n"
                               "Content-Length: 5\r\n\r\n{{{{{"));
        QCOMPARE(client.readResponse().status, 400);
        QVERIFY(client.isConnected());
        const QByteArray good = R"({"spans":[{"trace_id":"after-bad","span_id":"s1","service":"svc","operation":"op","start_unix_ms":1710000000000,"duration_ms":1}]})";
        QVERIFY(client.sendRaw("POST /api/spans HTTP/1.1\r\nContent-Type: application/json\r\n"
                               "Content-Length: " + QByteArray::number(good.size()) + "\r\n\r\n" + good));
        QCOMPARE(client.readResponse().status, 202);

        QVERIFY(client.sendRaw("THIS IS NOT HTTP\r\n\r\n"));
        QCOMPARE(client.readResponse().status, 400);
        QVERIFY(client.waitForClose(5000));
        QCOMPARE(m_api->post("/api/spans", good, "application/json").status, 202);
        QVERIFY(!waitForTrace(*m_api, QStringLiteral("after-bad"), 1).is_null());
    }

private:
    std::unique_ptr<CollectorProcess> m_collector;
    std::unique_ptr<HttpTestClient> m_api;
    std::unique_ptr<HttpTestClient> m_otlp;
};

QTEST_GUILESS_MAIN(TstCollectorIngest)
#include "tst_collectoringest.moc"
