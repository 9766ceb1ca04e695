// SPDX-License-Identifier: MIT
// W3C Trace Context and Baggage propagation, over the cases of the W3C trace-context test
// suite (test/test_traceparent.py, test_tracestate.py) and the Baggage grammar.
#include "baggage.h"
#include "tracecontextpropagator.h"

#include <QNetworkRequest>
#include <QTest>

using namespace traceflow::sdk;

namespace {

const QByteArray TraceHex = "4bf92f3577b34da6a3ce929d0e0e4736";
const QByteArray SpanHex = "00f067aa0ba902b7";

QByteArray makeTraceparent(const QByteArray &version, const QByteArray &trace = TraceHex,
                       const QByteArray &span = SpanHex, const QByteArray &flags = "01")
{
    return version + '-' + trace + '-' + span + '-' + flags;
}

QByteArray members(int count)
{
    QByteArray header;
    for (int i = 0; i < count; ++i)
        header += QByteArray(i ? "," : "") + "k" + QByteArray::number(i) + "=v" + QByteArray::number(i);
    return header;
}

} // namespace

class TstPropagation : public QObject
{
    Q_OBJECT

private slots:
    void traceparent_data();
    void traceparent();
    void tracestate_data();
    void tracestate();
    void tracestateSet();
    void extract_data();
    void extract();
    void roundTrip_data();
    void roundTrip();
    void baggage_data();
    void baggage();
    void baggageRoundTrip();
};

void TstPropagation::traceparent_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("sampled");

    QTest::addRow("valid sampled") << makeTraceparent("00") << true << true;
    QTest::addRow("valid not sampled") << makeTraceparent("00", TraceHex, SpanHex, "00") << true << false;
    QTest::addRow("unknown flag bits ignored, sampled")
        << makeTraceparent("00", TraceHex, SpanHex, "09") << true << true;
    QTest::addRow("unknown flag bits ignored, not sampled")
        << makeTraceparent("00", TraceHex, SpanHex, "fe") << true << false;
    QTest::addRow("leading and trailing OWS") << " \t" + makeTraceparent("00") + "\t " << true << true;
    QTest::addRow("future version, exactly 55 chars") << makeTraceparent("cc") << true << true;
    QTest::addRow("future version with extra fields")
        << makeTraceparent("cc") + "-what-the-future-will-be-like" << true << true;
    QTest::addRow("future version with one extra field") << makeTraceparent("01") + "-x" << true << true;
    QTest::addRow("future version, not sampled, extra field")
        << makeTraceparent("fe", TraceHex, SpanHex, "00") + "-00" << true << false;

    QTest::addRow("version ff") << makeTraceparent("ff") << false << false;
    QTest::addRow("version ff with extra fields") << makeTraceparent("ff") + "-x" << false << false;
    QTest::addRow("version 00 with trailing data") << makeTraceparent("00") + "-what" << false << false;
    QTest::addRow("version 00 with trailing dash") << makeTraceparent("00") + "-" << false << false;
    QTest::addRow("version 00 with trailing text") << makeTraceparent("00") + "x" << false << false;
    QTest::addRow("future version, extra data without dash")
        << makeTraceparent("cc") + "what" << false << false;
    QTest::addRow("uppercase version") << makeTraceparent("0A") << false << false;
    QTest::addRow("uppercase trace id") << makeTraceparent("00", TraceHex.toUpper()) << false << false;
    QTest::addRow("uppercase span id")
        << makeTraceparent("00", TraceHex, SpanHex.toUpper()) << false << false;
    QTest::addRow("uppercase flags") << makeTraceparent("00", TraceHex, SpanHex, "0A") << false << false;
    QTest::addRow("all-zero trace id")
        << makeTraceparent("00", QByteArray(32, '0')) << false << false;
    QTest::addRow("all-zero span id")
        << makeTraceparent("00", TraceHex, QByteArray(16, '0')) << false << false;
    QTest::addRow("all-zero ids, future version")
        << makeTraceparent("cc", QByteArray(32, '0')) + "-x" << false << false;
    QTest::addRow("trace id 31 chars") << makeTraceparent("00", TraceHex.chopped(1)) << false << false;
    QTest::addRow("trace id 33 chars") << makeTraceparent("00", TraceHex + "a") << false << false;
    QTest::addRow("span id 15 chars")
        << makeTraceparent("00", TraceHex, SpanHex.chopped(1)) << false << false;
    QTest::addRow("span id 17 chars") << makeTraceparent("00", TraceHex, SpanHex + "a") << false << false;
    QTest::addRow("flags 1 char") << makeTraceparent("00", TraceHex, SpanHex, "1") << false << false;
    QTest::addRow("flags 3 chars") << makeTraceparent("00", TraceHex, SpanHex, "001") << false << false;
    QTest::addRow("version 1 char") << makeTraceparent("0") << false << false;
    QTest::addRow("version 3 chars") << makeTraceparent("000") << false << false;
    QTest::addRow("non-hex in version") << makeTraceparent("0g") << false << false;
    QTest::addRow("non-hex in trace id")
        << makeTraceparent("00", "4bf92f3577b34da6a3ce929d0e0e473g") << false << false;
    QTest::addRow("non-hex in span id")
        << makeTraceparent("00", TraceHex, "00f067aa0ba902bz") << false << false;
    QTest::addRow("non-hex in flags") << makeTraceparent("00", TraceHex, SpanHex, "0g") << false << false;
    QTest::addRow("underscore delimiters")
        << QByteArray("00_" + TraceHex + '_' + SpanHex + "_01") << false << false;
    QTest::addRow("missing delimiter")
        << QByteArray("00" + TraceHex + '-' + SpanHex + "-01") << false << false;
    QTest::addRow("whitespace inside") << makeTraceparent("00", TraceHex, SpanHex, " 1") << false << false;
    QTest::addRow("empty") << QByteArray() << false << false;
    QTest::addRow("garbage") << QByteArray("hello") << false << false;
}

