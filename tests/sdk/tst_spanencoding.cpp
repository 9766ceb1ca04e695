// SPDX-License-Identifier: MIT
// Span encodings: the protobuf wire writer against known bytes, the OTLP protobuf field
// layout read back with an independent reader, OTLP/JSON, TraceFlow JSON, and the file and
// console exporters.
#include "consolespanexporter.h"
#include "filespanexporter.h"
#include "otlpencoder.h"
#include "protoreader.h"
#include "protowriter.h"
#include "traceflowjsonencoder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <cstring>

using namespace traceflow::sdk;

namespace {

// Two spans from one service (a server span with a child) and one from another service.
QList<SpanData> sampleSpans()
{
    auto checkout = std::make_shared<Resource>();
    checkout->attributes = {{QStringLiteral("service.name"), QStringLiteral("checkout")}};
    auto payment = std::make_shared<Resource>();
    payment->attributes = {{QStringLiteral("service.name"), QStringLiteral("payment")}};
    auto scope = std::make_shared<InstrumentationScope>(
        InstrumentationScope{QStringLiteral("traceflow.sdk"), QStringLiteral("0.1")});

    SpanData server;
    server.traceId = *TraceId::fromHex("0102030405060708090a0b0c0d0e0f10");
    server.spanId = *SpanId::fromHex("1112131415161718");
    server.traceFlags = 1;
    server.name = QStringLiteral("GET /checkout");
    server.kind = SpanKind::Server;
    server.startUnixNs = 1'700'000'000'123'456'789LL;
    server.endUnixNs = server.startUnixNs + 2'500'000;
    server.attributes = {{QStringLiteral("http.request.method"), QStringLiteral("GET")},
                         {QStringLiteral("http.response.status_code"), 503},
                         {QStringLiteral("retry"), true},
                         {QStringLiteral("ratio"), 0.5},
                         {QStringLiteral("tags"), QStringList{QStringLiteral("a"), QStringLiteral("b")}}};
    server.events = {{QStringLiteral("retrying"), server.startUnixNs + 1000,
                      {{QStringLiteral("attempt"), 2}}}};
    SpanContext linked;
    linked.traceId = *TraceId::fromHex("ffffffffffffffffffffffffffffffff");
    linked.spanId = *SpanId::fromHex("eeeeeeeeeeeeeeee");
    linked.traceFlags = 1;
    linked.remote = true;
    server.links = {{linked, {}}};
    server.status = StatusCode::Error;
    server.statusMessage = QStringLiteral("HTTP 503");
    server.resource = checkout;
    server.scope = scope;

    SpanData child = server;
    child.spanId = *SpanId::fromHex("2122232425262728");
    child.parentSpanId = server.spanId;
    child.name = QStringLiteral("db query");
    child.kind = SpanKind::Internal;
    child.attributes.clear();
    child.events.clear();
    child.links.clear();
    child.status = StatusCode::Unset;
    child.statusMessage.clear();

    SpanData pay = child;
    pay.spanId = *SpanId::fromHex("3132333435363738");
    pay.name = QStringLiteral("POST /pay");
    pay.kind = SpanKind::Server;
    pay.parentIsRemote = true;
    pay.resource = payment;
    return {server, child, pay};
}

QString keyOf(const QList<ProtoField> &keyValue)
{
    return QString::fromUtf8(ProtoReader::first(keyValue, 1).bytes);
}

} // namespace

class TstSpanEncoding : public QObject
{
    Q_OBJECT

private slots:
    void protoWriterBytes_data();
    void protoWriterBytes();
    void otlpProtobufLayout();
    void otlpProtobufDecodesWithProtoc();
    void otlpJson();
    void traceFlowJson();
    void fileExporter();
    void consoleExporter();
};

