// SPDX-License-Identifier: MIT
// End-to-end: the query API, the Zipkin v2 read API, /metrics and /health of the real binary.
#include "collectorprocess.h"
#include "coretestsupport.h"
#include "httptestclient.h"
#include "otlpprotobuf.h"
#include "testspans.h"

#include <QDateTime>
#include <QTest>
#include <QThread>

#include <memory>

using namespace traceflow;

namespace {
// Three traces, one hour ago, one second apart:
//   fast:  frontend "GET /" 100 ms, ok, customer=acme, http.method=GET
//   slow:  frontend "GET /cart" 300 ms -> "my svc/1" "load cart" 250 ms error, customer=globex
//   batch: "batch" "nightly" 10 ms, unset, five spans
const qint64 StartMs = QDateTime::currentMSecsSinceEpoch() - 3'600'000;
const QString Fast = QStringLiteral("f0000000000000000000000000000001");
const QString Slow = QStringLiteral("50000000000000000000000000000002");
const QString Batch = QStringLiteral("b0000000000000000000000000000003");

// A root (server) span, or a client span of span `parent`; times in ms from StartMs.
Span make(const QString &trace, int id, int parent, const QString &service, const QString &op,
          qint64 offsetMs, qint64 durationMs, StatusCode status, const Attributes &attributes = {})
{
    Span s = CoreTestSupport::makeSpan(
        trace, TestSpans::hexId(id), parent ? TestSpans::hexId(parent) : QString(), service, op,
        (StartMs + offsetMs) * 1'000'000, durationMs * 1'000'000, status, attributes);
    s.kind = parent ? SpanKind::Client : SpanKind::Server;
    return s;
}

std::vector<Span> dataset()
{
    const QString frontend = QStringLiteral("frontend");
    std::vector<Span> spans{
        make(Fast, 1, 0, frontend, QStringLiteral("GET /"), 0, 100, StatusCode::Ok,
             {{QStringLiteral("customer"), QStringLiteral("acme")}, {QStringLiteral("http.method"), QStringLiteral("GET")}}),
        make(Slow, 2, 0, frontend, QStringLiteral("GET /cart"), 1000, 300, StatusCode::Unset,
             {{QStringLiteral("customer"), QStringLiteral("globex")}, {QStringLiteral("http.method"), QStringLiteral("GET")}}),
        make(Slow, 3, 2, QStringLiteral("my svc/1"), QStringLiteral("load cart"), 1020, 250, StatusCode::Error)};
    for (int i = 0; i < 5; ++i)
        spans.push_back(make(Batch, 10 + i, i ? 10 : 0, QStringLiteral("batch"), QStringLiteral("nightly"), 2000 + i, i ? 1 : 10, StatusCode::Unset));
    return spans;
}

QStringList traceIds(const nlohmann::json &body)
{
    QStringList ids;
    for (const nlohmann::json &t : body["traces"])
        ids << QString::fromStdString(t["trace_id"].get<std::string>());
    return ids;
}
} // namespace

