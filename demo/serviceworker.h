// SPDX-License-Identifier: MIT
#pragma once

#include <QSemaphore>
#include <QThread>

#include <atomic>
#include <functional>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QNetworkAccessManager;
class QTcpServer;
QT_END_NAMESPACE

namespace traceflow::demo {

// A thread running its own QHttpServer (and QNetworkAccessManager for downstream calls)
// for the connections a ConnectionDispatcher hands it. Handlers run synchronously on it.
class ServiceWorker : public QThread
{
public:
    // Called on the worker thread to register the routes.
    using Setup = std::function<void(QHttpServer &server, QNetworkAccessManager &network)>;

    explicit ServiceWorker(Setup setup);
    ~ServiceWorker() override;

    // Returns once the worker can take connections.
    void startAndWait();
    // Thread-safe: serves the accepted socket on this worker's thread. Counted in
    // connections() at once, until the peer disconnects.
    void adopt(qintptr socketDescriptor);
    int connections() const { return m_connections.load(); }

protected:
    void run() override;

private:
    const Setup m_setup;
    QSemaphore m_ready;
    QTcpServer *m_handoff = nullptr; // lives on the worker thread
    std::atomic<int> m_connections{0};
};

} // namespace traceflow::demo
