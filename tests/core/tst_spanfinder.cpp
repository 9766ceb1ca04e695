// SPDX-License-Identifier: MIT
#include "assembledtrace.h"
#include "spanfinder.h"

#include <QTest>

using namespace traceflow;

namespace {

// Spans named by index: 0 checkout root, 1 inventory child with attributes, 2 payment child
// with an event and a resource attribute.
AssembledTrace sampleTrace()
{
    std::vector<Span> spans;
    const auto make = [](const char *id, const char *parent, const char *service,
                         const char *operation, qint64 start) {
        Span s;
        s.traceId = TraceId::fromString(std::string_view("0123456789abcdef0123456789abcdef"));
        s.spanId = SpanId::fromString(std::string_view(id));
        if (*parent)
            s.parentSpanId = SpanId::fromString(std::string_view(parent));
        s.setService(QString::fromUtf8(service));
        s.setOperation(QString::fromUtf8(operation));
        s.startNs = start;
        s.durationNs = 100;
        return s;
    };
    spans.push_back(make("aaaa000000000001", "", "checkout", "POST /checkout", 0));
    Span inventory = make("bbbb000000000002", "aaaa000000000001", "inventory", "reserve", 10);
    inventory.attributes.insert(QStringLiteral("sku"), QStringLiteral("BOOK-42"));
    inventory.attributes.insert(QStringLiteral("http.status_code"), qint64(200));
    spans.push_back(inventory);
    Span payment = make("cccc000000000003", "aaaa000000000001", "payment", "charge", 50);
    payment.addEvent({60, QStringLiteral("card declined"), {}});
    QSharedDataPointer<SpanOrigin> origin(new SpanOrigin);
    origin->resource.insert(QStringLiteral("host.name"), QStringLiteral("pay-7"));
    payment.setOrigin(origin);
    payment.attributes.insert(QStringLiteral("http.status_code"), qint64(402));
    spans.push_back(payment);
    return AssembledTrace::assemble(std::move(spans));
}

QString found(const AssembledTrace &trace, const QString &query)
{
    QStringList services;
    for (int i : SpanFinder(query).findAll(trace))
        services << trace.spans[std::size_t(i)].span.service();
    return services.join(u' ');
}

} // namespace

class TstSpanFinder : public QObject
{
    Q_OBJECT

private slots:
    void find_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("services");
        QTest::addRow("empty query finds nothing") << QString() << QString();
        QTest::addRow("blank query finds nothing") << QStringLiteral("   ") << QString();
        QTest::addRow("service substring") << QStringLiteral("vent") << QStringLiteral("inventory");
        QTest::addRow("case-insensitive") << QStringLiteral("CHECKOUT") << QStringLiteral("checkout");
        QTest::addRow("operation") << QStringLiteral("charge") << QStringLiteral("payment");
        QTest::addRow("attribute value") << QStringLiteral("book") << QStringLiteral("inventory");
        QTest::addRow("attribute key") << QStringLiteral("status_code") << QStringLiteral("inventory payment");
        QTest::addRow("key=value") << QStringLiteral("http.status_code=402") << QStringLiteral("payment");
        QTest::addRow("key=value needs the key") << QStringLiteral("sku=402") << QString();
        QTest::addRow("resource attribute") << QStringLiteral("host.name=pay") << QStringLiteral("payment");
        QTest::addRow("event name") << QStringLiteral("declined") << QStringLiteral("payment");
        QTest::addRow("span id prefix") << QStringLiteral("bbbb") << QStringLiteral("inventory");
        QTest::addRow("span id infix is not a match") << QStringLiteral("0000002") << QString();
        QTest::addRow("every word must match") << QStringLiteral("payment declined") << QStringLiteral("payment");
        QTest::addRow("words narrow") << QStringLiteral("checkout declined") << QString();
        QTest::addRow("no match") << QStringLiteral("zzz") << QString();
    }
    void find()
    {
        QFETCH(QString, query);
        QFETCH(QString, services);
        const AssembledTrace trace = sampleTrace();
        QCOMPARE(found(trace, query), services);
        QCOMPARE(SpanFinder(query).isEmpty(), query.trimmed().isEmpty());
    }

    // The cache is per term: a second lookup of the same name must give the same answer.
    void cachedLookupsAgree()
    {
        const AssembledTrace trace = sampleTrace();
        const SpanFinder finder(QStringLiteral("inventory"));
        QCOMPARE(finder.findAll(trace), finder.findAll(trace));
        QCOMPARE(finder.findAll(trace).size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TstSpanFinder)
#include "tst_spanfinder.moc"
