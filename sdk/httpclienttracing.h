// SPDX-License-Identifier: MIT
#pragma once

#include "tracer.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <chrono>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
QT_END_NAMESPACE

namespace traceflow::sdk {

// Client-side instrumentation for QNetworkAccessManager: a CLIENT span, child of the
// thread's current context, around one request, with traceparent/tracestate/baggage
// injected so the server continues the trace. Records http.request.method, url.full,
// server.address, server.port and http.response.status_code; a network error or a status
// >= 400 sets Error status and error.type.
class HttpClientTracing
{
public:
    struct Result
    {
        int status = 0; // 0 when no HTTP response arrived
        QByteArray body;
        QNetworkReply::NetworkError error = QNetworkReply::NoError;
        QString errorString;
        bool timedOut = false;
        bool isSuccess() const { return status >= 200 && status < 300; }
    };

    // Asynchronous: the caller owns the reply as with QNetworkAccessManager. The span ends
    // when the reply finishes (or is destroyed unfinished).
    static QNetworkReply *send(QNetworkAccessManager &manager, const Tracer &tracer,
                               QNetworkRequest request, const QByteArray &verb,
                               const QByteArray &body = {});
    // Synchronous: waits in a local QEventLoop run with `waitFlags`; aborts after timeout.
    // With the default flags the thread keeps serving its other events, including new
    // requests of a QHttpServer on the same thread, which then run nested inside this wait
    // and delay its return until they finish. From a QHttpServer handler, pass
    // QEventLoop::ExcludeSocketNotifiers: the reply still arrives (QNetworkAccessManager
    // does HTTP on its own thread and posts the results), but no other request starts on
    // this thread until the handler returns.
    static Result sendAndWait(QNetworkAccessManager &manager, const Tracer &tracer,
                              const QNetworkRequest &request, const QByteArray &verb,
                              const QByteArray &body = {},
                              std::chrono::milliseconds timeout = std::chrono::seconds(10),
                              QEventLoop::ProcessEventsFlags waitFlags = QEventLoop::AllEvents);
};

} // namespace traceflow::sdk
