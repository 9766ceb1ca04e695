// SPDX-License-Identifier: MIT
#include "memoryexporter.h"
#include "scope.h"
#include "simplespanprocessor.h"
#include "tracecontextpropagator.h"
#include "tracer.h"

#include <QTest>
#include <QThread>

#include <memory>

using namespace traceflow::sdk;

class TstTracer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void parentChildViaCurrentContext();
    void explicitParent();
    void explicitRoot();
    void remoteParent();
    void contextIsPerThread();
    void endsOnScopeExitOnce();
    void moveKeepsOneSpan();
    void recordsAttributesEventsLinksStatus();
    void statusRules_data();
    void statusRules();
    void limits();
    void resource();
    void sampling_data();
    void sampling();
    void traceIdRatioIsDeterministic();
    void traceIdRatioFraction();
    void unsampledSpanStillPropagates();

private:
    Tracer makeTracer(const Sampler &sampler = Sampler::parentBased(Sampler::alwaysOn()));
    std::shared_ptr<MemoryExporter> m_exporter;
};

Tracer TstTracer::makeTracer(const Sampler &sampler)
{
    TracerOptions options;
    options.sampler = sampler;
    options.resourceAttributes = {{QStringLiteral("deployment.environment"), QStringLiteral("test")}};
    return Tracer(QStringLiteral("svc"), std::make_shared<SimpleSpanProcessor>(m_exporter), options);
}

void TstTracer::init()
{
    m_exporter = std::make_shared<MemoryExporter>();
}

void TstTracer::parentChildViaCurrentContext()
{
    const Tracer tracer = makeTracer();
    QVERIFY(!Context::current().span().isValid());
    {
        Span root = tracer.startSpan(QStringLiteral("root"), SpanKind::Server);
        const Scope rootScope(root);
        QCOMPARE(Context::current().span(), root.context());
        {
            Span child = tracer.startSpan(QStringLiteral("child"));
            const Scope childScope(child);
            Span grandchild = tracer.startSpan(QStringLiteral("grandchild"));
        }
        Span sibling = tracer.startSpan(QStringLiteral("sibling"));
    }
    QVERIFY(!Context::current().span().isValid()); // every Scope restored its predecessor
    Span after = tracer.startSpan(QStringLiteral("after"));
    after.end();

    const SpanData root = m_exporter->span(QStringLiteral("root"));
    const SpanData child = m_exporter->span(QStringLiteral("child"));
    const SpanData grandchild = m_exporter->span(QStringLiteral("grandchild"));
    const SpanData sibling = m_exporter->span(QStringLiteral("sibling"));
    const SpanData afterData = m_exporter->span(QStringLiteral("after"));
    QCOMPARE(m_exporter->spans().size(), 5);
    QVERIFY(!root.parentSpanId.isValid());
    QCOMPARE(child.parentSpanId, root.spanId);
    QCOMPARE(grandchild.parentSpanId, child.spanId);
    QCOMPARE(sibling.parentSpanId, root.spanId);
    for (const SpanData &span : {child, grandchild, sibling})
        QCOMPARE(span.traceId, root.traceId);
    QVERIFY(!afterData.parentSpanId.isValid());
    QVERIFY(afterData.traceId != root.traceId);
    QVERIFY(!child.parentIsRemote);
}

void TstTracer::explicitParent()
{
    const Tracer tracer = makeTracer();
    Span a = tracer.startSpan(QStringLiteral("a"));
    Span b = tracer.startSpan(QStringLiteral("b"));
    {
        const Scope scope(a);
        Span child = tracer.startSpan(QStringLiteral("child of b"), SpanKind::Client, b.context());
        QCOMPARE(child.context().traceId, b.context().traceId);
    }
    b.end();
    a.end();
    QCOMPARE(m_exporter->span(QStringLiteral("child of b")).parentSpanId, b.context().spanId);
}

void TstTracer::explicitRoot()
{
    const Tracer tracer = makeTracer();
    Span outer = tracer.startSpan(QStringLiteral("outer"));
    const Scope scope(outer);
    SpanOptions options;
    options.parent = Context();
    Span root = tracer.startSpan(QStringLiteral("new root"), options);
    QVERIFY(root.context().traceId != outer.context().traceId);
    root.end();
    QVERIFY(!m_exporter->span(QStringLiteral("new root")).parentSpanId.isValid());
}

