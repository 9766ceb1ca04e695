// SPDX-License-Identifier: MIT
// The ClickHouse writer's encodings without a server: spans written as TraceFlow JSON by
// SpanJsonWriter decode back into equal spans, and TabSeparated rows keep every field intact.
#include "clickhouseschema.h"
#include "spanjsonwriter.h"
#include "traceflowjson.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace traceflow;

Q_DECLARE_METATYPE(traceflow::Span)

namespace {
Span baseSpan()
{
    Span s;
    s.traceId = TraceId::fromString(QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736"));
    s.spanId = SpanId::fromString(QStringLiteral("00f067aa0ba902b7"));
    s.setService(QStringLiteral("checkout"));
    s.setOperation(QStringLiteral("POST /pay"));
    s.kind = SpanKind::Server;
    s.status = StatusCode::Ok;
    s.startNs = 1'700'000'000'123'456'789;
    s.durationNs = 42'000'017;
    return s;
}
} // namespace

class TstClickHouseSchema : public QObject
{
    Q_OBJECT

private slots:
    void jsonRoundTrip_data()
    {
        QTest::addColumn<Span>("span");
        QTest::addRow("plain") << baseSpan();
        Span typed = baseSpan();
        typed.attributes = Attributes{
            {QStringLiteral("s"), QStringLiteral("text")},
            {QStringLiteral("b"), true},
            {QStringLiteral("i"), qint64(-9'007'199'254'740'993)},
            {QStringLiteral("d whole"), 2.0},
            {QStringLiteral("d"), 0.1},
            {QStringLiteral("tiny"), 5e-324},
            {QStringLiteral("nan"), std::nan("")},
            {QStringLiteral("inf"), -std::numeric_limits<double>::infinity()},
            {QStringLiteral("strings"), QStringList{QStringLiteral("a"), QStringLiteral("\"b\"")}},
            {QStringLiteral("bools"), QList<bool>{true, false}},
            {QStringLiteral("ints"), QList<qint64>{1, -2}},
            {QStringLiteral("doubles"), QList<double>{1.5, 3.0}}};
        QTest::addRow("typed attributes") << typed;
        Span text = baseSpan();
        text.setOperation(QStringLiteral("tab\there \"quoted\" back\\slash\nnew line \u00e9\u4e2d\U0001F600 \x01"));
        text.attributes = Attributes{{QStringLiteral("k\te\"y"), QStringLiteral("line1\nline2\r\\")}};
        text.setStatusMessage(QStringLiteral("card declined: \"insufficient\""));
        text.status = StatusCode::Error;
        QTest::addRow("text needing escapes") << text;
        Span rich = baseSpan();
        rich.parentSpanId = SpanId::fromString(QStringLiteral("a000000000000001"));
        rich.setTraceState(QStringLiteral("vendor=1"));
        rich.addEvent({rich.startNs + 5, QStringLiteral("exception"),
                       Attributes{{QStringLiteral("exception.type"), QStringLiteral("IOError")}}});
        rich.addEvent({rich.startNs + 9, QStringLiteral("retry"), {}});
        rich.addLink({TraceId::fromString(QStringLiteral("0af7651916cd43dd8448eb211c80319c")),
                      SpanId::fromString(QStringLiteral("b7ad6b7169203331")), QStringLiteral("x=y"),
                      Attributes{{QStringLiteral("link.kind"), QStringLiteral("follows")}}});
        QSharedDataPointer<SpanOrigin> origin(new SpanOrigin);
        origin->resource = Attributes{{QStringLiteral("service.name"), QStringLiteral("checkout")},
                                      {QStringLiteral("host.cpu"), qint64(8)}};
        origin->scopeName = QStringLiteral("io.opentelemetry.http");
        origin->scopeVersion = QStringLiteral("1.2.3");
        rich.setOrigin(origin);
        QTest::addRow("events, links, resource, scope") << rich;
        Span textIds = baseSpan();
        textIds.traceId = TraceId::fromString(QStringLiteral("not-hex trace"));
        textIds.spanId = SpanId::fromString(QStringLiteral("span 1"));
        QTest::addRow("text ids") << textIds;
    }
    void jsonRoundTrip()
    {
        QFETCH(Span, span);
        QByteArray json("{\"spans\":[");
        SpanJsonWriter().append(span, &json);
        json += "]}";
        DecodedBatch batch;
        QString error;
        QVERIFY2(TraceflowJson::decode(std::string_view(json.constData(), std::size_t(json.size())),
                                       &batch, &error),
                 qPrintable(error));
        QVERIFY2(batch.rejected == 0, qPrintable(batch.errors.join(u'\n') + u'\n' + QString::fromUtf8(json)));
        QCOMPARE(batch.spans.size(), std::size_t(1));
        const Span &back = batch.spans.front();
        // The reference is TraceFlow's own export codec: the same span, except that it too
        // turns a non-finite double into a string.
        DecodedBatch reference;
        const QByteArray exported = TraceflowJson::encode({span});
        QVERIFY(TraceflowJson::decode(std::string_view(exported.constData(), std::size_t(exported.size())),
                                      &reference, &error));
        QVERIFY2(back == reference.spans.front(), QByteArray(json + "\n" + exported).constData());
        for (int i = 0; i < span.attributes.size(); ++i) {
            const AttributeValue a = span.attributes.valueAt(i);
            if (a.type() != AttributeValue::Type::Double || std::isfinite(a.toDouble()))
                QCOMPARE(int(back.attributes.valueAt(i).type()), int(a.type()));
        }
        if (span.attributes.indexOf(QStringLiteral("nan")) < 0)
            QVERIFY2(back == span, json);
    }

    void tabSeparatedRows()
    {
        Span span = baseSpan();
        span.setOperation(QStringLiteral("a\tb\nc\\d'e"));
        span.attributes = Attributes{{QStringLiteral("it's"), QStringLiteral("x\ty")},
                                     {QStringLiteral("n"), qint64(7)}};
        QByteArray rows;
        ClickHouseSchema::appendRows({span, span}, &rows);
        const QList<QByteArray> lines = rows.split('\n');
        QCOMPARE(lines.size(), 3); // two rows and the empty rest after the last newline
        QVERIFY(lines[2].isEmpty());
        const QList<QByteArray> fields = lines[0].split('\t');
        QCOMPARE(fields.size(), 14); // the columns of insertStatement()
        QCOMPARE(fields[3], QByteArray("checkout"));
        QCOMPARE(fields[4], QByteArray("a\\tb\\nc\\\\d'e"));
        QCOMPARE(fields[5], QByteArray("2")); // SpanKind::Server
        QCOMPARE(fields[7], QByteArray("1700000000123456789"));
        QCOMPARE(fields[9], QByteArray("['it\\'s','n']"));
        QCOMPARE(fields[10], QByteArray("['x\\ty','7']"));
        QCOMPARE(fields[11], QByteArray("[]"));
        QCOMPARE(lines[1], lines[0]);
    }

    void quoting()
    {
        QCOMPARE(ClickHouseSchema::quote(u"o'neil\\x"), QByteArray("'o\\'neil\\\\x'"));
        const QList<QByteArray> ddl = ClickHouseSchema::createStatements(QStringLiteral("tf"));
        QCOMPARE(ddl.size(), 4);
        for (const QByteArray &statement : ddl)
            QVERIFY2(!statement.contains('%'), statement);
    }
};

QTEST_GUILESS_MAIN(TstClickHouseSchema)
#include "tst_clickhouseschema.moc"
