// SPDX-License-Identifier: MIT
// End-to-end: traceflow-collector --storage file:PATH keeps traces across restarts, a kill -9
// included, and starts afresh (keeping the damaged file) when the store is unreadable.
#include "collectorprocess.h"
#include "httptestclient.h"
#include "testspans.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace traceflow;

namespace {
constexpr int Traces = 40;
constexpr int FlushMs = 200;

QByteArray traceIdOf(int i)
{
    return QByteArray::number(i).rightJustified(32, '0').replace('0', 'a');
}

// Posts Traces checkout traces (three spans each) in four requests, in two formats.
void postAll(quint16 port, int first = 0)
{
    HttpTestClient client(port);
    const qint64 now = QDateTime::currentMSecsSinceEpoch() * 1'000'000;
    for (int request = 0; request < 4; ++request) {
        std::vector<Span> spans;
        for (int i = first + request * Traces / 4; i < first + (request + 1) * Traces / 4; ++i) {
            const std::vector<Span> t =
                TestSpans::checkoutTrace(QString::fromLatin1(traceIdOf(i)), now + i * 1000);
            spans.insert(spans.end(), t.begin(), t.end());
        }
        const auto format = request % 2 ? TestSpans::Format::OtlpProtobuf
                                        : TestSpans::Format::TraceflowJson;
        const HttpTestResponse r = client.post(TestSpans::path(format),
                                               TestSpans::encode(format, spans),
                                               TestSpans::contentType(format));
        QVERIFY2(r.status == 200 || r.status == 202, r.body.constData());
    }
}

void expectAll(quint16 port, int first = 0)
{
    HttpTestClient client(port);
    for (int i = first; i < first + Traces; ++i) {
        const HttpTestResponse r = client.get("/api/traces/" + traceIdOf(i));
        QVERIFY2(r.status == 200, traceIdOf(i).constData());
        QCOMPARE(r.json().value("span_count", 0), 3);
        QCOMPARE(r.json()["spans"].size(), 3u);
    }
    const HttpTestResponse list = client.get("/api/traces?limit=1000&service=frontend");
    QCOMPARE(list.status, 200);
    QCOMPARE(list.json().value("total", 0), first + Traces);
}
} // namespace

class TstStorageE2e : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void survivesKill9();
    void gracefulStopCommitsEverything();
    void unreadableStoreIsKeptAside();
    void badStorageOption();
};

void TstStorageE2e::survivesKill9()
{
    QTemporaryDir dir;
    const QString store = QStringLiteral("file:") + dir.filePath(QStringLiteral("traces.db"));
    const QStringList args{QStringLiteral("--storage"), store, QStringLiteral("--flush-interval"),
                           QString::number(FlushMs)};
    {
        CollectorProcess first(args);
        QVERIFY(first.start());
        postAll(first.apiPort());
        if (QTest::currentTestFailed())
            return;
        // The promise: what was accepted more than a flush interval ago is on disk.
        QThread::msleep(3 * FlushMs);
        first.process().kill(); // SIGKILL: no shutdown code runs
        QVERIFY(first.process().waitForFinished(10000));
        QCOMPARE(first.process().exitStatus(), QProcess::CrashExit);
    }
    CollectorProcess second(args);
    QVERIFY(second.start());
    QVERIFY(second.standardError().contains("loaded 120 spans"));
    expectAll(second.apiPort());
    // And it keeps writing: more traces, then a graceful stop and a third start.
    postAll(second.apiPort(), Traces);
    QCOMPARE(second.terminate(), 0);
    CollectorProcess third(args);
    QVERIFY(third.start());
    HttpTestClient client(third.apiPort());
    QCOMPARE(client.get("/api/traces?limit=1000&service=frontend").json().value("total", 0),
             2 * Traces);
    const QByteArray metrics = client.get("/metrics").body;
    QVERIFY(metrics.contains("traceflow_storage_loaded_spans 240\n"));
    QVERIFY(metrics.contains("traceflow_storage_writable 1\n"));
}

void TstStorageE2e::gracefulStopCommitsEverything()
{
    QTemporaryDir dir;
    // A long interval: only the shutdown can have committed these.
    const QStringList args{QStringLiteral("--storage"),
                           QStringLiteral("file:") + dir.filePath(QStringLiteral("t.db")),
                           QStringLiteral("--flush-interval"), QStringLiteral("60s")};
    {
        CollectorProcess first(args);
        QVERIFY(first.start());
        postAll(first.apiPort());
        QCOMPARE(first.terminate(), 0);
    }
    CollectorProcess second(args);
    QVERIFY(second.start());
    expectAll(second.apiPort());
}

void TstStorageE2e::unreadableStoreIsKeptAside()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("traces.db"));
    QFile garbage(path);
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write(QByteArray(8192, 'x'));
    garbage.close();
    CollectorProcess collector({QStringLiteral("--storage"), QStringLiteral("file:") + path});
    QVERIFY(collector.start());
    const QByteArray err = collector.standardError();
    QVERIFY2(err.contains("is unreadable") && err.contains(".corrupt-"), err.constData());
    QCOMPARE(QDir(dir.path()).entryList({QStringLiteral("traces.db.corrupt-*")}).size(), 1);
    postAll(collector.apiPort());
    HttpTestClient client(collector.apiPort());
    QTRY_COMPARE(client.get("/api/traces?limit=1000").json().value("total", 0), Traces);
}

void TstStorageE2e::badStorageOption()
{
    QProcess p;
    p.start(CollectorProcess::binaryPath(), {QStringLiteral("--storage"), QStringLiteral("disk")});
    QVERIFY(p.waitForFinished(15000));
    QCOMPARE(p.exitCode(), 1);
    QVERIFY(p.readAllStandardError().contains("expected memory, file:PATH or clickhouse"));
}

QTEST_GUILESS_MAIN(TstStorageE2e)
#include "tst_storage_e2e.moc"