void TstPropagation::traceparent()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, valid);
    QFETCH(bool, sampled);

    const auto context = TraceContextPropagator::parseTraceparent(header);
    QCOMPARE(context.has_value(), valid);
    if (!valid)
        return;
    QCOMPARE(context->traceId.toHex(), TraceHex);
    QCOMPARE(context->spanId.toHex(), SpanHex);
    QCOMPARE(context->isSampled(), sampled);
    QVERIFY(context->remote);
    // Only the known flag survives into what we forward.
    QCOMPARE(context->traceFlags & ~SpanContext::SampledFlag, 0);
}

void TstPropagation::tracestate_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QByteArray>("normalized");

    const QByteArray key256 = 'a' + QByteArray(255, 'b');
    const QByteArray value256 = QByteArray(255, 'v') + '!';
    QTest::addRow("single member") << QByteArray("foo=1") << true << QByteArray("foo=1");
    QTest::addRow("OWS around members")
        << QByteArray(" foo=1 ,\tbar=2\t, baz=3 ") << true << QByteArray("foo=1,bar=2,baz=3");
    QTest::addRow("empty members skipped")
        << QByteArray("foo=1,, ,\t,bar=2,") << true << QByteArray("foo=1,bar=2");
    QTest::addRow("empty header") << QByteArray() << true << QByteArray();
    QTest::addRow("32 members") << members(32) << true << members(32);
    QTest::addRow("33 members") << members(33) << false << QByteArray();
    QTest::addRow("duplicated key") << QByteArray("foo=1,bar=2,foo=3") << false << QByteArray();
    QTest::addRow("multi-tenant key") << QByteArray("tenant@sys=v") << true << QByteArray("tenant@sys=v");
    QTest::addRow("tenant id starting with a digit")
        << QByteArray("1tenant@sys=v") << true << QByteArray("1tenant@sys=v");
    QTest::addRow("tenant id 241 chars")
        << QByteArray(241, 't') + "@s=v" << true << QByteArray(241, 't') + "@s=v";
    QTest::addRow("tenant id 242 chars") << QByteArray(242, 't') + "@s=v" << false << QByteArray();
    QTest::addRow("system id 14 chars")
        << "t@" + QByteArray(14, 's') + "=v" << true << "t@" + QByteArray(14, 's') + "=v";
    QTest::addRow("system id 15 chars") << "t@" + QByteArray(15, 's') + "=v" << false << QByteArray();
    QTest::addRow("system id starting with a digit") << QByteArray("t@1s=v") << false << QByteArray();
    QTest::addRow("empty tenant id") << QByteArray("@sys=v") << false << QByteArray();
    QTest::addRow("two @ in key") << QByteArray("a@b@c=v") << false << QByteArray();
    QTest::addRow("simple key starting with a digit") << QByteArray("1foo=1") << false << QByteArray();
    QTest::addRow("uppercase key") << QByteArray("Foo=1") << false << QByteArray();
    QTest::addRow("key with allowed specials")
        << QByteArray("a_-*/9=1") << true << QByteArray("a_-*/9=1");
    QTest::addRow("key with a dot") << QByteArray("a.b=1") << false << QByteArray();
    QTest::addRow("key 256 chars") << key256 + "=1" << true << key256 + "=1";
    QTest::addRow("key 257 chars") << key256 + "c=1" << false << QByteArray();
    QTest::addRow("value with inner space") << QByteArray("foo=a b") << true << QByteArray("foo=a b");
    QTest::addRow("value with leading space") << QByteArray("foo= ab") << true << QByteArray("foo= ab");
    QTest::addRow("value 256 chars") << "foo=" + value256 << true << "foo=" + value256;
    QTest::addRow("value 257 chars") << "foo=v" + value256 << false << QByteArray();
    QTest::addRow("value with equals sign") << QByteArray("foo=a=b") << false << QByteArray();
    QTest::addRow("empty value") << QByteArray("foo=") << false << QByteArray();
    QTest::addRow("missing equals sign") << QByteArray("foo") << false << QByteArray();
    QTest::addRow("value with a control char") << QByteArray("foo=a\x01") << false << QByteArray();
    QTest::addRow("value with a tab inside") << QByteArray("foo=a\tb") << false << QByteArray();
    QTest::addRow("value with non-ASCII") << QByteArray("foo=\xc3\xa9") << false << QByteArray();
    QTest::addRow("one bad member spoils all") << QByteArray("foo=1,BAR=2") << false << QByteArray();
}

