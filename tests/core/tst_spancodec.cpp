// SPDX-License-Identifier: MIT
#include "coretestsupport.h"
#include "spancodec.h"
#include "storeobserver.h"
#include "tracestore.h"

#include <QTest>

using namespace traceflow;

namespace {
Span fullSpan()
{
    // Lowercase hex ids of a hex width are read as hex; "parent-1" stays text.
    Span s = CoreTestSupport::makeSpan("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                                       "parent-1", u"checkout", u"POST /cart/{id}",
                                       1'700'000'000'123'456'789, 42'000'001, StatusCode::Error);
    s.kind = SpanKind::Consumer;
    s.attributes = Attributes{{QStringLiteral("http.method"), QStringLiteral("POST")},
                              {QStringLiteral("http.status_code"), qint64(-503)},
                              {QStringLiteral("retry"), true},
                              {QStringLiteral("ok"), false},
                              {QStringLiteral("ratio"), 0.25},
                              {QStringLiteral("tags"), QStringList{QStringLiteral("a"), QString()}},
                              {QStringLiteral("flags"), QList<bool>{true, false}},
                              {QStringLiteral("sizes"), QList<qint64>{1, -2, 1LL << 40}},
                              {QStringLiteral("weights"), QList<double>{1.5, -0.0}},
                              {QStringLiteral("note"), QStringLiteral("h\u00e9llo \u2603")}};
    s.setStatusMessage(QStringLiteral("card declined"));
    s.setTraceState(QStringLiteral("vendor=1"));
    s.addEvent({1'700'000'000'123'456'000, QStringLiteral("exception"),
                Attributes{{QStringLiteral("exception.type"), QStringLiteral("Timeout")}}});
    s.addLink({TraceId::fromString(std::string_view("trace-linked")),
               SpanId::fromHex(std::string_view("00f067aa0ba902b7")), QStringLiteral("k=v"),
               Attributes{{QStringLiteral("link.kind"), qint64(2)}}});
    QSharedDataPointer<SpanOrigin> origin(new SpanOrigin);
    origin->resource = Attributes{{QStringLiteral("service.name"), QStringLiteral("checkout")},
                                  {QStringLiteral("host.name"), QStringLiteral("box-1")}};
    origin->scopeName = QStringLiteral("io.opentelemetry.http");
    origin->scopeVersion = QStringLiteral("1.2.3");
    s.setOrigin(origin);
    return s;
}

Span plainSpan(const TraceId &trace, int i, qint64 start)
{
    Span s;
    s.traceId = trace;
    s.spanId = SpanId::fromString(QStringLiteral("s%1").arg(i));
    s.setService(u"svc");
    s.setOperation(u"op");
    s.startNs = start;
    s.durationNs = 10;
    return s;
}

class Recorder : public StoreObserver
{
public:
    std::vector<Span> stored;
    std::vector<TraceId> removed;
    int clears = 0;
    void spansStored(std::vector<Span> spans) override
    {
        stored.insert(stored.end(), spans.begin(), spans.end());
    }
    void traceRemoved(const TraceId &id) override { removed.push_back(id); }
    void storeCleared() override { ++clears; }
};
} // namespace

class TstSpanCodec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void sharedOrigins();
    void malformed_data();
    void malformed();
    void observerSeesInsertsWithoutDuplicates();
};

void TstSpanCodec::roundTrip_data()
{
    QTest::addColumn<int>("variant");
    QTest::addRow("every field") << 0;
    QTest::addRow("bare span, empty ids") << 1;
    QTest::addRow("several spans of one trace, times going back") << 2;
    QTest::addRow("spans of different traces") << 3;
}

