// SPDX-License-Identifier: MIT
#include "coretestsupport.h"
#include "policyevaluator.h"
#include "samplingconfig.h"
#include "samplingpolicy.h"
#include "samplingpredicates.h"

#include <QTest>

using namespace traceflow;

namespace {
using Trace = std::vector<Span>;
// One evaluation of a stateful policy: the clock, the trace's span count, the decision.
struct Step
{
    qint64 nowMs = 0;
    int spans = 0;
    bool error = false;
    PolicyDecision expected = PolicyDecision::NotSampled;
};
using Steps = std::vector<Step>;

const TraceId Id = TraceId::fromHex(std::string_view("4bf92f3577b34da6a3ce929d0e0e4736"));
constexpr qint64 Ms = 1'000'000;
constexpr qint64 Epoch = 1'710'000'000'000 * Ms;

// Span index of a trace; index 0 is the root. Times are milliseconds from Epoch.
Span makeSpan(int index, qint64 startMs, qint64 durationMs, StatusCode status = StatusCode::Ok,
              Attributes attributes = {})
{
    const quint64 spanId = 0x1000 + quint64(index);
    const quint64 root = 0x1000;
    return CoreTestSupport::makeSpan(Id, SpanId::fromBytes(&spanId, 8),
                                     index > 0 ? SpanId::fromBytes(&root, 8) : SpanId(),
                                     u"checkout", u"GET /cart", Epoch + startMs * Ms,
                                     durationMs * Ms, status, std::move(attributes));
}

Trace spans(int count, StatusCode status = StatusCode::Ok)
{
    Trace t;
    for (int i = 0; i < count; ++i)
        t.push_back(makeSpan(i, i, 1, i == count - 1 ? status : StatusCode::Ok));
    return t;
}

Trace withAttribute(const QString &key, const AttributeValue &value)
{
    Trace t = spans(2);
    t[1].attributes = Attributes{{QStringLiteral("other"), qint64(1)}, {key, value}};
    return t;
}

Trace withResource(const QString &key, const AttributeValue &value)
{
    Trace t = spans(2);
    QSharedDataPointer<SpanOrigin> origin(new SpanOrigin);
    origin->resource = Attributes{{key, value}};
    for (Span &s : t)
        s.setOrigin(origin);
    return t;
}

Trace withTraceState(const QString &state)
{
    Trace t = spans(2);
    t[1].setTraceState(state);
    return t;
}

std::optional<SamplingConfig> configOf(const QByteArray &policies, QString *error)
{
    return SamplingConfig::fromJson("{\"policies\":[" + policies + "]}", error);
}

QString decisionName(PolicyDecision d)
{
    static const char *const names[] = {"NotSampled", "Sampled", "InvertSampled",
                                        "InvertNotSampled", "Dropped"};
    return QString::fromLatin1(names[int(d)]);
}
} // namespace

Q_DECLARE_METATYPE(Trace)
Q_DECLARE_METATYPE(Steps)
Q_DECLARE_METATYPE(PolicyDecision)

class TstSamplingPolicy : public QObject
{
    Q_OBJECT

private slots:
    void evaluate_data();
    void evaluate();
    void rateLimits_data();
    void rateLimits();
    void combination_data();
    void combination();
    void probabilisticMatchesOpenTelemetryHash_data();
    void probabilisticMatchesOpenTelemetryHash();
    void traceStateValue_data();
    void traceStateValue();
    void regexResultsCached_data();
    void regexResultsCached();
};

