// SPDX-License-Identifier: MIT
// End to end with the real binaries: traceflow-collector, `traceflow-demo all` exporting to it
// and `traceflow-demo load` driving checkouts, all on free loopback ports. The collector must
// hold one trace per checkout, with the spans of the three services linked across processes.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <memory>

namespace {

struct RunningProcess
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    QByteArray output;

    void start(const QString &program, const QStringList &arguments)
    {
        process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QObject::connect(process.get(), &QProcess::readyReadStandardOutput, process.get(),
                         [this] { output += process->readAllStandardOutput(); });
        process->start(program, arguments);
    }
    // The first capture of `pattern` in the output, waiting up to ten seconds for it.
    QString waitFor(const QString &pattern)
    {
        const QRegularExpression expression(pattern);
        QRegularExpressionMatch match;
        static_cast<void>(QTest::qWaitFor([&] {
            match = expression.match(QString::fromUtf8(output));
            return match.hasMatch() || process->state() == QProcess::NotRunning;
        }, 10000));
        return match.captured(1);
    }
    // SIGTERM, as a service manager would: the demo flushes its spans and exits 0.
    int stop()
    {
        if (process->state() == QProcess::NotRunning)
            return process->exitCode();
        process->terminate();
        if (!process->waitForFinished(15000)) {
            process->kill();
            process->waitForFinished();
            return -1;
        }
        return process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
    }
    ~RunningProcess() { stop(); }
};

QJsonObject getJson(QNetworkAccessManager &network, const QString &url)
{
    QNetworkReply *reply = network.get(QNetworkRequest(QUrl(url)));
    static_cast<void>(QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000));
    const QJsonObject object = QJsonDocument::fromJson(reply->readAll()).object();
    delete reply;
    return object;
}

} // namespace

class TstDemoE2e : public QObject
{
    Q_OBJECT

private slots:
    void checkoutTraces_data();
    void checkoutTraces();
};

void TstDemoE2e::checkoutTraces_data()
{
    QTest::addColumn<QString>("exporter");
    QTest::addColumn<double>("errorRate");
    QTest::addRow("OTLP protobuf") << QStringLiteral("otlp") << 0.0;
    QTest::addRow("OTLP JSON") << QStringLiteral("otlp-json") << 0.0;
    QTest::addRow("TraceFlow JSON") << QStringLiteral("traceflow") << 0.0;
    QTest::addRow("injected failures, error rate 1") << QStringLiteral("otlp") << 1.0;
}

