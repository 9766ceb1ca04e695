// SPDX-License-Identifier: MIT
#include "serviceworker.h"

#include <QHttpServer>
#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QTcpSocket>

namespace traceflow::demo {

namespace {

// Hands sockets accepted on another thread to QHttpServer, which takes connections from a
// QTcpServer's pending queue (and, on 6.4, warns about a server that is not listening). So
// this one listens on a throwaway loopback port but never accepts there: accepting stays
// paused, and nextPendingConnection() (which resumes it) pauses it again at once.
class HandoffServer final : public QTcpServer
{
public:
    HandoffServer()
    {
        listen(QHostAddress::LocalHost, 0);
        pauseAccepting();
    }
    void adopt(qintptr descriptor, std::atomic<int> *connections)
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            --*connections;
            return;
        }
        connect(socket, &QAbstractSocket::disconnected, this, [connections] { --*connections; });
        addPendingConnection(socket);
        emit newConnection();
    }
    QTcpSocket *nextPendingConnection() override
    {
        QTcpSocket *socket = QTcpServer::nextPendingConnection();
        pauseAccepting();
        return socket;
    }
};

} // namespace

ServiceWorker::ServiceWorker(Setup setup) : m_setup(std::move(setup)) {}

ServiceWorker::~ServiceWorker()
{
    quit();
    wait();
}

void ServiceWorker::startAndWait()
{
    start();
    m_ready.acquire();
}

void ServiceWorker::adopt(qintptr socketDescriptor)
{
    ++m_connections;
    auto *handoff = static_cast<HandoffServer *>(m_handoff);
    QMetaObject::invokeMethod(handoff, [handoff, socketDescriptor, this] {
        handoff->adopt(socketDescriptor, &m_connections);
    });
}

void ServiceWorker::run()
{
    QHttpServer server;
    QNetworkAccessManager network;
    m_setup(server, network);
    auto *handoff = new HandoffServer;
    server.bind(handoff);
    m_handoff = handoff;
    m_ready.release();
    exec();
}

} // namespace traceflow::demo
