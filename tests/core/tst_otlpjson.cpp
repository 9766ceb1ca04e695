// SPDX-License-Identifier: MIT
#include "coretestsupport.h"
#include "otlpjson.h"
#include "traceflowjson.h"

#include <QTest>

#include <cmath>

using namespace traceflow;

namespace {
// What @opentelemetry/exporter-trace-otlp-http (JSON) posts for a checkout span: realistic
// resource, ints as numbers and strings, dropped counts, an empty traceState and links list.
constexpr char OtelJsExport[] = R"({"resourceSpans":[{"resource":{"attributes":[
{"key":"service.name","value":{"stringValue":"checkout"}},
{"key":"telemetry.sdk.language","value":{"stringValue":"nodejs"}},
{"key":"telemetry.sdk.name","value":{"stringValue":"opentelemetry"}},
{"key":"telemetry.sdk.version","value":{"stringValue":"1.25.1"}},
{"key":"process.pid","value":{"intValue":41235}},
{"key":"process.command_args","value":{"arrayValue":{"values":[{"stringValue":"/usr/bin/node"},{"stringValue":"server.js"}]}}},
{"key":"host.name","value":{"stringValue":"checkout-7d9f"}}],"droppedAttributesCount":0},
"scopeSpans":[{"scope":{"name":"@opentelemetry/instrumentation-http","version":"0.52.1"},"spans":[
{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"eee19b7ec3c1b173",
"traceState":"","name":"POST /checkout","kind":2,"startTimeUnixNano":"1710000000000123456",
"endTimeUnixNano":"1710000000042654321","attributes":[
{"key":"http.method","value":{"stringValue":"POST"}},
{"key":"http.status_code","value":{"intValue":500}},
{"key":"http.request_content_length","value":{"intValue":"1024"}},
{"key":"http.retry","value":{"boolValue":true}},
{"key":"cart.total","value":{"doubleValue":99.95}}],"droppedAttributesCount":0,
"events":[{"attributes":[{"key":"exception.type","value":{"stringValue":"Error"}},
{"key":"exception.message","value":{"stringValue":"card declined"}}],"name":"exception",
"timeUnixNano":"1710000000040000000","droppedAttributesCount":0}],"droppedEventsCount":0,
"status":{"code":2,"message":"card declined"},"links":[],"droppedLinksCount":0}]}]}]})";

constexpr char GoodSpan[] =
    R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331",)"
    R"("name":"ok","startTimeUnixNano":"1","endTimeUnixNano":"2"})";

QByteArray wrap(const QByteArray &spans, const QByteArray &resource = "{}")
{
    return R"({"resourceSpans":[{"resource":)" + resource + R"(,"scopeSpans":[{"spans":[)" + spans +
           "]}]}]}";
}

DecodedBatch decoded(const QByteArray &body, bool *ok = nullptr, QString *error = nullptr)
{
    return CoreTestSupport::decodeWith(&OtlpJson::decode, body, ok, error);
}

QSharedDataPointer<SpanOrigin> origin(const QString &service, const QString &scope)
{
    QSharedDataPointer<SpanOrigin> o(new SpanOrigin);
    o->resource = Attributes{{QStringLiteral("service.name"), service},
                             {QStringLiteral("deployment.environment"), QStringLiteral("prod")}};
    o->scopeName = scope;
    o->scopeVersion = scope.isEmpty() ? QString() : QStringLiteral("2.0");
    return o;
}

Span hexSpan(const char *trace, const char *id, const char *parent, const QString &service,
             const QString &scope)
{
    Span s;
    s.traceId = TraceId::fromHex(std::string_view(trace));
    s.spanId = SpanId::fromHex(std::string_view(id));
    s.parentSpanId = SpanId::fromHex(std::string_view(parent));
    s.setService(service);
    s.setOperation(u"GET /items/{id}");
    s.startNs = 1'710'000'000'000'123'457;
    s.durationNs = 1'999;
    s.setOrigin(origin(service, scope));
    return s;
}