void TstPropagation::tracestate()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, valid);
    QFETCH(QByteArray, normalized);

    const auto state = TraceState::parse(header);
    QCOMPARE(state.has_value(), valid);
    if (valid)
        QCOMPARE(state->toHeader(), normalized);
}

void TstPropagation::tracestateSet()
{
    auto state = TraceState::parse(members(32));
    QVERIFY(state);
    QVERIFY(state->set("k5", "updated"));
    QCOMPARE(state->members().front(), TraceState::Member("k5", "updated"));
    QCOMPARE(state->size(), 32);
    QVERIFY(state->set("new", "x"));
    QCOMPARE(state->size(), 32); // the rightmost member made room
    QCOMPARE(state->members().front().first, QByteArray("new"));
    QVERIFY(state->value("k31").isNull());
    QVERIFY(!state->set("Bad", "x"));
    QVERIFY(!state->set("ok", "bad=value"));
    state->remove("new");
    QCOMPARE(state->size(), 31);
}

void TstPropagation::extract_data()
{
    using Headers = TraceContextPropagator::Headers;
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<bool>("hasParent");
    QTest::addColumn<QByteArray>("tracestate");
    QTest::addColumn<QString>("baggageUser");

    const QByteArray tp = makeTraceparent("00");
    QTest::addRow("traceparent and tracestate")
        << Headers{{"traceparent", tp}, {"tracestate", "foo=1,bar=2"}} << true
        << QByteArray("foo=1,bar=2") << QString();
    QTest::addRow("header names are case-insensitive")
        << Headers{{"TraceParent", tp}, {"TRACESTATE", "foo=1"}} << true << QByteArray("foo=1")
        << QString();
    QTest::addRow("invalid traceparent drops tracestate")
        << Headers{{"traceparent", makeTraceparent("ff")}, {"tracestate", "foo=1"}} << false
        << QByteArray() << QString();
    QTest::addRow("invalid tracestate keeps traceparent")
        << Headers{{"traceparent", tp}, {"tracestate", "foo=1,foo=2"}} << true << QByteArray()
        << QString();
    QTest::addRow("two traceparent headers are invalid")
        << Headers{{"traceparent", tp}, {"traceparent", tp}} << false << QByteArray() << QString();
    QTest::addRow("two tracestate headers are joined")
        << Headers{{"traceparent", tp}, {"tracestate", "foo=1"}, {"tracestate", "bar=2"}} << true
        << QByteArray("foo=1,bar=2") << QString();
    QTest::addRow("33 members over two tracestate headers")
        << Headers{{"traceparent", tp}, {"tracestate", members(20)},
                   {"tracestate", "x=1,y=2,z=3,w=4,v=5,u=6,t=7,s=8,r=9,q=10,p=11,o=12,n=13"}}
        << true << QByteArray() << QString();
    QTest::addRow("baggage without traceparent")
        << Headers{{"baggage", "user=alice"}} << false << QByteArray() << QStringLiteral("alice");
    QTest::addRow("baggage kept when traceparent invalid")
        << Headers{{"traceparent", "00-bad"}, {"baggage", "user=bob"}} << false << QByteArray()
        << QStringLiteral("bob");
    QTest::addRow("no headers") << Headers{} << false << QByteArray() << QString();
}

