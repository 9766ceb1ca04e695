// SPDX-License-Identifier: MIT
#include "coretestsupport.h"
#include "traceflowjson.h"

#include <QTest>

using namespace traceflow;

namespace {
constexpr char Seed[] =
    R"({"spans":[{"trace_id":"trace-1","span_id":"span-1","service":"checkout",)"
    R"("operation":"checkout.request","start_unix_ms":1710000000000,"duration_ms":42,"status":"ok"}]})";
constexpr char Good[] = R"({"trace_id":"t","span_id":"s","service":"svc","operation":"op",)"
                        R"("start_unix_ms":1,"duration_ms":2})";

DecodedBatch decoded(const QByteArray &body, bool *ok = nullptr, QString *error = nullptr)
{
    return CoreTestSupport::decodeWith(&TraceflowJson::decode, body, ok, error);
}

Span richSpan()
{
    Span s = CoreTestSupport::makeSpan(
        "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "span-parent-with-a-long-text-id",
        u"payment", u"charge card", 1'710'000'000'000'123'457, 42'000'001, StatusCode::Error);
    s.kind = SpanKind::Client;
    s.attributes = Attributes{{QStringLiteral("z.first"), QStringLiteral("order kept")},
                              {QStringLiteral("http.status_code"), qint64(502)},
                              {QStringLiteral("ratio"), 0.1},
                              {QStringLiteral("whole"), 3.0},
                              {QStringLiteral("retry"), true},
                              {QStringLiteral("big"), std::numeric_limits<qint64>::min()},
                              {QStringLiteral("tags"), QStringList{QStringLiteral("a"), QString()}},
                              {QStringLiteral("flags"), QList<bool>{true, false}},
                              {QStringLiteral("ints"), QList<qint64>{1, -2}},
                              {QStringLiteral("doubles"), QList<double>{0.5, 2.0}}};
    s.setStatusMessage(QStringLiteral("card declined \u2013 \"quoted\""));
    s.setTraceState(QStringLiteral("vendor=1"));
    s.addEvent({s.startNs + 1, QStringLiteral("retry"), {{QStringLiteral("attempt"), qint64(2)}}});
    s.addEvent({s.startNs + 5, QString(), {}});
    s.addLink({TraceId::fromString(std::string_view("trace-linked")),
               SpanId::fromString(std::string_view("a1b2c3d4e5f60718")),
               QStringLiteral("k=v"),
               {{QStringLiteral("link.kind"), QStringLiteral("batch")}}});
    QSharedDataPointer<SpanOrigin> origin(new SpanOrigin);
    origin->resource = Attributes{{QStringLiteral("service.name"), QStringLiteral("payment")},
                                  {QStringLiteral("host.name"), QStringLiteral("node-7")}};
    origin->scopeName = QStringLiteral("io.opentelemetry.http");
    origin->scopeVersion = QStringLiteral("1.2.3");
    s.setOrigin(origin);
    return s;
}
} // namespace

class TstTraceflowJson : public QObject
{
    Q_OBJECT

private slots:
    void seedExample()
    {
        bool ok = false;
        const DecodedBatch batch = decoded(QByteArray(Seed), &ok);
        QVERIFY(ok);
        QCOMPARE(batch.rejected, 0);
        QCOMPARE(batch.spans.size(), std::size_t(1));
        const Span &s = batch.spans.front();
        QCOMPARE(s.traceId.toString(), QStringLiteral("trace-1"));
        QCOMPARE(s.spanId.toString(), QStringLiteral("span-1"));
        QVERIFY(s.isRoot());
        QCOMPARE(s.service(), QStringLiteral("checkout"));
        QCOMPARE(s.operation(), QStringLiteral("checkout.request"));
        QCOMPARE(s.startNs, qint64(1'710'000'000'000'000'000));
        QCOMPARE(s.durationNs, qint64(42'000'000));
        QCOMPARE(s.status, StatusCode::Ok);
        QCOMPARE(s.kind, SpanKind::Unspecified);
        QVERIFY(!s.origin());
    }

