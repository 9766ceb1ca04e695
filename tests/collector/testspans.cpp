// SPDX-License-Identifier: MIT
#include "testspans.h"

#include "coretestsupport.h"
#include "httptestclient.h"
#include "otlpjson.h"
#include "otlpprotobuf.h"
#include "traceflowjson.h"
#include "zipkinjson.h"

#include <algorithm>

namespace traceflow {

namespace {
QSharedDataPointer<SpanOrigin> origin(const QString &service)
{
    QSharedDataPointer<SpanOrigin> o(new SpanOrigin);
    o->resource = Attributes{{QStringLiteral("service.name"), service},
                             {QStringLiteral("telemetry.sdk.language"), QStringLiteral("cpp")}};
    o->scopeName = QStringLiteral("traceflow.tests");
    o->scopeVersion = QStringLiteral("1.0");
    return o;
}

Span span(const QString &traceId, const QString &spanId, const QString &parentId,
          const QString &service, const QString &operation, SpanKind kind, qint64 startNs,
          qint64 durationNs)
{
    Span s = CoreTestSupport::makeSpan(traceId, spanId, parentId, service, operation, startNs,
                                       durationNs, StatusCode::Unset);
    s.kind = kind;
    s.setOrigin(origin(service));
    return s;
}
} // namespace

QString TestSpans::formatName(Format format)
{
    switch (format) {
    case Format::TraceflowJson: return QStringLiteral("traceflow_json");
    case Format::OtlpProtobuf: return QStringLiteral("otlp_proto");
    case Format::OtlpJson: return QStringLiteral("otlp_json");
    case Format::ZipkinJson: return QStringLiteral("zipkin_json");
    }
    return {};
}

QByteArray TestSpans::path(Format format)
{
    switch (format) {
    case Format::TraceflowJson: return QByteArrayLiteral("/api/spans");
    case Format::OtlpProtobuf:
    case Format::OtlpJson: return QByteArrayLiteral("/v1/traces");
    case Format::ZipkinJson: return QByteArrayLiteral("/api/v2/spans");
    }
    return {};
}

QByteArray TestSpans::contentType(Format format)
{
    return format == Format::OtlpProtobuf ? QByteArrayLiteral("application/x-protobuf")
                                          : QByteArrayLiteral("application/json");
}

QByteArray TestSpans::encode(Format format, const std::vector<Span> &spans)
{
    switch (format) {
    case Format::TraceflowJson: return TraceflowJson::encode(spans);
    case Format::OtlpProtobuf: return OtlpProtobuf::encode(spans);
    case Format::OtlpJson: return OtlpJson::encode(spans);
    case Format::ZipkinJson: return ZipkinJson::encode(spans);
    }
    return {};
}

bool TestSpans::send(HttpTestClient &client, const std::vector<Span> &spans, Format format)
{
    return client.post(path(format), encode(format, spans), contentType(format)).status == 200;
}

QString TestSpans::randomHex(int bytes, QRandomGenerator &random)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    for (char &c : raw)
        c = static_cast<char>(random.bounded(256));
    raw[0] = static_cast<char>(raw[0] | 1); // never all zeroes
    return QString::fromLatin1(raw.toHex());
}

QString TestSpans::hexId(int n)
{
    return QStringLiteral("%1").arg(n, 16, 16, QLatin1Char('0'));
}