void TstSamplingPolicy::evaluate_data()
{
    QTest::addColumn<QByteArray>("policy");
    QTest::addColumn<Trace>("trace");
    QTest::addColumn<PolicyDecision>("expected");
    using D = PolicyDecision;
    const auto S = D::Sampled;
    const auto N = D::NotSampled;

    const QByteArray always = R"({"name":"p","type":"always_sample"})";
    QTest::addRow("always_sample: a trace") << always << spans(3) << S;
    QTest::addRow("always_sample: no spans") << always << Trace() << S;

    const QByteArray latency = R"({"name":"p","type":"latency","threshold_ms":500})";
    QTest::addRow("latency: below the threshold") << latency << Trace{makeSpan(0, 0, 499)} << N;
    QTest::addRow("latency: at the threshold") << latency << Trace{makeSpan(0, 0, 500)} << S;
    QTest::addRow("latency: first start to last end")
        << latency << Trace{makeSpan(0, 0, 100), makeSpan(1, 450, 100)} << S;
    QTest::addRow("latency: sub-millisecond remainder truncated")
        << latency << Trace{[] { Span s = makeSpan(0, 0, 499); s.durationNs += Ms - 1; return s; }()}
        << N;
    QTest::addRow("latency: no spans") << QByteArray(R"({"name":"p","type":"latency","threshold_ms":0})")
                                       << Trace() << N;
    const QByteArray band = R"({"name":"p","type":"latency","threshold_ms":500,"upper_threshold_ms":1000})";
    QTest::addRow("latency band: lower bound excluded") << band << Trace{makeSpan(0, 0, 500)} << N;
    QTest::addRow("latency band: inside") << band << Trace{makeSpan(0, 0, 750)} << S;
    QTest::addRow("latency band: upper bound included") << band << Trace{makeSpan(0, 0, 1000)} << S;
    QTest::addRow("latency band: above") << band << Trace{makeSpan(0, 0, 1001)} << N;
    QTest::addRow("latency nested as in OpenTelemetry YAML")
        << QByteArray(R"({"name":"p","type":"latency","latency":{"threshold_ms":500}})")
        << Trace{makeSpan(0, 0, 600)} << S;

    const QByteArray errors = R"({"name":"p","type":"status_code","status_codes":["ERROR"]})";
    QTest::addRow("status_code: one error span") << errors << spans(3, StatusCode::Error) << S;
    QTest::addRow("status_code: all ok") << errors << spans(3) << N;
    QTest::addRow("status_code: unset among OK, UNSET")
        << QByteArray(R"({"name":"p","type":"status_code","status_codes":["OK","UNSET"]})")
        << spans(2, StatusCode::Unset) << S;
    QTest::addRow("status_code: lowercase names")
        << QByteArray(R"({"name":"p","type":"status_code","status_codes":["error"]})")
        << spans(2, StatusCode::Error) << S;

    QTest::addRow("probabilistic: 0 %%")
        << QByteArray(R"({"name":"p","type":"probabilistic","sampling_percentage":0})") << spans(1) << N;
    QTest::addRow("probabilistic: 100 %%")
        << QByteArray(R"({"name":"p","type":"probabilistic","sampling_percentage":100})") << spans(1) << S;

    const QByteArray route = R"({"name":"p","type":"string_attribute","key":"http.route","values":["/health","/ready"]})";
    QTest::addRow("string_attribute: value listed")
        << route << withAttribute(QStringLiteral("http.route"), QStringLiteral("/ready")) << S;
    QTest::addRow("string_attribute: value not listed")
        << route << withAttribute(QStringLiteral("http.route"), QStringLiteral("/cart")) << N;
    QTest::addRow("string_attribute: no such key") << route << spans(2) << N;
    QTest::addRow("string_attribute: exact, not a prefix")
        << route << withAttribute(QStringLiteral("http.route"), QStringLiteral("/healthz")) << N;
    QTest::addRow("string_attribute: resource attribute")
        << QByteArray(R"({"name":"p","type":"string_attribute","key":"deployment.environment","values":["prod"]})")
        << withResource(QStringLiteral("deployment.environment"), QStringLiteral("prod")) << S;
    QTest::addRow("string_attribute: integer value as text")
        << QByteArray(R"({"name":"p","type":"string_attribute","key":"http.response.status_code","values":["503"]})")
        << withAttribute(QStringLiteral("http.response.status_code"), qint64(503)) << S;
    const QByteArray regex = R"({"name":"p","type":"string_attribute","key":"http.route","values":["^/api/v[0-9]+/"],"enabled_regex_matching":true})";
    QTest::addRow("string_attribute regex: matches")
        << regex << withAttribute(QStringLiteral("http.route"), QStringLiteral("/api/v2/users")) << S;
    QTest::addRow("string_attribute regex: anchored pattern misses")
        << regex << withAttribute(QStringLiteral("http.route"), QStringLiteral("/x/api/v2/users")) << N;
    QTest::addRow("string_attribute regex: unanchored search")
        << QByteArray(R"({"name":"p","type":"string_attribute","key":"http.route","values":["health"],"enabled_regex_matching":true})")
        << withAttribute(QStringLiteral("http.route"), QStringLiteral("/healthz")) << S;
    const QByteArray invert = R"({"name":"p","type":"string_attribute","key":"http.route","values":["/health"],"invert_match":true})";
    QTest::addRow("string_attribute invert: match vetoes")
        << invert << withAttribute(QStringLiteral("http.route"), QStringLiteral("/health"))
        << D::InvertNotSampled;
    QTest::addRow("string_attribute invert: other value keeps")
        << invert << withAttribute(QStringLiteral("http.route"), QStringLiteral("/cart")) << D::InvertSampled;
    QTest::addRow("string_attribute invert: no such key keeps") << invert << spans(2) << D::InvertSampled;

    const QByteArray numeric = R"({"name":"p","type":"numeric_attribute","key":"http.status_code","min_value":500,"max_value":599})";
    QTest::addRow("numeric_attribute: inside")
        << numeric << withAttribute(QStringLiteral("http.status_code"), qint64(503)) << S;
    QTest::addRow("numeric_attribute: bounds included")
        << numeric << withAttribute(QStringLiteral("http.status_code"), qint64(599)) << S;
    QTest::addRow("numeric_attribute: outside")
        << numeric << withAttribute(QStringLiteral("http.status_code"), qint64(200)) << N;
    QTest::addRow("numeric_attribute: double value")
        << numeric << withAttribute(QStringLiteral("http.status_code"), 550.5) << S;
    QTest::addRow("numeric_attribute: string is not a number")
        << numeric << withAttribute(QStringLiteral("http.status_code"), QStringLiteral("503")) << N;
    QTest::addRow("numeric_attribute: min only")
        << QByteArray(R"({"name":"p","type":"numeric_attribute","key":"bytes","min_value":1000})")
        << withAttribute(QStringLiteral("bytes"), qint64(1'000'000)) << S;
    QTest::addRow("numeric_attribute invert: match vetoes")
        << QByteArray(R"({"name":"p","type":"numeric_attribute","key":"code","min_value":1,"invert_match":true})")
        << withAttribute(QStringLiteral("code"), qint64(5)) << D::InvertNotSampled;

    const QByteArray boolean = R"({"name":"p","type":"boolean_attribute","key":"sampled.debug","value":true})";
    QTest::addRow("boolean_attribute: equal")
        << boolean << withAttribute(QStringLiteral("sampled.debug"), true) << S;
    QTest::addRow("boolean_attribute: different")
        << boolean << withAttribute(QStringLiteral("sampled.debug"), false) << N;
    QTest::addRow("boolean_attribute: string is not a bool")
        << boolean << withAttribute(QStringLiteral("sampled.debug"), QStringLiteral("true")) << N;
    QTest::addRow("boolean_attribute invert: no match keeps")
        << QByteArray(R"({"name":"p","type":"boolean_attribute","key":"synthetic","value":true,"invert_match":true})")
        << withAttribute(QStringLiteral("synthetic"), false) << D::InvertSampled;

    const QByteArray count = R"({"name":"p","type":"span_count","min_spans":2,"max_spans":3})";
    QTest::addRow("span_count: below") << count << spans(1) << N;
    QTest::addRow("span_count: min") << count << spans(2) << S;
    QTest::addRow("span_count: max") << count << spans(3) << S;
    QTest::addRow("span_count: above") << count << spans(4) << N;
    QTest::addRow("span_count: no max")
        << QByteArray(R"({"name":"p","type":"span_count","min_spans":2})") << spans(100) << S;

    const QByteArray state = R"({"name":"p","type":"trace_state","key":"tf","values":["keep","yes"]})";
    QTest::addRow("trace_state: value listed") << state << withTraceState(QStringLiteral("rojo=00f0,tf=keep")) << S;
    QTest::addRow("trace_state: padded members") << state << withTraceState(QStringLiteral(" congo=t61 , tf=yes ")) << S;
    QTest::addRow("trace_state: value not listed") << state << withTraceState(QStringLiteral("tf=drop")) << N;
    QTest::addRow("trace_state: key is a suffix") << state << withTraceState(QStringLiteral("xtf=keep")) << N;
    QTest::addRow("trace_state: none") << state << spans(2) << N;

    const QByteArray both = R"({"name":"p","type":"and","and_sub_policy":[)"
                            R"({"name":"slow","type":"latency","threshold_ms":500},)"
                            R"({"name":"err","type":"status_code","status_codes":["ERROR"]}]})";
    Trace slowError{makeSpan(0, 0, 800), makeSpan(1, 10, 5, StatusCode::Error)};
    QTest::addRow("and: all sample") << both << slowError << S;
    QTest::addRow("and: one does not") << both << Trace{makeSpan(0, 0, 800)} << N;
    QTest::addRow("and: invert sampled counts as sample")
        << QByteArray(R"({"name":"p","type":"and","and_sub_policy":[{"name":"a","type":"always_sample"},)"
                      R"({"name":"i","type":"string_attribute","key":"k","values":["v"],"invert_match":true}]})")
        << spans(1) << S;

    const QByteArray drop = R"({"name":"p","type":"drop","drop_sub_policy":[)"
                            R"({"name":"h","type":"string_attribute","key":"http.route","values":["/health"]}]})";
    QTest::addRow("drop: all sub-policies sample")
        << drop << withAttribute(QStringLiteral("http.route"), QStringLiteral("/health")) << D::Dropped;
    QTest::addRow("drop: a sub-policy does not")
        << drop << withAttribute(QStringLiteral("http.route"), QStringLiteral("/cart")) << N;
}

