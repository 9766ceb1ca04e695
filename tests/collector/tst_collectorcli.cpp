// SPDX-License-Identifier: MIT
// End-to-end: traceflow-collector as a process: command line, ports, signals, auth, CORS.
#include "collectorprocess.h"
#include "httptestclient.h"

#include <QTcpServer>
#include <QTemporaryFile>
#include <QTest>
#include <QThread>

#include <csignal>

using namespace traceflow;

namespace {
const QByteArray SeedBody = R"({"spans":[{"trace_id":"trace-1","span_id":"span-1","service":"checkout","operation":"checkout.request","start_unix_ms":1710000000000,"duration_ms":42,"status":"ok"}]})";

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runToEnd(const QStringList &arguments)
{
    QProcess p;
    p.start(CollectorProcess::binaryPath(), arguments);
    Run run;
    if (p.waitForFinished(15000) && p.exitStatus() == QProcess::NormalExit)
        run.exitCode = p.exitCode();
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}
} // namespace

class TstCollectorCli : public QObject
{
    Q_OBJECT

private slots:
    void helpAndVersion()
    {
        const Run help = runToEnd({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        for (const char *option : {"--bind", "--port", "--otlp-port", "--max-spans", "--max-bytes",
                                   "--max-body", "--auth-token", "--cors-origin", "--config"})
            QVERIFY2(help.out.contains(option), option);
        const Run version = runToEnd({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.contains(TRACEFLOW_VERSION));
    }

    void invalidArguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("mentions");
        QTest::addRow("port out of range") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")} << QByteArray("port");
        QTest::addRow("not an address") << QStringList{QStringLiteral("--bind"), QStringLiteral("somewhere")} << QByteArray("bind");
        QTest::addRow("missing config file") << QStringList{QStringLiteral("--config"), QStringLiteral("/nonexistent/c.json")} << QByteArray("/nonexistent/c.json");
        QTest::addRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << QByteArray("frobnicate");
    }
    void invalidArguments()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, mentions);
        const Run run = runToEnd(arguments);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(mentions), run.err.constData());
    }

    void busyPort_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QByteArray>("role");
        QTest::addRow("api port") << QStringLiteral("--port") << QByteArray("(api)");
        QTest::addRow("otlp port") << QStringLiteral("--otlp-port") << QByteArray("(otlp)");
    }
    void busyPort()
    {
        QFETCH(QString, option);
        QFETCH(QByteArray, role);
        QTcpServer occupant;
        QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
        const QString port = QString::number(occupant.serverPort());
        // The other port is free (0), whatever else runs on this machine.
        const QString other = option == u"--port" ? QStringLiteral("--otlp-port")
                                                  : QStringLiteral("--port");
        const Run run = runToEnd({option, port, other, QStringLiteral("0")});
        QCOMPARE(run.exitCode, 1);
        const QByteArray message = "cannot listen on 127.0.0.1:" + port.toUtf8() + ' ' + role;
        QVERIFY2(run.err.contains(message), run.err.constData());
        QVERIFY(!run.out.contains("listening"));
    }

    void onePortForBoth()
    {
        const QString port = QString::number(freePort());
        CollectorProcess collector({QStringLiteral("--port"), port, QStringLiteral("--otlp-port"), port});
        QVERIFY(collector.start());
        QCOMPARE(collector.apiPort(), collector.otlpPort());
        HttpTestClient client(collector.apiPort());
        QCOMPARE(client.post("/api/spans", SeedBody, "application/json").status, 202);
        QCOMPARE(client.post("/v1/traces", {}, "application/x-protobuf").status, 200);
        QCOMPARE(collector.terminate(), 0);
    }

    // SIGTERM: no new connections, the request being received is answered, exit 0.
    void sigtermFinishesInFlightRequests()
    {
        CollectorProcess collector;
        QVERIFY(collector.start());
        HttpTestClient inFlight(collector.apiPort());
        QVERIFY(inFlight.sendRaw("POST /api/spans HTTP/1.1\r\nContent-Type: application/json\r\n"
                                 "Content-Length: " + QByteArray::number(SeedBody.size()) + "\r\n\r\n"
                                 + SeedBody.left(40)));
        QThread::msleep(100); // the head has arrived: the request is in flight
        ::kill(static_cast<pid_t>(collector.pid()), SIGTERM);
        QThread::msleep(200);
        HttpTestClient late(collector.apiPort());
        QCOMPARE(late.get("/health").status, 0); // no longer accepting
        QVERIFY(inFlight.sendRaw(SeedBody.mid(40)));
        const HttpTestResponse r = inFlight.readResponse(5000);
        QCOMPARE(r.status, 202);
        JSON_COMPARE(r.json()["accepted"], 1);
        QCOMPARE(collector.waitForExit(), 0);
    }

    void sigintExitsCleanly()
    {
        CollectorProcess collector;
        QVERIFY(collector.start());
        HttpTestClient client(collector.apiPort());
        QCOMPARE(client.post("/api/spans", SeedBody, "application/json").status, 202);
        ::kill(static_cast<pid_t>(collector.pid()), SIGINT);
        QCOMPARE(collector.waitForExit(), 0);
    }

    void authToken()
    {
        CollectorProcess collector({QStringLiteral("--auth-token"), QStringLiteral("s3cret")});
        QVERIFY(collector.start());
        for (quint16 port : {collector.apiPort(), collector.otlpPort()}) {
            HttpTestClient client(port);
            QCOMPARE(client.get("/health").status, 200);
            const HttpTestResponse denied = client.get("/api/traces");
            QCOMPARE(denied.status, 401);
            QCOMPARE(denied.header("WWW-Authenticate"), QByteArray("Bearer"));
            QVERIFY(denied.json()["error"].is_string());
            QCOMPARE(client.get("/api/traces", {{"Authorization", "Bearer wrong"}}).status, 401);
            QCOMPARE(client.get("/api/traces", {{"Authorization", "s3cret"}}).status, 401);
            QCOMPARE(client.get("/metrics").status, 401);
            QCOMPARE(client.post("/api/spans", SeedBody, "application/json").status, 401);
            QCOMPARE(client.get("/api/traces", {{"Authorization", "Bearer s3cret"}}).status, 200);
            QCOMPARE(client.post("/api/spans", SeedBody, "application/json",
                                 {{"Authorization", "bearer s3cret"}}).status, 202);
        }
        QCOMPARE(collector.terminate(), 0);
    }

    void cors()
    {
        CollectorProcess collector({QStringLiteral("--cors-origin"), QStringLiteral("https://ui.example")});
        QVERIFY(collector.start());
        HttpTestClient client(collector.apiPort());
        const HttpTestResponse get = client.get("/api/services", {{"Origin", "https://ui.example"}});
        QCOMPARE(get.status, 200);
        QCOMPARE(get.header("Access-Control-Allow-Origin"), QByteArray("https://ui.example"));
        const HttpTestResponse preflight = client.request(
            "OPTIONS", "/v1/traces", {},
            {{"Origin", "https://ui.example"}, {"Access-Control-Request-Method", "POST"},
             {"Access-Control-Request-Headers", "content-type"}});
        QCOMPARE(preflight.status, 204);
        QCOMPARE(preflight.header("Access-Control-Allow-Origin"), QByteArray("https://ui.example"));
        QVERIFY(preflight.header("Access-Control-Allow-Methods").contains("POST"));
        QCOMPARE(preflight.header("Access-Control-Allow-Headers"), QByteArray("content-type"));
        QCOMPARE(collector.terminate(), 0);

        CollectorProcess plain;
        QVERIFY(plain.start());
        HttpTestClient plainClient(plain.apiPort());
        QVERIFY(plainClient.get("/api/services", {{"Origin", "https://ui.example"}})
                    .header("Access-Control-Allow-Origin").isEmpty());
        QCOMPARE(plainClient.request("OPTIONS", "/v1/traces").status, 405);
        QCOMPARE(plain.terminate(), 0);
    }

    // Options come from the file; the command line wins over it.
    void configFile()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write(R"({"port": 0, "otlp-port": 0, "auth-token": "from-file", "max-body": 100})");
        file.flush();
        CollectorProcess collector({QStringLiteral("--config"), file.fileName()});
        QVERIFY(collector.start());
        HttpTestClient client(collector.apiPort());
        QCOMPARE(client.get("/api/traces", {{"Authorization", "Bearer from-file"}}).status, 200);
        QCOMPARE(client.post("/api/spans", SeedBody, "application/json",
                             {{"Authorization", "Bearer from-file"}}).status, 413);
        QCOMPARE(collector.terminate(), 0);

        CollectorProcess overridden({QStringLiteral("--config"), file.fileName(),
                                     QStringLiteral("--auth-token"), QStringLiteral("cli")});
        QVERIFY(overridden.start());
        HttpTestClient other(overridden.apiPort());
        QCOMPARE(other.get("/api/traces", {{"Authorization", "Bearer from-file"}}).status, 401);
        QCOMPARE(other.get("/api/traces", {{"Authorization", "Bearer cli"}}).status, 200);
        QCOMPARE(overridden.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TstCollectorCli)
#include "tst_collectorcli.moc"