Span richSpan()
{
    Span s = hexSpan("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "53995c3f42cd8ad8",
                     QStringLiteral("payment"), QStringLiteral("io.opentelemetry.grpc"));
    s.kind = SpanKind::Producer;
    s.status = StatusCode::Error;
    s.setStatusMessage(QStringLiteral("queue full"));
    s.setTraceState(QStringLiteral("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"));
    s.attributes =
        Attributes{{QStringLiteral("z"), QStringLiteral("first")},
                   {QStringLiteral("count"), std::numeric_limits<qint64>::max()},
                   {QStringLiteral("ratio"), 1e-300},
                   {QStringLiteral("whole"), 7.0},
                   {QStringLiteral("nan"), std::nan("")},
                   {QStringLiteral("ok"), false},
                   {QStringLiteral("names"), QStringList{QStringLiteral("a"), QStringLiteral("b")}},
                   {QStringLiteral("flags"), QList<bool>{false}},
                   {QStringLiteral("ints"), QList<qint64>{-1, 0, 1}},
                   {QStringLiteral("doubles"), QList<double>{1.5, -0.25}}};
    s.addEvent({s.startNs + 10, QStringLiteral("enqueue"), {{QStringLiteral("size"), qint64(12)}}});
    s.addLink({TraceId::fromHex(std::string_view("0af7651916cd43dd8448eb211c80319c")),
               SpanId::fromHex(std::string_view("b7ad6b7169203331")),
               QStringLiteral("a=b"),
               {{QStringLiteral("reason"), QStringLiteral("fan-in")}}});
    return s;
}

// Equality that treats NaN attributes as equal to themselves (they round-trip as "NaN").
bool sameSpan(const Span &a, const Span &b)
{
    return TraceflowJson::encode({a}) == TraceflowJson::encode({b}) && a.traceId == b.traceId &&
           a.spanId == b.spanId && a.parentSpanId == b.parentSpanId;
}
} // namespace

class TstOtlpJson : public QObject
{
    Q_OBJECT

private slots:
    void otelJsExport()
    {
        bool ok = false;
        const DecodedBatch batch = decoded(QByteArray(OtelJsExport), &ok);
        QVERIFY(ok);
        QCOMPARE(batch.errors, QStringList());
        QCOMPARE(batch.spans.size(), std::size_t(1));
        const Span &s = batch.spans.front();
        QCOMPARE(s.traceId.toString(), QStringLiteral("5b8efff798038103d269b633813fc60c"));
        QCOMPARE(s.spanId.toString(), QStringLiteral("eee19b7ec3c1b174"));
        QCOMPARE(s.parentSpanId.toString(), QStringLiteral("eee19b7ec3c1b173"));
        QCOMPARE(s.service(), QStringLiteral("checkout"));
        QCOMPARE(s.operation(), QStringLiteral("POST /checkout"));
        QCOMPARE(s.kind, SpanKind::Server);
        QCOMPARE(s.startNs, qint64(1'710'000'000'000'123'456));
        QCOMPARE(s.durationNs, qint64(42'530'865));
        QCOMPARE(s.status, StatusCode::Error);
        QCOMPARE(s.statusMessage(), QStringLiteral("card declined"));
        QCOMPARE(s.traceState(), QString());
        QCOMPARE(s.attributes.size(), 5);
        QCOMPARE(s.attributes.keyAt(0), QStringLiteral("http.method"));
        QCOMPARE(s.attributes.value(u"http.status_code"), AttributeValue(qint64(500)));
        QCOMPARE(s.attributes.value(u"http.request_content_length"), AttributeValue(qint64(1024)));
        QCOMPARE(s.attributes.value(u"http.retry"), AttributeValue(true));
        QCOMPARE(s.attributes.value(u"cart.total"), AttributeValue(99.95));
        QCOMPARE(s.events().size(), std::size_t(1));
        QCOMPARE(s.events().front().name, QStringLiteral("exception"));
        QCOMPARE(s.events().front().timeNs, qint64(1'710'000'000'040'000'000));
        QCOMPARE(s.events().front().attributes.value(u"exception.message").toString(),
                 QStringLiteral("card declined"));
        QVERIFY(s.links().empty());
        QCOMPARE(s.resource().size(), 7);
        QCOMPARE(s.resource().value(u"process.pid"), AttributeValue(qint64(41235)));
        QCOMPARE(s.resource().value(u"process.command_args"),
                 AttributeValue(
                     QStringList{QStringLiteral("/usr/bin/node"), QStringLiteral("server.js")}));
        QCOMPARE(s.scopeName(), QStringLiteral("@opentelemetry/instrumentation-http"));
        QCOMPARE(s.scopeVersion(), QStringLiteral("0.52.1"));
    }

