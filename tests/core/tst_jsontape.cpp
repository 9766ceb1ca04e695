// SPDX-License-Identifier: MIT
#include "jsontape.h"

#include <QTest>

using namespace traceflow;

class TstJsonTape : public QObject
{
    Q_OBJECT

private slots:
    void scalars_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("text");
        QTest::addRow("null") << QByteArray("null") << int(JsonValue::Type::Null)
                              << QStringLiteral("null");
        QTest::addRow("true") << QByteArray(" true ") << int(JsonValue::Type::Bool)
                              << QStringLiteral("true");
        QTest::addRow("negative int")
            << QByteArray("-9223372036854775808") << int(JsonValue::Type::Int)
            << QStringLiteral("-9223372036854775808");
        QTest::addRow("positive int")
            << QByteArray("42") << int(JsonValue::Type::Int) << QStringLiteral("42");
        QTest::addRow("beyond int64")
            << QByteArray("18446744073709551615") << int(JsonValue::Type::UInt)
            << QStringLiteral("18446744073709551615");
        // simdjson refuses integers beyond 64 bits; the fallback parser reads them as doubles.
        QTest::addRow("beyond uint64")
            << QByteArray("18446744073709551616") << int(JsonValue::Type::Double)
            << QStringLiteral("1.8446744073709552e+19");
        QTest::addRow("double") << QByteArray("2.5e-3") << int(JsonValue::Type::Double)
                                << QStringLiteral("0.0025");
        QTest::addRow("escaped string")
            << QByteArray("\"a\\u00e9\\n\"") << int(JsonValue::Type::String)
            << QStringLiteral("\"a\u00e9\\n\"");
    }
    void scalars()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, type);
        QFETCH(QString, text);
        JsonTape tape;
        QString error;
        QVERIFY(tape.parse(json.toStdString(), &error));
        QCOMPARE(int(tape.root().type()), type);
        QCOMPARE(QString::fromUtf8(tape.root().dump()), text);
        QCOMPARE(tape.root().size(), 0u);
        QVERIFY(!(tape.root().begin() != tape.root().end()));
    }

    void containers()
    {
        JsonTape tape;
        QString error;
        QVERIFY(tape.parse(R"({"a":[1,{"b":null},[]],"s":"x","a":"last","e":{}})", &error));
        const JsonValue root = tape.root();
        QVERIFY(root.isObject());
        QCOMPARE(root.size(), 4u);
        QStringList keys;
        for (JsonValue member : root)
            keys.append(member.keyQString());
        QCOMPARE(keys, (QStringList{QStringLiteral("a"), QStringLiteral("s"), QStringLiteral("a"),
                                    QStringLiteral("e")}));
        QCOMPARE(root.find("a").toQString(), QStringLiteral("last")); // duplicates: the last wins
        QVERIFY(!root.find("missing").isPresent());
        QVERIFY(root.find("missing").isNull());
        const JsonValue array = *root.begin();
        QVERIFY(array.isArray());
        QCOMPARE(array.size(), 3u);
        int n = 0;
        for (JsonValue element : array) {
            QVERIFY(element.key().empty());
            ++n;
        }
        QCOMPARE(n, 3);
        QVERIFY(root.find("e").isObject());
        QCOMPARE(root.find("e").size(), 0u);
        QCOMPARE(QString::fromUtf8(root.dump()), QStringLiteral(R"({"a":"last","s":"x","e":{}})"));
        QVERIFY(array.find("b").isNull()); // find on a non-object
    }

    void deepEquality()
    {
        JsonTape a;
        JsonTape b;
        QString error;
        QVERIFY(a.parse(
            R"([{"k":[1,"x",true]},{"k":[1,"x",true]},{"k":[1,"x",false]},{"j":[1,"x",true]}])",
            &error));
        QVERIFY(b.parse(R"({"k":[1,"x",true]})", &error));
        std::vector<JsonValue> items;
        for (JsonValue item : a.root())
            items.push_back(item);
        QVERIFY(items[0] == items[1]);
        QVERIFY(items[0] == b.root());
        QVERIFY(!(items[0] == items[2]));
        QVERIFY(!(items[0] == items[3]));
        QVERIFY(JsonValue() == JsonValue());
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::addRow("empty") << QByteArray()
                               << QStringLiteral(
                                      "invalid JSON at byte 1: syntax error while parsing value - "
                                      "unexpected end of input; expected '[', '{', or a literal");
        QTest::addRow("two values")
            << QByteArray("{} {}")
            << QStringLiteral("invalid JSON at byte 4: syntax error while parsing value - "
                              "unexpected '{'; expected end of input");
        QTest::addRow("bad utf-8")
            << QByteArray("\"\xff\"")
            << QStringLiteral("invalid JSON at byte 2: syntax error while parsing value - invalid "
                              "string: ill-formed UTF-8 byte; last read: '\"\uFFFD'");
        QTest::addRow("too deep") << QByteArray(129, '[') + QByteArray(129, ']')
                                  << QStringLiteral("invalid JSON: nested deeper than 128 levels");
        // Beyond simdjson's own depth limit too: the fallback parser gives the same answer.
        QTest::addRow("far too deep") << QByteArray(2000, '[') + QByteArray(2000, ']')
                                      << QStringLiteral("invalid JSON: nested deeper than 128 levels");
        QTest::addRow("truncated object")
            << QByteArray("{\"a\":[1,2")
            << QStringLiteral("invalid JSON at byte 10: syntax error while parsing array - "
                              "unexpected end of input; expected ']'");
    }
    void errors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        JsonTape tape;
        QString why;
        QVERIFY(!tape.parse(json.toStdString(), &why));
        QCOMPARE(why, error);
        QVERIFY(!tape.root().isPresent());
    }

    // One tape parses document after document; a failure leaves nothing of the one before.
    void reuse()
    {
        JsonTape tape;
        QString error;
        QVERIFY(tape.parse(R"({"a":[1,"x"],"b":{"c":true}})", &error));
        QCOMPARE(tape.root().find("a").size(), 2u);
        QVERIFY(tape.parse(R"(["y"])", &error));
        QCOMPARE(QString::fromUtf8(tape.root().dump()), QStringLiteral("[\"y\"]"));
        QVERIFY(!tape.parse("[1,", &error));
        QVERIFY(!tape.root().isPresent());
    }

    // Bodies above the reused parser's limit (8 MiB) take their own parser.
    void largeDocument()
    {
        std::string json = "[";
        const std::string element = R"({"name":"span","n":12345},)";
        while (json.size() < (std::size_t(9) << 20))
            json += element;
        json.back() = ']';
        JsonTape tape;
        QString error;
        QVERIFY2(tape.parse(json, &error), qPrintable(error));
        const std::uint32_t count = tape.root().size();
        QCOMPARE(std::size_t(count), (json.size() - 1) / element.size());
        JsonValue last;
        for (JsonValue v : tape.root())
            last = v;
        QCOMPARE(last.find("n").toInt64(), std::int64_t(12345));
    }

    void deepestAllowed()
    {
        JsonTape tape;
        QString error;
        const QByteArray deepest = QByteArray(128, '[') + QByteArray(128, ']');
        QVERIFY(tape.parse(deepest.toStdString(), &error));
        QVERIFY(tape.root().isArray());
    }
};

QTEST_GUILESS_MAIN(TstJsonTape)
#include "tst_jsontape.moc"