void TstSpanCodec::roundTrip()
{
    QFETCH(int, variant);
    std::vector<Span> spans;
    const TraceId trace = TraceId::fromHex(std::string_view("4bf92f3577b34da6a3ce929d0e0e4736"));
    switch (variant) {
    case 0: spans.push_back(fullSpan()); break;
    case 1: spans.emplace_back(); break;
    case 2:
        for (int i = 0; i < 5; ++i)
            spans.push_back(plainSpan(trace, i, 1'000'000'000 - i * 7'000'000'000LL));
        spans.push_back(fullSpan());
        spans.back().traceId = trace;
        break;
    case 3:
        spans.push_back(plainSpan(trace, 1, 5));
        spans.push_back(plainSpan(TraceId::fromHex(std::string_view("463ac35c9f6413ad")), 2, -5));
        spans.push_back(fullSpan());
        break;
    }
    const QByteArray blob = SpanCodec::encode(spans);
    std::vector<Span> decoded{plainSpan(trace, 99, 1)}; // decode appends
    QVERIFY(SpanCodec::decode(blob, &decoded));
    QCOMPARE(decoded.size(), spans.size() + 1);
    for (std::size_t i = 0; i < spans.size(); ++i) {
        const Span &a = spans[i];
        const Span &b = decoded[i + 1];
        QCOMPARE(b.traceId, a.traceId);
        QCOMPARE(b.spanId, a.spanId);
        QCOMPARE(b.parentSpanId, a.parentSpanId);
        QCOMPARE(b.startNs, a.startNs);
        QCOMPARE(b.durationNs, a.durationNs);
        QCOMPARE(b.service(), a.service());
        QCOMPARE(b.operation(), a.operation());
        QCOMPARE(b.resource(), a.resource());
        QCOMPARE(b.scopeName(), a.scopeName());
        QCOMPARE(b.scopeVersion(), a.scopeVersion());
        QVERIFY(b.attributes == a.attributes);
        QCOMPARE(b.events().size(), a.events().size());
        QVERIFY(b == a);
    }
}

void TstSpanCodec::sharedOrigins()
{
    Span a = fullSpan();
    Span b = fullSpan();
    b.spanId = SpanId::fromString(std::string_view("other"));
    b.setOrigin(a.origin()); // shared, as a decoder leaves them
    const std::vector<Span> spans{a, b};
    std::vector<Span> decoded;
    QVERIFY(SpanCodec::decode(SpanCodec::encode(spans), &decoded));
    QCOMPARE(decoded.size(), 2u);
    QCOMPARE(decoded[0].origin().constData(), decoded[1].origin().constData());
}

void TstSpanCodec::malformed_data()
{
    QTest::addColumn<int>("cut");
    QTest::addColumn<bool>("garbage");
    QTest::addRow("empty") << 0 << false;
    QTest::addRow("one byte") << 1 << false;
    QTest::addRow("truncated in the middle") << -2 << false;
    QTest::addRow("last byte missing") << -1 << false;
    QTest::addRow("trailing byte") << 1000 << false;
    QTest::addRow("random bytes") << 0 << true;
}

void TstSpanCodec::malformed()
{
    QFETCH(int, cut);
    QFETCH(bool, garbage);
    const QByteArray blob = SpanCodec::encode(std::vector<Span>{fullSpan(), fullSpan()});
    QByteArray bad;
    if (garbage) {
        for (int i = 0; i < 400; ++i)
            bad.append(char((i * 7919 + 13) % 251));
    } else if (cut == 1000) {
        bad = blob + 'x';
    } else if (cut == -2) {
        bad = blob.left(blob.size() / 2);
    } else if (cut < 0) {
        bad = blob.chopped(-cut);
    } else {
        bad = blob.left(cut);
    }
    std::vector<Span> out{Span()};
    QVERIFY(!SpanCodec::decode(bad, &out));
    QCOMPARE(out.size(), 1u); // left as it was
}

void TstSpanCodec::observerSeesInsertsWithoutDuplicates()
{
    TraceStore store;
    Recorder recorder;
    store.setObserver(&recorder);
    const TraceId trace = TraceId::fromString(std::string_view("t1"));
    store.insert({plainSpan(trace, 1, 1), plainSpan(trace, 2, 2)});
    store.insert({plainSpan(trace, 2, 2), plainSpan(trace, 3, 3)}); // 2 is a duplicate
    QCOMPARE(recorder.stored.size(), 3u);
    QCOMPARE(recorder.stored[2].spanId, SpanId::fromString(std::string_view("s3")));
    QVERIFY(store.removeTrace(trace));
    QCOMPARE(recorder.removed.size(), 1u);
    store.clear();
    QCOMPARE(recorder.clears, 1);
    store.setObserver(nullptr);
    store.insert({plainSpan(trace, 4, 4)});
    QCOMPARE(recorder.stored.size(), 3u);
}

QTEST_GUILESS_MAIN(TstSpanCodec)
#include "tst_spancodec.moc"
