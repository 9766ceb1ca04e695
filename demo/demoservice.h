// SPDX-License-Identifier: MIT
#pragma once

#include "serviceoptions.h"

#include "tracer.h"

#include <memory>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;
class QNetworkAccessManager;
QT_END_NAMESPACE

namespace traceflow::demo {

class ConnectionDispatcher;

// One demo service (checkout, inventory or payment), traced with the SDK like any user
// service would be. Each connection is served by a worker thread with its own QHttpServer,
// so handlers can be plain synchronous code: checkout waits for its downstream calls, and
// the simulated work waits, in local event loops that exclude socket notifiers, so a
// worker never starts another request inside a waiting one.
class DemoService
{
public:
    static constexpr int MaxWorkers = 64;

    explicit DemoService(const ServiceOptions &options);
    // Stops serving, then exports the spans still queued.
    ~DemoService();

    static QString serviceName(ServiceKind kind);
    static quint16 defaultPort(ServiceKind kind);

    // Listens on 127.0.0.1:port (0 picks a free port); false with errorString() when the
    // port cannot be bound. Needs the calling thread's event loop to accept connections.
    bool startListening();
    void stop();
    quint16 port() const;
    QString errorString() const { return m_error; }
    QString name() const { return serviceName(m_options.kind); }

private:
    void setUpRoutes(QHttpServer &server, QNetworkAccessManager &network);
    QHttpServerResponse checkout(const QHttpServerRequest &request, QNetworkAccessManager &network);
    QHttpServerResponse inventory(const QHttpServerRequest &request);
    QHttpServerResponse pay(const QHttpServerRequest &request);
    // Waits latency + jitter; see the class comment.
    void simulateWork() const;
    bool injectFailure() const;

    const ServiceOptions m_options;
    sdk::Tracer m_tracer;
    std::unique_ptr<ConnectionDispatcher> m_dispatcher;
    QString m_error;
    bool m_stopped = false;
};

} // namespace traceflow::demo
