// SPDX-License-Identifier: MIT
#include "coretestsupport.h"
#include "otlpjson.h"
#include "otlpprotobuf.h"

#include <QTest>

#include <cstring>

using namespace traceflow;

Q_DECLARE_METATYPE(traceflow::AttributeValue)

namespace {

// A protobuf wire-format writer, independent of the collector's .proto files: the field
// numbers below are the OTLP specification's, so these tests also check ours.
class Wire
{
public:
    Wire &varint(int field, quint64 v) { return key(field, 0).raw(v); }
    Wire &fixed64(int field, quint64 v)
    {
        key(field, 1);
        for (int i = 0; i < 8; ++i)
            m_bytes.append(char(v >> (8 * i)));
        return *this;
    }
    Wire &float64(int field, double d)
    {
        quint64 v;
        std::memcpy(&v, &d, 8);
        return fixed64(field, v);
    }
    Wire &fixed32(int field, quint32 v)
    {
        key(field, 5);
        for (int i = 0; i < 4; ++i)
            m_bytes.append(char(v >> (8 * i)));
        return *this;
    }
    Wire &bytes(int field, const QByteArray &b)
    {
        key(field, 2).raw(quint64(b.size()));
        m_bytes += b;
        return *this;
    }
    Wire &message(int field, const Wire &m) { return bytes(field, m.m_bytes); }
    QByteArray data() const { return m_bytes; }

private:
    Wire &key(int field, int type) { return raw(quint64(field) << 3 | quint64(type)); }
    Wire &raw(quint64 v)
    {
        while (v >= 0x80) {
            m_bytes.append(char(v | 0x80));
            v >>= 7;
        }
        m_bytes.append(char(v));
        return *this;
    }
    QByteArray m_bytes;
};

Wire keyValue(const QByteArray &key, const Wire &anyValue)
{
    return Wire().bytes(1, key).message(2, anyValue);
}

QByteArray id(int bytes, char fill)
{
    return QByteArray(bytes, fill);
}

// One valid span: ids 0x11.. / 0x22.., name "op", times 1000..3000.
Wire validSpan()
{
    return Wire()
        .bytes(1, id(16, 0x11))
        .bytes(2, id(8, 0x22))
        .bytes(5, "op")
        .fixed64(7, 1000)
        .fixed64(8, 3000);
}

QByteArray request(const QList<Wire> &spans, const Wire &resource = Wire())
{
    Wire scope = Wire().message(1, Wire().bytes(1, "scope").bytes(2, "1.0"));
    for (const Wire &s : spans)
        scope.message(2, s);
    return Wire().message(1, Wire().message(1, resource).message(2, scope)).data();
}

std::string_view view(const QByteArray &b)
{
    return {b.constData(), std::size_t(b.size())};
}

Span makeSpan(const QString &traceId, const QString &spanId, const QString &parent,
              const QString &service, SpanKind kind, StatusCode status)
{
    Span s = CoreTestSupport::makeSpan(traceId, spanId, parent, service, u"GET /orders/{id}",
                                       1'710'000'000'123'456'789, 42'000'001, status);
    s.kind = kind;
    s.attributes = Attributes{{QStringLiteral("http.method"), QStringLiteral("GET")},
                              {QStringLiteral("http.status_code"), qint64(200)},
                              {QStringLiteral("retry"), false},
                              {QStringLiteral("ratio"), 0.25},
                              {QStringLiteral("tags"), QStringList{QStringLiteral("a"), QStringLiteral("b")}}};
    QSharedDataPointer<SpanOrigin> origin(new SpanOrigin);
    origin->resource = Attributes{{QStringLiteral("service.name"), service},
                                  {QStringLiteral("host.name"), QStringLiteral("box-1")}};
    origin->scopeName = QStringLiteral("traceflow.test");
    origin->scopeVersion = QStringLiteral("0.1");
    s.setOrigin(origin);
    return s;
}

} // namespace

