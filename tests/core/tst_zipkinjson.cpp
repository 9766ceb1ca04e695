// SPDX-License-Identifier: MIT
#include "coretestsupport.h"
#include "zipkinjson.h"
#include "zipkinjsondecoder.h"

#include <QTest>

#include <algorithm>

using namespace traceflow;

namespace {
// zipkin-js (HttpLogger, JSON_V2): a client call and the server side reported as a shared span.
constexpr char ZipkinJs[] = R"([
{"traceId":"5af7183fb1d4cf5f","parentId":"6b221d5bc9e6496c","id":"352bff9a74ca9ad2","kind":"CLIENT",
 "name":"get /api","timestamp":1556604172355737,"duration":1431,
 "localEndpoint":{"serviceName":"frontend","ipv4":"192.168.99.1"},
 "remoteEndpoint":{"serviceName":"backend","ipv4":"172.19.0.2","port":9000},
 "tags":{"http.path":"/api","http.method":"GET","http.status_code":"500","error":"500"},
 "annotations":[{"timestamp":1556604172355890,"value":"wr"}]},
{"traceId":"5af7183fb1d4cf5f","parentId":"6b221d5bc9e6496c","id":"352bff9a74ca9ad2","kind":"SERVER",
 "name":"get /api","timestamp":1556604172359000,"duration":800,
 "localEndpoint":{"serviceName":"backend","ipv6":"2001:db8::c001","port":9000},
 "remoteEndpoint":{"ipv4":"192.168.99.1","port":58648},"tags":{"http.path":"/api"},"shared":true}])";

// @opentelemetry/exporter-zipkin: resource attributes merged into tags, status as
// otel.status_code + error, events as annotations ("name: {attributes}" from other SDKs).
constexpr char OtelExporter[] =
    R"([
{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","parentId":"00f067aa0ba902b7","name":"charge",
 "id":"53995c3f42cd8ad8","kind":"CLIENT","timestamp":1710000000000123,"duration":42000,
 "localEndpoint":{"serviceName":"payment"},
 "tags":{"rpc.system":"grpc","service.name":"payment","telemetry.sdk.language":"nodejs",
  "otel.status_code":"ERROR","error":"card declined","otel.scope.name":"payment-lib",
  "otel.scope.version":"1.0.0"},
 "annotations":[{"timestamp":1710000000010000,"value":"retry"},)"
    // Escapes stay out of raw strings: moc does not parse raw strings.
    "{\"timestamp\":1710000000020000,"
    "\"value\":\"exception: {\\\"exception.type\\\":\\\"Error\\\",\\\"attempt\\\":2}\"}]}]";

DecodedBatch decoded(const QByteArray &body, bool *ok = nullptr, QString *error = nullptr)
{
    return CoreTestSupport::decodeWith(&ZipkinJson::decode, body, ok, error);
}

QByteArray oneSpan(const QByteArray &extra)
{
    return R"([{"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312","timestamp":1,)" + extra +
           "}]";
}

// Zipkin tags are a map: compare attributes without their order.
std::vector<Attributes::Item> sortedItems(const Attributes &a)
{
    std::vector<Attributes::Item> items = a.items();
    std::sort(items.begin(), items.end(), [](const Attributes::Item &x, const Attributes::Item &y) {
        return x.first < y.first;
    });
    return items;
}
} // namespace

