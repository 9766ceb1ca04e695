// SPDX-License-Identifier: MIT
#include "demoservice.h"

#include "connectiondispatcher.h"

#include "batchspanprocessor.h"
#include "consolespanexporter.h"
#include "httpclienttracing.h"
#include "httpservertracing.h"
#include "httpspanexporter.h"
#include "simplespanprocessor.h"

#include <QEventLoop>
#include <QHttpServer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrlQuery>

namespace traceflow::demo {

namespace {

using sdk::Span;
using sdk::SpanKind;
using sdk::StatusCode;

std::shared_ptr<sdk::SpanProcessor> makeProcessor(const ServiceOptions &options)
{
    using Format = sdk::HttpSpanExporter::Format;
    if (options.exporter == u"none")
        return nullptr;
    if (options.exporter == u"console")
        return std::make_shared<sdk::SimpleSpanProcessor>(
            std::make_shared<sdk::ConsoleSpanExporter>());
    sdk::HttpSpanExporter::Options exporterOptions;
    exporterOptions.format = options.exporter == u"otlp-json"   ? Format::OtlpJson
                           : options.exporter == u"traceflow" ? Format::TraceFlowJson
                                                              : Format::OtlpProtobuf;
    sdk::BatchOptions batch;
    batch.scheduleDelay = std::chrono::milliseconds(500);
    return std::make_shared<sdk::BatchSpanProcessor>(
        std::make_shared<sdk::HttpSpanExporter>(options.collector, exporterOptions), batch);
}

sdk::Tracer makeTracer(const ServiceOptions &options)
{
    sdk::TracerOptions tracerOptions;
    tracerOptions.resourceAttributes = {
        {QStringLiteral("service.version"), QStringLiteral(TRACEFLOW_VERSION)},
        {QStringLiteral("deployment.environment"), QStringLiteral("demo")}};
    tracerOptions.scopeName = QStringLiteral("traceflow-demo");
    tracerOptions.scopeVersion = QStringLiteral(TRACEFLOW_VERSION);
    return sdk::Tracer(DemoService::serviceName(options.kind), makeProcessor(options),
                       tracerOptions);
}

QHttpServerResponse jsonResponse(const QJsonObject &object, QHttpServerResponse::StatusCode status)
{
    return QHttpServerResponse(QByteArrayLiteral("application/json"),
                               QJsonDocument(object).toJson(QJsonDocument::Compact), status);
}

QHttpServerResponse failure(const QString &error, QHttpServerResponse::StatusCode status)
{
    return jsonResponse({{QStringLiteral("ok"), false},
                         {QStringLiteral("error"), error},
                         {QStringLiteral("trace_id"),
                          sdk::Context::current().span().traceId.toString()}},
                        status);
}

void markInjected(Span &span, const QString &what)
{
    span.recordException(QStringLiteral("InjectedFailure"), what);
    span.setStatus(StatusCode::Error, what);
}

} // namespace

DemoService::DemoService(const ServiceOptions &options)
    : m_options(options), m_tracer(makeTracer(options)),
      m_dispatcher(std::make_unique<ConnectionDispatcher>(
          [this](QHttpServer &server, QNetworkAccessManager &network) {
              setUpRoutes(server, network);
          },
          MaxWorkers))
{
}

DemoService::~DemoService()
{
    stop();
}

QString DemoService::serviceName(ServiceKind kind)
{
    switch (kind) {
    case ServiceKind::Checkout:
        return QStringLiteral("checkout");
    case ServiceKind::Inventory:
        return QStringLiteral("inventory");
    case ServiceKind::Payment:
        return QStringLiteral("payment");
    }
    return {};
}

quint16 DemoService::defaultPort(ServiceKind kind)
{
    return 9001 + quint16(kind);
}

bool DemoService::startListening()
{
    if (m_dispatcher->listen(QHostAddress::LocalHost, m_options.port))
        return true;
    m_error = m_dispatcher->errorString();
    return false;
}

quint16 DemoService::port() const
{
    return m_dispatcher->serverPort();
}

void DemoService::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_dispatcher->stop();
    m_tracer.shutdown();
}

// Runs on each worker thread; the handlers run there too, concurrently with other workers
// (they only share the thread-safe tracer and the immutable options).
void DemoService::setUpRoutes(QHttpServer &server, QNetworkAccessManager &network)
{
    using Method = QHttpServerRequest::Method;
    using sdk::HttpServerTracing;
    switch (m_options.kind) {
    case ServiceKind::Checkout:
        HttpServerTracing::route(server, m_tracer, QStringLiteral("/checkout"), Method::Get,
                                 [this, &network](const QHttpServerRequest &request) {
                                     return checkout(request, network);
                                 });
        break;
    case ServiceKind::Inventory:
        HttpServerTracing::route(server, m_tracer, QStringLiteral("/inventory"), Method::Get,
                                 [this](const QHttpServerRequest &request) {
                                     return inventory(request);
                                 });
        break;
    case ServiceKind::Payment:
        HttpServerTracing::route(server, m_tracer, QStringLiteral("/pay"), Method::Post,
                                 [this](const QHttpServerRequest &request) { return pay(request); });
        break;
    }
}

void DemoService::simulateWork() const
{
    const int jitter = m_options.jitterMs > 0
                           ? int(QRandomGenerator::global()->bounded(m_options.jitterMs + 1))
                           : 0;
    const int delay = std::max(0, m_options.latencyMs) + jitter;
    if (delay == 0)
        return;
    QEventLoop loop;
    QTimer::singleShot(delay, &loop, &QEventLoop::quit);
    loop.exec(QEventLoop::ExcludeSocketNotifiers);
}

