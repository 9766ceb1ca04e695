// SPDX-License-Identifier: MIT
// The batching processor and the HTTP exporter against a real HTTP server on loopback.
#include "batchspanprocessor.h"
#include "httpspanexporter.h"
#include "protoreader.h"
#include "recordingserver.h"
#include "tracer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace traceflow::sdk;
using namespace std::chrono_literals;
using Format = HttpSpanExporter::Format;

namespace {

// Span names in an ExportTraceServiceRequest, read with the independent test reader.
QStringList protobufSpanNames(const QByteArray &body)
{
    QStringList names;
    for (const ProtoField &resourceSpans : ProtoReader::all(ProtoReader::fields(body), 1)) {
        for (const ProtoField &scopeSpans :
             ProtoReader::all(ProtoReader::fields(resourceSpans.bytes), 2)) {
            for (const ProtoField &span : ProtoReader::all(ProtoReader::fields(scopeSpans.bytes), 2))
                names.append(QString::fromUtf8(ProtoReader::first(ProtoReader::fields(span.bytes), 5).bytes));
        }
    }
    return names;
}

qint64 msBetween(const RecordingServer::Request &a, const RecordingServer::Request &b)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(b.received - a.received).count();
}

} // namespace

class TstExporter : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void batchSizes();
    void scheduleDelayExportsWithoutFlush();
    void flushOnShutdown();
    void formats_data();
    void formats();
    void retry_data();
    void retry();
    void notRetried_data();
    void notRetried();
    void givesUpAfterMaxAttempts();
    void retryAfterBeyondLimitGivesUp();
    void queueFullDropsAreCounted();
    void unreachableCollectorFailsFast();
    void parseRetryAfter_data();
    void parseRetryAfter();
    void endpointFor_data();
    void endpointFor();

private:
    void setUpPipeline(const BatchOptions &batch, const HttpSpanExporter::Options &options = {});
    void endSpans(int count, const QString &prefix = QStringLiteral("span"));

    std::unique_ptr<RecordingServer> m_server;
    std::shared_ptr<HttpSpanExporter> m_exporter;
    std::shared_ptr<BatchSpanProcessor> m_processor;
    std::unique_ptr<Tracer> m_tracer;
};

void TstExporter::init()
{
    m_server = std::make_unique<RecordingServer>();
}

void TstExporter::cleanup()
{
    if (m_processor)
        m_processor->shutdown();
    m_tracer.reset();
    m_processor.reset();
    m_exporter.reset();
    m_server.reset();
}

void TstExporter::setUpPipeline(const BatchOptions &batch, const HttpSpanExporter::Options &options)
{
    m_exporter = std::make_shared<HttpSpanExporter>(
        QUrl(QString::fromLatin1(m_server->baseUrl())), options);
    m_processor = std::make_shared<BatchSpanProcessor>(m_exporter, batch);
    m_tracer = std::make_unique<Tracer>(QStringLiteral("exporter-test"), m_processor);
}

void TstExporter::endSpans(int count, const QString &prefix)
{
    for (int i = 0; i < count; ++i)
        m_tracer->startSpan(prefix + QString::number(i)).end();
}

void TstExporter::batchSizes()
{
    setUpPipeline({1000, 10, 60s});
    endSpans(25);
    // Full batches go out without waiting for the (long) schedule delay.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requestCount(), 2, 10000);
    QVERIFY(m_processor->forceFlush(10s));
    const auto requests = m_server->requests();
    QCOMPARE(requests.size(), 3);
    QCOMPARE(protobufSpanNames(requests[0].body).size(), 10);
    QCOMPARE(protobufSpanNames(requests[1].body).size(), 10);
    QCOMPARE(protobufSpanNames(requests[2].body).size(), 5);
    QStringList all;
    for (const auto &request : requests)
        all += protobufSpanNames(request.body);
    for (int i = 0; i < 25; ++i)
        QCOMPARE(all[i], QStringLiteral("span%1").arg(i)); // order kept
    const auto stats = m_processor->stats();
    QCOMPARE(stats.accepted, 25u);
    QCOMPARE(stats.exported, 25u);
    QCOMPARE(stats.batches, 3u);
    QCOMPARE(stats.dropped, 0u);
}

void TstExporter::scheduleDelayExportsWithoutFlush()
{
    setUpPipeline({1000, 100, 200ms});
    endSpans(3);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requestCount(), 1, 5000);
    QCOMPARE(protobufSpanNames(m_server->requests().front().body).size(), 3);
}

void TstExporter::flushOnShutdown()
{
    setUpPipeline({1000, 512, 60s});
    endSpans(7);
    QCOMPARE(m_server->requestCount(), 0);
    m_tracer->shutdown();
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(protobufSpanNames(m_server->requests().front().body).size(), 7);
    endSpans(1); // after shutdown: refused and counted
    QCOMPARE(m_processor->stats().dropped, 1u);
    QCOMPARE(m_processor->stats().exported, 7u);
}