class TstZipkinJson : public QObject
{
    Q_OBJECT

private slots:
    void zipkinJsPayload()
    {
        bool ok = false;
        const DecodedBatch batch = decoded(QByteArray(ZipkinJs), &ok);
        QVERIFY(ok);
        QCOMPARE(batch.errors, QStringList());
        QCOMPARE(batch.spans.size(), std::size_t(2));
        const Span &client = batch.spans[0];
        QCOMPARE(client.traceId.toString(), QStringLiteral("5af7183fb1d4cf5f"));
        QCOMPARE(client.spanId.toString(), QStringLiteral("352bff9a74ca9ad2"));
        QCOMPARE(client.parentSpanId.toString(), QStringLiteral("6b221d5bc9e6496c"));
        QCOMPARE(client.kind, SpanKind::Client);
        QCOMPARE(client.service(), QStringLiteral("frontend"));
        QCOMPARE(client.resource(),
                 (Attributes{{QStringLiteral("service.name"), QStringLiteral("frontend")}}));
        QCOMPARE(client.startNs, qint64(1'556'604'172'355'737'000));
        QCOMPARE(client.durationNs, qint64(1'431'000));
        QCOMPARE(client.status, StatusCode::Error);
        QCOMPARE(client.statusMessage(), QStringLiteral("500"));
        QVERIFY(!client.attributes.contains(u"error"));
        QCOMPARE(client.attributes.value(u"http.status_code"),
                 AttributeValue(QStringLiteral("500")));
        QCOMPARE(client.attributes.value(u"net.host.ip").toString(),
                 QStringLiteral("192.168.99.1"));
        QCOMPARE(client.attributes.value(u"peer.service").toString(), QStringLiteral("backend"));
        QCOMPARE(client.attributes.value(u"net.peer.ip").toString(), QStringLiteral("172.19.0.2"));
        QCOMPARE(client.attributes.value(u"net.peer.port"), AttributeValue(qint64(9000)));
        QCOMPARE(client.events().size(), std::size_t(1));
        QCOMPARE(client.events().front().name, QStringLiteral("wr"));
        QCOMPARE(client.events().front().timeNs, qint64(1'556'604'172'355'890'000));

        const Span &server = batch.spans[1];
        QCOMPARE(server.kind, SpanKind::Server);
        QCOMPARE(server.parentSpanId, client.spanId);
        QCOMPARE(server.spanId,
                 ZipkinJsonDecoder::deriveSharedSpanId(server.traceId, client.spanId, 0));
        QVERIFY(server.spanId != client.spanId);
        QCOMPARE(server.service(), QStringLiteral("backend"));
        QCOMPARE(server.attributes.value(u"net.host.ip").toString(),
                 QStringLiteral("2001:db8::c001"));
        QCOMPARE(server.status, StatusCode::Unset);
    }