void TstSamplingPolicy::evaluate()
{
    QFETCH(QByteArray, policy);
    QFETCH(Trace, trace);
    QFETCH(PolicyDecision, expected);
    QString error;
    const std::optional<SamplingConfig> config = configOf(policy, &error);
    QVERIFY2(config, qPrintable(error));
    SamplingPolicy sampler(config->policies.front());
    QCOMPARE(decisionName(sampler.evaluate(Id, trace, 0)), decisionName(expected));
}

void TstSamplingPolicy::rateLimits_data()
{
    QTest::addColumn<QByteArray>("policy");
    QTest::addColumn<Steps>("steps");
    using D = PolicyDecision;
    const auto S = D::Sampled;
    const auto N = D::NotSampled;

    const QByteArray rate = R"({"name":"p","type":"rate_limiting","spans_per_second":10})";
    QTest::addRow("rate_limiting: up to the limit in one second")
        << rate << Steps{{0, 4, false, S}, {100, 4, false, S}, {200, 2, false, S}, {300, 1, false, N}};
    QTest::addRow("rate_limiting: a refused trace does not use the budget")
        << rate << Steps{{0, 8, false, S}, {10, 4, false, N}, {20, 2, false, S}};
    QTest::addRow("rate_limiting: a new second starts afresh")
        << rate << Steps{{0, 10, false, S}, {999, 1, false, N}, {1000, 10, false, S}};
    QTest::addRow("rate_limiting: a trace above the limit never fits")
        << rate << Steps{{0, 11, false, N}, {5000, 11, false, N}};

    // errors 60 % of 10 = 6 spans/s; "all" gets an equal share, 10 / 2 = 5; total capped at 10.
    const QByteArray composite =
        R"({"name":"p","type":"composite","max_total_spans_per_second":10,)"
        R"("policy_order":["errors","all"],"composite_sub_policy":[)"
        R"({"name":"all","type":"always_sample"},)"
        R"({"name":"errors","type":"status_code","status_codes":["ERROR"]}],)"
        R"("rate_allocation":[{"policy":"errors","percent":60}]})";
    QTest::addRow("composite: each sub-policy within its allocation")
        << composite
        << Steps{{0, 3, true, S}, {1, 3, true, S}, {2, 3, true, N}, {3, 3, false, S}, {4, 3, false, N}};
    QTest::addRow("composite: the first sampling sub-policy decides alone")
        << composite << Steps{{0, 6, true, S}, {1, 1, true, N}};
    QTest::addRow("composite: the total cap binds")
        << QByteArray(R"({"name":"p","type":"composite","max_total_spans_per_second":10,)"
                      R"("policy_order":["errors","all"],"composite_sub_policy":[)"
                      R"({"name":"all","type":"always_sample"},)"
                      R"({"name":"errors","type":"status_code","status_codes":["ERROR"]}],)"
                      R"("rate_allocation":[{"policy":"errors","percent":100}]})")
        << Steps{{0, 8, true, S}, {1, 2, false, S}, {2, 1, false, N}, {3, 1, true, N}};
    QTest::addRow("composite: budgets renew each second")
        << composite << Steps{{0, 5, false, S}, {1, 1, false, N}, {1000, 5, false, S}};
    QTest::addRow("composite: no sub-policy samples")
        << QByteArray(R"({"name":"p","type":"composite","max_total_spans_per_second":100,)"
                      R"("composite_sub_policy":[{"name":"e","type":"status_code","status_codes":["ERROR"]}]})")
        << Steps{{0, 1, false, N}, {1, 1, true, S}};
}