void TstExporter::formats_data()
{
    QTest::addColumn<Format>("format");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addRow("OTLP protobuf") << Format::OtlpProtobuf << QByteArray("/v1/traces")
                                   << QByteArray("application/x-protobuf");
    QTest::addRow("OTLP JSON") << Format::OtlpJson << QByteArray("/v1/traces")
                               << QByteArray("application/json");
    QTest::addRow("TraceFlow JSON") << Format::TraceFlowJson << QByteArray("/api/spans")
                                    << QByteArray("application/json");
}

void TstExporter::formats()
{
    QFETCH(Format, format);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, contentType);
    HttpSpanExporter::Options options;
    options.format = format;
    options.headers = {{"Authorization", "Bearer t"}};
    setUpPipeline({1000, 512, 60s}, options);
    // A big batch (over 1 MiB) is where clients that use Expect: 100-continue would send it.
    for (int i = 0; i < 300; ++i) {
        Span span = m_tracer->startSpan(QStringLiteral("big%1").arg(i));
        span.setAttribute(QStringLiteral("payload"), QString(4000, u'x'));
    }
    QVERIFY(m_processor->forceFlush(20s));
    const auto requests = m_server->requests();
    QCOMPARE(requests.size(), 1);
    const auto &request = requests.front();
    QVERIFY(request.body.size() > 1'000'000);
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, path);
    QCOMPARE(request.header("Content-Type"), contentType);
    QCOMPARE(request.header("Content-Length"), QByteArray::number(request.body.size()));
    QCOMPARE(request.header("Authorization"), QByteArray("Bearer t"));
    QVERIFY(!request.hasHeader("Expect"));
    if (format == Format::OtlpProtobuf) {
        QCOMPARE(protobufSpanNames(request.body).size(), 300);
    } else {
        const QJsonObject root = QJsonDocument::fromJson(request.body).object();
        const int count = format == Format::OtlpJson
            ? root[u"resourceSpans"][0][u"scopeSpans"][0][u"spans"].toArray().size()
            : root[u"spans"].toArray().size();
        QCOMPARE(count, 300);
    }
}

void TstExporter::retry_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<int>("minimumGapMs");
    // Without Retry-After the first backoff is a random delay in [100, 200] ms.
    QTest::addRow("503 with Retry-After 1") << 503 << QByteArray("1") << 950;
    QTest::addRow("503 without Retry-After") << 503 << QByteArray() << 95;
    QTest::addRow("429 with Retry-After 1") << 429 << QByteArray("1") << 950;
    QTest::addRow("502") << 502 << QByteArray() << 95;
    QTest::addRow("504") << 504 << QByteArray() << 95;
}

void TstExporter::retry()
{
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    QFETCH(int, minimumGapMs);
    HttpSpanExporter::Options options;
    options.initialBackoff = 200ms;
    setUpPipeline({1000, 512, 60s}, options);
    m_server->plan({{status, retryAfter, 0ms}});
    endSpans(4);
    QVERIFY(m_processor->forceFlush(20s));
    const auto requests = m_server->requests();
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests[1].body, requests[0].body);
    QVERIFY2(msBetween(requests[0], requests[1]) >= minimumGapMs,
             qPrintable(QString::number(msBetween(requests[0], requests[1]))));
    const auto stats = m_exporter->stats();
    QCOMPARE(stats.requests, 2u);
    QCOMPARE(stats.retries, 1u);
    QCOMPARE(stats.succeeded, 1u);
    QCOMPARE(stats.failed, 0u);
    QCOMPARE(m_processor->stats().exported, 4u);
}

void TstExporter::notRetried_data()
{
    QTest::addColumn<int>("status");
    QTest::addRow("400 bad request") << 400;
    QTest::addRow("404 not found") << 404;
    QTest::addRow("413 too large") << 413;
    QTest::addRow("500 internal error") << 500;
}

void TstExporter::notRetried()
{
    QFETCH(int, status);
    setUpPipeline({1000, 512, 60s});
    m_server->plan({{status, "1", 0ms}});
    endSpans(2);
    QVERIFY(m_processor->forceFlush(20s));
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(m_exporter->stats().failed, 1u);
    QCOMPARE(m_exporter->stats().lastStatus, status);
    QCOMPARE(m_processor->stats().failed, 2u);
}

void TstExporter::givesUpAfterMaxAttempts()
{
    HttpSpanExporter::Options options;
    options.maxAttempts = 3;
    options.initialBackoff = 20ms;
    setUpPipeline({1000, 512, 60s}, options);
    m_server->plan({{503, {}, 0ms}, {503, {}, 0ms}, {503, {}, 0ms}, {503, {}, 0ms}});
    endSpans(1);
    QVERIFY(m_processor->forceFlush(20s));
    QCOMPARE(m_server->requestCount(), 3);
    QCOMPARE(m_exporter->stats().retries, 2u);
    QCOMPARE(m_exporter->stats().failed, 1u);
    QCOMPARE(m_processor->stats().failed, 1u);
}