void TstTracer::remoteParent()
{
    const Tracer tracer = makeTracer();
    const Context incoming = TraceContextPropagator::extract(
        {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
         {"tracestate", "vendor=x"}});
    {
        const Scope scope(incoming);
        Span server = tracer.startSpan(QStringLiteral("server"), SpanKind::Server);
    }
    const SpanData server = m_exporter->span(QStringLiteral("server"));
    QCOMPARE(server.traceId.toHex(), QByteArray("4bf92f3577b34da6a3ce929d0e0e4736"));
    QCOMPARE(server.parentSpanId.toHex(), QByteArray("00f067aa0ba902b7"));
    QVERIFY(server.parentIsRemote);
    QCOMPARE(server.traceState.toHeader(), QByteArray("vendor=x")); // tracestate carried on
}

void TstTracer::contextIsPerThread()
{
    const Tracer tracer = makeTracer();
    Span main = tracer.startSpan(QStringLiteral("main"));
    const Scope scope(main);
    bool otherThreadSawSpan = true;
    SpanContext otherParent;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        otherThreadSawSpan = Context::current().span().isValid();
        Span span = tracer.startSpan(QStringLiteral("worker"));
        otherParent = span.context();
    }));
    thread->start();
    QVERIFY(thread->wait(10000));
    QVERIFY(!otherThreadSawSpan);
    QVERIFY(otherParent.traceId != main.context().traceId);
    QVERIFY(!m_exporter->span(QStringLiteral("worker")).parentSpanId.isValid());
}

void TstTracer::endsOnScopeExitOnce()
{
    const Tracer tracer = makeTracer();
    {
        Span span = tracer.startSpan(QStringLiteral("raii"));
        QVERIFY(span.isRecording());
        QCOMPARE(m_exporter->spans().size(), 0);
    }
    QCOMPARE(m_exporter->spans().size(), 1);
    {
        Span span = tracer.startSpan(QStringLiteral("explicit"));
        span.end();
        QVERIFY(!span.isRecording());
        span.setAttribute(QStringLiteral("late"), 1); // ignored after end
        span.end();
        QCOMPARE(m_exporter->spans().size(), 2);
    }
    QCOMPARE(m_exporter->spans().size(), 2);
    const SpanData data = m_exporter->span(QStringLiteral("explicit"));
    QVERIFY(data.attributes.isEmpty());
    QVERIFY(data.endUnixNs >= data.startUnixNs);
    QVERIFY(data.startUnixNs > 1'600'000'000'000'000'000LL);
}

void TstTracer::moveKeepsOneSpan()
{
    const Tracer tracer = makeTracer();
    {
        Span a = tracer.startSpan(QStringLiteral("a"));
        Span b = std::move(a);
        Span c = tracer.startSpan(QStringLiteral("c"));
        c = std::move(b); // ends "c", takes over "a"
        QCOMPARE(m_exporter->spans().size(), 1);
        QCOMPARE(m_exporter->spans().front().name, QStringLiteral("c"));
    }
    QCOMPARE(m_exporter->spans().size(), 2);
    QCOMPARE(m_exporter->spans().back().name, QStringLiteral("a"));
}

