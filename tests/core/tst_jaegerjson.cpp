// SPDX-License-Identifier: MIT
#include "coretestsupport.h"
#include "jaegerjson.h"

#include <QTest>

using namespace traceflow;

namespace {
// Jaeger UI's "Download JSON" of a HotROD-like trace (Jaeger 1.5x).
constexpr char HotRod[] = R"({"data":[{"traceID":"1a2b3c4d5e6f7081","spans":[
{"traceID":"1a2b3c4d5e6f7081","spanID":"1a2b3c4d5e6f7081","flags":1,"operationName":"HTTP GET /dispatch",
 "references":[],"startTime":1710000000000000,"duration":700000,
 "tags":[{"key":"sampler.type","type":"string","value":"const"},{"key":"sampler.param","type":"bool","value":true},
  {"key":"span.kind","type":"string","value":"server"},{"key":"http.method","type":"string","value":"GET"},
  {"key":"http.status_code","type":"int64","value":200},{"key":"internal.span.format","type":"string","value":"proto"}],
 "logs":[{"timestamp":1710000000000500,"fields":[{"key":"event","type":"string","value":"HTTP request received"},
  {"key":"level","type":"string","value":"info"}]}],"processID":"p1","warnings":null},
{"traceID":"1a2b3c4d5e6f7081","spanID":"2b3c4d5e6f708192","flags":1,"operationName":"SQL SELECT",
 "references":[{"refType":"CHILD_OF","traceID":"1a2b3c4d5e6f7081","spanID":"1a2b3c4d5e6f7081"}],
 "startTime":1710000000001000,"duration":350000,
 "tags":[{"key":"span.kind","type":"string","value":"client"},{"key":"error","type":"bool","value":true},
  {"key":"sql.rows","type":"int64","value":"12"},{"key":"load","type":"float64","value":0.75},
  {"key":"blob","type":"binary","value":"AQID"}],
 "logs":[{"timestamp":1710000000002000,"fields":[{"key":"message","type":"string","value":"slow query"}]}],
 "processID":"p2","warnings":["clock skew adjustment disabled"]},
{"traceID":"1a2b3c4d5e6f7081","spanID":"3c4d5e6f708192a3","operationName":"SQL SELECT",
 "references":[{"refType":"CHILD_OF","traceID":"1a2b3c4d5e6f7081","spanID":"1a2b3c4d5e6f7081"}],
 "startTime":1710000000400000,"duration":100,"tags":[],"logs":[],"processID":"p2"}],
"processes":{"p1":{"serviceName":"frontend","tags":[{"key":"hostname","type":"string","value":"web-1"},
  {"key":"ip","type":"string","value":"10.0.0.5"},{"key":"jaeger.version","type":"string","value":"Go-2.30.0"}]},
 "p2":{"serviceName":"mysql","tags":[{"key":"hostname","type":"string","value":"db-1"}]}},
"warnings":null}],"total":0,"limit":0,"offset":0,"errors":null})";

DecodedBatch decoded(const QByteArray &body, bool *ok = nullptr, QString *error = nullptr)
{
    return CoreTestSupport::decodeWith(&JaegerJson::decode, body, ok, error);
}

// One trace holding the given span, with process p1 = "svc".
QByteArray oneSpan(const QByteArray &span)
{
    return R"({"data":[{"spans":[)" + span +
           R"(],"processes":{"p1":{"serviceName":"svc","tags":[]}}}]})";
}

QByteArray spanWith(const QByteArray &extra)
{
    return R"({"traceID":"1a2b3c4d5e6f7081","spanID":"00000000000000aa","operationName":"op",)"
           R"("startTime":1,"duration":2,"processID":"p1")" +
           extra + '}';
}
} // namespace

