// SPDX-License-Identifier: MIT
#include "apijson.h"
#include "coretestsupport.h"
#include "traceflowjson.h"

#include <QTest>

using namespace traceflow;
using Json = nlohmann::json;

namespace {
constexpr qint64 Ms = 1'000'000;
constexpr qint64 T0 = 1'710'000'000'000'123'456;

// A span of the checkout trace, times in ms from T0; its status stays unset unless set.
Span makeSpan(const char *id, const char *parent, const char16_t *service, const char16_t *op,
              qint64 startMs, qint64 durationMs, SpanKind kind)
{
    Span s = CoreTestSupport::makeSpan("4bf92f3577b34da6a3ce929d0e0e4736", id, parent, service, op,
                                       T0 + startMs * Ms, durationMs * Ms, StatusCode::Unset);
    s.kind = kind;
    return s;
}

std::vector<Span> checkoutTrace()
{
    Span root =
        makeSpan("00000000000000a1", "", u"checkout", u"POST /checkout", 0, 100, SpanKind::Server);
    root.status = StatusCode::Ok;
    root.attributes = Attributes{
        {QStringLiteral("http.method"), QStringLiteral("POST")},
        {QStringLiteral("http.status_code"), qint64(200)},
        {QStringLiteral("ratio"), 0.5},
        {QStringLiteral("cached"), false},
        {QStringLiteral("items"), QStringList{QStringLiteral("a"), QStringLiteral("b")}}};
    root.addEvent(
        {T0 + 5 * Ms, QStringLiteral("validated"), {{QStringLiteral("rules"), qint64(3)}}});
    root.addLink({TraceId::fromString(std::string_view("0af7651916cd43dd8448eb211c80319c")),
                  SpanId::fromString(std::string_view("b7ad6b7169203331")),
                  QString(),
                  {{QStringLiteral("reason"), QStringLiteral("retry")}}});
    QSharedDataPointer<SpanOrigin> origin(new SpanOrigin);
    origin->resource = Attributes{{QStringLiteral("service.name"), QStringLiteral("checkout")}};
    origin->scopeName = QStringLiteral("http");
    origin->scopeVersion = QStringLiteral("1.0");
    root.setOrigin(origin);
    Span payment = makeSpan("00000000000000a4", "00000000000000a1", u"payment", u"charge", 50, 40,
                            SpanKind::Server);
    payment.status = StatusCode::Error;
    payment.setStatusMessage(QStringLiteral("declined"));
    return {payment,
            makeSpan("00000000000000a3", "00000000000000a2", u"inventory", u"GET /stock", 12, 20,
                     SpanKind::Server),
            root,
            makeSpan("00000000000000a5", "ffffffffffffffff", u"payment", u"audit", 60, 1,
                     SpanKind::Internal),
            makeSpan("00000000000000a2", "00000000000000a1", u"checkout", u"GET inventory", 10, 30,
                     SpanKind::Client)};
}

bool near(double value, double expected)
{
    return std::abs(value - expected) <= std::abs(expected) * 0.01;
}
} // namespace

class TstApiJson : public QObject
{
    Q_OBJECT

private slots:
    void trace()
    {
        const AssembledTrace t = AssembledTrace::assemble(checkoutTrace());
        const Json j = ApiJson::trace(t);
        QVERIFY(j.at("trace_id") == "4bf92f3577b34da6a3ce929d0e0e4736");
        QVERIFY(j.at("root_service") == "checkout");
        QVERIFY(j.at("root_operation") == "POST /checkout");
        QCOMPARE(j.at("start_unix_ms").get<double>(), 1710000000000.123);
        QCOMPARE(j.at("duration_ms").get<double>(), 100.0);
        QCOMPARE(j.at("span_count").get<int>(), 5);
        QVERIFY(j.at("services") == Json::parse(R"(["checkout","inventory","payment"])"));
        QVERIFY(j.at("status") == "error");
        QCOMPARE(j.at("error_count").get<int>(), 1);
        QCOMPARE(j.at("orphan_count").get<int>(), 1);
        QCOMPARE(j.at("depth").get<int>(), 3);
        QVERIFY(j.at("service_path").front() == "checkout");
        QCOMPARE(j.at("service_path").size(), std::size_t(3));
        const Json &critical = j.at("critical_path");
        QVERIFY(!critical.empty());
        QVERIFY(critical.front() == "00000000000000a1");
        QCOMPARE(critical.size(), t.criticalSpans.size());
        const Json &spans = j.at("spans");
        QCOMPARE(spans.size(), std::size_t(5));
        for (std::size_t i = 0; i < spans.size(); ++i)
            QVERIFY(spans[i] == ApiJson::span(t, int(i)));
        QVERIFY(spans[0].at("span_id") == "00000000000000a1");
    }

