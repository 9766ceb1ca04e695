// SPDX-License-Identifier: MIT
#include "testtraces.h"

#include "traceflowjson.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace traceflow {

namespace {
QSharedDataPointer<SpanOrigin> origin(const QString &service)
{
    QSharedDataPointer<SpanOrigin> o(new SpanOrigin);
    o->resource =
        Attributes{{QStringLiteral("service.name"), service},
                   {QStringLiteral("telemetry.sdk.name"), QStringLiteral("traceflow-test")}};
    o->scopeName = QStringLiteral("traceflow.test");
    o->scopeVersion = QStringLiteral("1.0");
    return o;
}

Span span(const QString &trace, const QString &id, const QString &parent, const QString &service,
          const QString &operation, SpanKind kind, qint64 startNs, qint64 durationNs)
{
    Span s;
    s.traceId = TraceId::fromHex(QStringView(trace));
    s.spanId = SpanId::fromHex(QStringView(id));
    if (!parent.isEmpty())
        s.parentSpanId = SpanId::fromHex(QStringView(parent));
    s.setService(service);
    s.setOperation(operation);
    s.kind = kind;
    s.startNs = startNs;
    s.durationNs = durationNs;
    s.status = StatusCode::Ok;
    s.setOrigin(origin(service));
    return s;
}

Attributes sorted(const Attributes &attributes)
{
    std::vector<Attributes::Item> items = attributes.items();
    std::sort(items.begin(), items.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    return Attributes(items);
}

int wait(QNetworkReply *reply)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}
} // namespace

QString TestTraces::difference(const Span &a, const Span &b)
{
    const std::pair<const char *, bool> fields[] = {
        {"trace id", a.traceId == b.traceId},
        {"span id", a.spanId == b.spanId},
        {"parent", a.parentSpanId == b.parentSpanId},
        {"kind", a.kind == b.kind},
        {"status", a.status == b.status},
        {"service", a.service() == b.service()},
        {"operation", a.operation() == b.operation()},
        {"start", a.startNs == b.startNs},
        {"duration", a.durationNs == b.durationNs},
        {"attributes", a.attributes == b.attributes},
        {"status message", a.statusMessage() == b.statusMessage()},
        {"trace state", a.traceState() == b.traceState()},
        {"events", a.events() == b.events()},
        {"links", a.links() == b.links()},
        {"resource", a.resource() == b.resource()},
        {"scope", a.scopeName() == b.scopeName() && a.scopeVersion() == b.scopeVersion()},
    };
    for (const auto &[name, same] : fields) {
        if (!same)
            return QStringLiteral("%1 of %2: %3")
                .arg(QLatin1String(name), a.operation(), a.spanId.toString());
    }
    return a == b ? QString() : QStringLiteral("something else");
}

bool TestTraces::sameSpans(std::vector<Span> a, std::vector<Span> b, QString *why)
{
    auto bySpanId = [](const Span &x, const Span &y) { return x.spanId < y.spanId; };
    std::sort(a.begin(), a.end(), bySpanId);
    std::sort(b.begin(), b.end(), bySpanId);
    if (a.size() != b.size()) {
        if (why)
            *why = QStringLiteral("%1 spans against %2").arg(a.size()).arg(b.size());
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        const QString difference = TestTraces::difference(a[i], b[i]);
        if (!difference.isEmpty()) {
            if (why)
                *why = difference;
            return false;
        }
    }
    return true;
}

std::vector<Span> TestTraces::sortedAttributes(std::vector<Span> spans)
{
    for (Span &span : spans) {
        Span copy = span;
        copy.attributes = sorted(span.attributes);
        if (span.origin()) {
            QSharedDataPointer<SpanOrigin> origin = span.origin();
            origin->resource = sorted(origin->resource);
            copy.setOrigin(origin);
        }
        // Events and links are append-only on Span: rebuild them on a copy without them.
        Span bare;
        bare.traceId = copy.traceId;
        bare.spanId = copy.spanId;
        bare.parentSpanId = copy.parentSpanId;
        bare.kind = copy.kind;
        bare.status = copy.status;
        bare.serviceId = copy.serviceId;
        bare.operationId = copy.operationId;
        bare.startNs = copy.startNs;
        bare.durationNs = copy.durationNs;
        bare.attributes = copy.attributes;
        bare.setOrigin(copy.origin());
        if (!copy.statusMessage().isEmpty())
            bare.setStatusMessage(copy.statusMessage());
        if (!copy.traceState().isEmpty())
            bare.setTraceState(copy.traceState());
        for (SpanEvent event : copy.events()) {
            event.attributes = sorted(event.attributes);
            bare.addEvent(std::move(event));
        }
        for (SpanLink link : copy.links()) {
            link.attributes = sorted(link.attributes);
            bare.addLink(std::move(link));
        }
        span = std::move(bare);
    }
    return spans;
}

