// SPDX-License-Identifier: MIT
#include "spanfile.h"
#include "testtraces.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace traceflow;

namespace {
void writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
}

std::vector<Span> sample()
{
    std::vector<Span> spans =
        TestTraces::checkout(TestTraces::traceHex(1), 1710000000000'000'000, true);
    const std::vector<Span> more =
        TestTraces::checkout(TestTraces::traceHex(2), 1710000001000'000'000);
    spans.insert(spans.end(), more.begin(), more.end());
    return spans;
}
} // namespace

class TstSpanFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void readsOtherFormats_data();
    void readsOtherFormats();
    void badFiles_data();
    void badFiles();
    void partlyValid();
    void cancelledReadAndWrite();
};

void TstSpanFile::roundTrip_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("detected");
    QTest::addRow("TraceFlow JSON")
        << int(ExportFormat::TraceflowJson) << int(SpanFormat::TraceflowJson);
    QTest::addRow("OTLP JSON") << int(ExportFormat::OtlpJson) << int(SpanFormat::OtlpJson);
}

void TstSpanFile::roundTrip()
{
    QFETCH(int, format);
    QFETCH(int, detected);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spans.json"));
    const std::vector<Span> spans = sample();
    QVector<qint64> progress;
    const QString error =
        SpanFile::write(path, spans, ExportFormat(format), [&progress](qint64 done, qint64 total) {
            progress.append(done);
            return done <= total;
        });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last(), QFileInfo(path).size());

    const ImportResult result = SpanFile::read(path);
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(int(result.format), detected);
    QCOMPARE(result.rejected, 0);
    QCOMPARE(result.spans.size(), spans.size());
    // Order may differ (OTLP groups by resource); each span comes back equal.
    for (const Span &original : spans) {
        const auto it =
            std::find_if(result.spans.begin(), result.spans.end(), [&original](const Span &s) {
                return s.traceId == original.traceId && s.spanId == original.spanId;
            });
        QVERIFY(it != result.spans.end());
        QVERIFY2(*it == original, qPrintable(original.operation()));
    }
}

void TstSpanFile::readsOtherFormats_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("spans");
    QTest::addRow("Zipkin v2")
        << QByteArrayLiteral(
               R"([{"traceId":"5af7183fb1d4cf5f","id":"6b221d5bc9e6496c","name":"get /api",)"
               R"("timestamp":1710000000000000,"duration":12000,"kind":"SERVER",)"
               R"("localEndpoint":{"serviceName":"frontend"},"tags":{"http.method":"GET"}}])")
        << int(SpanFormat::ZipkinJson) << 1;
    QTest::addRow("Jaeger JSON download")
        << QByteArrayLiteral(
               R"({"data":[{"traceID":"5af7183fb1d4cf5f","spans":[{"traceID":"5af7183fb1d4cf5f",)"
               R"("spanID":"6b221d5bc9e6496c","operationName":"get /api","references":[],)"
               R"("startTime":1710000000000000,"duration":12000,"tags":[],"logs":[],"processID":"p1"},)"
               R"({"traceID":"5af7183fb1d4cf5f","spanID":"7b221d5bc9e6496c","operationName":"query",)"
               R"("references":[{"refType":"CHILD_OF","traceID":"5af7183fb1d4cf5f","spanID":"6b221d5bc9e6496c"}],)"
               R"("startTime":1710000000001000,"duration":5000,"tags":[],"logs":[],"processID":"p1"}],)"
               R"("processes":{"p1":{"serviceName":"frontend","tags":[]}}}]})")
        << int(SpanFormat::JaegerJson) << 2;
    QTest::addRow("TraceFlow JSON, the README example")
        << QByteArrayLiteral(
               R"({"spans":[{"trace_id":"trace-1","span_id":"span-1","service":"checkout",)"
               R"("operation":"checkout.request","start_unix_ms":1710000000000,"duration_ms":42,"status":"ok"}]})")
        << int(SpanFormat::TraceflowJson) << 1;
}

void TstSpanFile::readsOtherFormats()
{
    QFETCH(QByteArray, document);
    QFETCH(int, format);
    QFETCH(int, spans);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("in.json"));
    writeFile(path, document);
    const ImportResult result = SpanFile::read(path);
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(int(result.format), format);
    QCOMPARE(int(result.spans.size()), spans);
}

void TstSpanFile::badFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("create");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("missing file") << QByteArray() << false
                                  << QStringLiteral("Cannot open bad.json");
    QTest::addRow("empty file") << QByteArray() << true << QStringLiteral("bad.json is empty");
    QTest::addRow("not JSON") << QByteArrayLiteral("hello, world") << true
                              << QStringLiteral("bad.json is not a span file");
    QTest::addRow("truncated JSON") << QByteArrayLiteral(R"({"spans":[{"trace_id":"t")") << true
                                    << QStringLiteral("bad.json is not a span file");
    QTest::addRow("JSON of another kind") << QByteArrayLiteral(R"({"hello":"world"})") << true
                                          << QStringLiteral("bad.json is not a span file");
    QTest::addRow("every span invalid") << QByteArrayLiteral(R"({"spans":[{"trace_id":"t1"}]})")
                                        << true << QStringLiteral("holds no valid span");
    QTest::addRow("no spans at all")
        << QByteArrayLiteral(R"({"spans":[]})") << true << QStringLiteral("holds no spans");
}

void TstSpanFile::badFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, create);
    QFETCH(QString, mentions);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    if (create)
        writeFile(path, content);
    const ImportResult result = SpanFile::read(path);
    QVERIFY(result.spans.empty());
    QVERIFY2(result.error.contains(mentions), qPrintable(result.error));
}

void TstSpanFile::partlyValid()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("mixed.json"));
    writeFile(
        path,
        QByteArrayLiteral(
            R"({"spans":[{"trace_id":"t1","span_id":"s1","service":"a","operation":"op","start_unix_ms":1,"duration_ms":2},)"
            R"({"trace_id":"t1","span_id":"s2","operation":"no service","start_unix_ms":1,"duration_ms":2}]})"));
    const ImportResult result = SpanFile::read(path);
    QVERIFY(result.error.isEmpty());
    QCOMPARE(result.spans.size(), std::size_t(1));
    QCOMPARE(result.rejected, 1);
    QCOMPARE(result.errors.size(), 1);
}

void TstSpanFile::cancelledReadAndWrite()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("keep.json"));
    const std::vector<Span> spans = sample();
    QVERIFY(SpanFile::write(path, spans, ExportFormat::TraceflowJson).isEmpty());
    const QByteArray before = [&path] {
        QFile f(path);
        f.open(QIODevice::ReadOnly);
        return f.readAll();
    }();

    const ImportResult read = SpanFile::read(path, [](qint64, qint64) { return false; });
    QVERIFY(read.canceled);
    QVERIFY(read.spans.empty());

    // A cancelled export leaves the existing file as it was.
    const QString error =
        SpanFile::write(path, std::vector<Span>(spans.begin(), spans.begin() + 1),
                        ExportFormat::OtlpJson, [](qint64, qint64) { return false; });
    QVERIFY(!error.isEmpty());
    QFile after(path);
    QVERIFY(after.open(QIODevice::ReadOnly));
    QCOMPARE(after.readAll(), before);
}

QTEST_GUILESS_MAIN(TstSpanFile)
#include "tst_spanfile.moc"
