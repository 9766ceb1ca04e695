// SPDX-License-Identifier: MIT
#include "httpclienttracing.h"

#include "tracecontextpropagator.h"

#include <QEventLoop>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QTimer>

#include <memory>

namespace traceflow::sdk {

QNetworkReply *HttpClientTracing::send(QNetworkAccessManager &manager, const Tracer &tracer,
                                       QNetworkRequest request, const QByteArray &verb,
                                       const QByteArray &body)
{
    const QUrl url = request.url();
    const QString method = QString::fromLatin1(verb);
    SpanOptions options;
    options.kind = SpanKind::Client;
    options.attributes = {
        {QStringLiteral("http.request.method"), method},
        {QStringLiteral("url.full"), url.toString(QUrl::RemoveUserInfo)},
        {QStringLiteral("server.address"), url.host()},
        {QStringLiteral("server.port"), url.port(url.scheme() == u"https" ? 443 : 80)},
    };
    auto span = std::make_shared<Span>(tracer.startSpan(method + u' ' + url.path(), options));
    TraceContextPropagator::inject(Context::current().withSpan(span->context()), request);

    QNetworkReply *reply = body.isEmpty() && verb != "POST" && verb != "PUT"
                               ? manager.sendCustomRequest(request, verb)
                               : manager.sendCustomRequest(request, verb, body);
    // The lambda owns the span: if the reply dies unfinished, the connection is destroyed
    // and the span ends with it.
    QObject::connect(reply, &QNetworkReply::finished, reply, [span, reply] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status > 0)
            span->setAttribute(QStringLiteral("http.response.status_code"), status);
        if (status >= 400) {
            span->setAttribute(QStringLiteral("error.type"), QString::number(status));
            span->setStatus(StatusCode::Error, QStringLiteral("HTTP %1").arg(status));
        } else if (reply->error() != QNetworkReply::NoError) {
            const char *name = QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(
                reply->error());
            span->setAttribute(QStringLiteral("error.type"), QString::fromLatin1(name));
            span->setStatus(StatusCode::Error, reply->errorString());
        }
        span->end();
    });
    return reply;
}

HttpClientTracing::Result HttpClientTracing::sendAndWait(QNetworkAccessManager &manager,
                                                         const Tracer &tracer,
                                                         const QNetworkRequest &request,
                                                         const QByteArray &verb,
                                                         const QByteArray &body,
                                                         std::chrono::milliseconds timeout,
                                                         QEventLoop::ProcessEventsFlags waitFlags)
{
    Result result;
    QNetworkReply *reply = send(manager, tracer, request, verb, body);
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&timer, &QTimer::timeout, reply, [&result, reply] {
        result.timedOut = true;
        reply->abort();
    });
    if (!reply->isFinished()) {
        timer.start(timeout);
        loop.exec(waitFlags);
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.error = reply->error();
    result.errorString = reply->errorString();
    delete reply;
    return result;
}

} // namespace traceflow::sdk