    void otelExporterPayload()
    {
        const DecodedBatch batch = decoded(QByteArray(OtelExporter));
        QCOMPARE(batch.errors, QStringList());
        QCOMPARE(batch.spans.size(), std::size_t(1));
        const Span &s = batch.spans.front();
        QCOMPARE(s.traceId.toString(), QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736"));
        QCOMPARE(s.status, StatusCode::Error);
        QCOMPARE(s.statusMessage(), QStringLiteral("card declined"));
        QCOMPARE(s.scopeName(), QStringLiteral("payment-lib"));
        QCOMPARE(s.scopeVersion(), QStringLiteral("1.0.0"));
        QCOMPARE(s.attributes.size(), 3);
        QVERIFY(!s.attributes.contains(u"otel.status_code"));
        QCOMPARE(s.startNs, qint64(1'710'000'000'000'123'000));
        QCOMPARE(s.events().size(), std::size_t(2));
        const SpanEvent &e = s.events()[1];
        QCOMPARE(e.name, QStringLiteral("exception"));
        QCOMPARE(e.attributes,
                 (Attributes{{QStringLiteral("exception.type"), QStringLiteral("Error")},
                             {QStringLiteral("attempt"), qint64(2)}}));
    }

    void conventionTags_data()
    {
        QTest::addColumn<QByteArray>("tags");
        QTest::addColumn<StatusCode>("status");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("scope");
        QTest::addColumn<int>("attributes");
        QTest::addRow("error tag") << QByteArray(R"({"error":"boom"})") << StatusCode::Error
                                   << QStringLiteral("boom") << QString() << 0;
        QTest::addRow("empty error tag")
            << QByteArray(R"({"error":""})") << StatusCode::Error << QString() << QString() << 0;
        QTest::addRow("otel ok") << QByteArray(R"({"otel.status_code":"OK"})") << StatusCode::Ok
                                 << QString() << QString() << 0;
        QTest::addRow("otel error with description")
            << QByteArray(R"({"otel.status_code":"ERROR","otel.status_description":"bad"})")
            << StatusCode::Error << QStringLiteral("bad") << QString() << 0;
        QTest::addRow("otel ok ignores error tag")
            << QByteArray(R"({"otel.status_code":"OK","error":"x"})") << StatusCode::Ok << QString()
            << QString() << 0;
        QTest::addRow("unknown status code kept")
            << QByteArray(R"({"otel.status_code":"MAYBE"})") << StatusCode::Unset << QString()
            << QString() << 1;
        QTest::addRow("library name")
            << QByteArray(R"({"otel.library.name":"lib","otel.library.version":"1"})")
            << StatusCode::Unset << QString() << QStringLiteral("lib") << 0;
        QTest::addRow("scope name wins")
            << QByteArray(R"({"otel.library.name":"old","otel.scope.name":"new","k":"v"})")
            << StatusCode::Unset << QString() << QStringLiteral("new") << 1;
        QTest::addRow("non-string tags stringified")
            << QByteArray(R"({"n":5,"b":true})") << StatusCode::Unset << QString() << QString()
            << 2;
        QTest::addRow("non-string status tag kept as text")
            << QByteArray(R"({"otel.status_code":{"c":"OK"},"otel.scope.name":["s"]})")
            << StatusCode::Unset << QString() << QStringLiteral(R"(["s"])") << 1;
        QTest::addRow("lowercase status, error message")
            << QByteArray(R"({"otel.status_code":"error","error":"boom"})") << StatusCode::Error
            << QStringLiteral("boom") << QString() << 0;
    }
    void conventionTags()
    {
        QFETCH(QByteArray, tags);
        QFETCH(StatusCode, status);
        QFETCH(QString, message);
        QFETCH(QString, scope);
        QFETCH(int, attributes);
        const DecodedBatch batch = decoded(oneSpan(R"("tags":)" + tags));
        QCOMPARE(batch.errors, QStringList());
        const Span &s = batch.spans.front();
        QCOMPARE(s.status, status);
        QCOMPARE(s.statusMessage(), message);
        QCOMPARE(s.scopeName(), scope);
        QCOMPARE(s.attributes.size(), attributes);
        for (int i = 0; i < s.attributes.size(); ++i)
            QCOMPARE(s.attributes.valueAt(i).type(), AttributeValue::Type::String);
    }

    void kinds_data()
    {
        QTest::addColumn<QByteArray>("fields");
        QTest::addColumn<SpanKind>("kind");
        QTest::addRow("client") << QByteArray(R"("kind":"CLIENT")") << SpanKind::Client;
        QTest::addRow("server") << QByteArray(R"("kind":"SERVER")") << SpanKind::Server;
        QTest::addRow("producer") << QByteArray(R"("kind":"PRODUCER")") << SpanKind::Producer;
        QTest::addRow("consumer") << QByteArray(R"("kind":"CONSUMER")") << SpanKind::Consumer;
        QTest::addRow("lowercase accepted")
            << QByteArray(R"("kind":"consumer")") << SpanKind::Consumer;
        QTest::addRow("absent is unspecified")
            << QByteArray(R"("name":"x")") << SpanKind::Unspecified;
        QTest::addRow("span.kind tag when absent")
            << QByteArray(R"("tags":{"span.kind":"internal"})") << SpanKind::Internal;
    }
    void kinds()
    {
        QFETCH(QByteArray, fields);
        QFETCH(SpanKind, kind);
        const DecodedBatch batch = decoded(oneSpan(fields));
        QCOMPARE(batch.errors, QStringList());
        QCOMPARE(batch.spans.front().kind, kind);
        QCOMPARE(batch.spans.front().service(), QStringLiteral("unknown"));
    }

    void rejectsBadSpanAlone_data()
    {
        QTest::addColumn<QByteArray>("span");
        QTest::addColumn<QString>("error");
        auto row = [](const char *name, const char *span, const char *error) {
            QTest::addRow("%s", name) << QByteArray(span) << QString::fromUtf8(error);
        };
        row("short trace id", R"({"traceId":"463ac35c9f64","id":"a2fb4a1d1a96d312","timestamp":1})",
            R"(spans[0]: "traceId" must be 16 or 32 hex digits)");
        row("zero trace id",
            R"({"traceId":"0000000000000000","id":"a2fb4a1d1a96d312","timestamp":1})",
            R"(spans[0]: "traceId" must not be all zeroes)");
        row("128-bit span id",
            R"({"traceId":"463ac35c9f6413ad","id":"463ac35c9f6413ada2fb4a1d1a96d312","timestamp":1})",
            R"(spans[0]: "id" must be 16 hex digits)");
        row("missing id", R"({"traceId":"463ac35c9f6413ad","timestamp":1})",
            R"(spans[0]: "id" must be a non-empty string)");
        row("bad parent id",
            R"({"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312","parentId":"g2fb4a1d1a96d312","timestamp":1})",
            R"(spans[0]: "parentId" must be 16 hex digits)");
        row("missing timestamp", R"({"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312"})",
            R"(spans[0]: "timestamp" must be a number)");
        row("negative duration",
            R"({"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312","timestamp":1,"duration":-5})",
            R"(spans[0]: "duration" must not be negative)");
        row("internal kind",
            R"({"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312","timestamp":1,"kind":"INTERNAL"})",
            R"(spans[0]: "kind" must be CLIENT, SERVER, PRODUCER or CONSUMER)");
        row("tags not an object",
            R"({"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312","timestamp":1,"tags":[]})",
            R"(spans[0]: "tags" must be an object)");
        row("annotation without value",
            R"({"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312","timestamp":1,"annotations":[{"timestamp":2}]})",
            R"(spans[0].annotations[0]: "value" must be a string)");
        row("endpoint not an object",
            R"({"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312","timestamp":1,"localEndpoint":"svc"})",
            R"(spans[0]: "localEndpoint" must be an object)");
        row("bad port",
            R"({"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312","timestamp":1,"remoteEndpoint":{"port":true}})",
            R"(spans[0].remoteEndpoint: "port" must be an integer or a decimal string)");
        row("shared not a bool",
            R"({"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312","timestamp":1,"shared":"yes"})",
            R"(spans[0]: "shared" must be true or false)");
        row("duplicate id, the last one bad",
            R"({"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312","timestamp":1,"id":"xyz"})",
            R"(spans[0]: "id" must be 16 hex digits)");
        row("duplicate timestamp, the last one null",
            R"({"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312","timestamp":1,"timestamp":null})",
            R"(spans[0]: "timestamp" must be a number)");
        row("bad ipv6 next to a good ipv4",
            R"({"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312","timestamp":1,"localEndpoint":{"ipv4":"10.0.0.1","ipv6":1}})",
            R"(spans[0].localEndpoint: "ipv6" must be a string)");
        row("not an object", R"(42)", R"(spans[0]: must be an object)");
    }
    void rejectsBadSpanAlone()
    {
        QFETCH(QByteArray, span);
        QFETCH(QString, error);
        const QByteArray good =
            R"({"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312","timestamp":1,"name":"good"})";
        const DecodedBatch batch = decoded('[' + span + ',' + good + ']');
        QCOMPARE(batch.errors, QStringList{error});
        QCOMPARE(batch.rejected, 1);
        QCOMPARE(batch.spans.size(), std::size_t(1));
        QCOMPARE(batch.spans.front().operation(), QStringLiteral("good"));
    }

    void invalidBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::addRow("object") << QByteArray(R"({"spans":[]})")
                                << QStringLiteral("expected a JSON array of Zipkin v2 spans");
        QTest::addRow("not JSON")
            << QByteArray("[{")
            << QStringLiteral("invalid JSON at byte 3: syntax error while parsing object key - "
                              "unexpected end of input; expected string literal");
    }
    void invalidBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        bool ok = true;
        QString why;
        decoded(body, &ok, &why);
        QVERIFY(!ok);
        QCOMPARE(why, error);
    }

    void sharedSpanIds()
    {
        const QByteArray server =
            R"({"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","kind":"SERVER","timestamp":2,"shared":true})";
        const QByteArray client =
            R"({"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","kind":"CLIENT","timestamp":1})";
        const SpanId original = SpanId::fromHex(std::string_view("352bff9a74ca9ad2"));
        // The server half alone, in its own batch, gets the id it gets next to its client.
        const DecodedBatch alone = decoded('[' + server + ']');
        const DecodedBatch together = decoded('[' + client + ',' + server + ']');
        QCOMPARE(alone.spans.front().spanId, together.spans[1].spanId);
        QCOMPARE(alone.spans.front().parentSpanId, original);
        QCOMPARE(together.spans[0].spanId, original);

        // Without the flag, a client with the same ids in the batch marks the sharing.
        QByteArray unflagged = server;
        unflagged.replace(",\"shared\":true", "");
        const DecodedBatch implicit = decoded('[' + client + ',' + unflagged + ']');
        QCOMPARE(implicit.spans[1].spanId, together.spans[1].spanId);
        const DecodedBatch plain = decoded('[' + unflagged + ']');
        QCOMPARE(plain.spans.front().spanId, original);

        // A derived id already used in the trace moves on to the next attempt.
        const TraceId trace = together.spans[0].traceId;
        QByteArray squatter = R"({"traceId":"5af7183fb1d4cf5f","id":"ID","timestamp":3})";
        squatter.replace(
            "ID", ZipkinJsonDecoder::deriveSharedSpanId(trace, original, 0).toString().toUtf8());
        const DecodedBatch collided = decoded('[' + squatter + ',' + server + ']');
        QCOMPARE(collided.spans[1].spanId,
                 ZipkinJsonDecoder::deriveSharedSpanId(trace, original, 1));
        QVERIFY(collided.spans[1].spanId != collided.spans[0].spanId);
    }

    void encodeSpan()
    {
        const Span s = decoded(QByteArray(OtelExporter)).spans.front();
        const nlohmann::json z = ZipkinJson::encodeSpan(s);
        QVERIFY(z.at("traceId") == "4bf92f3577b34da6a3ce929d0e0e4736");
        QVERIFY(z.at("id") == "53995c3f42cd8ad8");
        QVERIFY(z.at("parentId") == "00f067aa0ba902b7");
        QVERIFY(z.at("kind") == "CLIENT");
        QVERIFY(z.at("timestamp") == 1710000000000123);
        QVERIFY(z.at("duration") == 42000);
        QVERIFY(z.at("localEndpoint") == nlohmann::json({{"serviceName", "payment"}}));
        QVERIFY(!z.contains("remoteEndpoint"));
        const nlohmann::json &tags = z.at("tags");
        QVERIFY(tags.at("otel.status_code") == "ERROR");
        QVERIFY(tags.at("error") == "card declined");
        QVERIFY(tags.at("otel.scope.name") == "payment-lib");
        QVERIFY(tags.at("rpc.system") == "grpc");
        QVERIFY(z.at("annotations").at(1).at("value") ==
                R"(exception: {"exception.type":"Error","attempt":2})");

        Span typed = s;
        typed.attributes = Attributes{{QStringLiteral("i"), qint64(-3)},
                                      {QStringLiteral("d"), 0.1},
                                      {QStringLiteral("a"), QList<qint64>{1, 2}}};
        typed.durationNs = 1; // rounds to 0 us, written as the 1 us minimum
        const nlohmann::json t = ZipkinJson::encodeSpan(typed);
        QVERIFY(t.at("tags").at("i") == "-3");
        QVERIFY(t.at("tags").at("d") == "0.1");
        QVERIFY(t.at("tags").at("a") == "[1,2]");
        QVERIFY(t.at("duration") == 1);
    }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addRow("zipkin-js") << QByteArray(ZipkinJs);
        QTest::addRow("otel exporter") << QByteArray(OtelExporter);
    }
    void roundTrip()
    {
        QFETCH(QByteArray, payload);
        const DecodedBatch first = decoded(payload);
        const DecodedBatch second = decoded(ZipkinJson::encode(first.spans));
        QCOMPARE(second.errors, QStringList());
        QCOMPARE(second.spans.size(), first.spans.size());
        for (std::size_t i = 0; i < first.spans.size(); ++i) {
            Span a = first.spans[i];
            Span b = second.spans[i];
            QCOMPARE(sortedItems(b.attributes), sortedItems(a.attributes));
            a.attributes = b.attributes = Attributes();
            QVERIFY(a == b);
        }
    }
};

QTEST_GUILESS_MAIN(TstZipkinJson)
#include "tst_zipkinjson.moc"
