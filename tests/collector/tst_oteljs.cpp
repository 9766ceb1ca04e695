// SPDX-License-Identifier: MIT
// What real instrumentation sends: OpenTelemetry JS (sdk-trace-base with the OTLP/HTTP JSON,
// OTLP/HTTP protobuf and Zipkin exporters) exports a multi-service trace to the real
// collector binary, and the trace must come back complete through /api/traces/{id}.
// Needs node and npm (installer/setup.sh's test packages); node_modules is cached in the
// build directory.
#include "collectorprocess.h"
#include "httptestclient.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

#include <memory>

using namespace traceflow;

namespace {
const QString ScriptDir = QStringLiteral(TRACEFLOW_OTEL_JS_DIR);

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly)
        ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex()
        : QByteArray();
}
} // namespace

class TstOtelJs : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        const QString npm = QStandardPaths::findExecutable(QStringLiteral("npm"));
        QVERIFY2(!node.isEmpty() && !npm.isEmpty(),
                 "node and npm are needed (installer/setup.sh installs them for the tests)");

        // npm ci once per package-lock.json; the stamp records which one was installed.
        const QString stampPath = ScriptDir + QStringLiteral("/node_modules/.traceflow-lock-hash");
        const QByteArray lockHash = fileHash(ScriptDir + QStringLiteral("/package-lock.json"));
        QFile stamp(stampPath);
        if (!stamp.open(QIODevice::ReadOnly) || stamp.readAll() != lockHash) {
            QProcess install;
            install.setWorkingDirectory(ScriptDir);
            install.setProcessChannelMode(QProcess::MergedChannels);
            install.start(npm, {QStringLiteral("ci"), QStringLiteral("--no-audit"),
                                QStringLiteral("--no-fund"), QStringLiteral("--loglevel=error")});
            const bool done = install.waitForFinished(300'000);
            const QByteArray log = install.readAll();
            if (!done || install.exitStatus() != QProcess::NormalExit || install.exitCode() != 0)
                QSKIP(qPrintable(QStringLiteral("npm ci could not install the OpenTelemetry "
                                                "packages (no registry access?):\n")
                                 + QString::fromUtf8(log)));
            QFile out(stampPath);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(lockHash);
        }

        m_collector = std::make_unique<CollectorProcess>();
        QVERIFY(m_collector->start());
        QProcess script;
        script.setWorkingDirectory(ScriptDir);
        script.start(node, {QStringLiteral("export.js"),
                            QStringLiteral("http://127.0.0.1:%1").arg(m_collector->otlpPort()),
                            QStringLiteral("http://127.0.0.1:%1").arg(m_collector->apiPort())});
        QVERIFY(script.waitForFinished(120'000));
        const QByteArray errors = script.readAllStandardError();
        QVERIFY2(script.exitStatus() == QProcess::NormalExit && script.exitCode() == 0,
                 errors.constData());
        for (const QByteArray &line : script.readAllStandardOutput().split('\n')) {
            const nlohmann::json j = nlohmann::json::parse(line.constBegin(), line.constEnd(), nullptr, false);
            if (j.is_object())
                m_traceIds[j["exporter"].get<std::string>()] = j["trace_id"].get<std::string>();
        }
        QCOMPARE(m_traceIds.size(), std::size_t(3));
    }
    void cleanupTestCase()
    {
        if (m_collector)
            QCOMPARE(m_collector->terminate(), 0);
    }

    void traceArrivesComplete_data()
    {
        QTest::addColumn<QByteArray>("exporter");
        QTest::addRow("otlp/http json") << QByteArray("otlp_http_json");
        QTest::addRow("otlp/http protobuf") << QByteArray("otlp_http_proto");
        QTest::addRow("zipkin") << QByteArray("zipkin");
    }
    void traceArrivesComplete()
    {
        QFETCH(QByteArray, exporter);
        const bool zipkin = exporter == "zipkin";
        const std::string traceId = m_traceIds[exporter.toStdString()];
        QCOMPARE(traceId.size(), std::size_t(32));
        HttpTestClient client(m_collector->apiPort());
        nlohmann::json trace = nlohmann::json::object();
        for (int i = 0; i < 250 && trace.value("span_count", 0) < 4; ++i) {
            if (i)
                QThread::msleep(20);
            const HttpTestResponse r = client.get("/api/traces/" + QByteArray::fromStdString(traceId));
            if (r.status == 200)
                trace = r.json();
        }
        JSON_COMPARE(trace["trace_id"], traceId);
        JSON_COMPARE(trace["span_count"], 4);
        JSON_COMPARE(trace["services"], nlohmann::json::parse(R"(["frontend","orders","payments"])"));
        JSON_COMPARE(trace["root_service"], "frontend");
        JSON_COMPARE(trace["root_operation"], "GET /checkout");
        JSON_COMPARE(trace["status"], "error");

        const nlohmann::json *root = spanNamed(trace, "GET /checkout");
        const nlohmann::json *call = spanNamed(trace, "POST /orders");
        const nlohmann::json *server = spanNamed(trace, "create order");
        const nlohmann::json *charge = spanNamed(trace, "charge card");
        QVERIFY(root && call && server && charge);
        // Parent links across services.
        JSON_COMPARE((*root)["parent_span_id"], "");
        JSON_COMPARE((*call)["parent_span_id"], (*root)["span_id"]);
        JSON_COMPARE((*server)["parent_span_id"], (*call)["span_id"]);
        JSON_COMPARE((*charge)["parent_span_id"], (*server)["span_id"]);
        JSON_COMPARE((*call)["service"], "frontend");
        JSON_COMPARE((*server)["service"], "orders");
        JSON_COMPARE((*charge)["service"], "payments");
        JSON_COMPARE((*root)["kind"], "server");
        JSON_COMPARE((*call)["kind"], "client");
        JSON_COMPARE((*server)["kind"], "server");
        // Zipkin has no INTERNAL kind: such spans are sent without one.
        JSON_COMPARE((*charge)["kind"], zipkin ? "unspecified" : "internal");
        QCOMPARE((*root)["duration_ms"].get<double>(), 120.0);
        QCOMPARE((*server)["duration_ms"].get<double>(), 90.0);
        QCOMPARE((*charge)["start_unix_nano"].get<qint64>() - (*root)["start_unix_nano"].get<qint64>(),
                 qint64(20'000'000));

        // Error status with its message.
        JSON_COMPARE((*server)["status"], "error");
        JSON_COMPARE((*server)["status_message"], "card declined");
        JSON_COMPARE((*charge)["status"], "unset");

        // Attributes (Zipkin carries tags as strings) and events (Zipkin annotations carry
        // only the event name).
        const nlohmann::json &attributes = (*root)["attributes"];
        JSON_COMPARE(attributes["http.method"], "GET");
        JSON_COMPARE((*call)["attributes"]["peer.service"], "orders");
        QCOMPARE((*server)["events"].size(), std::size_t(1));
        JSON_COMPARE((*server)["events"][0]["name"], "payment.declined");
        if (zipkin) {
            JSON_COMPARE(attributes["http.status_code"], "200");
            JSON_COMPARE(attributes["cart.total"], "42.5");
        } else {
            JSON_COMPARE(attributes["http.status_code"], 200);
            JSON_COMPARE(attributes["http.retry"], false);
            JSON_COMPARE(attributes["cart.total"], 42.5);
            JSON_COMPARE(attributes["cart.items"], nlohmann::json::parse(R"(["book","pen"])"));
            JSON_COMPARE((*server)["events"][0]["attributes"]["payment.provider"], "acme-pay");
            JSON_COMPARE((*server)["events"][0]["attributes"]["attempt"], 2);
            JSON_COMPARE((*server)["resource"]["service.name"], "orders");
            JSON_COMPARE((*server)["resource"]["deployment.environment"], "test");
            JSON_COMPARE((*root)["scope"]["name"], "checkout-app");
            JSON_COMPARE((*root)["scope"]["version"], "1.2.3");
        }
    }

private:
    std::unique_ptr<CollectorProcess> m_collector;
    std::map<std::string, std::string> m_traceIds;
};

QTEST_GUILESS_MAIN(TstOtelJs)
#include "tst_oteljs.moc"