class TstOtlpProtobuf : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<SpanKind>("kind");
        QTest::addColumn<StatusCode>("status");
        QTest::addColumn<bool>("rich"); // status message, trace state, events and links
        QTest::addRow("server ok") << SpanKind::Server << StatusCode::Ok << false;
        QTest::addRow("client error with details") << SpanKind::Client << StatusCode::Error << true;
        QTest::addRow("internal unset") << SpanKind::Internal << StatusCode::Unset << false;
        QTest::addRow("producer with details") << SpanKind::Producer << StatusCode::Ok << true;
        QTest::addRow("consumer") << SpanKind::Consumer << StatusCode::Unset << false;
        QTest::addRow("unspecified") << SpanKind::Unspecified << StatusCode::Error << false;
    }
    void roundTrip()
    {
        QFETCH(SpanKind, kind);
        QFETCH(StatusCode, status);
        QFETCH(bool, rich);
        const QString trace = QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736");
        std::vector<Span> spans{
            makeSpan(trace, QStringLiteral("00f067aa0ba902b7"), {}, QStringLiteral("frontend"),
                     SpanKind::Server, StatusCode::Ok),
            makeSpan(trace, QStringLiteral("b7ad6b7169203331"), QStringLiteral("00f067aa0ba902b7"),
                     QStringLiteral("orders"), kind, status)};
        if (rich) {
            spans[1].setStatusMessage(QStringLiteral("upstream timed out"));
            spans[1].setTraceState(QStringLiteral("vendor=value"));
            spans[1].addEvent({spans[1].startNs + 5, QStringLiteral("exception"),
                               Attributes{{QStringLiteral("exception.type"), QStringLiteral("Timeout")}}});
            spans[1].addLink({TraceId::fromString(QStringLiteral("0af7651916cd43dd8448eb211c80319c")),
                              SpanId::fromString(QStringLiteral("b9c7c989f97918e1")),
                              QStringLiteral("k=v"), Attributes{{QStringLiteral("why"), QStringLiteral("retry")}}});
        }
        DecodedBatch batch;
        QString error;
        QVERIFY2(OtlpProtobuf::decode(view(OtlpProtobuf::encode(spans)), &batch, &error),
                 qPrintable(error));
        QCOMPARE(batch.rejected, 0);
        QCOMPARE(batch.spans.size(), spans.size());
        for (std::size_t i = 0; i < spans.size(); ++i)
            QVERIFY2(batch.spans[i] == spans[i], qPrintable(QString::number(i)));
    }

    // Every field, from bytes written with the specification's field numbers.
    void decodesSpecificationFieldNumbers()
    {
        const Wire kvlist = Wire().message(6, Wire().message(1, keyValue("inner", Wire().varint(3, 7))));
        const Wire span = Wire()
                              .bytes(1, id(16, 0x11))
                              .bytes(2, id(8, 0x22))
                              .bytes(3, "vendor=1")
                              .bytes(4, id(8, 0x33))
                              .fixed32(16, 1)
                              .bytes(5, "charge")
                              .varint(6, 3) // CLIENT
                              .fixed64(7, 1'700'000'000'000'000'000)
                              .fixed64(8, 1'700'000'000'250'000'000)
                              .message(9, keyValue("s", Wire().bytes(1, "text")))
                              .message(9, keyValue("b", Wire().varint(2, 1)))
                              .message(9, keyValue("i", Wire().varint(3, quint64(-5))))
                              .message(9, keyValue("d", Wire().float64(4, 1.5)))
                              .message(9, keyValue("a", Wire().message(5, Wire().message(1, Wire().varint(3, 1)).message(1, Wire().varint(3, 2)))))
                              .message(9, keyValue("kv", kvlist))
                              .message(9, keyValue("raw", Wire().bytes(7, "\x01\x02")))
                              .varint(10, 4)
                              .message(11, Wire().fixed64(1, 1'700'000'000'100'000'000).bytes(2, "retry").message(3, keyValue("n", Wire().varint(3, 2))))
                              .message(13, Wire().bytes(1, id(16, 0x44)).bytes(2, id(8, 0x55)).bytes(3, "l=1").message(4, keyValue("k", Wire().bytes(1, "v"))))
                              .message(15, Wire().bytes(2, "card declined").varint(3, 2));
        const Wire resource = Wire()
                                  .message(1, keyValue("service.name", Wire().bytes(1, "payments")))
                                  .message(1, keyValue("host.name", Wire().bytes(1, "h1")));
        DecodedBatch batch;
        QString error;
        QVERIFY2(OtlpProtobuf::decode(view(request({span}, resource)), &batch, &error), qPrintable(error));
        QCOMPARE(batch.rejected, 0);
        QCOMPARE(batch.spans.size(), std::size_t(1));
        const Span &s = batch.spans[0];
        QCOMPARE(s.traceId.toString(), QStringLiteral("11111111111111111111111111111111"));
        QCOMPARE(s.spanId.toString(), QStringLiteral("2222222222222222"));
        QCOMPARE(s.parentSpanId.toString(), QStringLiteral("3333333333333333"));
        QCOMPARE(s.traceState(), QStringLiteral("vendor=1"));
        QCOMPARE(s.operation(), QStringLiteral("charge"));
        QCOMPARE(s.service(), QStringLiteral("payments"));
        QCOMPARE(s.kind, SpanKind::Client);
        QCOMPARE(s.startNs, 1'700'000'000'000'000'000);
        QCOMPARE(s.durationNs, 250'000'000);
        QCOMPARE(s.attributes.value(u"s"), AttributeValue(QStringLiteral("text")));
        QCOMPARE(s.attributes.value(u"b"), AttributeValue(true));
        QCOMPARE(s.attributes.value(u"i"), AttributeValue(qint64(-5)));
        QCOMPARE(s.attributes.value(u"d"), AttributeValue(1.5));
        QCOMPARE(s.attributes.value(u"a"), AttributeValue(QList<qint64>{1, 2}));
        QCOMPARE(s.attributes.value(u"kv"), AttributeValue(QStringLiteral("{\"inner\":7}")));
        QCOMPARE(s.attributes.value(u"raw"), AttributeValue(QStringLiteral("AQI=")));
        QCOMPARE(s.status, StatusCode::Error);
        QCOMPARE(s.statusMessage(), QStringLiteral("card declined"));
        QCOMPARE(s.events().size(), std::size_t(1));
        QCOMPARE(s.events()[0].name, QStringLiteral("retry"));
        QCOMPARE(s.events()[0].timeNs, 1'700'000'000'100'000'000);
        QCOMPARE(s.events()[0].attributes.value(u"n"), AttributeValue(qint64(2)));
        QCOMPARE(s.links().size(), std::size_t(1));
        QCOMPARE(s.links()[0].traceId.toString(), QStringLiteral("44444444444444444444444444444444"));
        QCOMPARE(s.links()[0].spanId.toString(), QStringLiteral("5555555555555555"));
        QCOMPARE(s.links()[0].traceState, QStringLiteral("l=1"));
        QCOMPARE(s.resource().value(u"host.name"), AttributeValue(QStringLiteral("h1")));
        QCOMPARE(s.scopeName(), QStringLiteral("scope"));
        QCOMPARE(s.scopeVersion(), QStringLiteral("1.0"));
    }

    void rejectsInvalidSpansAlone_data()
    {
        QTest::addColumn<QByteArray>("span");
        QTest::addColumn<QString>("why");
        auto with = [](auto edit) { Wire w; edit(w); return w.data(); };
        QTest::addRow("8-byte trace id") << with([](Wire &w) { w.bytes(1, id(8, 1)).bytes(2, id(8, 2)).fixed64(7, 1).fixed64(8, 2); }) << QStringLiteral("trace_id");
        QTest::addRow("all-zero trace id") << with([](Wire &w) { w.bytes(1, id(16, 0)).bytes(2, id(8, 2)).fixed64(7, 1).fixed64(8, 2); }) << QStringLiteral("trace_id");
        QTest::addRow("missing span id") << with([](Wire &w) { w.bytes(1, id(16, 1)).fixed64(7, 1).fixed64(8, 2); }) << QStringLiteral("span_id");
        QTest::addRow("16-byte span id") << with([](Wire &w) { w.bytes(1, id(16, 1)).bytes(2, id(16, 2)).fixed64(7, 1).fixed64(8, 2); }) << QStringLiteral("span_id");
        QTest::addRow("all-zero span id") << with([](Wire &w) { w.bytes(1, id(16, 1)).bytes(2, id(8, 0)).fixed64(7, 1).fixed64(8, 2); }) << QStringLiteral("span_id");
        QTest::addRow("4-byte parent") << with([](Wire &w) { w.bytes(1, id(16, 1)).bytes(2, id(8, 2)).bytes(4, id(4, 3)).fixed64(7, 1).fixed64(8, 2); }) << QStringLiteral("parent_span_id");
        QTest::addRow("end before start") << with([](Wire &w) { w.bytes(1, id(16, 1)).bytes(2, id(8, 2)).fixed64(7, 5).fixed64(8, 4); }) << QStringLiteral("before");
        QTest::addRow("no start time") << with([](Wire &w) { w.bytes(1, id(16, 1)).bytes(2, id(8, 2)).fixed64(8, 4); }) << QStringLiteral("start_time");
        QTest::addRow("link without ids") << with([](Wire &w) { w.bytes(1, id(16, 1)).bytes(2, id(8, 2)).fixed64(7, 1).fixed64(8, 2).message(13, Wire().bytes(3, "x")); }) << QStringLiteral("links");
    }
    void rejectsInvalidSpansAlone()
    {
        QFETCH(QByteArray, span);
        QFETCH(QString, why);
        const QByteArray body = Wire()
                                    .message(1, Wire().message(2, Wire()
                                                                      .message(2, validSpan())
                                                                      .bytes(2, span)
                                                                      .message(2, validSpan())))
                                    .data();
        DecodedBatch batch;
        QString error;
        QVERIFY(OtlpProtobuf::decode(view(body), &batch, &error));
        QCOMPARE(batch.spans.size(), std::size_t(2));
        QCOMPARE(batch.rejected, 1);
        QCOMPARE(batch.errors.size(), 1);
        QVERIFY2(batch.errors[0].startsWith(QStringLiteral("span 1:")), qPrintable(batch.errors[0]));
        QVERIFY2(batch.errors[0].contains(why), qPrintable(batch.errors[0]));
    }

    void zeroParentIsRootAndServiceDefaults()
    {
        DecodedBatch batch;
        QString error;
        QVERIFY(OtlpProtobuf::decode(view(request({validSpan().bytes(4, id(8, 0))})), &batch, &error));
        QCOMPARE(batch.spans.size(), std::size_t(1));
        QVERIFY(batch.spans[0].isRoot());
        QCOMPARE(batch.spans[0].service(), QStringLiteral("unknown_service"));
    }

    void unknownFieldsAreIgnored()
    {
        DecodedBatch batch;
        QString error;
        QVERIFY(OtlpProtobuf::decode(view(request({validSpan().varint(99, 1).bytes(98, "x").varint(97, ~quint64(0)).fixed32(96, 1)})), &batch, &error));
        QCOMPARE(batch.spans.size(), std::size_t(1));
        QCOMPARE(batch.rejected, 0);
    }

    void undecodableBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addRow("json text") << QByteArray("{\"resourceSpans\":[]}");
        QTest::addRow("truncated message") << request({validSpan()}).chopped(5);
        QTest::addRow("invalid wire type") << QByteArray("\x0f\x01", 2);
        QTest::addRow("length past the end") << QByteArray("\x0a\x7f\x01", 3);
        QTest::addRow("tag 0") << QByteArray("\x00", 1);
        QTest::addRow("field number 0") << QByteArray("\x02\x00", 2);
        QTest::addRow("group wire type") << QByteArray("\x0b\x0c", 2);
        QTest::addRow("wire type 6") << QByteArray("\x0e\x01", 2);
        QTest::addRow("varint over 10 bytes") << QByteArray("\x08") + QByteArray(10, '\xff') + QByteArray("\x01");
        QTest::addRow("truncated 10-byte varint") << QByteArray("\x08") + QByteArray(9, '\xff');
        QTest::addRow("truncated tag") << QByteArray("\x80", 1);
        QTest::addRow("truncated length") << QByteArray("\x0a\x80", 2);
        QTest::addRow("truncated fixed64") << QByteArray("\x09\x01\x02\x03", 4);
        QTest::addRow("truncated fixed32") << QByteArray("\x0d\x01\x02", 3);
        QTest::addRow("attribute past its span") << request({validSpan().bytes(9, QByteArray("\x0a\x05" "ab"))});
        QTest::addRow("tag 0 in an attribute") << request({validSpan().bytes(9, QByteArray("\x0a\x01k\x00", 4))});
        QTest::addRow("truncated int value") << request({validSpan().message(9, Wire().bytes(1, "k").bytes(2, QByteArray("\x18\x80", 2)))});
    }
    void undecodableBodies()
    {
        QFETCH(QByteArray, body);
        DecodedBatch batch;
        QString error;
        QVERIFY(!OtlpProtobuf::decode(view(body), &batch, &error));
        QVERIFY(!error.isEmpty());
    }

    // One attribute of a span, value by value: the fast paths for common values must give
    // what the general AnyValue reader and QString::fromUtf8 give.
    void attributeValues_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("anyValue");
        QTest::addColumn<QString>("expectedKey");
        QTest::addColumn<AttributeValue>("expected");
        auto any = [](auto edit) { Wire w; edit(w); return w.data(); };
        const QString k = QStringLiteral("k");
        QTest::addRow("string") << QByteArray("k") << any([](Wire &w) { w.bytes(1, "text"); }) << k << AttributeValue(QStringLiteral("text"));
        QTest::addRow("long string") << QByteArray("k") << any([](Wire &w) { w.bytes(1, QByteArray(300, 'x')); }) << k << AttributeValue(QString(300, u'x'));
        QTest::addRow("empty string") << QByteArray("k") << any([](Wire &w) { w.bytes(1, ""); }) << k << AttributeValue(QString());
        QTest::addRow("bool true") << QByteArray("k") << any([](Wire &w) { w.varint(2, 1); }) << k << AttributeValue(true);
        QTest::addRow("bool false") << QByteArray("k") << any([](Wire &w) { w.varint(2, 0); }) << k << AttributeValue(false);
        QTest::addRow("bool high bit") << QByteArray("k") << any([](Wire &w) { w.varint(2, quint64(1) << 63); }) << k << AttributeValue(true);
        QTest::addRow("small int") << QByteArray("k") << any([](Wire &w) { w.varint(3, 7); }) << k << AttributeValue(qint64(7));
        QTest::addRow("two-byte int") << QByteArray("k") << any([](Wire &w) { w.varint(3, 300); }) << k << AttributeValue(qint64(300));
        QTest::addRow("negative int") << QByteArray("k") << any([](Wire &w) { w.varint(3, quint64(-5)); }) << k << AttributeValue(qint64(-5));
        QTest::addRow("double") << QByteArray("k") << any([](Wire &w) { w.float64(4, -2.5); }) << k << AttributeValue(-2.5);
        QTest::addRow("string then int") << QByteArray("k") << any([](Wire &w) { w.bytes(1, "a").varint(3, 2); }) << k << AttributeValue(qint64(2));
        QTest::addRow("int then string") << QByteArray("k") << any([](Wire &w) { w.varint(3, 2).bytes(1, "a"); }) << k << AttributeValue(QStringLiteral("a"));
        QTest::addRow("array then string") << QByteArray("k") << any([](Wire &w) { w.message(5, Wire().message(1, Wire().varint(3, 1))).bytes(1, "a"); }) << k << AttributeValue(QStringLiteral("a"));
        QTest::addRow("string then array") << QByteArray("k") << any([](Wire &w) { w.bytes(1, "a").message(5, Wire().message(1, Wire().varint(3, 1))); }) << k << AttributeValue(QList<qint64>{1});
        QTest::addRow("unknown field after string") << QByteArray("k") << any([](Wire &w) { w.bytes(1, "a").varint(99, 1); }) << k << AttributeValue(QStringLiteral("a"));
        QTest::addRow("string as a varint is skipped") << QByteArray("k") << any([](Wire &w) { w.varint(1, 5); }) << k << AttributeValue();
        QTest::addRow("no value drops the attribute") << QByteArray("k") << QByteArray() << k << AttributeValue();
        QTest::addRow("UTF-8 text") << QByteArray("gr\xc3\xb6\xc3\x9f" "e") << any([](Wire &w) { w.bytes(1, "\xe2\x82\xac 5"); }) << QString::fromUtf8("gr\xc3\xb6\xc3\x9f" "e") << AttributeValue(QString::fromUtf8("\xe2\x82\xac 5"));
        QTest::addRow("invalid UTF-8") << QByteArray("k\xff") << any([](Wire &w) { w.bytes(1, "long value \xc3"); }) << QString::fromUtf8("k\xff") << AttributeValue(QString::fromUtf8("long value \xc3"));
        QTest::addRow("byte order mark") << QByteArray("k") << any([](Wire &w) { w.bytes(1, "\xef\xbb\xbftext"); }) << k << AttributeValue(QString::fromUtf8("\xef\xbb\xbftext"));
        QTest::addRow("empty key is dropped") << QByteArray() << any([](Wire &w) { w.bytes(1, "a"); }) << QString() << AttributeValue();
    }
    void attributeValues()
    {
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, anyValue);
        QFETCH(QString, expectedKey);
        QFETCH(AttributeValue, expected);
        const Wire keyValue = anyValue.isNull() ? Wire().bytes(1, key) : Wire().bytes(1, key).bytes(2, anyValue);
        DecodedBatch batch;
        QString error;
        QVERIFY2(OtlpProtobuf::decode(view(request({validSpan().message(9, keyValue)})), &batch, &error), qPrintable(error));
        QCOMPARE(batch.spans.size(), std::size_t(1));
        const Attributes &attributes = batch.spans[0].attributes;
        QCOMPARE(attributes.size(), expected.isEmpty() ? 0 : 1);
        if (!expected.isEmpty()) {
            QCOMPARE(attributes.keyAt(0), expectedKey);
            QCOMPARE(attributes.valueAt(0).type(), expected.type());
            QCOMPARE(attributes.valueAt(0), expected);
        }
    }

    // Arrays in arrays: MaxDepth levels decode, one more refuses the body.
    void nestingDepth_data()
    {
        QTest::addColumn<int>("levels");
        QTest::addColumn<bool>("decodes");
        QTest::addRow("one array") << 1 << true;
        QTest::addRow("MaxDepth arrays") << 32 << true;
        QTest::addRow("MaxDepth + 1 arrays") << 33 << false;
    }
    void nestingDepth()
    {
        QFETCH(int, levels);
        QFETCH(bool, decodes);
        Wire value = Wire().varint(3, 1);
        for (int i = 0; i < levels; ++i)
            value = Wire().message(5, Wire().message(1, value));
        DecodedBatch batch;
        QString error;
        QCOMPARE(OtlpProtobuf::decode(view(request({validSpan().message(9, keyValue("a", value))})), &batch, &error), decodes);
        QCOMPARE(batch.spans.size(), std::size_t(decodes ? 1 : 0));
    }

    void emptyBodyIsAnEmptyRequest()
    {
        DecodedBatch batch;
        QString error;
        QVERIFY(OtlpProtobuf::decode(std::string_view(), &batch, &error));
        QVERIFY(batch.spans.empty());
    }

    // The binary and JSON forms of OTLP map non-OTLP ids the same way.
    void sameSpansAsOtlpJson_data()
    {
        QTest::addColumn<QString>("traceId");
        QTest::addColumn<QString>("spanId");
        QTest::addRow("otlp ids") << QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736") << QStringLiteral("00f067aa0ba902b7");
        QTest::addRow("64-bit zipkin trace id") << QStringLiteral("463ac35c9f6413ad") << QStringLiteral("00f067aa0ba902b7");
        QTest::addRow("traceflow text ids") << QStringLiteral("trace-1") << QStringLiteral("span-1");
    }
    void sameSpansAsOtlpJson()
    {
        QFETCH(QString, traceId);
        QFETCH(QString, spanId);
        const std::vector<Span> spans{makeSpan(traceId, spanId, {}, QStringLiteral("web"),
                                               SpanKind::Server, StatusCode::Error)};
        DecodedBatch viaJson, viaProtobuf;
        QString error;
        const QByteArray json = OtlpJson::encode(spans);
        QVERIFY(OtlpJson::decode(view(json), &viaJson, &error));
        QVERIFY(OtlpProtobuf::decode(view(OtlpProtobuf::encode(spans)), &viaProtobuf, &error));
        QCOMPARE(viaProtobuf.spans.size(), std::size_t(1));
        QCOMPARE(viaJson.spans.size(), std::size_t(1));
        QVERIFY(viaProtobuf.spans[0] == viaJson.spans[0]);
        QVERIFY(viaProtobuf.spans[0].traceId.isHex());
    }

    void partialSuccessResponse()
    {
        QVERIFY(OtlpProtobuf::encodeResponse(0, {}).isEmpty());
        const QByteArray body = OtlpProtobuf::encodeResponse(3, QStringLiteral("bad ids"));
        QCOMPARE(body, Wire().message(1, Wire().varint(1, 3).bytes(2, "bad ids")).data());
        qint64 rejected = 0;
        QString message;
        QVERIFY(OtlpProtobuf::decodeResponse(view(body), &rejected, &message));
        QCOMPARE(rejected, 3);
        QCOMPARE(message, QStringLiteral("bad ids"));
    }

    void statusMessage()
    {
        const QByteArray body = OtlpProtobuf::encodeStatus(3, QStringLiteral("not protobuf"));
        QCOMPARE(body, Wire().varint(1, 3).bytes(2, "not protobuf").data());
        int code = 0;
        QString message;
        QVERIFY(OtlpProtobuf::decodeStatus(view(body), &code, &message));
        QCOMPARE(code, 3);
        QCOMPARE(message, QStringLiteral("not protobuf"));
    }
};

QTEST_GUILESS_MAIN(TstOtlpProtobuf)
#include "tst_otlpprotobuf.moc"