void TstSpanEncoding::protoWriterBytes_data()
{
    QTest::addColumn<QByteArray>("actual");
    QTest::addColumn<QByteArray>("expected");
    auto make = [](auto write) {
        ProtoWriter writer;
        write(writer);
        return writer.data();
    };
    // Examples from the protobuf encoding guide and hand-computed ones.
    QTest::addRow("varint 150 in field 1")
        << make([](ProtoWriter &w) { w.writeVarint(1, 150); }) << QByteArray::fromHex("089601");
    QTest::addRow("varint 0") << make([](ProtoWriter &w) { w.writeVarint(1, 0); })
                              << QByteArray::fromHex("0800");
    QTest::addRow("varint 300, field 16 (two-byte tag)")
        << make([](ProtoWriter &w) { w.writeVarint(16, 300); }) << QByteArray::fromHex("8001ac02");
    QTest::addRow("max uint64") << make([](ProtoWriter &w) { w.writeVarint(1, ~quint64(0)); })
                                << QByteArray::fromHex("08ffffffffffffffffff01");
    QTest::addRow("int64 -1 takes ten bytes")
        << make([](ProtoWriter &w) { w.writeInt64(3, -1); })
        << QByteArray::fromHex("18ffffffffffffffffff01");
    QTest::addRow("bool true") << make([](ProtoWriter &w) { w.writeBool(2, true); })
                               << QByteArray::fromHex("1001");
    QTest::addRow("string \"testing\" in field 2")
        << make([](ProtoWriter &w) { w.writeString(2, QStringLiteral("testing")); })
        << QByteArray::fromHex("120774657374696e67");
    QTest::addRow("empty bytes") << make([](ProtoWriter &w) { w.writeBytes(4, {}); })
                                 << QByteArray::fromHex("2200");
    QTest::addRow("fixed64 little-endian")
        << make([](ProtoWriter &w) { w.writeFixed64(7, 0x0102030405060708ULL); })
        << QByteArray::fromHex("390807060504030201");
    QTest::addRow("fixed32 little-endian")
        << make([](ProtoWriter &w) { w.writeFixed32(16, 0x101); })
        << QByteArray::fromHex("850101010000");
    QTest::addRow("double 1.0") << make([](ProtoWriter &w) { w.writeDouble(4, 1.0); })
                                << QByteArray::fromHex("21000000000000f03f");
    QTest::addRow("nested message")
        << make([](ProtoWriter &w) {
               ProtoWriter inner;
               inner.writeVarint(1, 150);
               w.writeMessage(3, inner);
           })
        << QByteArray::fromHex("1a03089601");
}

void TstSpanEncoding::protoWriterBytes()
{
    QFETCH(QByteArray, actual);
    QFETCH(QByteArray, expected);
    QCOMPARE(actual.toHex(), expected.toHex());
}

