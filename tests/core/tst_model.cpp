// SPDX-License-Identifier: MIT
#include "attributes.h"
#include "ids.h"
#include "span.h"
#include "stringpool.h"

#include <QTest>

using namespace traceflow;

class TstModel : public QObject
{
    Q_OBJECT

private slots:
    void traceIdRoundTrip_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("hex");
        QTest::addRow("w3c 128-bit") << QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736") << true;
        QTest::addRow("zipkin 64-bit") << QStringLiteral("463ac35c9f6413ad") << true;
        QTest::addRow("traceflow text") << QStringLiteral("trace-1") << false;
        QTest::addRow("uppercase hex stays text") << QStringLiteral("463AC35C9F6413AD") << false;
        QTest::addRow("odd width hex stays text") << QStringLiteral("abc") << false;
        QTest::addRow("long text is pooled")
            << QStringLiteral("a-very-long-trace-identifier-from-some-system") << false;
        QTest::addRow("unicode text") << QStringLiteral("trace-\u00e9t\u00e9") << false;
    }
    void traceIdRoundTrip()
    {
        QFETCH(QString, text);
        QFETCH(bool, hex);
        const TraceId id = TraceId::fromString(text);
        QCOMPARE(id.toString(), text);
        QCOMPARE(id.isHex(), hex);
        QVERIFY(id.isValid());
        QCOMPARE(TraceId::fromString(id.toString()), id);
        QCOMPARE(std::hash<TraceId>()(TraceId::fromString(text)), std::hash<TraceId>()(id));
    }

    void spanIdRules()
    {
        QCOMPARE(SpanId::fromString(QStringLiteral("00f067aa0ba902b7")).toString(),
                 QStringLiteral("00f067aa0ba902b7"));
        QVERIFY(SpanId::fromString(QStringLiteral("00f067aa0ba902b7")).isHex());
        QVERIFY(!SpanId::fromHex(std::string_view("0000000000000000")).isValid());
        QVERIFY(SpanId::fromHex(std::string_view("zz00000000000000")).isEmpty());
        QVERIFY(SpanId::fromString(QString()).isEmpty());
        const char raw[8] = {1, 2, 3, 4, 5, 6, 7, 8};
        const SpanId fromRaw = SpanId::fromBytes(raw, 8);
        QCOMPARE(fromRaw.toString(), QStringLiteral("0102030405060708"));
        QCOMPARE(fromRaw.rawBytes().size(), std::size_t(8));
        QVERIFY(SpanId::fromBytes(raw, 7).isEmpty());
    }

    void attributesRoundTrip_data()
    {
        QTest::addColumn<AttributeValue>("value");
        QTest::addRow("short string") << AttributeValue(QStringLiteral("GET"));
        QTest::addRow("empty-ish string") << AttributeValue(QStringLiteral(" "));
        QTest::addRow("long string") << AttributeValue(QString(500, u'x'));
        QTest::addRow("unicode string") << AttributeValue(QStringLiteral("caf\u00e9 \u2615 ok"));
        QTest::addRow("bool") << AttributeValue(true);
        QTest::addRow("int min") << AttributeValue(std::numeric_limits<qint64>::min());
        QTest::addRow("double") << AttributeValue(3.25);
        QTest::addRow("string array")
            << AttributeValue(QStringList{QStringLiteral("a"), QString(), QStringLiteral("c\u00e9")});
        QTest::addRow("bool array") << AttributeValue(QList<bool>{true, false});
        QTest::addRow("int array") << AttributeValue(QList<qint64>{1, -2, 3});
        QTest::addRow("double array") << AttributeValue(QList<double>{0.5, -1e300});
    }
    void attributesRoundTrip()
    {
        QFETCH(AttributeValue, value);
        Attributes attrs{{QStringLiteral("before"), AttributeValue(qint64(1))},
                         {QStringLiteral("k"), value},
                         {QStringLiteral("after"), AttributeValue(QStringLiteral("tail value x"))}};
        QCOMPARE(attrs.size(), 3);
        QCOMPARE(attrs.value(u"k"), value);
        QCOMPARE(attrs.keyAt(1), QStringLiteral("k"));
        const Attributes copy = attrs;
        QCOMPARE(copy, attrs);
        QCOMPARE(copy.value(u"after").toString(), QStringLiteral("tail value x"));
    }

    void attributesReplaceAndRemove()
    {
        Attributes attrs{{QStringLiteral("a"), AttributeValue(qint64(1))},
                         {QStringLiteral("a"), AttributeValue(qint64(2))}};
        QCOMPARE(attrs.size(), 1);
        QCOMPARE(attrs.value(u"a").toInt(), 2);
        attrs.insert(QStringLiteral("b"), AttributeValue(true));
        attrs.insert(QStringLiteral("a"), AttributeValue(QStringLiteral("x")));
        QCOMPARE(attrs.size(), 2);
        QCOMPARE(attrs.value(u"a").toString(), QStringLiteral("x"));
        attrs.remove(u"a");
        QCOMPARE(attrs.size(), 1);
        QVERIFY(!attrs.contains(u"a"));
        QVERIFY(attrs.value(u"missing").isEmpty());
    }

    void highCardinalityValuesStayOutOfThePool()
    {
        const std::size_t before = StringPool::instance().size();
        for (int i = 0; i < 5000; ++i) {
            Attributes a{{QStringLiteral("request.id"),
                          AttributeValue(QStringLiteral("request-%1").arg(i))}};
            QCOMPARE(a.value(u"request.id").toString(), QStringLiteral("request-%1").arg(i));
            QVERIFY(a.stringEquals(0, QStringLiteral("request-%1").arg(i)));
        }
        // At most one pool admission budget (1024 values) plus the key itself.
        QVERIFY(StringPool::instance().size() - before <= 1025);
    }

    void spanDetailsAndEquality()
    {
        Span a;
        a.traceId = TraceId::fromString(QStringLiteral("trace-1"));
        a.spanId = SpanId::fromString(QStringLiteral("span-1"));
        a.setService(u"checkout");
        a.setOperation(u"checkout.request");
        a.startNs = 1'710'000'000'000'000'000;
        a.durationNs = 42'000'000;
        Span b = a;
        QCOMPARE(a, b);
        b.addEvent({a.startNs + 5, QStringLiteral("retry"), {}});
        QVERIFY(a != b);
        QVERIFY(a.events().empty());
        QCOMPARE(b.events().size(), std::size_t(1));
        QCOMPARE(a.service(), QStringLiteral("checkout"));
        QCOMPARE(a.endNs(), a.startNs + 42'000'000);
        QVERIFY(a.memoryBytes() >= sizeof(Span));
        QVERIFY(sizeof(Span) <= 96);
    }

    void names()
    {
        QCOMPARE(spanKindName(SpanKind::Server), QStringLiteral("server"));
        QCOMPARE(spanKindFromName(u"CLIENT"), SpanKind::Client);
        QCOMPARE(spanKindFromName(u"bogus"), SpanKind::Unspecified);
        StatusCode s = StatusCode::Unset;
        QVERIFY(statusFromName(u"Error", &s));
        QCOMPARE(s, StatusCode::Error);
        QVERIFY(!statusFromName(u"fine", &s));
    }
};

QTEST_GUILESS_MAIN(TstModel)
#include "tst_model.moc"