void TstSamplingPolicy::rateLimits()
{
    QFETCH(QByteArray, policy);
    QFETCH(Steps, steps);
    QString error;
    const std::optional<SamplingConfig> config = configOf(policy, &error);
    QVERIFY2(config, qPrintable(error));
    SamplingPolicy sampler(config->policies.front());
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const Step &step = steps[i];
        const QString actual = decisionName(
            sampler.evaluate(Id, spans(step.spans, step.error ? StatusCode::Error : StatusCode::Ok),
                             step.nowMs));
        QVERIFY2(actual == decisionName(step.expected),
                 qPrintable(u"step " + QString::number(i) + u": " + actual));
    }
}

void TstSamplingPolicy::combination_data()
{
    QTest::addColumn<QByteArray>("policies");
    QTest::addColumn<Trace>("trace");
    QTest::addColumn<bool>("sampled");
    QTest::addColumn<QString>("policy");

    const QByteArray standard =
        R"({"name":"errors","type":"status_code","status_codes":["ERROR"]},)"
        R"({"name":"slow","type":"latency","threshold_ms":500},)"
        R"({"name":"no-health","type":"drop","drop_sub_policy":[)"
        R"({"name":"health","type":"string_attribute","key":"http.route","values":["/health"]}]},)"
        R"({"name":"none","type":"probabilistic","sampling_percentage":0})";
    Trace healthError = withAttribute(QStringLiteral("http.route"), QStringLiteral("/health"));
    healthError[0].status = StatusCode::Error;
    QTest::addRow("one policy samples") << standard << spans(2, StatusCode::Error) << true << QStringLiteral("errors");
    QTest::addRow("another policy samples") << standard << Trace{makeSpan(0, 0, 900)} << true << QStringLiteral("slow");
    QTest::addRow("two sample: the first in order is recorded")
        << standard << Trace{makeSpan(0, 0, 900, StatusCode::Error)} << true << QStringLiteral("errors");
    QTest::addRow("none samples: dropped, no policy") << standard << spans(2) << false << QString();
    QTest::addRow("a drop decision beats samples") << standard << healthError << false << QStringLiteral("no-health");

    const QByteArray inverted =
        R"({"name":"all","type":"always_sample"},)"
        R"({"name":"not-test","type":"string_attribute","key":"env","values":["test"],"invert_match":true})";
    QTest::addRow("invert match vetoes")
        << inverted << withAttribute(QStringLiteral("env"), QStringLiteral("test")) << false << QStringLiteral("not-test");
    QTest::addRow("invert no-match samples with the others")
        << inverted << withAttribute(QStringLiteral("env"), QStringLiteral("prod")) << true << QStringLiteral("all");
    QTest::addRow("invert no-match alone samples")
        << QByteArray(R"({"name":"not-test","type":"string_attribute","key":"env","values":["test"],"invert_match":true})")
        << spans(1) << true << QStringLiteral("not-test");
}