std::vector<Span> TestSpans::checkoutTrace(const QString &traceId, qint64 startNs)
{
    std::vector<Span> spans;
    Span root = span(traceId, QStringLiteral("a000000000000001"), {}, QStringLiteral("frontend"),
                     QStringLiteral("GET /checkout"), SpanKind::Server, startNs, 120'000'000);
    root.attributes = Attributes{{QStringLiteral("http.method"), QStringLiteral("GET")},
                                 {QStringLiteral("http.status_code"), qint64(500)}};
    root.status = StatusCode::Ok;
    Span call = span(traceId, QStringLiteral("a000000000000002"), QStringLiteral("a000000000000001"),
                     QStringLiteral("frontend"), QStringLiteral("POST orders"), SpanKind::Client,
                     startNs + 10'000'000, 100'000'000);
    call.attributes = Attributes{{QStringLiteral("peer.service"), QStringLiteral("orders")}};
    Span server = span(traceId, QStringLiteral("a000000000000003"), QStringLiteral("a000000000000002"),
                       QStringLiteral("orders"), QStringLiteral("create order"), SpanKind::Server,
                       startNs + 15'000'000, 90'000'000);
    server.attributes = Attributes{{QStringLiteral("order.items"), qint64(3)},
                                   {QStringLiteral("customer"), QStringLiteral("acme")}};
    server.status = StatusCode::Error;
    server.setStatusMessage(QStringLiteral("card declined"));
    server.addEvent({startNs + 50'000'000, QStringLiteral("exception"),
                     Attributes{{QStringLiteral("exception.message"), QStringLiteral("declined")}}});
    spans.push_back(std::move(root));
    spans.push_back(std::move(call));
    spans.push_back(std::move(server));
    return spans;
}

std::vector<Span> TestSpans::standardBatch(int count, QRandomGenerator &random, qint64 startNs)
{
    static const QString services[] = {QStringLiteral("frontend"), QStringLiteral("orders"),
                                       QStringLiteral("payments")};
    static const QString operations[] = {QStringLiteral("GET /api/orders/{id}"),
                                         QStringLiteral("SELECT orders"),
                                         QStringLiteral("POST /api/payments")};
    QSharedDataPointer<SpanOrigin> origins[] = {origin(services[0]), origin(services[1]),
                                                origin(services[2])};
    std::vector<Span> spans;
    spans.reserve(static_cast<std::size_t>(count));
    QString traceId;
    QString parentId;
    for (int i = 0; i < count; ++i) {
        const int slot = i % 10;
        if (slot == 0) {
            traceId = randomHex(16, random);
            parentId.clear();
        }
        const int which = slot % 3;
        Span s;
        s.traceId = TraceId::fromString(traceId);
        const QString spanId = randomHex(8, random);
        s.spanId = SpanId::fromString(spanId);
        s.parentSpanId = SpanId::fromString(parentId);
        parentId = spanId;
        s.setService(services[which]);
        s.setOperation(operations[which]);
        s.setOrigin(origins[which]);
        s.kind = slot == 0 ? SpanKind::Server : SpanKind::Client;
        s.status = (i % 50 == 49) ? StatusCode::Error : StatusCode::Ok;
        s.startNs = startNs + qint64(i) * 1'000'000;
        s.durationNs = 1'000'000 + qint64(random.bounded(50'000'000));
        s.attributes = Attributes{
            {QStringLiteral("http.method"), QStringLiteral("GET")},
            {QStringLiteral("http.route"), operations[which]},
            {QStringLiteral("http.status_code"), qint64(200)},
            {QStringLiteral("http.url"), QStringLiteral("https://shop.example/api/orders/%1").arg(i)},
            {QStringLiteral("net.peer.name"), QStringLiteral("10.0.0.%1").arg(i % 200)},
            {QStringLiteral("db.system"), QStringLiteral("postgresql")},
            {QStringLiteral("retry"), false},
            {QStringLiteral("payload.bytes"), qint64(512 + i % 1000)}};
        if (i % 5 == 0)
            s.addEvent({s.startNs + 500'000, QStringLiteral("cache.miss"),
                        Attributes{{QStringLiteral("key"), QStringLiteral("order:%1").arg(i)}}});
        spans.push_back(std::move(s));
    }
    // As SDKs export them: the spans of one service (one resource) together.
    std::stable_sort(spans.begin(), spans.end(),
                     [](const Span &a, const Span &b) { return a.serviceId < b.serviceId; });
    return spans;
}

} // namespace traceflow
