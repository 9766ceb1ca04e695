// SPDX-License-Identifier: MIT
#include "otlpjson.h"
#include "spanformat.h"
#include "traceflowjson.h"
#include "zipkinjson.h"

#include <QTest>

using namespace traceflow;

namespace {
constexpr char TraceflowBody[] =
    R"({"spans":[{"trace_id":"trace-1","span_id":"span-1","service":"checkout",)"
    R"("operation":"checkout.request","start_unix_ms":1710000000000,"duration_ms":42,"status":"ok"}]})";
constexpr char OtlpBody[] =
    R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"a"}}]},)"
    R"("scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331",)"
    R"("name":"x","startTimeUnixNano":"1710000000000123000","endTimeUnixNano":"1710000000042123000"}]}]}]})";
constexpr char ZipkinBody[] =
    R"([{"traceId":"463ac35c9f6413ad","id":"a2fb4a1d1a96d312","timestamp":1,"localEndpoint":{"serviceName":"z"}}])";
constexpr char JaegerBody[] =
    R"({"total":0,"data":[{"traceID":"1","spans":[{"traceID":"1","spanID":"2","operationName":"j",)"
    R"("startTime":1,"duration":1,"processID":"p1"}],"processes":{"p1":{"serviceName":"jaeger"}}}]})";
} // namespace

class TstSpanFormat : public QObject
{
    Q_OBJECT

private slots:
    void detect_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<SpanFormat>("format");
        QTest::addRow("traceflow") << QByteArray(TraceflowBody) << SpanFormat::TraceflowJson;
        QTest::addRow("otlp after whitespace")
            << "\n  " + QByteArray(OtlpBody) << SpanFormat::OtlpJson;
        QTest::addRow("zipkin") << QByteArray(ZipkinBody) << SpanFormat::ZipkinJson;
        QTest::addRow("empty zipkin list") << QByteArray("[]") << SpanFormat::ZipkinJson;
        QTest::addRow("jaeger, data not first") << QByteArray(JaegerBody) << SpanFormat::JaegerJson;
        QTest::addRow("nested key does not count")
            << QByteArray(R"({"meta":{"spans":[1]},"resourceSpans":[]})") << SpanFormat::OtlpJson;
        QTest::addRow("with byte order mark")
            << "\xEF\xBB\xBF" + QByteArray(TraceflowBody) << SpanFormat::TraceflowJson;
        QTest::addRow("truncated after the key")
            << QByteArray("{\"spans\":[{\"trace_") << SpanFormat::TraceflowJson;
        QTest::addRow("empty object") << QByteArray("{}") << SpanFormat::Unknown;
        QTest::addRow("other object") << QByteArray(R"({"traces":[]})") << SpanFormat::Unknown;
        QTest::addRow("string") << QByteArray(R"("spans")") << SpanFormat::Unknown;
        QTest::addRow("not JSON") << QByteArray("spans") << SpanFormat::Unknown;
        QTest::addRow("empty") << QByteArray() << SpanFormat::Unknown;
    }
    void detect()
    {
        QFETCH(QByteArray, body);
        QFETCH(SpanFormat, format);
        QCOMPARE(detectSpanFormat(body.toStdString()), format);
    }

    void decodeAny_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<SpanFormat>("format");
        QTest::addColumn<QString>("service");
        QTest::addRow("traceflow")
            << QByteArray(TraceflowBody) << SpanFormat::TraceflowJson << QStringLiteral("checkout");
        QTest::addRow("otlp") << QByteArray(OtlpBody) << SpanFormat::OtlpJson
                              << QStringLiteral("a");
        QTest::addRow("zipkin") << QByteArray(ZipkinBody) << SpanFormat::ZipkinJson
                                << QStringLiteral("z");
        QTest::addRow("jaeger") << QByteArray(JaegerBody) << SpanFormat::JaegerJson
                                << QStringLiteral("jaeger");
    }
    void decodeAny()
    {
        QFETCH(QByteArray, body);
        QFETCH(SpanFormat, format);
        QFETCH(QString, service);
        DecodedBatch batch;
        QString error;
        SpanFormat seen = SpanFormat::Unknown;
        QVERIFY(decodeAnyJson(body.toStdString(), &batch, &error, &seen));
        QCOMPARE(seen, format);
        QCOMPARE(batch.errors, QStringList());
        QCOMPARE(batch.spans.size(), std::size_t(1));
        QCOMPARE(batch.spans.front().service(), service);
        QVERIFY(!spanFormatName(format).isEmpty());
    }

    void decodeAnyFailures_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::addRow("unknown shape")
            << QByteArray(R"({"traces":[]})")
            << QStringLiteral("not a known trace format: expected TraceFlow JSON "
                              "{\"spans\":[...]}, OTLP JSON {\"resourceSpans\":[...]}, a Zipkin v2 "
                              "span list [...] or Jaeger JSON {\"data\":[...]}");
        QTest::addRow("not JSON") << QByteArray("<html>")
                                  << QStringLiteral(
                                         "invalid JSON at byte 1: syntax error while parsing value "
                                         "- invalid literal; last read: '<'");
        QTest::addRow("recognised but malformed")
            << QByteArray(R"({"data":{}})")
            << QStringLiteral("expected a JSON object with a \"data\" array of Jaeger traces");
    }
    void decodeAnyFailures()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        DecodedBatch batch;
        QString why;
        QVERIFY(!decodeAnyJson(body.toStdString(), &batch, &why));
        QCOMPARE(why, error);
        QVERIFY(batch.spans.empty());
    }

    // What File > Export writes, File > Open reads back, whichever of the two formats.
    void exportedFilesReopen()
    {
        DecodedBatch source;
        QString error;
        QVERIFY(OtlpJson::decode(OtlpBody, &source, &error));
        for (const QByteArray &file :
             {TraceflowJson::encode(source.spans), OtlpJson::encode(source.spans),
              ZipkinJson::encode(source.spans)}) {
            DecodedBatch reopened;
            QVERIFY(decodeAnyJson(file.toStdString(), &reopened, &error));
            QCOMPARE(reopened.spans.size(), std::size_t(1));
            QCOMPARE(reopened.spans.front().spanId, source.spans.front().spanId);
            QCOMPARE(reopened.spans.front().startNs, source.spans.front().startNs);
        }
    }
};

QTEST_GUILESS_MAIN(TstSpanFormat)
#include "tst_spanformat.moc"