    void anyValues_data()
    {
        QTest::addColumn<QByteArray>("anyValue");
        QTest::addColumn<AttributeValue>("value");
        QTest::addRow("string") << QByteArray(R"({"stringValue":"x"})")
                                << AttributeValue(QStringLiteral("x"));
        QTest::addRow("bool") << QByteArray(R"({"boolValue":false})") << AttributeValue(false);
        QTest::addRow("int64 as string") << QByteArray(R"({"intValue":"-9223372036854775808"})")
                                         << AttributeValue(std::numeric_limits<qint64>::min());
        QTest::addRow("int64 as number") << QByteArray(R"({"intValue":9223372036854775807})")
                                         << AttributeValue(std::numeric_limits<qint64>::max());
        QTest::addRow("int64 string with leading zeros")
            << QByteArray(R"({"intValue":"-007"})") << AttributeValue(qint64(-7));
        QTest::addRow("int64 string of 25 digits, leading zeros")
            << QByteArray(R"({"intValue":"0000009223372036854775807"})")
            << AttributeValue(std::numeric_limits<qint64>::max());
        QTest::addRow("null field before the value")
            << QByteArray(R"({"intValue":null,"boolValue":true})") << AttributeValue(true);
        QTest::addRow("double") << QByteArray(R"({"doubleValue":0.1})") << AttributeValue(0.1);
        QTest::addRow("double written as integer")
            << QByteArray(R"({"doubleValue":3})") << AttributeValue(3.0);
        QTest::addRow("double as string")
            << QByteArray(R"({"doubleValue":"-Infinity"})") << AttributeValue(-HUGE_VAL);
        QTest::addRow("string array")
            << QByteArray(R"({"arrayValue":{"values":[{"stringValue":"a"},{"stringValue":"b"}]}})")
            << AttributeValue(QStringList{QStringLiteral("a"), QStringLiteral("b")});
        QTest::addRow("int array, mixed int forms")
            << QByteArray(R"({"arrayValue":{"values":[{"intValue":"1"},{"intValue":2}]}})")
            << AttributeValue(QList<qint64>{1, 2});
        QTest::addRow("ints and doubles")
            << QByteArray(R"({"arrayValue":{"values":[{"intValue":"1"},{"doubleValue":2.5}]}})")
            << AttributeValue(QList<double>{1, 2.5});
        QTest::addRow("empty array")
            << QByteArray(R"({"arrayValue":{}})") << AttributeValue(QStringList{});
        QTest::addRow("kvlist kept as JSON")
            << QByteArray(
                   R"({"kvlistValue":{"values":[{"key":"b","value":{"intValue":"1"}},)"
                   R"({"key":"a","value":{"arrayValue":{"values":[{"boolValue":true}]}}}]}})")
            << AttributeValue(QStringLiteral(R"({"b":1,"a":[true]})"));
        QTest::addRow("bytes kept as base64") << QByteArray(R"({"bytesValue":"3q2+7w=="})")
                                              << AttributeValue(QStringLiteral("3q2+7w=="));
        QTest::addRow("unknown field before the value")
            << QByteArray(R"({"futureValue":1,"stringValue":"y"})")
            << AttributeValue(QStringLiteral("y"));
        QTest::addRow("empty value is dropped") << QByteArray("{}") << AttributeValue();
        QTest::addRow("null fields are unset")
            << QByteArray(R"({"stringValue":null})") << AttributeValue();
    }
    void anyValues()
    {
        QFETCH(QByteArray, anyValue);
        QFETCH(AttributeValue, value);
        const QByteArray span =
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331",)"
            R"("startTimeUnixNano":1,"endTimeUnixNano":1,"attributes":[{"key":"k","value":)" +
            anyValue + "}]}";
        const DecodedBatch batch = decoded(wrap(span));
        QCOMPARE(batch.errors, QStringList());
        QCOMPARE(batch.spans.size(), std::size_t(1));
        QCOMPARE(batch.spans.front().attributes.value(u"k"), value);
    }