void TstSamplingPolicy::combination()
{
    QFETCH(QByteArray, policies);
    QFETCH(Trace, trace);
    QFETCH(bool, sampled);
    QFETCH(QString, policy);
    QString error;
    const std::optional<SamplingConfig> config = configOf(policies, &error);
    QVERIFY2(config, qPrintable(error));
    PolicyEvaluator evaluator(config->policies);
    const PolicyVerdict verdict = evaluator.evaluate(Id, trace, 0);
    QCOMPARE(verdict.sampled, sampled);
    QCOMPARE(verdict.policy >= 0 ? evaluator.name(verdict.policy) : QString(), policy);
    QCOMPARE(int(evaluator.lastDecisions().size()), int(config->policies.size()));
}

void TstSamplingPolicy::probabilisticMatchesOpenTelemetryHash_data()
{
    // Expected percentages: FNV-1a 64 of salt + the 16 id bytes, over 2^64, computed apart.
    QTest::addColumn<QString>("traceId");
    QTest::addColumn<QString>("salt");
    QTest::addColumn<double>("percent"); // the hash as a percentage of 2^64
    QTest::addRow("default salt") << QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736") << QString() << 64.55871896;
    QTest::addRow("own salt") << QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736") << QStringLiteral("my-salt") << 86.41353396;
    QTest::addRow("64-bit id, zero-padded") << QStringLiteral("a3ce929d0e0e4736") << QString() << 53.30399986;
}