QString TestTraces::traceHex(int n)
{
    return QStringLiteral("%1").arg(n, 32, 16, QLatin1Char('0')).replace(0, 1, QLatin1Char('a'));
}

std::vector<Span> TestTraces::checkout(const QString &traceHex, qint64 startNs, bool error,
                                       qint64 durationNs)
{
    const QString prefix = traceHex.right(8);
    auto id = [&prefix](int n) -> QString {
        return prefix + QStringLiteral("%1").arg(n, 8, 16, QLatin1Char('0'));
    };
    const qint64 d = durationNs;
    std::vector<Span> spans;
    Span root = span(traceHex, id(1), {}, QStringLiteral("checkout"),
                     QStringLiteral("GET /checkout"), SpanKind::Server, startNs, d);
    root.attributes = Attributes{{QStringLiteral("http.request.method"), QStringLiteral("GET")},
                                 {QStringLiteral("http.route"), QStringLiteral("/checkout")},
                                 {QStringLiteral("http.response.status_code"), error ? 500 : 200}};
    spans.push_back(root);
    spans.push_back(span(traceHex, id(2), id(1), QStringLiteral("checkout"),
                         QStringLiteral("GET inventory"), SpanKind::Client, startNs + d / 20,
                         d * 3 / 10));
    Span stock = span(traceHex, id(3), id(2), QStringLiteral("inventory"),
                      QStringLiteral("GET /inventory"), SpanKind::Server, startNs + d / 10, d / 5);
    stock.attributes = Attributes{{QStringLiteral("sku"), QStringLiteral("sku-42")},
                                  {QStringLiteral("db.system"), QStringLiteral("sqlite")}};
    spans.push_back(stock);
    spans.push_back(span(traceHex, id(4), id(1), QStringLiteral("checkout"),
                         QStringLiteral("POST payment"), SpanKind::Client, startNs + d * 4 / 10,
                         d / 2));
    Span pay = span(traceHex, id(5), id(4), QStringLiteral("payment"), QStringLiteral("POST /pay"),
                    SpanKind::Server, startNs + d * 45 / 100, d * 4 / 10);
    pay.attributes = Attributes{{QStringLiteral("payment.amount"), 42.5},
                                {QStringLiteral("payment.retry"), false}};
    pay.addEvent({startNs + d / 2, QStringLiteral("card authorised"),
                  Attributes{{QStringLiteral("card.brand"), QStringLiteral("visa")}}});
    SpanLink link;
    link.traceId = TraceId::fromHex(QStringView(traceHex));
    link.spanId = SpanId::fromHex(QStringView(id(1)));
    pay.addLink(link);
    if (error) {
        pay.status = StatusCode::Error;
        pay.setStatusMessage(QStringLiteral("card declined"));
        spans.front().status = StatusCode::Error;
    }
    spans.push_back(pay);
    return spans;
}

int TestTraces::post(const QUrl &base, const std::vector<Span> &spans)
{
    QNetworkAccessManager network;
    QUrl url = base;
    url.setPath(QStringLiteral("/api/spans"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    std::unique_ptr<QNetworkReply> reply(network.post(request, TraceflowJson::encode(spans)));
    return wait(reply.get());
}

QByteArray TestTraces::get(const QUrl &base, const QString &path)
{
    QNetworkAccessManager network;
    QUrl url = base;
    url.setPath(path);
    std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(url)));
    wait(reply.get());
    return reply->error() == QNetworkReply::NoError ? reply->readAll() : QByteArray();
}

} // namespace traceflow