    void rejectsBadSpanAlone_data()
    {
        QTest::addColumn<QByteArray>("span");
        QTest::addColumn<QString>("error");
        auto row = [](const char *name, const char *span, const char *error) {
            QTest::addRow("%s", name) << QByteArray(span) << QString::fromUtf8(error);
        };
        row("duplicate service, the last one empty",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1,"duration_ms":1,"service":""})",
            R"(spans[0]: "service" must be a non-empty string)");
        row("duplicate status, the last one bad",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1,"duration_ms":1,"status":"ok","status":"fine"})",
            R"(spans[0]: "status" must be "ok", "error" or "unset")");
        row("scope name not a string",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1,"duration_ms":1,"scope":{"name":1}})",
            R"(spans[0].scope: "name" must be a string)");
        row("missing trace_id",
            R"({"span_id":"s","service":"a","operation":"o","start_unix_ms":1,"duration_ms":1})",
            R"(spans[0]: "trace_id" must be a non-empty string)");
        row("empty span_id",
            R"({"trace_id":"t","span_id":"","service":"a","operation":"o","start_unix_ms":1,"duration_ms":1})",
            R"(spans[0]: "span_id" must be a non-empty string)");
        row("service not a string",
            R"({"trace_id":"t","span_id":"s","service":42,"operation":"o","start_unix_ms":1,"duration_ms":1})",
            R"(spans[0]: "service" must be a non-empty string)");
        row("missing operation",
            R"({"trace_id":"t","span_id":"s","service":"a","start_unix_ms":1,"duration_ms":1})",
            R"(spans[0]: "operation" must be a non-empty string)");
        row("parent not a string",
            R"({"trace_id":"t","span_id":"s","parent_span_id":7,"service":"a","operation":"o","start_unix_ms":1,"duration_ms":1})",
            R"(spans[0]: "parent_span_id" must be a string)");
        row("missing start",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","duration_ms":1})",
            R"(spans[0]: "start_unix_ms" must be a number)");
        row("start as text",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":"1","duration_ms":1})",
            R"(spans[0]: "start_unix_ms" must be a number)");
        row("bad start nano",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_nano":"12x","duration_ms":1})",
            R"(spans[0]: "start_unix_nano" must be an integer or a decimal string)");
        row("missing duration",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1})",
            R"(spans[0]: "duration_ms" must be a number)");
        row("negative duration",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1,"duration_ms":-0.5})",
            R"(spans[0]: "duration_ms" must not be negative)");
        row("negative duration nano",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1,"duration_nano":-1})",
            R"(spans[0]: "duration_nano" must not be negative)");
        row("start out of range",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1e300,"duration_ms":1})",
            R"(spans[0]: "start_unix_ms" is out of range)");
        row("unknown status",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1,"duration_ms":1,"status":"fine"})",
            R"(spans[0]: "status" must be "ok", "error" or "unset")");
        row("unknown kind",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1,"duration_ms":1,"kind":"rpc"})",
            R"(spans[0]: "kind" must be one of "server", "client", "producer", "consumer", "internal", "unspecified")");
        row("attributes not an object",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1,"duration_ms":1,"attributes":[]})",
            R"(spans[0]: "attributes" must be an object)");
        row("resource not an object",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1,"duration_ms":1,"resource":"x"})",
            R"(spans[0]: "resource" must be an object)");
        row("events not an array",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1,"duration_ms":1,"events":{}})",
            R"(spans[0]: "events" must be an array)");
        row("event not an object",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1,"duration_ms":1,"events":[1]})",
            R"(spans[0].events[0]: must be an object)");
        row("event without time",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1,"duration_ms":1,"events":[{"name":"e"}]})",
            R"(spans[0].events[0]: "time_unix_ms" must be a number)");
        row("event name not a string",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1,"duration_ms":1,"events":[{"name":1,"time_unix_ms":1}]})",
            R"(spans[0].events[0]: "name" must be a string)");
        row("link without span id",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1,"duration_ms":1,"links":[{"trace_id":"t2"}]})",
            R"(spans[0].links[0]: "span_id" must be a non-empty string)");
        row("scope name not a string",
            R"({"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1,"duration_ms":1,"scope":{"name":5}})",
            R"(spans[0].scope: "name" must be a string)");
        row("span not an object", R"("span")", R"(spans[0]: must be an object)");
    }
    void rejectsBadSpanAlone()
    {
        QFETCH(QByteArray, span);
        QFETCH(QString, error);
        bool ok = false;
        const DecodedBatch batch =
            decoded("{\"spans\":[" + span + ',' + QByteArray(Good) + "]}", &ok);
        QVERIFY(ok);
        QCOMPARE(batch.rejected, 1);
        QCOMPARE(batch.errors, QStringList{error});
        QCOMPARE(batch.spans.size(), std::size_t(1));
        QCOMPARE(batch.spans.front().service(), QStringLiteral("svc"));
    }

    void partialBatchCountsEveryRejection()
    {
        QByteArray body = "{\"spans\":[";
        for (int i = 0; i < 30; ++i)
            body += (i % 3 == 0 ? QByteArray(Good) : QByteArray("{}")) + ',';
        body.chop(1);
        body += "]}";
        const DecodedBatch batch = decoded(body);
        QCOMPARE(batch.spans.size(), std::size_t(10));
        QCOMPARE(batch.rejected, 20);
        QCOMPARE(batch.errors.size(), DecodedBatch::MaxErrors);
        QCOMPARE(batch.errors.front(),
                 QStringLiteral("spans[1]: \"trace_id\" must be a non-empty string"));
    }

    void invalidBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::addRow("truncated")
            << QByteArray(R"({"spans":[{"trace_id":tru}]})")
            << QStringLiteral("invalid JSON at byte 26: syntax error while parsing value - invalid "
                              "literal; last read: '\"trace_id\":tru}'");
        QTest::addRow("empty") << QByteArray()
                               << QStringLiteral(
                                      "invalid JSON at byte 1: syntax error while parsing value - "
                                      "unexpected end of input; expected '[', '{', or a literal");
        QTest::addRow("trailing garbage")
            << QByteArray(R"({"spans":[]} x)")
            << QStringLiteral("invalid JSON at byte 14: syntax error while parsing value - invalid "
                              "literal; last read: '\"spans\":[]} x'; expected end of input");
        QTest::addRow("array") << QByteArray("[]")
                               << QStringLiteral("expected a JSON object with a \"spans\" array");
        QTest::addRow("no spans") << QByteArray(R"({"span":[]})")
                                  << QStringLiteral(
                                         "expected a JSON object with a \"spans\" array");
        QTest::addRow("spans not an array")
            << QByteArray(R"({"spans":{}})")
            << QStringLiteral("expected a JSON object with a \"spans\" array");
        QTest::addRow("nested too deep")
            << QByteArray(R"({"spans":[{"attributes":{"a":)") + QByteArray(200, '[')
            << QStringLiteral("invalid JSON: nested deeper than 128 levels");
    }
    void invalidBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        bool ok = true;
        QString why;
        const DecodedBatch batch = decoded(body, &ok, &why);
        QVERIFY(!ok);
        QCOMPARE(why, error);
        QVERIFY(batch.spans.empty());
    }

    void times_data()
    {
        QTest::addColumn<QByteArray>("fields");
        QTest::addColumn<qint64>("startNs");
        QTest::addColumn<qint64>("durationNs");
        QTest::addRow("integers") << QByteArray(R"("start_unix_ms":1710000000000,"duration_ms":42)")
                                  << qint64(1'710'000'000'000'000'000) << qint64(42'000'000);
        QTest::addRow("microseconds as float")
            << QByteArray(R"("start_unix_ms":1710000000000.123,"duration_ms":42.001)")
            << qint64(1'710'000'000'000'123'000) << qint64(42'001'000);
        QTest::addRow("sub-microsecond duration")
            << QByteArray(R"("start_unix_ms":0.5,"duration_ms":0.000123)") << qint64(500'000)
            << qint64(123);
        QTest::addRow("nano fields win")
            << QByteArray(
                   R"("start_unix_ms":1,"duration_ms":2,"start_unix_nano":1710000000000123457,"duration_nano":"42000001")")
            << qint64(1'710'000'000'000'123'457) << qint64(42'000'001);
        QTest::addRow("nano without ms")
            << QByteArray(R"("start_unix_nano":"5","duration_nano":0)") << qint64(5) << qint64(0);
        QTest::addRow("exponent form") << QByteArray(R"("start_unix_ms":1.71e12,"duration_ms":1e1)")
                                       << qint64(1'710'000'000'000'000'000) << qint64(10'000'000);
    }
    void times()
    {
        QFETCH(QByteArray, fields);
        QFETCH(qint64, startNs);
        QFETCH(qint64, durationNs);
        const DecodedBatch batch =
            decoded(R"({"spans":[{"trace_id":"t","span_id":"s","service":"a","operation":"o",)" +
                    fields + "}]}");
        QCOMPARE(batch.errors, QStringList());
        QCOMPARE(batch.spans.size(), std::size_t(1));
        QCOMPARE(batch.spans.front().startNs, startNs);
        QCOMPARE(batch.spans.front().durationNs, durationNs);
    }

    void attributeTypes_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<AttributeValue>("value");
        QTest::addRow("string") << QByteArray(R"("GET")") << AttributeValue(QStringLiteral("GET"));
        QTest::addRow("bool") << QByteArray("false") << AttributeValue(false);
        QTest::addRow("int") << QByteArray("-42") << AttributeValue(qint64(-42));
        QTest::addRow("int64 max") << QByteArray("9223372036854775807")
                                   << AttributeValue(std::numeric_limits<qint64>::max());
        QTest::addRow("uint64 beyond int64")
            << QByteArray("18446744073709551615") << AttributeValue(18446744073709551615.0);
        QTest::addRow("float") << QByteArray("2.5") << AttributeValue(2.5);
        QTest::addRow("float without fraction") << QByteArray("2.0") << AttributeValue(2.0);
        QTest::addRow("strings") << QByteArray(R"(["a","b"])")
                                 << AttributeValue(
                                        QStringList{QStringLiteral("a"), QStringLiteral("b")});
        QTest::addRow("bools") << QByteArray("[true,false]")
                               << AttributeValue(QList<bool>{true, false});
        QTest::addRow("ints") << QByteArray("[1,2]") << AttributeValue(QList<qint64>{1, 2});
        QTest::addRow("ints and floats")
            << QByteArray("[1,2.5]") << AttributeValue(QList<double>{1, 2.5});
        QTest::addRow("empty array") << QByteArray("[]") << AttributeValue(QStringList{});
        QTest::addRow("mixed array")
            << QByteArray(R"([1,"a"])") << AttributeValue(QStringLiteral(R"([1,"a"])"));
        QTest::addRow("object") << QByteArray(R"({"b":1,"a":[true]})")
                                << AttributeValue(QStringLiteral(R"({"b":1,"a":[true]})"));
        QTest::addRow("null is dropped") << QByteArray("null") << AttributeValue();
    }
    void attributeTypes()
    {
        QFETCH(QByteArray, json);
        QFETCH(AttributeValue, value);
        const DecodedBatch batch = decoded(
            R"({"spans":[{"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1,)"
            R"("duration_ms":1,"attributes":{"k":)" +
            json + "}}]}");
        QCOMPARE(batch.spans.size(), std::size_t(1));
        const Attributes &a = batch.spans.front().attributes;
        QCOMPARE(a.size(), value.isEmpty() ? 0 : 1);
        QCOMPARE(a.value(u"k"), value);
    }

    void roundTrip_data()
    {
        QTest::addColumn<Span>("span");
        Span seed = decoded(QByteArray(Seed)).spans.front();
        QTest::addRow("seed example") << seed;
        QTest::addRow("every field") << richSpan();
        Span upper = seed;
        upper.traceId = TraceId::fromString(std::string_view("4BF92F3577B34DA6A3CE929D0E0E4736"));
        upper.spanId = SpanId::fromString(std::string_view("span id with spaces \u00e9"));
        upper.kind = SpanKind::Consumer;
        QTest::addRow("text ids kept verbatim") << upper;
        Span zipkin = seed;
        zipkin.traceId = TraceId::fromString(std::string_view("463ac35c9f6413ad"));
        zipkin.startNs = -1; // before the epoch still round-trips
        QTest::addRow("64-bit trace id") << zipkin;
    }
    void roundTrip()
    {
        QFETCH(Span, span);
        const QByteArray json = TraceflowJson::encode({span, span});
        bool ok = false;
        const DecodedBatch batch = decoded(json, &ok);
        QVERIFY(ok);
        QCOMPARE(batch.errors, QStringList());
        QCOMPARE(batch.spans.size(), std::size_t(2));
        QCOMPARE(TraceflowJson::encode({batch.spans.front()}), TraceflowJson::encode({span}));
        QVERIFY(batch.spans.front() == span);
        QCOMPARE(batch.spans.front().traceId.toString(), span.traceId.toString());
        // Spans of one origin share it after decoding too.
        QCOMPARE(batch.spans[0].origin().constData(), batch.spans[1].origin().constData());
    }

    void encodedFields()
    {
        const QByteArray json = TraceflowJson::encode({richSpan()});
        const auto root = nlohmann::json::parse(json.toStdString());
        const auto &s = root.at("spans").at(0);
        QCOMPARE(s.at("start_unix_ms").get<double>(), 1710000000000.123);
        QCOMPARE(s.at("duration_ms").get<double>(), 42.0);
        QCOMPARE(s.at("start_unix_nano").get<qint64>(), qint64(1'710'000'000'000'123'457));
        QVERIFY(s.at("kind") == "client");
        QVERIFY(s.at("status") == "error");
        QVERIFY(s.at("attributes").at("ints") == nlohmann::json::array({1, -2}));
        QCOMPARE(s.at("events").at(0).at("time_unix_nano").get<qint64>(),
                 qint64(1'710'000'000'000'123'458));
        QVERIFY(s.at("scope").at("version") == "1.2.3");
        QVERIFY(json.startsWith(
            R"({"spans":[{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id")"));
    }
};

QTEST_GUILESS_MAIN(TstTraceflowJson)
#include "tst_traceflowjson.moc"