class TstCollectorQuery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_collector = std::make_unique<CollectorProcess>();
        QVERIFY(m_collector->start());
        m_client = std::make_unique<HttpTestClient>(m_collector->apiPort());
        const HttpTestResponse r = m_client->post("/v1/traces", OtlpProtobuf::encode(dataset()),
                                                  "application/x-protobuf");
        QCOMPARE(r.status, 200);
        for (int i = 0; i < 250 && m_client->get("/api/traces").json()["total"] != 3; ++i)
            QThread::msleep(20);
        JSON_COMPARE(m_client->get("/api/traces").json()["total"], 3);
    }
    void cleanupTestCase()
    {
        m_client.reset();
        QCOMPARE(m_collector->terminate(), 0);
    }

    void search_data()
    {
        QTest::addColumn<QByteArray>("query");
        QTest::addColumn<QStringList>("expected"); // in order
        QTest::addColumn<int>("total");
        QTest::addRow("everything, newest first") << QByteArray("") << QStringList{Batch, Slow, Fast} << 3;
        QTest::addRow("oldest first") << QByteArray("sort=oldest") << QStringList{Fast, Slow, Batch} << 3;
        QTest::addRow("slowest first") << QByteArray("sort=slowest") << QStringList{Slow, Fast, Batch} << 3;
        QTest::addRow("fastest first") << QByteArray("sort=fastest") << QStringList{Batch, Fast, Slow} << 3;
        QTest::addRow("most spans") << QByteArray("sort=most_spans&limit=1") << QStringList{Batch} << 3;
        QTest::addRow("service") << QByteArray("service=frontend&sort=oldest") << QStringList{Fast, Slow} << 2;
        QTest::addRow("encoded service name") << QByteArray("service=my%20svc%2F1") << QStringList{Slow} << 1;
        QTest::addRow("operation") << QByteArray("operation=nightly") << QStringList{Batch} << 1;
        QTest::addRow("service and operation") << QByteArray("service=frontend&operation=GET%20%2Fcart") << QStringList{Slow} << 1;
        QTest::addRow("one tag") << QByteArray("tag=customer:acme") << QStringList{Fast} << 1;
        QTest::addRow("two tags, both must match") << QByteArray("tag=http.method:GET&tag=customer:globex") << QStringList{Slow} << 1;
        QTest::addRow("tags matching nothing together") << QByteArray("tag=customer:acme&tag=customer:globex") << QStringList{} << 0;
        QTest::addRow("min duration") << QByteArray("min_duration_ms=200") << QStringList{Slow} << 1;
        QTest::addRow("max duration") << QByteArray("max_duration_ms=50") << QStringList{Batch} << 1;
        // duration_of=span: a span of the service/operation (any span) lasts that long.
        QTest::addRow("span duration of a service")
            << QByteArray(
                   "service=my%20svc%2F1&min_duration_ms=200&max_duration_ms=260&duration_of=span")
            << QStringList{Slow} << 1;
        QTest::addRow("span duration of any span")
            << QByteArray("max_duration_ms=5&duration_of=span") << QStringList{Batch} << 1;
        QTest::addRow("span duration of another operation")
            << QByteArray(
                   "service=frontend&operation=GET%20%2Fcart&max_duration_ms=260&duration_of=span")
            << QStringList{} << 0;
        QTest::addRow("trace duration said outright")
            << QByteArray("max_duration_ms=50&duration_of=trace") << QStringList{Batch} << 1;
        QTest::addRow("errors") << QByteArray("status=error") << QStringList{Slow} << 1;
        QTest::addRow("no errors") << QByteArray("status=ok&sort=oldest") << QStringList{Fast, Batch} << 2;
        QTest::addRow("start") << "start_ms=" + QByteArray::number(StartMs + 500) << QStringList{Batch, Slow} << 2;
        QTest::addRow("end") << "end_ms=" + QByteArray::number(StartMs + 500) << QStringList{Fast} << 1;
        // duration_of=span puts the window on the span too: "my svc/1" starts at +1020 ms, in
        // its trace that started at +1000 ms.
        const QByteArray spanWindow = "start_ms=" + QByteArray::number(StartMs + 1010) +
                                      "&end_ms=" + QByteArray::number(StartMs + 1030) +
                                      "&service=my%20svc%2F1";
        QTest::addRow("window on the span")
            << spanWindow + "&duration_of=span" << QStringList{Slow} << 1;
        QTest::addRow("window on the trace") << spanWindow << QStringList{} << 0;
        QTest::addRow("call") << QByteArray("caller=frontend&callee=my%20svc%2F1") << QStringList{Slow} << 1;
        QTest::addRow("call the other way") << QByteArray("caller=my%20svc%2F1&callee=frontend") << QStringList{} << 0;
        QTest::addRow("limit keeps the total") << QByteArray("limit=2") << QStringList{Batch, Slow} << 3;
        QTest::addRow("limit over the maximum is capped") << QByteArray("limit=5000") << QStringList{Batch, Slow, Fast} << 3;
    }
    void search()
    {
        QFETCH(QByteArray, query);
        QFETCH(QStringList, expected);
        QFETCH(int, total);
        const HttpTestResponse r = m_client->get("/api/traces?" + query);
        QCOMPARE(r.status, 200);
        QCOMPARE(traceIds(r.json()), expected);
        JSON_COMPARE(r.json()["total"], total);
    }

    void summaryFields()
    {
        const nlohmann::json t = m_client->get("/api/traces?service=frontend&status=error").json()["traces"][0];
        JSON_COMPARE(t["trace_id"], Slow.toStdString());
        JSON_COMPARE(t["root_service"], "frontend");
        JSON_COMPARE(t["root_operation"], "GET /cart");
        QCOMPARE(t["start_unix_ms"].get<double>(), double(StartMs + 1000));
        QCOMPARE(t["duration_ms"].get<double>(), 300.0);
        JSON_COMPARE(t["span_count"], 2);
        JSON_COMPARE(t["error_count"], 1);
        JSON_COMPARE(t["services"], nlohmann::json::parse(R"(["frontend","my svc/1"])"));
    }

    void badParameters_data()
    {
        QTest::addColumn<QByteArray>("query");
        QTest::addColumn<QString>("parameter");
        QTest::addRow("limit not a number") << QByteArray("limit=ten") << QStringLiteral("limit");
        QTest::addRow("limit zero") << QByteArray("limit=0") << QStringLiteral("limit");
        QTest::addRow("unknown status") << QByteArray("status=maybe") << QStringLiteral("status");
        QTest::addRow("unknown sort") << QByteArray("sort=random") << QStringLiteral("sort");
        QTest::addRow("bad duration") << QByteArray("min_duration_ms=fast") << QStringLiteral("min_duration_ms");
        QTest::addRow("bad max duration") << QByteArray("max_duration_ms=-5") << QStringLiteral("max_duration_ms");
        QTest::addRow("unknown duration scope")
            << QByteArray("duration_of=root") << QStringLiteral("duration_of");
        QTest::addRow("bad start") << QByteArray("start_ms=yesterday") << QStringLiteral("start_ms");
        QTest::addRow("bad end") << QByteArray("end_ms=1e99") << QStringLiteral("end_ms");
        QTest::addRow("empty tag key") << QByteArray("tag=:x") << QStringLiteral("tag");
        QTest::addRow("caller without callee") << QByteArray("caller=frontend") << QStringLiteral("callee");
    }
    void badParameters()
    {
        QFETCH(QByteArray, query);
        QFETCH(QString, parameter);
        const HttpTestResponse r = m_client->get("/api/traces?" + query);
        QCOMPARE(r.status, 400);
        const QString error = QString::fromStdString(r.json()["error"].get<std::string>());
        QVERIFY2(error.contains(parameter), qPrintable(error));
    }

    void traceDetail_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addRow("as stored") << Slow;
        QTest::addRow("uppercase") << Slow.toUpper();
    }
    void traceDetail()
    {
        QFETCH(QString, id);
        const HttpTestResponse r = m_client->get("/api/traces/" + id.toUtf8());
        QCOMPARE(r.status, 200);
        const nlohmann::json t = r.json();
        JSON_COMPARE(t["trace_id"], Slow.toStdString());
        JSON_COMPARE(t["status"], "error");
        JSON_COMPARE(t["span_count"], 2);
        JSON_COMPARE(t["critical_path"][0], "0000000000000002");
        const nlohmann::json &root = t["spans"][0];
        const nlohmann::json &child = t["spans"][1];
        JSON_COMPARE(root["parent_span_id"], "");
        JSON_COMPARE(child["parent_span_id"], "0000000000000002");
        JSON_COMPARE(child["service"], "my svc/1");
        JSON_COMPARE(child["kind"], "client");
        JSON_COMPARE(child["status"], "error");
        JSON_COMPARE(child["orphan"], false);
        JSON_COMPARE(child["start_unix_nano"], (StartMs + 1020) * 1'000'000);
        JSON_COMPARE(child["duration_nano"], 250'000'000);
        JSON_COMPARE(root["attributes"]["customer"], "globex");
    }

    void unknownTraceIs404()
    {
        const HttpTestResponse r = m_client->get("/api/traces/0123456789abcdef0123456789abcdef");
        QCOMPARE(r.status, 404);
        QVERIFY(r.json()["error"].is_string());
    }

    void servicesAndOperations()
    {
        JSON_COMPARE(m_client->get("/api/services").json(),
                     nlohmann::json::parse(R"({"services":["batch","frontend","my svc/1"]})"));
        const HttpTestResponse ops = m_client->get("/api/services/frontend/operations");
        QCOMPARE(ops.status, 200);
        JSON_COMPARE(ops.json()["operations"], nlohmann::json::parse(R"(["GET /","GET /cart"])"));
        const HttpTestResponse encoded = m_client->get("/api/services/my%20svc%2F1/operations");
        JSON_COMPARE(encoded.json()["operations"], nlohmann::json::parse(R"(["load cart"])"));
        QCOMPARE(m_client->get("/api/services/nobody/operations").status, 404);
    }

    void dependenciesAndStats()
    {
        const nlohmann::json deps = m_client->get("/api/dependencies").json()["dependencies"];
        QCOMPARE(deps.size(), std::size_t(1));
        JSON_COMPARE(deps[0]["parent"], "frontend");
        JSON_COMPARE(deps[0]["child"], "my svc/1");
        JSON_COMPARE(deps[0]["call_count"], 1);
        JSON_COMPARE(deps[0]["error_count"], 1);
        // Each service's requests: trace roots and calls from other services.
        const nlohmann::json graph = m_client->get("/api/dependencies").json();
        QCOMPARE(graph["services"].size(), std::size_t(3));
        JSON_COMPARE(graph["services"][1]["service"], "frontend");
        JSON_COMPARE(graph["services"][1]["request_count"], 2);
        JSON_COMPARE(graph["services"][2]["request_count"], 1);
        JSON_COMPARE(graph["services"][2]["error_count"], 1);
        // A window: the calls made in it, to the minute.
        const QByteArray later = QByteArray::number(StartMs + 3'600'000);
        const nlohmann::json none = m_client->get("/api/dependencies?start_ms=" + later).json();
        QVERIFY(none["dependencies"].empty() && none["services"].empty());
        const QByteArray around = "start_ms=" + QByteArray::number(StartMs) + "&end_ms="
            + QByteArray::number(StartMs + 60'000);
        const nlohmann::json window = m_client->get("/api/dependencies?" + around).json();
        QCOMPARE(window["services"].size(), std::size_t(3));
        JSON_COMPARE(window["dependencies"][0]["call_count"], 1);
        JSON_COMPARE(window["services"][1]["request_count"], 2);
        QCOMPARE(m_client->get("/api/dependencies?end_ms=soon").status, 400);
        const nlohmann::json stats = m_client->get("/api/stats").json();
        JSON_COMPARE(stats["trace_count"], 3);
        JSON_COMPARE(stats["span_count"], 8);
        JSON_COMPARE(stats["service_count"], 3);
        JSON_COMPARE(stats["services"], nlohmann::json::parse(R"(["batch","frontend","my svc/1"])"));
        QVERIFY(stats["p50_ms"].is_number() && stats["p95_ms"].is_number() && stats["p99_ms"].is_number());
        QCOMPARE(stats["per_service"].size(), std::size_t(3));
    }

    // GET /api/stats/series: the dashboard's figures, exact counts from the minute buckets.
    void statsSeries_data()
    {
        QTest::addColumn<QByteArray>("query");
        QTest::addColumn<int>("seriesSpans"); // spans of the charted subject
        QTest::addColumn<int>("totalSpans");  // every span of the window
        QTest::addRow("whole system") << QByteArray("") << 8 << 8;
        QTest::addRow("one service") << QByteArray("service=frontend") << 2 << 8;
        QTest::addRow("one operation") << QByteArray("service=frontend&operation=GET%20%2Fcart") << 1 << 8;
        QTest::addRow("unknown service") << QByteArray("service=nobody") << 0 << 8;
        QTest::addRow("window with nothing")
            << "start_ms=" + QByteArray::number(StartMs + 7'200'000) << 0 << 0;
    }
    void statsSeries()
    {
        QFETCH(QByteArray, query);
        QFETCH(int, seriesSpans);
        QFETCH(int, totalSpans);
        const HttpTestResponse r = m_client->get("/api/stats/series?trend_bins=10&" + query);
        QCOMPARE(r.status, 200);
        const nlohmann::json body = r.json();
        JSON_COMPARE(body["span_count"], 8);
        JSON_COMPARE(body["trace_count"], 3);
        JSON_COMPARE(body["total"]["count"], totalSpans);
        int charted = 0;
        for (const nlohmann::json &point : body["series"]) {
            QCOMPARE(point["start_unix_nano"].get<qint64>() % 60'000'000'000, 0);
            charted += point["count"].get<int>();
        }
        QCOMPARE(charted, seriesSpans);
        int barred = 0;
        for (const nlohmann::json &bar : body["histogram"])
            barred += bar["count"].get<int>();
        QCOMPARE(barred, seriesSpans);
        if (totalSpans > 0) {
            JSON_COMPARE(body["total"]["trace_count"], 3);
            JSON_COMPARE(body["total"]["error_count"], 1);
            QCOMPARE(body["per_service"].size(), std::size_t(3));
            QCOMPARE(body["per_operation"].size(), std::size_t(4));
            JSON_COMPARE(body["per_service"][1]["service"], "frontend");
            JSON_COMPARE(body["per_service"][1]["count"], 2);
            QVERIFY(body["per_service"][1]["trend"].size() >= 1);
            QCOMPARE(body["start_unix_nano"].get<qint64>(), StartMs / 60'000 * 60'000'000'000);
        }
    }
    void statsSeriesBadParameters_data()
    {
        QTest::addColumn<QByteArray>("query");
        QTest::addColumn<QString>("parameter");
        QTest::addRow("trend bins zero") << QByteArray("trend_bins=0") << QStringLiteral("trend_bins");
        QTest::addRow("trend bins text") << QByteArray("trend_bins=many") << QStringLiteral("trend_bins");
        QTest::addRow("bad start") << QByteArray("start_ms=yesterday") << QStringLiteral("start_ms");
        QTest::addRow("end before start") << QByteArray("start_ms=2000&end_ms=1000") << QStringLiteral("end_ms");
    }
    void statsSeriesBadParameters()
    {
        QFETCH(QByteArray, query);
        QFETCH(QString, parameter);
        const HttpTestResponse r = m_client->get("/api/stats/series?" + query);
        QCOMPARE(r.status, 400);
        const QString error = QString::fromStdString(r.json()["error"].get<std::string>());
        QVERIFY2(error.contains(parameter), qPrintable(error));
    }

    void zipkinReadApi()
    {
        JSON_COMPARE(m_client->get("/api/v2/services").json(),
                     nlohmann::json::parse(R"(["batch","frontend","my svc/1"])"));
        JSON_COMPARE(m_client->get("/api/v2/spans?serviceName=frontend").json(),
                     nlohmann::json::parse(R"(["GET /","GET /cart"])"));
        QCOMPARE(m_client->get("/api/v2/spans").status, 400);
        // Default lookback (a day) reaches back an hour.
        const nlohmann::json traces = m_client->get("/api/v2/traces?serviceName=frontend&minDuration=200000").json();
        QCOMPARE(traces.size(), std::size_t(1));
        QCOMPARE(traces[0].size(), std::size_t(2));
        JSON_COMPARE(traces[0][0]["traceId"], Slow.toStdString());
        QVERIFY(traces[0][0]["localEndpoint"]["serviceName"].is_string());
        // As in Zipkin, the duration bounds a span of the service: the slow trace lasts 300 ms,
        // its "my svc/1" span 250 ms.
        JSON_COMPARE(
            m_client->get("/api/v2/traces?serviceName=my%20svc%2F1&minDuration=260000").json(),
            nlohmann::json::array());
        JSON_COMPARE(m_client->get("/api/v2/traces?serviceName=my%20svc%2F1&minDuration=240000")
                         .json()[0][0]["traceId"],
                     Slow.toStdString());
        const QByteArray window = "&endTs=" + QByteArray::number(StartMs + 1500) + "&lookback=1500";
        JSON_COMPARE(m_client->get("/api/v2/traces?limit=10" + window).json().size(), 2);
        JSON_COMPARE(m_client->get("/api/v2/traces?lookback=60000").json(), nlohmann::json::array());
        JSON_COMPARE(m_client->get("/api/v2/traces?annotationQuery=customer%3Dacme").json()[0][0]["traceId"],
                     Fast.toStdString());
        JSON_COMPARE(m_client->get("/api/v2/traces?spanName=nightly").json()[0].size(), 5);
        QCOMPARE(m_client->get("/api/v2/traces?minDuration=soon").status, 400);
        const HttpTestResponse one = m_client->get("/api/v2/trace/" + Batch.toUtf8());
        QCOMPARE(one.status, 200);
        QCOMPARE(one.json().size(), std::size_t(5));
        QCOMPARE(m_client->get("/api/v2/trace/0123456789abcdef").status, 404);
        JSON_COMPARE(m_client->get("/api/v2/dependencies").json()[0]["callCount"], 1);
    }

    void metricsAndHealth()
    {
        const HttpTestResponse health = m_client->get("/health");
        QCOMPARE(health.status, 200);
        JSON_COMPARE(health.json(), nlohmann::json::parse(R"({"status":"ok"})"));
        const HttpTestResponse r = m_client->get("/metrics");
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("Content-Type").startsWith("text/plain"));
        for (const char *line : {"traceflow_spans_received_total{protocol=\"otlp_proto\"} 8",
                                 "traceflow_spans_accepted_total{protocol=\"otlp_proto\"} 8",
                                 "traceflow_spans_rejected_total{protocol=\"otlp_proto\"} 0",
                                 "traceflow_spans_dropped_total{protocol=\"otlp_proto\"} 0",
                                 "traceflow_store_traces 3", "traceflow_store_spans 8",
                                 "traceflow_ingest_queue_spans 0",
                                 "traceflow_http_requests_total{route=\"/v1/traces\",code=\"200\"} 1",
                                 "traceflow_http_request_duration_seconds_count{route=\"/v1/traces\"} 1",
                                 "traceflow_http_request_duration_seconds_bucket{route=\"/v1/traces\",le=\"+Inf\"} 1",
                                 "# TYPE traceflow_http_request_duration_seconds histogram"}) {
            QVERIFY2(r.body.contains(QByteArray(QByteArray(line) + '\n')), line);
        }
        QVERIFY(r.body.contains("traceflow_http_requests_total{route=\"/api/traces\",code=\"400\"}"));
    }

    void routingErrors()
    {
        QCOMPARE(m_client->get("/api/nothing").status, 404);
        const HttpTestResponse r = m_client->request("DELETE", "/api/traces");
        QCOMPARE(r.status, 405);
        QCOMPARE(r.header("Allow"), QByteArray("GET"));
        QVERIFY(r.json()["error"].is_string());
        QCOMPARE(m_client->get("/v1/traces").status, 405);
    }

private:
    std::unique_ptr<CollectorProcess> m_collector;
    std::unique_ptr<HttpTestClient> m_client;
};

QTEST_GUILESS_MAIN(TstCollectorQuery)
#include "tst_collectorquery.moc"