void TstSpanEncoding::otlpProtobufLayout()
{
    const QList<SpanData> spans = sampleSpans();
    bool ok = false;
    const auto request = ProtoReader::fields(OtlpEncoder::toProtobuf(spans), &ok);
    QVERIFY(ok);
    const auto resourceSpans = ProtoReader::all(request, 1);
    QCOMPARE(resourceSpans.size(), 2); // grouped by resource

    const auto first = ProtoReader::fields(resourceSpans[0].bytes);
    const auto resourceAttribute = ProtoReader::fields(
        ProtoReader::first(ProtoReader::sub(first, 1), 1).bytes);
    QCOMPARE(keyOf(resourceAttribute), QStringLiteral("service.name"));
    QCOMPARE(ProtoReader::first(ProtoReader::sub(resourceAttribute, 2), 1).bytes, QByteArray("checkout"));
    const auto scopeSpans = ProtoReader::fields(ProtoReader::first(first, 2).bytes);
    const auto scope = ProtoReader::sub(scopeSpans, 1);
    QCOMPARE(ProtoReader::first(scope, 1).bytes, QByteArray("traceflow.sdk"));
    QCOMPARE(ProtoReader::first(scope, 2).bytes, QByteArray("0.1"));
    const auto spanMessages = ProtoReader::all(scopeSpans, 2);
    QCOMPARE(spanMessages.size(), 2);

    const auto span = ProtoReader::fields(spanMessages[0].bytes);
    QCOMPARE(ProtoReader::first(span, 1).bytes.toHex(), QByteArray("0102030405060708090a0b0c0d0e0f10"));
    QCOMPARE(ProtoReader::first(span, 2).bytes.toHex(), QByteArray("1112131415161718"));
    QCOMPARE(ProtoReader::all(span, 4).size(), 0); // root: no parent_span_id
    QCOMPARE(ProtoReader::first(span, 5).bytes, QByteArray("GET /checkout"));
    QCOMPARE(ProtoReader::first(span, 6).wireType, 0);
    QCOMPARE(ProtoReader::first(span, 6).integer, 2u); // SPAN_KIND_SERVER
    QCOMPARE(ProtoReader::first(span, 7).wireType, 1); // fixed64
    QCOMPARE(ProtoReader::first(span, 7).integer, quint64(spans[0].startUnixNs));
    QCOMPARE(ProtoReader::first(span, 8).integer, quint64(spans[0].endUnixNs));
    QCOMPARE(ProtoReader::first(span, 16).wireType, 5); // fixed32 flags
    QCOMPARE(ProtoReader::first(span, 16).integer, 0x101u); // sampled + HAS_IS_REMOTE

    const auto attributes = ProtoReader::all(span, 9);
    QCOMPARE(attributes.size(), 5);
    // AnyValue oneof: 1 string, 2 bool, 3 int, 4 double, 5 array
    const QList<QPair<QString, quint32>> expected = {{QStringLiteral("http.request.method"), 1},
                                                      {QStringLiteral("http.response.status_code"), 3},
                                                      {QStringLiteral("retry"), 2},
                                                      {QStringLiteral("ratio"), 4},
                                                      {QStringLiteral("tags"), 5}};
    for (int i = 0; i < attributes.size(); ++i) {
        const auto keyValue = ProtoReader::fields(attributes[i].bytes);
        QCOMPARE(keyOf(keyValue), expected[i].first);
        const auto value = ProtoReader::sub(keyValue, 2);
        QCOMPARE(value.size(), 1);
        QCOMPARE(value.front().number, expected[i].second);
    }
    QCOMPARE(ProtoReader::sub(ProtoReader::fields(attributes[1].bytes), 2).front().integer, 503u);
    double ratio = 0;
    const quint64 bits = ProtoReader::sub(ProtoReader::fields(attributes[3].bytes), 2).front().integer;
    std::memcpy(&ratio, &bits, sizeof ratio);
    QCOMPARE(ratio, 0.5);
    const auto array = ProtoReader::fields(
        ProtoReader::sub(ProtoReader::fields(attributes[4].bytes), 2).front().bytes);
    QCOMPARE(ProtoReader::all(array, 1).size(), 2);

    const auto event = ProtoReader::sub(span, 11);
    QCOMPARE(ProtoReader::first(event, 1).integer, quint64(spans[0].startUnixNs + 1000));
    QCOMPARE(ProtoReader::first(event, 2).bytes, QByteArray("retrying"));
    QCOMPARE(ProtoReader::all(event, 3).size(), 1);

    const auto link = ProtoReader::sub(span, 13);
    QCOMPARE(ProtoReader::first(link, 1).bytes.toHex(), QByteArray(32, 'f'));
    QCOMPARE(ProtoReader::first(link, 2).bytes.toHex(), QByteArray(16, 'e'));
    QCOMPARE(ProtoReader::first(link, 6).integer, 0x301u); // sampled, remote

    const auto status = ProtoReader::sub(span, 15);
    QCOMPARE(ProtoReader::first(status, 2).bytes, QByteArray("HTTP 503"));
    QCOMPARE(ProtoReader::first(status, 3).integer, 2u); // STATUS_CODE_ERROR

    const auto child = ProtoReader::fields(spanMessages[1].bytes);
    QCOMPARE(ProtoReader::first(child, 4).bytes.toHex(), QByteArray("1112131415161718"));
    QCOMPARE(ProtoReader::first(child, 6).integer, 1u); // SPAN_KIND_INTERNAL
    QCOMPARE(ProtoReader::all(child, 15).size(), 0);    // unset status is omitted

    const auto second = ProtoReader::fields(resourceSpans[1].bytes);
    const auto paySpan = ProtoReader::fields(ProtoReader::first(
        ProtoReader::fields(ProtoReader::first(second, 2).bytes), 2).bytes);
    QCOMPARE(ProtoReader::first(paySpan, 5).bytes, QByteArray("POST /pay"));
    QCOMPARE(ProtoReader::first(paySpan, 16).integer, 0x301u); // parent is remote
}