void TstPropagation::extract()
{
    QFETCH(TraceContextPropagator::Headers, headers);
    QFETCH(bool, hasParent);
    QFETCH(QByteArray, tracestate);
    QFETCH(QString, baggageUser);

    const Context context = TraceContextPropagator::extract(headers);
    QCOMPARE(context.span().isValid(), hasParent);
    if (hasParent) {
        QCOMPARE(context.span().traceId.toHex(), TraceHex);
        QCOMPARE(context.span().spanId.toHex(), SpanHex);
        QVERIFY(context.span().remote);
    }
    QCOMPARE(context.span().traceState.toHeader(), tracestate);
    QCOMPARE(context.baggage().value(u"user"), baggageUser);
}

void TstPropagation::roundTrip_data()
{
    QTest::addColumn<bool>("sampled");
    QTest::addColumn<QByteArray>("tracestate");
    QTest::addColumn<QByteArray>("baggage");

    QTest::addRow("sampled, no state") << true << QByteArray() << QByteArray();
    QTest::addRow("not sampled") << false << QByteArray() << QByteArray();
    QTest::addRow("with tracestate") << true << QByteArray("vendor=abc,t@sys=1") << QByteArray();
    QTest::addRow("with baggage") << true << QByteArray() << QByteArray("user=alice,tier=gold");
    QTest::addRow("everything") << false << members(32) << QByteArray("k=v;prop");
}

void TstPropagation::roundTrip()
{
    QFETCH(bool, sampled);
    QFETCH(QByteArray, tracestate);
    QFETCH(QByteArray, baggage);

    SpanContext span;
    span.traceId = TraceId::random();
    span.spanId = SpanId::random();
    span.traceFlags = sampled ? SpanContext::SampledFlag : 0;
    span.traceState = *TraceState::parse(tracestate);
    const Context sent(span, Baggage::parse(baggage));

    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1/")));
    TraceContextPropagator::inject(sent, request);
    TraceContextPropagator::Headers headers;
    for (const QByteArray &name : request.rawHeaderList())
        headers.append({name, request.rawHeader(name)});
    QCOMPARE(request.rawHeader("traceparent"), TraceContextPropagator::formatTraceparent(span));
    QCOMPARE(request.hasRawHeader("tracestate"), !tracestate.isEmpty());
    QCOMPARE(request.hasRawHeader("baggage"), !baggage.isEmpty());

    const Context received = TraceContextPropagator::extract(headers);
    QCOMPARE(received.span().traceId, span.traceId);
    QCOMPARE(received.span().spanId, span.spanId);
    QCOMPARE(received.span().isSampled(), sampled);
    QCOMPARE(received.span().traceState, span.traceState);
    QCOMPARE(received.baggage(), sent.baggage());
    QVERIFY(received.span().remote);
}

