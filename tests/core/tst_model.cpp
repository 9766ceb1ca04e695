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
            const QString text = QStringLiteral("request-%1").arg(i);
            const QByteArray utf8 = text.toUtf8();
            QVERIFY(a.valueEquals(0, StringPool::instance().find(text),
                                  std::string_view(utf8.constData(), std::size_t(utf8.size())), text));
        }
        // At most one pool admission budget (1024 values) plus the key itself.
        QVERIFY(StringPool::instance().size() - before <= 1025);
    }

    // fromUtf8 must build exactly what the QString route builds, including the cases it hands
    // back to that route: a repeated key (the last one wins) and text starting with a BOM.
    void attributesFromUtf8_data()
    {
        QTest::addColumn<QByteArrayList>("keys");
        QTest::addColumn<QByteArrayList>("texts");
        QTest::addRow("plain") << QByteArrayList{"http.method", "http.url"}
                               << QByteArrayList{"GET", "/cart?id=1"};
        QTest::addRow("repeated key") << QByteArrayList{"a", "b", "a"}
                                      << QByteArrayList{"1", "2", "3"};
        QTest::addRow("byte order mark") << QByteArrayList{"k"}
                                         << QByteArrayList{"\xef\xbb\xbfvalue"};
        QTest::addRow("non-ASCII") << QByteArrayList{"user.name", "caf\xc3\xa9"}
                                   << QByteArrayList{"J\xc3\xbcrgen", "\xe2\x82\xac"};
        QTest::addRow("empty text") << QByteArrayList{"e"} << QByteArrayList{""};
    }
    void attributesFromUtf8()
    {
        QFETCH(QByteArrayList, keys);
        QFETCH(QByteArrayList, texts);
        std::vector<Attributes::Item> items;
        std::vector<Attributes::Utf8Item> utf8;
        for (qsizetype i = 0; i < keys.size(); ++i) {
            items.emplace_back(QString::fromUtf8(keys[i]), AttributeValue(QString::fromUtf8(texts[i])));
            Attributes::Utf8Item item;
            item.key = std::string_view(keys[i].constData(), std::size_t(keys[i].size()));
            item.text = std::string_view(texts[i].constData(), std::size_t(texts[i].size()));
            item.isText = true;
            utf8.push_back(item);
        }
        // Twice: the second time through the per-thread cache of pooled strings.
        for (int round = 0; round < 2; ++round) {
            const Attributes built = Attributes::fromUtf8(utf8);
            QVERIFY(built == Attributes(items));
            for (int i = 0; i < built.size(); ++i)
                QCOMPARE(built.valueAt(i).toString(), Attributes(items).valueAt(i).toString());
        }
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
