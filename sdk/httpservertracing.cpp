// SPDX-License-Identifier: MIT
#include "httpservertracing.h"

#include "scope.h"
#include "tracecontextpropagator.h"

#include <exception>

namespace traceflow::sdk {

QString HttpServerTracing::methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return QStringLiteral("GET");
    case QHttpServerRequest::Method::Put: return QStringLiteral("PUT");
    case QHttpServerRequest::Method::Delete: return QStringLiteral("DELETE");
    case QHttpServerRequest::Method::Post: return QStringLiteral("POST");
    case QHttpServerRequest::Method::Head: return QStringLiteral("HEAD");
    case QHttpServerRequest::Method::Options: return QStringLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch: return QStringLiteral("PATCH");
    case QHttpServerRequest::Method::Connect: return QStringLiteral("CONNECT");
    case QHttpServerRequest::Method::Trace: return QStringLiteral("TRACE");
    default: return QStringLiteral("_OTHER");
    }
}

Context HttpServerTracing::extract(const QHttpServerRequest &request)
{
    return TraceContextPropagator::extract(request.headers());
}

bool HttpServerTracing::route(QHttpServer &server, const Tracer &tracer, const QString &path,
                              QHttpServerRequest::Methods methods, Handler handler)
{
    return server.route(path, methods,
                        [tracer, path, handler = std::move(handler)](
                            const QHttpServerRequest &request) {
                            return handle(tracer, path, request, handler);
                        });
}

QHttpServerResponse HttpServerTracing::handle(const Tracer &tracer, const QString &route,
                                              const QHttpServerRequest &request,
                                              const Handler &handler)
{
    const Context incoming = extract(request);
    const QString method = methodName(request.method());
    const QUrl url = request.url();

    SpanOptions options;
    options.kind = SpanKind::Server;
    options.parent = incoming;
    options.attributes = {
        {QStringLiteral("http.request.method"), method},
        {QStringLiteral("url.path"), url.path()},
        {QStringLiteral("url.scheme"), url.scheme().isEmpty() ? QStringLiteral("http") : url.scheme()},
        {QStringLiteral("http.route"), route},
        {QStringLiteral("server.address"), url.host()},
        {QStringLiteral("client.address"), request.remoteAddress().toString()},
        {QStringLiteral("network.protocol.version"), QStringLiteral("1.1")},
    };
    if (url.port() > 0)
        options.attributes.append({QStringLiteral("server.port"), url.port()});
    if (url.hasQuery())
        options.attributes.append({QStringLiteral("url.query"), url.query()});
    const QByteArray userAgent = request.value("User-Agent");
    if (!userAgent.isEmpty())
        options.attributes.append({QStringLiteral("user_agent.original"),
                                   QString::fromUtf8(userAgent)});
    Span span = tracer.startSpan(method + u' ' + route, options);

    QHttpServerResponse response(QHttpServerResponse::StatusCode::InternalServerError);
    {
        const Scope scope(incoming.withSpan(span.context()));
        try {
            response = handler(request);
        } catch (const std::exception &error) {
            span.recordException(QStringLiteral("std::exception"), QString::fromUtf8(error.what()));
            response = QHttpServerResponse(QHttpServerResponse::StatusCode::InternalServerError);
        } catch (...) {
            span.recordException(QStringLiteral("unknown"), QString());
            response = QHttpServerResponse(QHttpServerResponse::StatusCode::InternalServerError);
        }
    }
    const int status = int(response.statusCode());
    span.setAttribute(QStringLiteral("http.response.status_code"), status);
    span.setAttribute(QStringLiteral("http.response.body.size"), qint64(response.data().size()));
    if (status >= 500) {
        span.setAttribute(QStringLiteral("error.type"), QString::number(status));
        span.setStatus(StatusCode::Error, QStringLiteral("HTTP %1").arg(status));
    }
    return response;
}

} // namespace traceflow::sdk