void TstPropagation::baggage_data()
{
    using Entries = QList<QPair<QByteArray, QByteArray>>; // UTF-8
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<Entries>("expected");

    QTest::addRow("two members") << QByteArray("userId=alice,isProduction=false")
                                 << Entries{{"userId", "alice"}, {"isProduction", "false"}};
    QTest::addRow("OWS everywhere") << QByteArray(" userId = alice ,\tserverNode=DF%2028 ")
                                    << Entries{{"userId", "alice"}, {"serverNode", "DF 28"}};
    QTest::addRow("percent-decoded UTF-8")
        << QByteArray("check=%E2%9C%93") << Entries{{"check", "\u2713"}};
    QTest::addRow("properties") << QByteArray("k=v;p1=1;flag,other=2")
                                << Entries{{"k", "v"}, {"other", "2"}};
    QTest::addRow("empty value") << QByteArray("k=") << Entries{{"k", ""}};
    QTest::addRow("invalid key skipped") << QByteArray("good=1,bad key=2,ok=3")
                                         << Entries{{"good", "1"}, {"ok", "3"}};
    QTest::addRow("broken escape skipped") << QByteArray("a=%zz,b=%4,c=1") << Entries{{"c", "1"}};
    QTest::addRow("double quote skipped") << QByteArray("a=\"x\",b=1") << Entries{{"b", "1"}};
    QTest::addRow("missing equals skipped") << QByteArray("a,b=1") << Entries{{"b", "1"}};
    QTest::addRow("later duplicate wins") << QByteArray("a=1,a=2") << Entries{{"a", "2"}};
    QTest::addRow("header over 8192 bytes ignored")
        << "a=" + QByteArray(8191, 'x') << Entries{};
    QTest::addRow("empty") << QByteArray() << Entries{};
}

void TstPropagation::baggage()
{
    using Entries = QList<QPair<QByteArray, QByteArray>>; // UTF-8
    QFETCH(QByteArray, header);
    QFETCH(Entries, expected);

    const Baggage baggage = Baggage::parse(header);
    Entries actual;
    for (const Baggage::Entry &entry : baggage.entries())
        actual.append({entry.key.toUtf8(), entry.value.toUtf8()});
    QCOMPARE(actual, expected);
    if (header.startsWith("k=v;"))
        QCOMPARE(baggage.entries().front().properties, QByteArray("p1=1;flag"));
}

void TstPropagation::baggageRoundTrip()
{
    Baggage baggage;
    QVERIFY(baggage.set(QStringLiteral("text"), QStringLiteral("a b,c;d=e%f\"g\\h")));
    QVERIFY(baggage.set(QStringLiteral("unicode"), QString::fromUtf8("caf\u00e9 \u2713")));
    QVERIFY(baggage.set(QStringLiteral("props"), QStringLiteral("1"), "ttl=60"));
    QVERIFY(!baggage.set(QStringLiteral("bad key"), QStringLiteral("x")));
    const QByteArray header = baggage.toHeader();
    for (const char c : header)
        QVERIFY2(c > 0x20 && c < 0x7f && c != '"' && c != '\\', header.constData());
    QCOMPARE(Baggage::parse(header), baggage);

    Baggage big;
    for (int i = 0; i < 100; ++i)
        big.set(QStringLiteral("key%1").arg(i), QStringLiteral("v"));
    QCOMPARE(Baggage::parse(big.toHeader()).size(), Baggage::MaxMembers);
}

QTEST_GUILESS_MAIN(TstPropagation)
#include "tst_propagation.moc"