bool DemoService::injectFailure() const
{
    return m_options.errorRate > 0 && QRandomGenerator::global()->generateDouble() < m_options.errorRate;
}

QHttpServerResponse DemoService::checkout(const QHttpServerRequest &request,
                                          QNetworkAccessManager &network)
{
    const QString sku = request.query().queryItemValue(QStringLiteral("sku")).isEmpty()
                            ? QStringLiteral("sku-%1").arg(QRandomGenerator::global()->bounded(100))
                            : request.query().queryItemValue(QStringLiteral("sku"));
    {
        Span work = m_tracer.startSpan(QStringLiteral("price cart"));
        work.setAttribute(QStringLiteral("cart.sku"), sku);
        simulateWork();
        if (injectFailure()) {
            markInjected(work, QStringLiteral("injected failure in checkout"));
            return failure(QStringLiteral("injected failure in checkout"),
                           QHttpServerResponse::StatusCode::InternalServerError);
        }
    }

    QUrl inventoryUrl = m_options.inventoryUrl.resolved(QUrl(QStringLiteral("/inventory")));
    inventoryUrl.setQuery(QUrlQuery{{QStringLiteral("sku"), sku}});
    constexpr auto timeout = std::chrono::seconds(30);
    constexpr auto waitFlags = QEventLoop::ExcludeSocketNotifiers;
    const auto stock = sdk::HttpClientTracing::sendAndWait(
        network, m_tracer, QNetworkRequest(inventoryUrl), "GET", {}, timeout, waitFlags);
    if (!stock.isSuccess()) {
        return failure(QStringLiteral("inventory failed (HTTP %1)").arg(stock.status),
                       QHttpServerResponse::StatusCode::BadGateway);
    }

    QNetworkRequest payRequest(m_options.paymentUrl.resolved(QUrl(QStringLiteral("/pay"))));
    payRequest.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const QJsonObject payment{{QStringLiteral("sku"), sku},
                              {QStringLiteral("amount_cents"),
                               int(QRandomGenerator::global()->bounded(500, 20000))}};
    const auto paid = sdk::HttpClientTracing::sendAndWait(
        network, m_tracer, payRequest, "POST",
        QJsonDocument(payment).toJson(QJsonDocument::Compact), timeout, waitFlags);
    if (!paid.isSuccess()) {
        return failure(QStringLiteral("payment failed (HTTP %1)").arg(paid.status),
                       QHttpServerResponse::StatusCode::BadGateway);
    }
    return jsonResponse({{QStringLiteral("ok"), true},
                         {QStringLiteral("trace_id"),
                          sdk::Context::current().span().traceId.toString()}},
                        QHttpServerResponse::StatusCode::Ok);
}

QHttpServerResponse DemoService::inventory(const QHttpServerRequest &request)
{
    const QString sku = request.query().queryItemValue(QStringLiteral("sku"));
    Span query = m_tracer.startSpan(QStringLiteral("SELECT stock"));
    query.setAttribute(QStringLiteral("db.system"), QStringLiteral("sqlite"));
    query.setAttribute(QStringLiteral("db.operation.name"), QStringLiteral("SELECT"));
    query.setAttribute(QStringLiteral("db.collection.name"), QStringLiteral("stock"));
    query.setAttribute(QStringLiteral("db.query.text"),
                       QStringLiteral("SELECT quantity FROM stock WHERE sku = ?"));
    simulateWork();
    if (injectFailure()) {
        markInjected(query, QStringLiteral("injected failure: database connection reset"));
        return failure(QStringLiteral("injected failure in inventory"),
                       QHttpServerResponse::StatusCode::InternalServerError);
    }
    const int quantity = int(QRandomGenerator::global()->bounded(1, 50));
    query.setAttribute(QStringLiteral("db.response.returned_rows"), 1);
    query.end();
    return jsonResponse({{QStringLiteral("sku"), sku},
                         {QStringLiteral("in_stock"), true},
                         {QStringLiteral("quantity"), quantity}},
                        QHttpServerResponse::StatusCode::Ok);
}

QHttpServerResponse DemoService::pay(const QHttpServerRequest &request)
{
    const QJsonObject order = QJsonDocument::fromJson(request.body()).object();
    Span fraud = m_tracer.startSpan(QStringLiteral("fraud check"));
    fraud.setAttribute(QStringLiteral("payment.amount_cents"), order.value(u"amount_cents").toInt());
    fraud.setAttribute(QStringLiteral("fraud.rules_evaluated"), 12);
    simulateWork();
    if (injectFailure()) {
        markInjected(fraud, QStringLiteral("injected failure: fraud service timeout"));
        return failure(QStringLiteral("injected failure in payment"),
                       QHttpServerResponse::StatusCode::InternalServerError);
    }
    fraud.setAttribute(QStringLiteral("fraud.score"), QRandomGenerator::global()->generateDouble());
    fraud.end();
    const QString paymentId = QStringLiteral("pay_") + sdk::SpanId::random().toString();
    return jsonResponse({{QStringLiteral("paid"), true}, {QStringLiteral("payment_id"), paymentId}},
                        QHttpServerResponse::StatusCode::Ok);
}

} // namespace traceflow::demo