    void rejectsBadSpanAlone_data()
    {
        QTest::addColumn<QByteArray>("span");
        QTest::addColumn<QString>("error");
        const QString at = QStringLiteral("resourceSpans[0].scopeSpans[0].spans[0]");
        auto row = [&at](const char *name, const char *fields, const char *error) {
            QTest::addRow("%s", name) << QByteArray(fields) << at + QString::fromUtf8(error);
        };
        row("short trace id",
            R"({"traceId":"0af7651916cd43dd8448eb211c8031","spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2"})",
            R"(: "traceId" must be 32 hex digits (16 bytes))");
        row("64-bit trace id",
            R"({"traceId":"8448eb211c80319c","spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2"})",
            R"(: "traceId" must be 32 hex digits (16 bytes))");
        row("non-hex trace id",
            R"({"traceId":"zzf7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2"})",
            R"(: "traceId" must be 32 hex digits (16 bytes))");
        row("zero trace id",
            R"({"traceId":"00000000000000000000000000000000","spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2"})",
            R"(: "traceId" must not be all zeroes)");
        row("missing trace id",
            R"({"spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2"})",
            R"(: "traceId" must be a string)");
        row("short span id",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b71","startTimeUnixNano":"1","endTimeUnixNano":"2"})",
            R"(: "spanId" must be 16 hex digits (8 bytes))");
        row("zero span id",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"0000000000000000","startTimeUnixNano":"1","endTimeUnixNano":"2"})",
            R"(: "spanId" must not be all zeroes)");
        row("bad parent id",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","parentSpanId":"xyz","startTimeUnixNano":"1","endTimeUnixNano":"2"})",
            R"(: "parentSpanId" must be 16 hex digits (8 bytes))");
        row("missing start",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","endTimeUnixNano":"2"})",
            R"(: "startTimeUnixNano" must be an integer or a decimal string)");
        row("zero start",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","startTimeUnixNano":"0","endTimeUnixNano":"2"})",
            R"(: "startTimeUnixNano" must be set)");
        row("missing end",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","startTimeUnixNano":"1"})",
            R"(: "endTimeUnixNano" must be an integer or a decimal string)");
        row("end before start",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","startTimeUnixNano":"5","endTimeUnixNano":4})",
            R"(: "endTimeUnixNano" must not be before startTimeUnixNano)");
        row("unknown kind",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","kind":9,"startTimeUnixNano":"1","endTimeUnixNano":"2"})",
            R"(: "kind" must be 0..5 or a SPAN_KIND_ name)");
        row("unknown status code",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2","status":{"code":"STATUS_CODE_BAD"}})",
            R"(.status: "code" must be 0..2 or a STATUS_CODE_ name)");
        row("bad intValue",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2","attributes":[{"key":"n","value":{"intValue":"abc"}}]})",
            R"(.attributes[0]: "intValue" must be an integer or a decimal string (key "n"))");
        row("intValue beyond int64",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2","attributes":[{"key":"n","value":{"intValue":"9223372036854775808"}}]})",
            R"(.attributes[0]: "intValue" must be an integer or a decimal string (key "n"))");
        row("intValue with a plus sign",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2","attributes":[{"key":"n","value":{"intValue":"+5"}}]})",
            R"(.attributes[0]: "intValue" must be an integer or a decimal string (key "n"))");
        row("stringValue not a string",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2","attributes":[{"key":"s","value":{"stringValue":5}}]})",
            R"(.attributes[0]: "stringValue" must be a string (key "s"))");
        row("duplicate key, the last one bad",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2","attributes":[{"key":"n","value":{"intValue":"1"},"key":7}]})",
            R"(.attributes[0]: "key" must be a string)");
        row("duplicate trace id, the last one bad",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2","traceId":"xyz"})",
            R"(: "traceId" must be 32 hex digits (16 bytes))");
        row("attribute without key",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2","attributes":[{"value":{}}]})",
            R"(.attributes[0]: "key" must be a string)");
        row("attributes not a list",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2","attributes":{}})",
            R"(.attributes: must be an array of KeyValue)");
        row("bad event time",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2","events":[{"name":"e","timeUnixNano":"soon"}]})",
            R"(.events[0]: "timeUnixNano" must be an integer or a decimal string)");
        row("bad link trace id",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2","links":[{"traceId":"abc","spanId":"b7ad6b7169203331"}]})",
            R"(.links[0]: "traceId" must be 32 hex digits (16 bytes))");
        row("second link not an object",
            R"({"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2","links":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331"},7]})",
            R"(.links[1]: must be an object)");
        row("span not an object", R"([])", R"(: must be an object)");
    }
    void rejectsBadSpanAlone()
    {
        QFETCH(QByteArray, span);
        QFETCH(QString, error);
        bool ok = false;
        const DecodedBatch batch = decoded(wrap(span + ',' + QByteArray(GoodSpan)), &ok);
        QVERIFY(ok);
        QCOMPARE(batch.errors, QStringList{error});
        QCOMPARE(batch.rejected, 1);
        QCOMPARE(batch.spans.size(), std::size_t(1));
        QCOMPARE(batch.spans.front().operation(), QStringLiteral("ok"));
    }

    void malformedResourceRejectsItsSpans()
    {
        const QByteArray good = QByteArray(GoodSpan);
        const QByteArray body =
            R"({"resourceSpans":[{"resource":{"attributes":[{"key":1}]},"scopeSpans":[{"spans":[)" +
            good + ',' + good + R"(]},{"spans":[)" + good + R"(]}]},{"scopeSpans":[{"spans":[)" +
            good + "]}]}]}";
        const DecodedBatch batch = decoded(body);
        QCOMPARE(batch.rejected, 3);
        QCOMPARE(
            batch.errors.front(),
            QStringLiteral("resourceSpans[0].resource.attributes[0]: \"key\" must be a string"));
        QCOMPARE(batch.spans.size(), std::size_t(1));
    }

    void enumsByNameUppercaseIdsAndNumbers()
    {
        const QByteArray span =
            R"({"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",)"
            R"("kind":"SPAN_KIND_CONSUMER","startTimeUnixNano":1710000000000123456,)"
            R"("endTimeUnixNano":1710000000000123457,"status":{"code":"STATUS_CODE_OK"},)"
            R"("flags":257,"somethingNew":{"x":1}})";
        const DecodedBatch batch = decoded(wrap(span));
        QCOMPARE(batch.errors, QStringList());
        const Span &s = batch.spans.front();
        QCOMPARE(s.traceId.toString(), QStringLiteral("5b8efff798038103d269b633813fc60c"));
        QCOMPARE(s.spanId.toString(), QStringLiteral("eee19b7ec3c1b174"));
        QCOMPARE(s.kind, SpanKind::Consumer);
        QCOMPARE(s.status, StatusCode::Ok);
        QCOMPARE(s.startNs, qint64(1'710'000'000'000'123'456));
        QCOMPARE(s.durationNs, qint64(1));
        QCOMPARE(s.service(), QStringLiteral("unknown_service"));
    }

    void legacyInstrumentationLibrarySpans()
    {
        const QByteArray body =
            R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"legacy"}}]},)"
            R"("instrumentationLibrarySpans":[{"instrumentationLibrary":{"name":"old-lib","version":"0.1"},"spans":[)" +
            QByteArray(GoodSpan) + "]}]}]}";
        const DecodedBatch batch = decoded(body);
        QCOMPARE(batch.errors, QStringList());
        QCOMPARE(batch.spans.size(), std::size_t(1));
        QCOMPARE(batch.spans.front().service(), QStringLiteral("legacy"));
        QCOMPARE(batch.spans.front().scopeName(), QStringLiteral("old-lib"));
        QCOMPARE(batch.spans.front().scopeVersion(), QStringLiteral("0.1"));
    }

    void scopesShareOneOrigin()
    {
        const QByteArray good = QByteArray(GoodSpan);
        const QByteArray body =
            R"({"resourceSpans":[{"resource":{},"scopeSpans":[{"scope":{"name":"a"},"spans":[)" +
            good + ',' + good + R"(]},{"scope":{"name":"b"},"spans":[)" + good + "]}]}]}";
        const DecodedBatch batch = decoded(body);
        QCOMPARE(batch.spans.size(), std::size_t(3));
        QCOMPARE(batch.spans[0].origin().constData(), batch.spans[1].origin().constData());
        QVERIFY(batch.spans[1].origin().constData() != batch.spans[2].origin().constData());
        QCOMPARE(batch.spans[2].scopeName(), QStringLiteral("b"));
    }

    void invalidBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("error");
        QTest::addRow("not JSON") << QByteArray("resourceSpans") << false
                                  << QStringLiteral(
                                         "invalid JSON at byte 1: syntax error while parsing value "
                                         "- invalid literal; last read: 'r'");
        QTest::addRow("array") << QByteArray("[]") << false
                               << QStringLiteral(
                                      "expected an ExportTraceServiceRequest JSON object");
        QTest::addRow("resourceSpans not an array")
            << QByteArray(R"({"resourceSpans":{}})") << false
            << QStringLiteral("\"resourceSpans\" must be an array");
        QTest::addRow("empty request") << QByteArray("{}") << true << QString();
        QTest::addRow("empty resource")
            << QByteArray(R"({"resourceSpans":[{}]})") << true << QString();
    }
    void invalidBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, ok);
        QFETCH(QString, error);
        bool result = !ok;
        QString why;
        const DecodedBatch batch = decoded(body, &result, &why);
        QCOMPARE(result, ok);
        QCOMPARE(why, error);
        QVERIFY(batch.spans.empty());
        QCOMPARE(batch.rejected, 0);
    }

    void roundTrip_data()
    {
        QTest::addColumn<std::vector<Span>>("spans");
        QTest::addRow("every field") << std::vector<Span>{richSpan()};
        std::vector<Span> grouped;
        const char *trace = "0af7651916cd43dd8448eb211c80319c";
        grouped.push_back(hexSpan(trace, "0000000000000001", "", QStringLiteral("frontend"),
                                  QStringLiteral("http")));
        grouped.push_back(hexSpan(trace, "0000000000000002", "0000000000000001",
                                  QStringLiteral("frontend"), QStringLiteral("http")));
        grouped.push_back(hexSpan(trace, "0000000000000003", "0000000000000002",
                                  QStringLiteral("frontend"), QString()));
        grouped.push_back(hexSpan(trace, "0000000000000004", "0000000000000002",
                                  QStringLiteral("backend"), QStringLiteral("http")));
        QTest::addRow("grouped by resource and scope") << grouped;
        std::vector<Span> kinds;
        for (int k = 0; k <= 5; ++k) {
            Span s = hexSpan(trace, "00000000000000a0", "", QStringLiteral("kinds"), QString());
            s.spanId = SpanId::fromHex(QStringLiteral("00000000000000a%1").arg(k));
            s.kind = SpanKind(k);
            s.status = StatusCode(k % 3);
            kinds.push_back(s);
        }
        QTest::addRow("every kind and status") << kinds;
    }
    void roundTrip()
    {
        QFETCH(std::vector<Span>, spans);
        bool ok = false;
        const DecodedBatch batch = decoded(OtlpJson::encode(spans), &ok);
        QVERIFY(ok);
        QCOMPARE(batch.errors, QStringList());
        QCOMPARE(batch.spans.size(), spans.size());
        for (const Span &original : spans) {
            const Span *it = CoreTestSupport::spanWithId(batch.spans, original.spanId);
            QVERIFY(it);
            QCOMPARE(TraceflowJson::encode({*it}), TraceflowJson::encode({original}));
            QVERIFY(sameSpan(*it, original));
            if (!original.attributes.contains(u"nan"))
                QVERIFY(*it == original);
        }
    }

    void encodeGroupsAndConvertsIds()
    {
        Span root;
        root.traceId = TraceId::fromString(std::string_view("trace-1"));
        root.spanId = SpanId::fromString(std::string_view("span-1"));
        root.setService(u"checkout");
        root.setOperation(u"checkout.request");
        root.startNs = 1'000;
        root.durationNs = 10;
        Span child = root;
        child.spanId = SpanId::fromString(std::string_view("span-2"));
        child.parentSpanId = root.spanId;
        Span zipkin = root;
        zipkin.traceId = TraceId::fromString(std::string_view("463ac35c9f6413ad"));
        const QByteArray json = OtlpJson::encode({root, child, zipkin});
        const auto doc = nlohmann::json::parse(json.toStdString());
        QCOMPARE(doc.at("resourceSpans").size(), std::size_t(1));
        const auto &resource = doc.at("resourceSpans").at(0).at("resource").at("attributes");
        QVERIFY(resource == nlohmann::json::parse(
                                R"([{"key":"service.name","value":{"stringValue":"checkout"}}])"));
        const auto &spans = doc.at("resourceSpans").at(0).at("scopeSpans").at(0).at("spans");
        QVERIFY(spans.at(2).at("traceId") == "0000000000000000463ac35c9f6413ad");
        QVERIFY(spans.at(0).at("startTimeUnixNano") == "1000");
        QVERIFY(spans.at(0).at("endTimeUnixNano") == "1010");

        const DecodedBatch batch = decoded(json);
        QCOMPARE(batch.spans.size(), std::size_t(3));
        QVERIFY(batch.spans[0].traceId.isHex());
        QCOMPARE(batch.spans[0].traceId, batch.spans[1].traceId);
        QCOMPARE(batch.spans[1].parentSpanId, batch.spans[0].spanId);
        QVERIFY(batch.spans[0].spanId != batch.spans[1].spanId);
        QCOMPARE(batch.spans[0].service(), QStringLiteral("checkout"));
        QCOMPARE(batch.spans[0].resource().value(u"service.name").toString(),
                 QStringLiteral("checkout"));
    }
};

QTEST_GUILESS_MAIN(TstOtlpJson)
#include "tst_otlpjson.moc"
