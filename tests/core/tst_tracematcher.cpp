// SPDX-License-Identifier: MIT
// What a search's duration scope binds, through the store's index and matcher: with
// DurationScope::Span one span meets the service, operation, duration and time window at once
// (its trace may start before the window); with DurationScope::Trace the trace does.
#include "coretestsupport.h"
#include "tracestore.h"

#include <QTest>

using namespace traceflow;
using namespace traceflow::CoreTestSupport;

namespace {
constexpr qint64 Ms = 1'000'000;
constexpr qint64 T0 = 1'710'000'000'000 * Ms;

struct SpanSpec
{
    const char *service;
    qint64 startMs;
    qint64 durationMs;
    bool error = false;
    const char *method = nullptr; // http.method attribute
};

// A trace of web "GET /" (the first spec, the root) and its children; db spans are "select".
std::vector<Span> trace(const QString &id, std::initializer_list<SpanSpec> specs)
{
    std::vector<Span> spans;
    int n = 0;
    for (const SpanSpec &spec : specs) {
        const QString service = QString::fromLatin1(spec.service);
        ++n;
        Span s = makeSpan(id, QStringLiteral("s%1").arg(n), n > 1 ? u"s1" : u"", service,
                          service == u"web" ? u"GET /" : u"select", T0 + spec.startMs * Ms,
                          spec.durationMs * Ms, spec.error ? StatusCode::Error : StatusCode::Ok);
        if (spec.method)
            s.attributes = {
                {QStringLiteral("http.method"), AttributeValue(QString::fromLatin1(spec.method))}};
        spans.push_back(std::move(s));
    }
    return spans;
}

// The window most rows search: [5 s, 10 s].
constexpr qint64 WindowFrom = 5000;
constexpr qint64 WindowTo = 10000;
} // namespace

class TstTraceMatcher : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // early (0 s, 10 s long, root in error): its 40 ms db span starts at 9 s, in the window.
        m_store.insert(trace(QStringLiteral("early"),
                             {{"web", 0, 10000, true}, {"db", 100, 5}, {"db", 9000, 40}}));
        // straddle (1 s): its 40 ms db span starts before the window, a 3 ms one inside it.
        m_store.insert(trace(QStringLiteral("straddle"),
                             {{"web", 1000, 8000}, {"db", 1100, 40}, {"db", 7000, 3}}));
        // inside (6 s): all in the window; its root is a POST.
        m_store.insert(
            trace(QStringLiteral("inside"), {{"web", 6000, 200, false, "POST"}, {"db", 6050, 40}}));
        // edge (3 s): ends as the window opens, with an instant db span right then.
        m_store.insert(trace(QStringLiteral("edge"), {{"web", 3000, 2000}, {"db", 5000, 0}}));
        // late (12 s): after the window.
        m_store.insert(trace(QStringLiteral("late"), {{"web", 12000, 100}, {"db", 12010, 40}}));
    }

    void scopes_data()
    {
        QTest::addColumn<TraceQuery>("query");
        QTest::addColumn<QStringList>("expected"); // newest trace start first
        auto q = [](DurationScope scope, const char *service, std::optional<qint64> minMs,
                    std::optional<qint64> maxMs, std::optional<qint64> fromMs = WindowFrom,
                    std::optional<qint64> toMs = WindowTo) {
            TraceQuery query;
            query.limit = 0;
            query.durationScope = scope;
            query.service = QString::fromLatin1(service);
            if (minMs)
                query.minDurationNs = *minMs * Ms;
            if (maxMs)
                query.maxDurationNs = *maxMs * Ms;
            if (fromMs)
                query.startNs = T0 + *fromMs * Ms;
            if (toMs)
                query.endNs = T0 + *toMs * Ms;
            return query;
        };
        const auto Span = DurationScope::Span;
        const auto Trace = DurationScope::Trace;
        const QString early = QStringLiteral("early"), straddle = QStringLiteral("straddle"),
                      edge = QStringLiteral("edge"), inside = QStringLiteral("inside"),
                      late = QStringLiteral("late");

        // early's trace starts before the window, straddle's 40 ms span does.
        QTest::addRow("span: a span in the window, its trace started before")
            << q(Span, "db", 30, 50) << QStringList{inside, early};
        QTest::addRow("trace: the window bounds the trace's start")
            << q(Trace, "db", std::nullopt, std::nullopt) << QStringList{inside};
        QTest::addRow("trace: the bounds measure the trace")
            << q(Trace, "", 9000, std::nullopt, std::nullopt, std::nullopt) << QStringList{early};
        QTest::addRow("span: only a span in the window counts")
            << q(Span, "db", 1, 4) << QStringList{straddle};
        QTest::addRow("span: the window alone, on the service's spans")
            << q(Span, "db", std::nullopt, std::nullopt)
            << QStringList{inside, edge, straddle, early};
        QTest::addRow("span: the window on the root service's spans")
            << q(Span, "web", std::nullopt, std::nullopt) << QStringList{inside};
        QTest::addRow("span: any service") << q(Span, "", 30, 50) << QStringList{inside, early};
        QTest::addRow("span: inclusive bounds, one instant")
            << q(Span, "db", 40, 40, 9000, 9000) << QStringList{early};
        QTest::addRow("span: window open at the start")
            << q(Span, "db", 30, 50, std::nullopt, WindowFrom) << QStringList{straddle};
        QTest::addRow("span: window open at the end")
            << q(Span, "db", std::nullopt, 10, WindowFrom, std::nullopt)
            << QStringList{edge, straddle};
        QTest::addRow("span: an instant span as the window opens, its trace ending then")
            << q(Span, "db", 0, 0) << QStringList{edge};
        QTest::addRow("span: after the window's end")
            << q(Span, "db", 30, 50, 11000, 13000) << QStringList{late};
        QTest::addRow("span, nothing else: every trace")
            << q(Span, "", std::nullopt, std::nullopt, std::nullopt, std::nullopt)
            << QStringList{late, inside, edge, straddle, early};

        // Status and tags stay conditions on the whole trace.
        TraceQuery errors = q(Span, "db", 30, 50);
        errors.status = StatusFilter::Error;
        QTest::addRow("span: status is the trace's") << errors << QStringList{early};
        TraceQuery post = q(Span, "db", 30, 50);
        post.tags.push_back(*TagFilter::parse(u"http.method=POST"));
        QTest::addRow("span: a tag on another span") << post << QStringList{inside};

        TraceQuery operation = q(Span, "", 30, 50, 8000, 13000);
        operation.operation = QStringLiteral("select");
        QTest::addRow("span: operation alone") << operation << QStringList{late, early};
        TraceQuery otherService = q(Span, "web", std::nullopt, std::nullopt);
        otherService.operation = QStringLiteral("select");
        QTest::addRow("span: operation of another service") << otherService << QStringList{};
    }

    void scopes()
    {
        QFETCH(TraceQuery, query);
        QFETCH(QStringList, expected);
        const QueryResult result = m_store.query(query);
        QCOMPARE(ids(result), expected);
        QCOMPARE(result.total, int(expected.size()));
    }

private:
    TraceStore m_store;
};

QTEST_GUILESS_MAIN(TstTraceMatcher)
#include "tst_tracematcher.moc"