void TstTracer::recordsAttributesEventsLinksStatus()
{
    const Tracer tracer = makeTracer();
    Span other = tracer.startSpan(QStringLiteral("other"));
    SpanOptions options;
    options.kind = SpanKind::Producer;
    options.attributes = {{QStringLiteral("a"), 1}};
    options.links = {{other.context(), {{QStringLiteral("link.kind"), QStringLiteral("follows")}}}};
    {
        Span span = tracer.startSpan(QStringLiteral("op"), options);
        span.setAttribute(QStringLiteral("a"), 2); // replaces
        span.setAttribute(QStringLiteral("b"), QStringLiteral("x"));
        span.addEvent(QStringLiteral("cache miss"), {{QStringLiteral("key"), QStringLiteral("k1")}});
        span.recordException(QStringLiteral("IOError"), QStringLiteral("disk full"));
        span.addLink(SpanContext()); // invalid: ignored
        span.setStatus(StatusCode::Error, QStringLiteral("boom"));
        span.updateName(QStringLiteral("renamed"));
    }
    const SpanData data = m_exporter->span(QStringLiteral("renamed"));
    QCOMPARE(data.kind, SpanKind::Producer);
    QCOMPARE(data.attributes.size(), 2);
    QCOMPARE(attributeValue(data.attributes, u"a").toInt(), 2);
    QCOMPARE(data.events.size(), 2);
    QCOMPARE(data.events[0].name, QStringLiteral("cache miss"));
    QCOMPARE(data.events[1].name, QStringLiteral("exception"));
    QCOMPARE(attributeValue(data.events[1].attributes, u"exception.message").toString(),
             QStringLiteral("disk full"));
    QVERIFY(data.events[0].timeUnixNs >= data.startUnixNs);
    QCOMPARE(data.links.size(), 1);
    QCOMPARE(data.links[0].context.spanId, other.context().spanId);
    QCOMPARE(data.status, StatusCode::Error);
    QCOMPARE(data.statusMessage, QStringLiteral("boom"));
    QCOMPARE(data.scope->name, QStringLiteral("traceflow.sdk"));
}

void TstTracer::statusRules_data()
{
    QTest::addColumn<QList<int>>("codes");
    QTest::addColumn<int>("expected");
    const int unset = int(StatusCode::Unset), ok = int(StatusCode::Ok), error = int(StatusCode::Error);
    QTest::addRow("nothing set") << QList<int>{} << unset;
    QTest::addRow("error") << QList<int>{error} << error;
    QTest::addRow("unset does not clear error") << QList<int>{error, unset} << error;
    QTest::addRow("ok overrides error") << QList<int>{error, ok} << ok;
    QTest::addRow("ok is final") << QList<int>{ok, error} << ok;
}

void TstTracer::statusRules()
{
    QFETCH(QList<int>, codes);
    QFETCH(int, expected);
    const Tracer tracer = makeTracer();
    {
        Span span = tracer.startSpan(QStringLiteral("s"));
        for (const int code : codes)
            span.setStatus(StatusCode(code), QStringLiteral("m"));
    }
    QCOMPARE(int(m_exporter->spans().front().status), expected);
}

void TstTracer::limits()
{
    const Tracer tracer = makeTracer();
    {
        Span span = tracer.startSpan(QStringLiteral("big"));
        for (int i = 0; i < SpanData::MaxAttributes + 3; ++i)
            span.setAttribute(QStringLiteral("k%1").arg(i), i);
        span.setAttribute(QStringLiteral("k0"), -1); // existing keys still update when full
        for (int i = 0; i < SpanData::MaxEvents + 2; ++i)
            span.addEvent(QStringLiteral("e"));
    }
    const SpanData data = m_exporter->spans().front();
    QCOMPARE(data.attributes.size(), SpanData::MaxAttributes);
    QCOMPARE(data.droppedAttributes, 3);
    QCOMPARE(attributeValue(data.attributes, u"k0").toInt(), -1);
    QCOMPARE(data.events.size(), SpanData::MaxEvents);
    QCOMPARE(data.droppedEvents, 2);
}

void TstTracer::resource()
{
    const Tracer tracer = makeTracer();
    QCOMPARE(tracer.serviceName(), QStringLiteral("svc"));
    const Attributes &attributes = tracer.resource().attributes;
    QCOMPARE(attributeValue(attributes, u"deployment.environment").toString(), QStringLiteral("test"));
    QCOMPARE(attributeValue(attributes, u"telemetry.sdk.language").toString(), QStringLiteral("cpp"));
    QVERIFY(attributeValue(attributes, u"process.pid").toLongLong() > 0);
    { Span span = tracer.startSpan(QStringLiteral("s")); }
    QCOMPARE(m_exporter->spans().front().resource->serviceName(), QStringLiteral("svc"));
}

