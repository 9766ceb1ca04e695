// SPDX-License-Identifier: MIT
#pragma once

#include "tracer.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>

#include <functional>

namespace traceflow::sdk {

// Server-side instrumentation for QHttpServer: every request gets a SERVER span that
// continues the caller's trace (W3C traceparent/tracestate/baggage), is current while the
// handler runs (so the handler's spans and outgoing calls are its children), and records
// http.request.method, url.path, url.scheme, http.route, server.address, server.port,
// client.address, user_agent.original and http.response.status_code. A 5xx response, or a
// handler that throws (answered with 500), sets the span's status to Error; 4xx leaves it
// unset as the semantic conventions ask for servers.
class HttpServerTracing
{
public:
    using Handler = std::function<QHttpServerResponse(const QHttpServerRequest &)>;

    // Registers a traced route for a fixed path (no <arg> placeholders). The span is named
    // "<METHOD> <path>". The tracer is copied (it is a shared handle).
    static bool route(QHttpServer &server, const Tracer &tracer, const QString &path,
                      QHttpServerRequest::Methods methods, Handler handler);
    // The same for a handler called some other way (e.g. from a missing-route handler).
    static QHttpServerResponse handle(const Tracer &tracer, const QString &route,
                                      const QHttpServerRequest &request, const Handler &handler);

    static Context extract(const QHttpServerRequest &request);
    static QString methodName(QHttpServerRequest::Method method);
};

} // namespace traceflow::sdk