class TstJaegerJson : public QObject
{
    Q_OBJECT

private slots:
    void hotRodDownload()
    {
        bool ok = false;
        const DecodedBatch batch = decoded(QByteArray(HotRod), &ok);
        QVERIFY(ok);
        QCOMPARE(batch.errors, QStringList());
        QCOMPARE(batch.spans.size(), std::size_t(3));

        const Span &root = batch.spans[0];
        QCOMPARE(root.traceId.toString(), QStringLiteral("1a2b3c4d5e6f7081"));
        QVERIFY(root.isRoot());
        QCOMPARE(root.service(), QStringLiteral("frontend"));
        QCOMPARE(root.operation(), QStringLiteral("HTTP GET /dispatch"));
        QCOMPARE(root.kind, SpanKind::Server);
        QCOMPARE(root.startNs, qint64(1'710'000'000'000'000'000));
        QCOMPARE(root.durationNs, qint64(700'000'000));
        QCOMPARE(root.status, StatusCode::Unset);
        QCOMPARE(root.attributes.size(), 5);
        QCOMPARE(root.attributes.value(u"sampler.param"), AttributeValue(true));
        QCOMPARE(root.attributes.value(u"http.status_code"), AttributeValue(qint64(200)));
        QCOMPARE(root.events().size(), std::size_t(1));
        QCOMPARE(root.events().front().name, QStringLiteral("HTTP request received"));
        QCOMPARE(root.events().front().timeNs, qint64(1'710'000'000'000'500'000));
        QCOMPARE(root.events().front().attributes,
                 (Attributes{{QStringLiteral("level"), QStringLiteral("info")}}));
        QCOMPARE(root.resource(),
                 (Attributes{{QStringLiteral("service.name"), QStringLiteral("frontend")},
                             {QStringLiteral("hostname"), QStringLiteral("web-1")},
                             {QStringLiteral("ip"), QStringLiteral("10.0.0.5")},
                             {QStringLiteral("jaeger.version"), QStringLiteral("Go-2.30.0")}}));

        const Span &db = batch.spans[1];
        QCOMPARE(db.parentSpanId, root.spanId);
        QCOMPARE(db.service(), QStringLiteral("mysql"));
        QCOMPARE(db.kind, SpanKind::Client);
        QCOMPARE(db.status, StatusCode::Error);
        QCOMPARE(db.attributes, (Attributes{{QStringLiteral("sql.rows"), qint64(12)},
                                            {QStringLiteral("load"), 0.75},
                                            {QStringLiteral("blob"), QStringLiteral("AQID")}}));
        QCOMPARE(db.events().front().name, QStringLiteral("log"));
        QCOMPARE(db.events().front().attributes.value(u"message").toString(),
                 QStringLiteral("slow query"));
        // Spans of one process share its origin.
        QCOMPARE(db.origin().constData(), batch.spans[2].origin().constData());
        QVERIFY(db.origin().constData() != root.origin().constData());
    }

    void references_data()
    {
        QTest::addColumn<QByteArray>("references");
        QTest::addColumn<QString>("parent");
        QTest::addColumn<QStringList>("links");
        QTest::addRow("follows from alone is the parent")
            << QByteArray(
                   R"([{"refType":"FOLLOWS_FROM","traceID":"1a2b3c4d5e6f7081","spanID":"00000000000000f1"}])")
            << QStringLiteral("00000000000000f1") << QStringList();
        QTest::addRow("child of wins over an earlier follows from")
            << QByteArray(
                   R"([{"refType":"FOLLOWS_FROM","traceID":"1a2b3c4d5e6f7081","spanID":"00000000000000f1"},)"
                   R"({"refType":"CHILD_OF","traceID":"1a2b3c4d5e6f7081","spanID":"00000000000000c1"}])")
            << QStringLiteral("00000000000000c1")
            << QStringList{QStringLiteral("00000000000000f1 follows_from")};
        QTest::addRow("other trace is a link")
            << QByteArray(R"([{"refType":"CHILD_OF","traceID":"99","spanID":"c2"}])") << QString()
            << QStringList{QStringLiteral("00000000000000c2 child_of")};
        QTest::addRow("second child of is a link")
            << QByteArray(
                   R"([{"traceID":"1a2b3c4d5e6f7081","spanID":"c1"},{"traceID":"1a2b3c4d5e6f7081","spanID":"c3"}])")
            << QStringLiteral("00000000000000c1")
            << QStringList{QStringLiteral("00000000000000c3 child_of")};
    }
    void references()
    {
        QFETCH(QByteArray, references);
        QFETCH(QString, parent);
        QFETCH(QStringList, links);
        const DecodedBatch batch = decoded(oneSpan(spanWith(R"(,"references":)" + references)));
        QCOMPARE(batch.errors, QStringList());
        const Span &s = batch.spans.front();
        QCOMPARE(s.parentSpanId.toString(), parent);
        QStringList seen;
        for (const SpanLink &l : s.links())
            seen.append(l.spanId.toString() + u' ' +
                        l.attributes.value(u"opentracing.ref_type").toString());
        QCOMPARE(seen, links);
    }

    void unpaddedIds_data()
    {
        QTest::addColumn<QString>("traceId");
        QTest::addColumn<QString>("expected");
        QTest::addRow("64-bit") << QStringLiteral("abc") << QStringLiteral("0000000000000abc");
        QTest::addRow("128-bit with short high half")
            << QStringLiteral("10000000000000abc")
            << QStringLiteral("00000000000000010000000000000abc");
        QTest::addRow("uppercase") << QStringLiteral("4BF92F3577B34DA6A3CE929D0E0E4736")
                                   << QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736");
    }
    void unpaddedIds()
    {
        QFETCH(QString, traceId);
        QFETCH(QString, expected);
        QByteArray span = spanWith(QByteArray());
        span.replace("1a2b3c4d5e6f7081", traceId.toUtf8());
        span.replace("00000000000000aa", "aa");
        const DecodedBatch batch = decoded(oneSpan(span));
        QCOMPARE(batch.errors, QStringList());
        QCOMPARE(batch.spans.front().traceId.toString(), expected);
        QCOMPARE(batch.spans.front().spanId.toString(), QStringLiteral("00000000000000aa"));
    }