void TstSamplingPolicy::probabilisticMatchesOpenTelemetryHash()
{
    QFETCH(QString, traceId);
    QFETCH(QString, salt);
    QFETCH(double, percent);
    const TraceId id = TraceId::fromHex(traceId);
    for (const double p : {percent - 1e-6, percent + 1e-6}) {
        ProbabilisticParams params{p, salt.isNull() ? ProbabilisticParams().hashSalt : salt};
        SamplingPolicy policy(PolicyConfig{QStringLiteral("p"), params});
        const PolicyDecision expected = p > percent ? PolicyDecision::Sampled : PolicyDecision::NotSampled;
        QCOMPARE(decisionName(policy.evaluate(id, {}, 0)), decisionName(expected));
    }
}

void TstSamplingPolicy::traceStateValue_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value"); // null: absent
    QTest::addRow("only member") << QStringLiteral("a=1") << QStringLiteral("a") << QStringLiteral("1");
    QTest::addRow("last member") << QStringLiteral("a=1,b=2") << QStringLiteral("b") << QStringLiteral("2");
    QTest::addRow("empty value") << QStringLiteral("a=,b=2") << QStringLiteral("a") << QStringLiteral("");
    QTest::addRow("tabs and spaces") << QStringLiteral("a=1 ,\tb=2\t") << QStringLiteral("b") << QStringLiteral("2");
    QTest::addRow("absent") << QStringLiteral("a=1,b=2") << QStringLiteral("c") << QString();
    QTest::addRow("empty members skipped") << QStringLiteral(",,a=1,") << QStringLiteral("a") << QStringLiteral("1");
    QTest::addRow("empty state") << QString() << QStringLiteral("a") << QString();
}

void TstSamplingPolicy::traceStateValue()
{
    QFETCH(QString, state);
    QFETCH(QString, key);
    QFETCH(QString, value);
    const QStringView actual = SamplingPredicates::traceStateValue(state, key);
    QCOMPARE(actual.isNull(), value.isNull());
    QCOMPARE(actual.toString(), value);
}

void TstSamplingPolicy::regexResultsCached_data()
{
    QTest::addColumn<int>("cacheSize");
    QTest::addRow("no cache") << 0;
    QTest::addRow("emptied when full") << 2;
    QTest::addRow("default size") << -1;
}

// Remembered regex results give the same answers as matching afresh, whatever the cache size.
void TstSamplingPolicy::regexResultsCached()
{
    QFETCH(int, cacheSize);
    QByteArray policy = R"({"name":"p","type":"string_attribute","key":"http.route","values":["^/api/"],)"
                        R"("enabled_regex_matching":true)";
    if (cacheSize >= 0)
        policy += ",\"cache_max_size\":" + QByteArray::number(cacheSize);
    QString error;
    const std::optional<SamplingConfig> config = configOf(policy + '}', &error);
    QVERIFY2(config, qPrintable(error));
    SamplingPolicy sampler(config->policies.front());
    const QStringList routes = {QStringLiteral("/api/a"), QStringLiteral("/b"), QStringLiteral("/api/c"),
                                QStringLiteral("/api/a"), QStringLiteral("/b"), QStringLiteral("/d"),
                                QStringLiteral("/api/c"), QStringLiteral("/b")};
    for (const QString &route : routes) {
        const PolicyDecision expected =
            route.startsWith(u"/api/") ? PolicyDecision::Sampled : PolicyDecision::NotSampled;
        QCOMPARE(decisionName(sampler.evaluate(Id, withAttribute(QStringLiteral("http.route"), route), 0)),
                 decisionName(expected));
    }
}

QTEST_GUILESS_MAIN(TstSamplingPolicy)
#include "tst_samplingpolicy.moc"