void TstTracer::sampling_data()
{
    QTest::addColumn<Sampler>("sampler");
    QTest::addColumn<int>("parent"); // 0 none, 1 sampled remote parent, 2 unsampled remote parent
    QTest::addColumn<bool>("sampled");

    QTest::addRow("always on, root") << Sampler::alwaysOn() << 0 << true;
    QTest::addRow("always on ignores unsampled parent") << Sampler::alwaysOn() << 2 << true;
    QTest::addRow("always off, root") << Sampler::alwaysOff() << 0 << false;
    QTest::addRow("always off ignores sampled parent") << Sampler::alwaysOff() << 1 << false;
    QTest::addRow("ratio 0") << Sampler::traceIdRatio(0.0) << 0 << false;
    QTest::addRow("ratio 1") << Sampler::traceIdRatio(1.0) << 0 << true;
    QTest::addRow("ratio above 1 clamps") << Sampler::traceIdRatio(7.0) << 0 << true;
    QTest::addRow("parent-based, sampled parent, root off")
        << Sampler::parentBased(Sampler::alwaysOff()) << 1 << true;
    QTest::addRow("parent-based, unsampled parent, root on")
        << Sampler::parentBased(Sampler::alwaysOn()) << 2 << false;
    QTest::addRow("parent-based, no parent, root on")
        << Sampler::parentBased(Sampler::alwaysOn()) << 0 << true;
    QTest::addRow("parent-based, no parent, root off")
        << Sampler::parentBased(Sampler::alwaysOff()) << 0 << false;
    QTest::addRow("parent-based, no parent, root ratio 0")
        << Sampler::parentBased(Sampler::traceIdRatio(0)) << 0 << false;
}

void TstTracer::sampling()
{
    QFETCH(Sampler, sampler);
    QFETCH(int, parent);
    QFETCH(bool, sampled);

    const Tracer tracer = makeTracer(sampler);
    SpanOptions options;
    if (parent != 0) {
        const QByteArray flags = parent == 1 ? "01" : "00";
        options.parent = TraceContextPropagator::extract(
            {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-" + flags}});
    }
    {
        Span span = tracer.startSpan(QStringLiteral("s"), options);
        QCOMPARE(span.isRecording(), sampled);
        QCOMPARE(span.context().isSampled(), sampled);
        QVERIFY(span.context().isValid());
    }
    QCOMPARE(m_exporter->spans().size(), sampled ? 1 : 0);
}

void TstTracer::traceIdRatioIsDeterministic()
{
    // The decision uses the trace id's last 8 bytes: low values are kept, high dropped.
    const Sampler half = Sampler::traceIdRatio(0.5);
    const auto low = TraceId::fromHex("ffffffffffffffff0000000000000001");
    const auto high = TraceId::fromHex("0000000000000000ffffffffffffffff");
    QCOMPARE(half.shouldSample({}, *low), Sampler::Decision::RecordAndSample);
    QCOMPARE(half.shouldSample({}, *high), Sampler::Decision::Drop);
    const TraceId random = TraceId::random();
    for (int i = 0; i < 5; ++i)
        QCOMPARE(half.shouldSample({}, random), half.shouldSample({}, random));
}

void TstTracer::traceIdRatioFraction()
{
    const Sampler quarter = Sampler::traceIdRatio(0.25);
    constexpr int Trials = 8000;
    int kept = 0;
    for (int i = 0; i < Trials; ++i)
        kept += quarter.shouldSample({}, TraceId::random()) == Sampler::Decision::RecordAndSample;
    // Standard deviation is about 0.005 of the trials: allow eight of them.
    QVERIFY2(qAbs(double(kept) / Trials - 0.25) < 0.04, qPrintable(QString::number(kept)));
}

void TstTracer::unsampledSpanStillPropagates()
{
    const Tracer tracer = makeTracer(Sampler::parentBased(Sampler::alwaysOff()));
    Span root = tracer.startSpan(QStringLiteral("root"));
    QVERIFY(!root.isRecording());
    const Scope scope(root);
    Span child = tracer.startSpan(QStringLiteral("child"));
    QCOMPARE(child.context().traceId, root.context().traceId);
    QVERIFY(!child.context().isSampled());
    const auto headers = TraceContextPropagator::inject(Context::current());
    QCOMPARE(headers.front().second,
             "00-" + root.context().traceId.toHex() + '-' + root.context().spanId.toHex() + "-00");
    child.end();
    root.end();
    QCOMPARE(m_exporter->spans().size(), 0);
}

QTEST_GUILESS_MAIN(TstTracer)
#include "tst_tracer.moc"