    void span()
    {
        const AssembledTrace t = AssembledTrace::assemble(checkoutTrace());
        const Json root =
            ApiJson::span(t, t.indexOf(SpanId::fromString(std::string_view("00000000000000a1"))));
        const Json expected = Json::parse(R"({
            "trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00000000000000a1","parent_span_id":"",
            "service":"checkout","operation":"POST /checkout","kind":"server",
            "start_unix_ms":1710000000000.123,"duration_ms":100.0,
            "start_unix_nano":1710000000000123456,"duration_nano":100000000,
            "status":"ok","status_message":"",
            "attributes":{"http.method":"POST","http.status_code":200,"ratio":0.5,"cached":false,"items":["a","b"]},
            "resource":{"service.name":"checkout"},
            "events":[{"name":"validated","time_unix_nano":1710000000005123456,"attributes":{"rules":3}}],
            "links":[{"trace_id":"0af7651916cd43dd8448eb211c80319c","span_id":"b7ad6b7169203331","attributes":{"reason":"retry"}}],
            "orphan":false,"skew_ns":0,"self_time_ms":30.0,"depth":0,"scope":{"name":"http","version":"1.0"}})");
        QCOMPARE(QString::fromStdString(root.dump()), QString::fromStdString(expected.dump()));

        const Json orphan =
            ApiJson::span(t, t.indexOf(SpanId::fromString(std::string_view("00000000000000a5"))));
        QVERIFY(orphan.at("orphan") == true);
        QVERIFY(orphan.at("parent_span_id") == "ffffffffffffffff");
        QVERIFY(orphan.at("kind") == "internal");
        const Json inventory =
            ApiJson::span(t, t.indexOf(SpanId::fromString(std::string_view("00000000000000a3"))));
        QCOMPARE(inventory.at("depth").get<int>(), 2);
        QVERIFY(inventory.at("scope") == Json::parse(R"({"name":"","version":""})"));
        const Json payment =
            ApiJson::span(t, t.indexOf(SpanId::fromString(std::string_view("00000000000000a4"))));
        QVERIFY(payment.at("status") == "error");
        QVERIFY(payment.at("status_message") == "declined");
    }

    // The API's spans can be posted back to /api/spans (or imported) unchanged.
    void spansReadBackAsTraceflowJson()
    {
        const std::vector<Span> spans = checkoutTrace();
        const AssembledTrace t = AssembledTrace::assemble(spans);
        Json body{{"spans", ApiJson::trace(t).at("spans")}};
        DecodedBatch batch;
        QString error;
        QVERIFY(TraceflowJson::decode(body.dump(), &batch, &error));
        QCOMPARE(batch.errors, QStringList());
        QCOMPARE(batch.spans.size(), spans.size());
        for (const Span &original : spans) {
            const Span *it = CoreTestSupport::spanWithId(batch.spans, original.spanId);
            QVERIFY(it);
            QCOMPARE(it->traceId, original.traceId);
            QCOMPARE(it->startNs, original.startNs);
            QCOMPARE(it->events(), original.events());
            QCOMPARE(it->links(), original.links());
            QCOMPARE(it->resource(), original.resource());
            QCOMPARE(it->statusMessage(), original.statusMessage());
            // Attribute order is alphabetical in the API (a JSON object), so compare sorted.
            QCOMPARE(it->attributes.size(), original.attributes.size());
            for (int i = 0; i < original.attributes.size(); ++i)
                QCOMPARE(it->attributes.value(original.attributes.keyAt(i)),
                         original.attributes.valueAt(i));
        }
    }

    void summary()
    {
        TraceSummary s;
        s.traceId = TraceId::fromString(std::string_view("trace-1"));
        s.rootService = QStringLiteral("checkout");
        s.rootOperation = QStringLiteral("checkout.request");
        s.startNs = 1'710'000'000'000'000'000;
        s.durationNs = 42'000'500;
        s.spanCount = 3;
        s.errorCount = 1;
        s.services = QStringList{QStringLiteral("checkout"), QStringLiteral("payment")};
        QVERIFY(ApiJson::summary(s) ==
                Json::parse(R"({"trace_id":"trace-1","root_service":"checkout",
            "root_operation":"checkout.request","start_unix_ms":1710000000000.0,"duration_ms":42.001,
            "span_count":3,"error_count":1,"services":["checkout","payment"]})"));
    }

    void attributes_data()
    {
        QTest::addColumn<AttributeValue>("value");
        QTest::addColumn<QByteArray>("json");
        QTest::addRow("string") << AttributeValue(QStringLiteral("x")) << QByteArray(R"("x")");
        QTest::addRow("int") << AttributeValue(qint64(-7)) << QByteArray("-7");
        QTest::addRow("double") << AttributeValue(0.25) << QByteArray("0.25");
        QTest::addRow("bool") << AttributeValue(true) << QByteArray("true");
        QTest::addRow("string array")
            << AttributeValue(QStringList{QStringLiteral("a")}) << QByteArray(R"(["a"])");
        QTest::addRow("int array") << AttributeValue(QList<qint64>{1, 2}) << QByteArray("[1,2]");
        QTest::addRow("double array") << AttributeValue(QList<double>{0.5}) << QByteArray("[0.5]");
        QTest::addRow("bool array") << AttributeValue(QList<bool>{false}) << QByteArray("[false]");
        QTest::addRow("infinity as text")
            << AttributeValue(HUGE_VAL) << QByteArray(R"("Infinity")");
    }
    void attributes()
    {
        QFETCH(AttributeValue, value);
        QFETCH(QByteArray, json);
        const Json j = ApiJson::attributes(Attributes{{QStringLiteral("k"), value}});
        QVERIFY(j.is_object());
        QCOMPARE(QString::fromStdString(j.at("k").dump()), QString::fromUtf8(json));
    }

    void stats()
    {
        StringPool &pool = StringPool::instance();
        LatencyIndex index;
        const auto checkout = pool.intern(std::string_view("checkout"));
        const auto payment = pool.intern(std::string_view("payment"));
        const auto op = pool.intern(std::string_view("op"));
        for (int i = 1; i <= 100; ++i)
            index.add(checkout, op, T0, i * Ms, i % 10 == 0);
        index.add(payment, op, T0, 500 * Ms, true);
        StoreCounters counters;
        counters.traces = 7;
        counters.spans = 101;
        const Json j = ApiJson::stats(index.snapshot(), counters, 2);
        QCOMPARE(j.at("trace_count").get<int>(), 7);
        QCOMPARE(j.at("span_count").get<int>(), 101);
        QCOMPARE(j.at("service_count").get<int>(), 2);
        QVERIFY(j.at("services") == Json::parse(R"(["checkout","payment"])"));
        QVERIFY(near(j.at("p50_ms").get<double>(), 51));
        QVERIFY(near(j.at("p99_ms").get<double>(), 100));
        QVERIFY(near(j.at("error_rate").get<double>(), 11.0 / 101));
        const Json &perService = j.at("per_service");
        QCOMPARE(perService.size(), std::size_t(2));
        QVERIFY(perService[0].at("service") == "checkout");
        QCOMPARE(perService[0].at("count").get<int>(), 100);
        QCOMPARE(perService[0].at("error_count").get<int>(), 10);
        QVERIFY(near(perService[0].at("error_rate").get<double>(), 0.1));
        QVERIFY(near(perService[0].at("p95_ms").get<double>(), 95));
        QVERIFY(near(perService[0].at("max_ms").get<double>(), 100));
        QVERIFY(!perService[0].contains("operation"));
        QVERIFY(near(perService[1].at("p50_ms").get<double>(), 500));
        const Json &perOperation = j.at("per_operation");
        QCOMPARE(perOperation.size(), std::size_t(2));
        QVERIFY(perOperation[1].at("service") == "payment");
        QVERIFY(perOperation[1].at("operation") == "op");
        QCOMPARE(perOperation[1].at("count").get<int>(), 1);
    }

    void dependencies()
    {
        StringPool &pool = StringPool::instance();
        ServiceGraph graph;
        const auto checkout = pool.intern(std::string_view("checkout"));
        const auto inventory = pool.intern(std::string_view("inventory"));
        for (int i = 0; i < 4; ++i)
            graph.addCall(checkout, inventory, 20 * Ms, i == 0);
        const Json j = ApiJson::dependencies(graph.edges());
        QCOMPARE(j.at("dependencies").size(), std::size_t(1));
        const Json &e = j.at("dependencies").at(0);
        QVERIFY(e.at("parent") == "checkout");
        QVERIFY(e.at("child") == "inventory");
        QCOMPARE(e.at("call_count").get<int>(), 4);
        QCOMPARE(e.at("error_count").get<int>(), 1);
        QVERIFY(near(e.at("p95_ms").get<double>(), 20));
        QVERIFY(ApiJson::dependencies({}) == Json::parse(R"({"dependencies":[]})"));
    }

    void error()
    {
        const Json expected{{"error", "trace \"x\" not found"}};
        QVERIFY(ApiJson::error(QStringLiteral("trace \"x\" not found")) == expected);
        QCOMPARE(ApiJson::error(QStringLiteral("caf\u00e9")).dump(),
                 std::string("{\"error\":\"caf\u00e9\"}"));
    }
};

QTEST_GUILESS_MAIN(TstApiJson)
#include "tst_apijson.moc"
