// SPDX-License-Identifier: MIT
#include "policyevaluator.h"
#include "samplingconfig.h"

#include <QTest>

using namespace traceflow;

namespace {
QString examplePath(const char *name)
{
    return QStringLiteral(TRACEFLOW_SOURCE_DIR "/installer/sampling/") + QString::fromLatin1(name);
}

QByteArray withPolicies(const QByteArray &policies)
{
    return "{\"policies\":[" + policies + "]}";
}

const QByteArray Slow = R"({"name":"slow","type":"latency","threshold_ms":500})";
} // namespace

class TstSamplingConfig : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void issueExample();
    void invalid_data();
    void invalid();
    void unreadableFile();
    void exampleFiles_data();
    void exampleFiles();
    void productionExampleDecides_data();
    void productionExampleDecides();
};

void TstSamplingConfig::defaults()
{
    QString error;
    const auto config = SamplingConfig::fromJson(withPolicies(Slow), &error);
    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->decisionWaitMs, 5'000);
    QCOMPARE(config->maxAgeMs, 300'000);
    QCOMPARE(config->numTraces, 50'000);
}

void TstSamplingConfig::issueExample()
{
    const QByteArray json =
        R"({"decision_wait_ms":1500,"max_age_ms":60000,"num_traces":1000,"policies":[)"
        R"({"name":"errors","type":"status_code","status_codes":["ERROR"]},)"
        R"({"name":"slow","type":"latency","threshold_ms":500},)"
        R"({"name":"some","type":"probabilistic","sampling_percentage":10}]})";
    QString error;
    const auto config = SamplingConfig::fromJson(json, &error);
    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->decisionWaitMs, 1'500);
    QCOMPARE(config->maxAgeMs, 60'000);
    QCOMPARE(config->numTraces, 1'000);
    QCOMPARE(config->policies.size(), std::size_t(3));
    QCOMPARE(config->policies[0].name, QStringLiteral("errors"));
    QCOMPARE(std::get<StatusCodeParams>(config->policies[0].params).statusCodes,
             std::vector<StatusCode>{StatusCode::Error});
    QCOMPARE(std::get<LatencyParams>(config->policies[1].params).thresholdMs, 500);
    const auto &some = std::get<ProbabilisticParams>(config->policies[2].params);
    QCOMPARE(some.samplingPercentage, 10.0);
    QCOMPARE(some.hashSalt, QStringLiteral("default-hash-seed"));
}

void TstSamplingConfig::invalid_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("exact"); // false: message is a prefix (text from a library)

    auto row = [](const char *name, const QByteArray &json, const char *message, bool exact = true) {
        QTest::addRow("%s", name) << json << QString::fromUtf8(message) << exact;
    };
    auto policy = [&](const char *name, const QByteArray &policies, const char *message, bool exact = true) {
        row(name, withPolicies(policies), message, exact);
    };

    row("not JSON", "{\"policies\":", "invalid JSON at byte", false);
    row("number out of range", "{\"num_traces\":1e400,\"policies\":[]}", "invalid JSON: ", false);
    row("not an object", "[]", "the sampling configuration must be a JSON object");
    row("unknown top-level field", "{\"policy\":[]}", "field \"policy\" is unknown");
    row("wrong type: decision_wait_ms", "{\"decision_wait_ms\":\"5s\",\"policies\":[" + Slow + "]}",
        "field \"decision_wait_ms\" must be a positive integer");
    row("zero num_traces", "{\"num_traces\":0,\"policies\":[" + Slow + "]}",
        "field \"num_traces\" must be a positive integer");
    row("negative max_age_ms", "{\"max_age_ms\":-1,\"policies\":[" + Slow + "]}",
        "field \"max_age_ms\" must be a positive integer");
    row("missing policies", "{}", "field \"policies\" must be a non-empty array of policies");
    row("empty policies", "{\"policies\":[]}", "field \"policies\" must be a non-empty array of policies");
    policy("policy not an object", "1", "policy (index 0): must be a JSON object");
    policy("missing name", R"({"type":"always_sample"})", "policy (index 0): field \"name\" is missing");
    policy("empty name", R"({"name":"","type":"always_sample"})",
           "policy (index 0): field \"name\" must be a non-empty string");
    policy("missing type", R"({"name":"a"})", "policy \"a\" (index 0): field \"type\" is missing");
    policy("unknown type", Slow + R"(,{"name":"b","type":"sometimes"})",
           "policy \"b\" (index 1): field \"type\" is \"sometimes\", not a policy type (always_sample, "
           "latency, status_code, probabilistic, string_attribute, numeric_attribute, "
           "boolean_attribute, span_count, trace_state, rate_limiting, and, drop, composite)");
    policy("duplicate name", Slow + "," + Slow,
           "policy \"slow\" (index 1): field \"name\" repeats the name of policy (index 0)");
    policy("misspelt field: reported missing first", R"({"name":"slow","type":"latency","treshold_ms":500})",
           "policy \"slow\" (index 0): field \"threshold_ms\" is missing");
    policy("unknown field beside a valid one",
           R"({"name":"slow","type":"latency","threshold_ms":500,"treshold_ms":500})",
           "policy \"slow\" (index 0): field \"treshold_ms\" is unknown");
    policy("latency: wrong type", R"({"name":"slow","type":"latency","threshold_ms":"500"})",
           "policy \"slow\" (index 0): field \"threshold_ms\" must be a non-negative integer");
    policy("latency: fraction", R"({"name":"slow","type":"latency","threshold_ms":0.5})",
           "policy \"slow\" (index 0): field \"threshold_ms\" must be a non-negative integer");
    policy("latency: negative", R"({"name":"slow","type":"latency","threshold_ms":-1})",
           "policy \"slow\" (index 0): field \"threshold_ms\" must be a non-negative integer");
    policy("latency: upper not above", R"({"name":"s","type":"latency","threshold_ms":5,"upper_threshold_ms":5})",
           "policy \"s\" (index 0): field \"upper_threshold_ms\" must be greater than threshold_ms");
    policy("nested: not an object", R"({"name":"s","type":"latency","latency":5})",
           "policy \"s\" (index 0): field \"latency\" must be an object holding the policy's fields");
    policy("nested: unknown field", R"({"name":"s","type":"latency","latency":{"threshold_ms":5,"x":1}})",
           "policy \"s\" (index 0): field \"latency.x\" is unknown");
    policy("nested: field outside", R"({"name":"s","type":"latency","latency":{"threshold_ms":5},"threshold_ms":5})",
           "policy \"s\" (index 0): field \"threshold_ms\" is unknown");
    policy("nested: missing field", R"({"name":"s","type":"latency","latency":{}})",
           "policy \"s\" (index 0): field \"latency.threshold_ms\" is missing");
    policy("status_code: empty", R"({"name":"e","type":"status_code","status_codes":[]})",
           "policy \"e\" (index 0): field \"status_codes\" must be a non-empty array of strings");
    policy("status_code: unknown code", R"({"name":"e","type":"status_code","status_codes":["FATAL"]})",
           "policy \"e\" (index 0): field \"status_codes\" has \"FATAL\", not OK, ERROR or UNSET");
    policy("probabilistic: missing", R"({"name":"p","type":"probabilistic"})",
           "policy \"p\" (index 0): field \"sampling_percentage\" is missing");
    policy("probabilistic: above 100", R"({"name":"p","type":"probabilistic","sampling_percentage":150})",
           "policy \"p\" (index 0): field \"sampling_percentage\" must be a number from 0 to 100");
    policy("probabilistic: salt not a string",
           R"({"name":"p","type":"probabilistic","sampling_percentage":1,"hash_salt":5})",
           "policy \"p\" (index 0): field \"hash_salt\" must be a string");
    policy("string_attribute: missing key", R"({"name":"s","type":"string_attribute","values":["x"]})",
           "policy \"s\" (index 0): field \"key\" is missing");
    policy("string_attribute: values not strings", R"({"name":"s","type":"string_attribute","key":"k","values":[1]})",
           "policy \"s\" (index 0): field \"values\" must be a non-empty array of strings");
    policy("string_attribute: bad regex",
           R"({"name":"s","type":"string_attribute","key":"k","values":["ok","(unclosed"],"enabled_regex_matching":true})",
           "policy \"s\" (index 0): field \"values\" has an invalid regular expression \"(unclosed\": ",
           false);
    policy("string_attribute: negative cache size",
           R"({"name":"s","type":"string_attribute","key":"k","values":["x"],"cache_max_size":-1})",
           "policy \"s\" (index 0): field \"cache_max_size\" must be a non-negative integer");
    policy("string_attribute: flag not a bool",
           R"({"name":"s","type":"string_attribute","key":"k","values":["x"],"invert_match":"yes"})",
           "policy \"s\" (index 0): field \"invert_match\" must be true or false");
    policy("numeric_attribute: no bound", R"({"name":"n","type":"numeric_attribute","key":"k"})",
           "policy \"n\" (index 0): field \"min_value\" is missing (give min_value, max_value or both)");
    policy("numeric_attribute: max below min",
           R"({"name":"n","type":"numeric_attribute","key":"k","min_value":5,"max_value":4})",
           "policy \"n\" (index 0): field \"max_value\" must not be less than min_value");
    policy("numeric_attribute: bound not a number",
           R"({"name":"n","type":"numeric_attribute","key":"k","min_value":"5"})",
           "policy \"n\" (index 0): field \"min_value\" must be a number");
    policy("boolean_attribute: missing value", R"({"name":"b","type":"boolean_attribute","key":"k"})",
           "policy \"b\" (index 0): field \"value\" is missing");
    policy("boolean_attribute: value not a bool", R"({"name":"b","type":"boolean_attribute","key":"k","value":"true"})",
           "policy \"b\" (index 0): field \"value\" must be true or false");
    policy("span_count: max below min", R"({"name":"c","type":"span_count","min_spans":5,"max_spans":2})",
           "policy \"c\" (index 0): field \"max_spans\" must not be less than min_spans");
    policy("trace_state: missing values", R"({"name":"t","type":"trace_state","key":"k"})",
           "policy \"t\" (index 0): field \"values\" is missing");
    policy("rate_limiting: zero", R"({"name":"r","type":"rate_limiting","spans_per_second":0})",
           "policy \"r\" (index 0): field \"spans_per_second\" must be an integer of at least 1");
    policy("and: missing sub-policies", R"({"name":"a","type":"and"})",
           "policy \"a\" (index 0): field \"and_sub_policy\" is missing");
    policy("drop: empty sub-policies", R"({"name":"d","type":"drop","drop_sub_policy":[]})",
           "policy \"d\" (index 0): field \"drop_sub_policy\" must be a non-empty array of policies");
    policy("and: invalid sub-policy", Slow + R"(,{"name":"combo","type":"and","and_sub_policy":[)"
           R"({"name":"all","type":"always_sample"},{"name":"slow","type":"latency"}]})",
           "policy \"combo\" (index 1) > and_sub_policy \"slow\" (index 1): field \"threshold_ms\" is missing");
    const QByteArray subs = R"("composite_sub_policy":[{"name":"a","type":"always_sample"},)"
                            R"({"name":"b","type":"span_count","min_spans":1}])";
    policy("composite: missing total", R"({"name":"c","type":"composite",)" + subs + "}",
           "policy \"c\" (index 0): field \"max_total_spans_per_second\" is missing");
    policy("composite: order names an unknown policy",
           R"({"name":"c","type":"composite","max_total_spans_per_second":10,"policy_order":["a","b","x"],)" + subs + "}",
           "policy \"c\" (index 0): field \"policy_order\" names \"x\", not a composite_sub_policy");
    policy("composite: order lacks a policy",
           R"({"name":"c","type":"composite","max_total_spans_per_second":10,"policy_order":["b"],)" + subs + "}",
           "policy \"c\" (index 0): field \"policy_order\" lacks composite_sub_policy \"a\"");
    policy("composite: allocation of an unknown policy",
           R"({"name":"c","type":"composite","max_total_spans_per_second":10,)" + subs
               + R"(,"rate_allocation":[{"policy":"z","percent":10}]})",
           "policy \"c\" (index 0): field \"rate_allocation[0].policy\" names \"z\", not a composite_sub_policy");
    policy("composite: percent out of range",
           R"({"name":"c","type":"composite","max_total_spans_per_second":10,)" + subs
               + R"(,"rate_allocation":[{"policy":"a","percent":120}]})",
           "policy \"c\" (index 0): field \"rate_allocation[0].percent\" must be a number from 0 to 100");
    policy("composite: more than 100 percent",
           R"({"name":"c","type":"composite","max_total_spans_per_second":10,)" + subs
               + R"(,"rate_allocation":[{"policy":"a","percent":60},{"policy":"b","percent":50}]})",
           "policy \"c\" (index 0): field \"rate_allocation\" allocates 110 percent, more than 100");
    policy("composite: invalid sub-policy",
           R"({"name":"c","type":"composite","max_total_spans_per_second":10,"composite_sub_policy":[)"
           R"({"name":"x","type":"probabilistic","sampling_percentage":-1}]})",
           "policy \"c\" (index 0) > composite_sub_policy \"x\" (index 0): field \"sampling_percentage\" "
           "must be a number from 0 to 100");
}

void TstSamplingConfig::invalid()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    QFETCH(bool, exact);
    QString error;
    QVERIFY(!SamplingConfig::fromJson(json, &error));
    if (exact)
        QCOMPARE(error, message);
    else
        QVERIFY2(error.startsWith(message) && error.size() > message.size(), qPrintable(error));
}

void TstSamplingConfig::unreadableFile()
{
    QString error;
    QVERIFY(!SamplingConfig::fromFile(QStringLiteral("/nonexistent/sampling.json"), &error));
    QVERIFY2(error.startsWith(u"/nonexistent/sampling.json: "), qPrintable(error));
}

void TstSamplingConfig::exampleFiles_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("policies");
    QTest::addRow("keep-all") << examplePath("keep-all.json") << 1;
    QTest::addRow("errors-and-slow") << examplePath("errors-and-slow.json") << 2;
    QTest::addRow("production") << examplePath("production.json") << 4;
}

void TstSamplingConfig::exampleFiles()
{
    QFETCH(QString, path);
    QFETCH(int, policies);
    QString error;
    const auto config = SamplingConfig::fromFile(path, &error);
    QVERIFY2(config, qPrintable(error));
    QCOMPARE(int(config->policies.size()), policies);
}

// The production example does what its README says on a few telling traces.
void TstSamplingConfig::productionExampleDecides_data()
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<bool>("error");
    QTest::addColumn<qint64>("durationMs");
    QTest::addColumn<bool>("sampled");
    QTest::addColumn<QString>("policy");
    QTest::addRow("failing health check") << QStringLiteral("/healthz") << true << qint64(10) << false
                                          << QStringLiteral("drop-health-checks");
    QTest::addRow("error") << QStringLiteral("/cart") << true << qint64(10) << true << QStringLiteral("budget");
    QTest::addRow("slow") << QStringLiteral("/cart") << false << qint64(1500) << true << QStringLiteral("budget");
    QTest::addRow("fast, ok, not in the 5 %% baseline")
        << QStringLiteral("/cart") << false << qint64(10) << false << QString();
}

void TstSamplingConfig::productionExampleDecides()
{
    QFETCH(QString, route);
    QFETCH(bool, error);
    QFETCH(qint64, durationMs);
    QFETCH(bool, sampled);
    QFETCH(QString, policy);
    QString why;
    const auto config = SamplingConfig::fromFile(examplePath("production.json"), &why);
    QVERIFY2(config, qPrintable(why));
    Span span;
    // Hashes above the 5 % baseline with the salt "traceflow-prod" (checked by the last row).
    span.traceId = TraceId::fromHex(std::string_view("4bf92f3577b34da6a3ce929d0e0e4736"));
    span.startNs = 1'710'000'000'000'000'000;
    span.durationNs = durationMs * 1'000'000;
    span.status = error ? StatusCode::Error : StatusCode::Ok;
    span.attributes = Attributes{{QStringLiteral("http.route"), route}};
    PolicyEvaluator evaluator(config->policies);
    const PolicyVerdict verdict = evaluator.evaluate(span.traceId, {span}, 0);
    QCOMPARE(verdict.sampled, sampled);
    QCOMPARE(verdict.policy >= 0 ? evaluator.name(verdict.policy) : QString(), policy);
}

QTEST_GUILESS_MAIN(TstSamplingConfig)
#include "tst_samplingconfig.moc"