// Cross-check with the reference implementation: protoc (libprotobuf) decodes our bytes
// with the collector's copy of opentelemetry-proto.
void TstSpanEncoding::otlpProtobufDecodesWithProtoc()
{
    const QString protoc = QStringLiteral(TRACEFLOW_PROTOC);
    const QString protoDir = QStringLiteral(TRACEFLOW_OTLP_PROTO_DIR);
    if (protoc.isEmpty() || !QFile::exists(protoDir))
        QSKIP("protoc or the opentelemetry-proto files are not available");
    QProcess process;
    process.start(protoc, {QStringLiteral("--decode=opentelemetry.proto.collector.trace.v1."
                                          "ExportTraceServiceRequest"),
                           QStringLiteral("-I") + protoDir,
                           QStringLiteral("opentelemetry/proto/collector/trace/v1/trace_service.proto")});
    QVERIFY(process.waitForStarted());
    process.write(OtlpEncoder::toProtobuf(sampleSpans()));
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(30000));
    const QByteArray text = process.readAllStandardOutput();
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    for (const char *expected :
         {"name: \"GET /checkout\"", "kind: SPAN_KIND_SERVER", "kind: SPAN_KIND_INTERNAL",
          "start_time_unix_nano: 1700000000123456789", "end_time_unix_nano: 1700000000125956789",
          "string_value: \"checkout\"", "string_value: \"payment\"", "int_value: 503",
          "bool_value: true", "double_value: 0.5", "code: STATUS_CODE_ERROR",
          "message: \"HTTP 503\"", "flags: 257", "flags: 769", "time_unix_nano: 1700000000123457789",
          "name: \"traceflow.sdk\"", "version: \"0.1\"", "parent_span_id: \"\\021\\022\\023"}) {
        QVERIFY2(text.contains(expected), expected);
    }
    QCOMPARE(text.count("resource_spans {"), 2);
    int spanBlocks = 0;
    for (const QByteArray &line : text.split('\n'))
        spanBlocks += line.trimmed() == "spans {";
    QCOMPARE(spanBlocks, 3);
}