void TstDemoE2e::checkoutTraces()
{
    QFETCH(QString, exporter);
    QFETCH(double, errorRate);
    constexpr int Requests = 5;

    RunningProcess collector;
    collector.start(QStringLiteral(TRACEFLOW_COLLECTOR_BINARY),
                    {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--otlp-port"),
                     QStringLiteral("0")});
    const QString apiPort = collector.waitFor(QStringLiteral("127\\.0\\.0\\.1:(\\d+) \\(api\\)"));
    const QString otlpPort = collector.waitFor(QStringLiteral("127\\.0\\.0\\.1:(\\d+) \\(otlp\\)"));
    QVERIFY2(!apiPort.isEmpty() && !otlpPort.isEmpty(), collector.output.constData());

    RunningProcess demo;
    demo.start(QStringLiteral(TRACEFLOW_DEMO_BINARY),
               {QStringLiteral("all"), QStringLiteral("--port"), QStringLiteral("0"),
                QStringLiteral("--collector"), QStringLiteral("http://127.0.0.1:") + otlpPort,
                QStringLiteral("--exporter"), exporter, QStringLiteral("--latency-ms"),
                QStringLiteral("2"), QStringLiteral("--jitter-ms"), QStringLiteral("2"),
                QStringLiteral("--error-rate"), QString::number(errorRate)});
    const QString checkoutPort = demo.waitFor(QStringLiteral("checkout listening on http://127\\.0\\.0\\.1:(\\d+)"));
    QVERIFY2(!checkoutPort.isEmpty(), demo.output.constData());

    QProcess load;
    load.start(QStringLiteral(TRACEFLOW_DEMO_BINARY),
               {QStringLiteral("load"), QStringLiteral("--target"),
                QStringLiteral("http://127.0.0.1:%1/checkout").arg(checkoutPort),
                QStringLiteral("--requests"), QString::number(Requests),
                QStringLiteral("--concurrency"), QStringLiteral("2")});
    QVERIFY(load.waitForFinished(60000));
    const QString loadOutput = QString::fromUtf8(load.readAllStandardOutput());
    QCOMPARE(load.exitCode(), errorRate < 1 ? 0 : 1);
    QVERIFY2(loadOutput.contains(QStringLiteral("requests: %1\n").arg(Requests)), qPrintable(loadOutput));
    QVERIFY(loadOutput.contains(QStringLiteral("errors: %1\n").arg(errorRate < 1 ? 0 : Requests)));
    QVERIFY(loadOutput.contains(QStringLiteral("p99: ")));

    QStringList traceIds;
    const QRegularExpression line(QStringLiteral("^checkout: (\\{.*\\})$"), QRegularExpression::MultilineOption);
    for (auto it = line.globalMatch(loadOutput); it.hasNext();) {
        const QJsonObject body = QJsonDocument::fromJson(it.next().captured(1).toUtf8()).object();
        QCOMPARE(body[u"ok"].toBool(), errorRate < 1);
        traceIds.append(body[u"trace_id"].toString());
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{32}$")).match(traceIds.back()).hasMatch());
    }
    QCOMPARE(traceIds.size(), Requests);
    traceIds.removeDuplicates();
    QCOMPARE(traceIds.size(), Requests);

    // SIGTERM flushes what the batch processors still hold; then everything is queryable.
    QCOMPARE(demo.stop(), 0);
    QNetworkAccessManager network;
    const QString api = QStringLiteral("http://127.0.0.1:") + apiPort;
    QTRY_COMPARE_WITH_TIMEOUT(getJson(network, api + QStringLiteral("/api/traces"))[u"total"].toInt(),
                              Requests, 10000);

    for (const QString &traceId : std::as_const(traceIds)) {
        const QJsonObject trace = getJson(network, api + QStringLiteral("/api/traces/") + traceId);
        QHash<QString, QJsonObject> byName; // "<service> <operation>" -> span
        QHash<QString, QJsonObject> byId;
        for (const QJsonValue &value : trace[u"spans"].toArray()) {
            const QJsonObject span = value.toObject();
            QCOMPARE(span[u"trace_id"].toString(), traceId);
            byName.insert(span[u"service"].toString() + u' ' + span[u"operation"].toString(), span);
            byId.insert(span[u"span_id"].toString(), span);
        }
        const auto parentOf = [&](const QString &name) {
            return byId.value(byName.value(name)[u"parent_span_id"].toString());
        };
        const auto idOf = [&](const QString &name) { return byName.value(name)[u"span_id"].toString(); };
        QCOMPARE(trace[u"orphan_count"].toInt(), 0);
        const QJsonObject root = byName.value(QStringLiteral("checkout GET /checkout"));
        QCOMPARE(root[u"kind"].toString(), QStringLiteral("server"));
        QCOMPARE(root[u"parent_span_id"].toString(), QString());
        QCOMPARE(parentOf(QStringLiteral("checkout price cart"))[u"span_id"].toString(), root[u"span_id"].toString());

        if (errorRate >= 1) { // checkout itself fails before calling anyone
            QCOMPARE(byId.size(), 2);
            QCOMPARE(root[u"status"].toString(), QStringLiteral("error"));
            QCOMPARE(root[u"attributes"][u"http.response.status_code"].toInt(), 500);
            QCOMPARE(byName.value(QStringLiteral("checkout price cart"))[u"status"].toString(),
                     QStringLiteral("error"));
            continue;
        }
        QCOMPARE(byId.size(), 8);
        QCOMPARE(trace[u"services"].toArray().size(), 3);
        // The cross-process links: each server span's parent is checkout's client span.
        QCOMPARE(parentOf(QStringLiteral("checkout GET /inventory"))[u"span_id"].toString(), idOf(QStringLiteral("checkout GET /checkout")));
        QCOMPARE(parentOf(QStringLiteral("inventory GET /inventory"))[u"span_id"].toString(), idOf(QStringLiteral("checkout GET /inventory")));
        QCOMPARE(parentOf(QStringLiteral("inventory SELECT stock"))[u"span_id"].toString(), idOf(QStringLiteral("inventory GET /inventory")));
        QCOMPARE(parentOf(QStringLiteral("checkout POST /pay"))[u"span_id"].toString(), idOf(QStringLiteral("checkout GET /checkout")));
        QCOMPARE(parentOf(QStringLiteral("payment POST /pay"))[u"span_id"].toString(), idOf(QStringLiteral("checkout POST /pay")));
        QCOMPARE(parentOf(QStringLiteral("payment fraud check"))[u"span_id"].toString(), idOf(QStringLiteral("payment POST /pay")));
        QCOMPARE(byName.value(QStringLiteral("checkout GET /inventory"))[u"kind"].toString(), QStringLiteral("client"));
        QCOMPARE(byName.value(QStringLiteral("payment POST /pay"))[u"kind"].toString(), QStringLiteral("server"));
        QCOMPARE(byName.value(QStringLiteral("payment POST /pay"))[u"attributes"][u"http.request.method"].toString(),
                 QStringLiteral("POST"));
        QCOMPARE(root[u"attributes"][u"http.response.status_code"].toInt(), 200);
        QCOMPARE(trace[u"error_count"].toInt(), 0);
    }
    QCOMPARE(collector.stop(), 0);
}

QTEST_GUILESS_MAIN(TstDemoE2e)
#include "tst_demo_e2e.moc"