    void statusTags_data()
    {
        QTest::addColumn<QByteArray>("tags");
        QTest::addColumn<StatusCode>("status");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("attributes");
        QTest::addRow("error string true")
            << QByteArray(R"([{"key":"error","type":"string","value":"true"}])")
            << StatusCode::Error << QString() << 0;
        QTest::addRow("error false dropped")
            << QByteArray(R"([{"key":"error","type":"bool","value":false}])") << StatusCode::Unset
            << QString() << 0;
        QTest::addRow("odd error value kept")
            << QByteArray(R"([{"key":"error","type":"string","value":"maybe"}])")
            << StatusCode::Unset << QString() << 1;
        QTest::addRow("otel status")
            << QByteArray(R"([{"key":"otel.status_code","type":"string","value":"ERROR"},)"
                          R"({"key":"otel.status_description","type":"string","value":"timeout"}])")
            << StatusCode::Error << QStringLiteral("timeout") << 0;
        QTest::addRow("untyped tags keep JSON types")
            << QByteArray(R"([{"key":"n","value":3}])") << StatusCode::Unset << QString() << 1;
    }
    void statusTags()
    {
        QFETCH(QByteArray, tags);
        QFETCH(StatusCode, status);
        QFETCH(QString, message);
        QFETCH(int, attributes);
        const DecodedBatch batch = decoded(oneSpan(spanWith(R"(,"tags":)" + tags)));
        QCOMPARE(batch.errors, QStringList());
        const Span &s = batch.spans.front();
        QCOMPARE(s.status, status);
        QCOMPARE(s.statusMessage(), message);
        QCOMPARE(s.attributes.size(), attributes);
    }

    void rejectsBadSpanAlone_data()
    {
        QTest::addColumn<QByteArray>("span");
        QTest::addColumn<QString>("error");
        const QString at = QStringLiteral("data[0].spans[0]");
        auto row = [&at](const char *name, const QByteArray &span, const char *error) {
            QTest::addRow("%s", name) << span << at + QString::fromUtf8(error);
        };
        QByteArray badId = spanWith(QByteArray());
        badId.replace("00000000000000aa", "xyz");
        row("bad span id", badId, R"(: "spanID" must be up to 16 hex digits, not all zeroes)");
        QByteArray zeroTrace = spanWith(QByteArray());
        zeroTrace.replace("1a2b3c4d5e6f7081", "0");
        row("zero trace id", zeroTrace,
            R"(: "traceID" must be up to 32 hex digits, not all zeroes)");
        QByteArray noStart = spanWith(QByteArray());
        noStart.replace("\"startTime\":1,", "");
        row("missing start", noStart, R"(: "startTime" must be a number)");
        QByteArray unknownProcess = spanWith(QByteArray());
        unknownProcess.replace("\"p1\"", "\"p9\"");
        row("unknown process", unknownProcess,
            R"(: "processID" does not name an object in "processes")");
        row("negative duration", spanWith(R"(,"duration":-1)"),
            R"(: "duration" must not be negative)");
        row("bad int64 tag", spanWith(R"(,"tags":[{"key":"n","type":"int64","value":"abc"}])"),
            R"(.tags[0]: must be {"key", "type", "value"} with a value of its type)");
        row("bad ref type",
            spanWith(R"(,"references":[{"refType":"PARENT","traceID":"1","spanID":"2"}])"),
            R"(.references[0]: "refType" must be CHILD_OF or FOLLOWS_FROM)");
        row("log without timestamp", spanWith(R"(,"logs":[{"fields":[]}])"),
            R"(.logs[0]: "timestamp" must be a number)");
    }
    void rejectsBadSpanAlone()
    {
        QFETCH(QByteArray, span);
        QFETCH(QString, error);
        QByteArray good = spanWith(QByteArray());
        good.replace("\"op\"", "\"good\"");
        const DecodedBatch batch = decoded(oneSpan(span + ',' + good));
        QCOMPARE(batch.errors, QStringList{error});
        QCOMPARE(batch.rejected, 1);
        QCOMPARE(batch.spans.size(), std::size_t(1));
        QCOMPARE(batch.spans.front().operation(), QStringLiteral("good"));
    }

    void invalidBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::addRow("no data")
            << QByteArray(R"({"traces":[]})")
            << QStringLiteral("expected a JSON object with a \"data\" array of Jaeger traces");
        QTest::addRow("data not an array")
            << QByteArray(R"({"data":{}})")
            << QStringLiteral("expected a JSON object with a \"data\" array of Jaeger traces");
        QTest::addRow("not JSON") << QByteArray("{\"data\":[}")
                                  << QStringLiteral(
                                         "invalid JSON at byte 10: syntax error while parsing "
                                         "value - unexpected '}'; expected '[', '{', or a literal");
    }
    void invalidBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        bool ok = true;
        QString why;
        decoded(body, &ok, &why);
        QVERIFY(!ok);
        QCOMPARE(why, error);
    }
};

QTEST_GUILESS_MAIN(TstJaegerJson)
#include "tst_jaegerjson.moc"