void TstSpanEncoding::otlpJson()
{
    const QList<SpanData> spans = sampleSpans();
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(OtlpEncoder::toJson(spans), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonArray resourceSpans = root[u"resourceSpans"].toArray();
    QCOMPARE(resourceSpans.size(), 2);
    const QJsonObject resource = resourceSpans[0][u"resource"].toObject();
    QCOMPARE(resource[u"attributes"][0][u"key"].toString(), QStringLiteral("service.name"));
    QCOMPARE(resource[u"attributes"][0][u"value"][u"stringValue"].toString(), QStringLiteral("checkout"));
    const QJsonObject scopeSpans = resourceSpans[0][u"scopeSpans"][0].toObject();
    QCOMPARE(scopeSpans[u"scope"][u"name"].toString(), QStringLiteral("traceflow.sdk"));
    const QJsonObject span = scopeSpans[u"spans"][0].toObject();
    QCOMPARE(span[u"traceId"].toString(), QStringLiteral("0102030405060708090a0b0c0d0e0f10"));
    QCOMPARE(span[u"spanId"].toString(), QStringLiteral("1112131415161718"));
    QVERIFY(!span.contains(u"parentSpanId"));
    QCOMPARE(span[u"kind"].toInt(), 2); // integer enum
    QVERIFY(span[u"startTimeUnixNano"].isString()); // int64 as string
    QCOMPARE(span[u"startTimeUnixNano"].toString(), QStringLiteral("1700000000123456789"));
    QCOMPARE(span[u"endTimeUnixNano"].toString(), QStringLiteral("1700000000125956789"));
    QCOMPARE(span[u"status"][u"code"].toInt(), 2);
    QCOMPARE(span[u"status"][u"message"].toString(), QStringLiteral("HTTP 503"));
    const QJsonArray attributes = span[u"attributes"].toArray();
    QCOMPARE(attributes[1][u"value"][u"intValue"].toString(), QStringLiteral("503"));
    QCOMPARE(attributes[2][u"value"][u"boolValue"].toBool(), true);
    QCOMPARE(attributes[3][u"value"][u"doubleValue"].toDouble(), 0.5);
    QCOMPARE(attributes[4][u"value"][u"arrayValue"][u"values"][1][u"stringValue"].toString(),
             QStringLiteral("b"));
    QCOMPARE(span[u"events"][0][u"timeUnixNano"].toString(), QStringLiteral("1700000000123457789"));
    QCOMPARE(span[u"links"][0][u"spanId"].toString(), QStringLiteral("eeeeeeeeeeeeeeee"));
    const QJsonObject child = scopeSpans[u"spans"][1].toObject();
    QCOMPARE(child[u"parentSpanId"].toString(), QStringLiteral("1112131415161718"));
    QCOMPARE(child[u"kind"].toInt(), 1);
}

void TstSpanEncoding::traceFlowJson()
{
    const QList<SpanData> spans = sampleSpans();
    const QJsonObject root = QJsonDocument::fromJson(TraceFlowJsonEncoder::toBatch(spans)).object();
    const QJsonArray array = root[u"spans"].toArray();
    QCOMPARE(array.size(), 3);
    const QJsonObject server = array[0].toObject();
    const QStringList keys = {QStringLiteral("attributes"), QStringLiteral("duration_ms"),
                              QStringLiteral("events"), QStringLiteral("kind"),
                              QStringLiteral("operation"), QStringLiteral("parent_span_id"),
                              QStringLiteral("service"), QStringLiteral("span_id"),
                              QStringLiteral("start_unix_ms"), QStringLiteral("status"),
                              QStringLiteral("trace_id")};
    QCOMPARE(server.keys(), keys);
    QCOMPARE(server[u"trace_id"].toString(), QStringLiteral("0102030405060708090a0b0c0d0e0f10"));
    QCOMPARE(server[u"parent_span_id"].toString(), QString());
    QCOMPARE(server[u"service"].toString(), QStringLiteral("checkout"));
    QCOMPARE(server[u"operation"].toString(), QStringLiteral("GET /checkout"));
    QCOMPARE(server[u"start_unix_ms"].toInteger(), 1'700'000'000'123LL);
    QCOMPARE(server[u"duration_ms"].toDouble(), 2.5);
    QCOMPARE(server[u"status"].toString(), QStringLiteral("error"));
    QCOMPARE(server[u"kind"].toString(), QStringLiteral("server"));
    QCOMPARE(server[u"attributes"][u"http.response.status_code"].toInt(), 503);
    QCOMPARE(server[u"attributes"][u"retry"].toBool(), true);
    QCOMPARE(server[u"events"][0][u"name"].toString(), QStringLiteral("retrying"));
    QCOMPARE(array[1][u"parent_span_id"].toString(), QStringLiteral("1112131415161718"));
    QCOMPARE(array[1][u"status"].toString(), QStringLiteral("unset"));
    QCOMPARE(array[2][u"service"].toString(), QStringLiteral("payment"));
}

void TstSpanEncoding::fileExporter()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spans.jsonl"));
    {
        FileSpanExporter exporter(path);
        QVERIFY(exporter.isOpen());
        QCOMPARE(exporter.exportSpans(sampleSpans().mid(0, 2)), ExportResult::Success);
        QCOMPARE(exporter.exportSpans(sampleSpans().mid(2)), ExportResult::Success);
        exporter.shutdown();
        QCOMPARE(exporter.exportSpans(sampleSpans()), ExportResult::Failure);
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 4); // three lines and the empty rest after the last newline
    QVERIFY(lines[3].isEmpty());
    QCOMPARE(QJsonDocument::fromJson(lines[2]).object()[u"operation"].toString(), QStringLiteral("POST /pay"));
    QVERIFY(!FileSpanExporter(dir.filePath(QStringLiteral("missing/dir/x.jsonl"))).isOpen());
}

void TstSpanEncoding::consoleExporter()
{
    std::FILE *stream = std::tmpfile();
    QVERIFY(stream);
    ConsoleSpanExporter exporter(stream);
    QCOMPARE(exporter.exportSpans(sampleSpans().mid(0, 1)), ExportResult::Success);
    std::rewind(stream);
    char buffer[4096] = {};
    const std::size_t size = std::fread(buffer, 1, sizeof buffer - 1, stream);
    std::fclose(stream);
    const QByteArray text(buffer, qsizetype(size));
    QVERIFY2(text.startsWith("[checkout] GET /checkout server 2.500 ms error trace="
                             "0102030405060708090a0b0c0d0e0f10 span=1112131415161718 parent=- (HTTP 503)\n"),
             text.constData());
    QVERIFY(text.contains("    attributes {"));
    QVERIFY(text.contains("    event retrying {\"attempt\":2}\n"));
}

QTEST_GUILESS_MAIN(TstSpanEncoding)
#include "tst_spanencoding.moc"