void TstExporter::retryAfterBeyondLimitGivesUp()
{
    HttpSpanExporter::Options options;
    options.maxRetryAfter = 5s;
    setUpPipeline({1000, 512, 60s}, options);
    m_server->plan({{503, "120", 0ms}});
    endSpans(1);
    QVERIFY(m_processor->forceFlush(3s));
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(m_exporter->stats().failed, 1u);
}

void TstExporter::queueFullDropsAreCounted()
{
    setUpPipeline({5, 5, 10ms});
    m_server->plan({{200, {}, 1500ms}}); // the first export is slow: the worker is busy
    endSpans(5, QStringLiteral("first"));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requestCount(), 1, 5000);
    QElapsedTimer timer;
    timer.start();
    endSpans(20, QStringLiteral("second"));
    const qint64 endingMs = timer.elapsed();
    auto stats = m_processor->stats();
    QCOMPARE(stats.accepted, 10u);
    QCOMPARE(stats.dropped, 15u);
    QCOMPARE(stats.queued, 5);
    QVERIFY2(endingMs < 500, "ending spans must not wait for the exporter");
    QVERIFY(m_processor->forceFlush(10s));
    stats = m_processor->stats();
    QCOMPARE(stats.exported, 10u);
    QCOMPARE(m_server->requestCount(), 2);
    QCOMPARE(protobufSpanNames(m_server->requests()[1].body).front(), QStringLiteral("second0"));
}

void TstExporter::unreachableCollectorFailsFast()
{
    const QByteArray url = m_server->baseUrl();
    m_server.reset(); // nothing listens on that port any more
    m_exporter = std::make_shared<HttpSpanExporter>(QUrl(QString::fromLatin1(url)));
    m_processor = std::make_shared<BatchSpanProcessor>(m_exporter, BatchOptions{100, 10, 60s});
    m_tracer = std::make_unique<Tracer>(QStringLiteral("t"), m_processor);
    endSpans(3);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(m_processor->forceFlush(10s));
    QVERIFY(timer.elapsed() < 3000);
    QCOMPARE(m_processor->stats().failed, 3u);
    QCOMPARE(m_exporter->stats().lastStatus, 0);
}

void TstExporter::parseRetryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expectedMs"); // -1: not a Retry-After value
    QTest::addRow("seconds") << QByteArray("3") << qint64(3000);
    QTest::addRow("zero") << QByteArray("0") << qint64(0);
    QTest::addRow("with spaces") << QByteArray(" 2 ") << qint64(2000);
    QTest::addRow("negative") << QByteArray("-1") << qint64(-1);
    QTest::addRow("garbage") << QByteArray("soon") << qint64(-1);
    QTest::addRow("empty") << QByteArray() << qint64(-1);
    QTest::addRow("HTTP-date 90 s ahead") << QByteArray("Wed, 21 Oct 2015 07:29:30 GMT") << qint64(90000);
    QTest::addRow("HTTP-date in the past") << QByteArray("Wed, 21 Oct 2015 07:27:00 GMT") << qint64(0);
    QTest::addRow("HTTP-date without GMT") << QByteArray("Wed, 21 Oct 2015 07:29:30") << qint64(-1);
}

void TstExporter::parseRetryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expectedMs);
    const QDateTime now(QDate(2015, 10, 21), QTime(7, 28, 0), Qt::UTC);
    const auto delay = HttpSpanExporter::parseRetryAfter(value, now);
    QCOMPARE(delay ? qint64(delay->count()) : qint64(-1), expectedMs);
}

void TstExporter::endpointFor_data()
{
    QTest::addColumn<QString>("collector");
    QTest::addColumn<Format>("format");
    QTest::addColumn<QString>("expected");
    QTest::addRow("base URL, OTLP") << QStringLiteral("http://127.0.0.1:4318") << Format::OtlpProtobuf
                                    << QStringLiteral("http://127.0.0.1:4318/v1/traces");
    QTest::addRow("trailing slash") << QStringLiteral("http://h:1/") << Format::OtlpJson
                                    << QStringLiteral("http://h:1/v1/traces");
    QTest::addRow("TraceFlow JSON") << QStringLiteral("http://h:1") << Format::TraceFlowJson
                                    << QStringLiteral("http://h:1/api/spans");
    QTest::addRow("prefix path kept") << QStringLiteral("http://h:1/otel") << Format::OtlpProtobuf
                                      << QStringLiteral("http://h:1/otel/v1/traces");
    QTest::addRow("full endpoint kept") << QStringLiteral("http://h:1/v1/traces")
                                        << Format::OtlpProtobuf << QStringLiteral("http://h:1/v1/traces");
}

void TstExporter::endpointFor()
{
    QFETCH(QString, collector);
    QFETCH(Format, format);
    QFETCH(QString, expected);
    QCOMPARE(HttpSpanExporter::endpointFor(QUrl(collector), format).toString(), expected);
}

QTEST_GUILESS_MAIN(TstExporter)
#include "tst_exporter.moc"
