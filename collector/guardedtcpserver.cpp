// SPDX-License-Identifier: MIT
#include "guardedtcpserver.h"

#include "httpguard.h"
#include "httpreply.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>
#include <unistd.h>

namespace traceflow {

namespace {
// How long a refused client gets to read the answer while the rest of its body is discarded.
constexpr int DrainMs = 2000;
// First look at a fragment: enough for any ordinary request head.
constexpr qint64 FirstWindow = 4096;
} // namespace

class GuardedTcpServer::Connection : public QObject
{
public:
    Connection(QTcpSocket *socket, GuardedTcpServer *server)
        : QObject(socket), m_socket(socket), m_server(server), m_guard(server->maxBody())
    {
        server->m_connections.insert(this);
        connect(socket, &QTcpSocket::readyRead, this, &Connection::onReadyRead);
    }
    ~Connection() override
    {
        if (m_server)
            m_server->m_connections.remove(this);
    }

    bool busy() const { return !m_guard.idle() && !m_refused; }
    QTcpSocket *socket() const { return m_socket; }

private:
    void onReadyRead();
    void refuse(int status, const QString &message);

    QTcpSocket *m_socket = nullptr;
    QPointer<GuardedTcpServer> m_server;
    HttpGuard m_guard;
    bool m_refused = false;
};

void GuardedTcpServer::Connection::onReadyRead()
{
    if (m_refused) {
        m_socket->readAll(); // draining: nobody wants the rest of the body
        return;
    }
    // QHttpServer reads everything in its own readyRead slot, which runs after this one, so
    // what is available now is exactly what neither has seen yet.
    const qint64 available = m_socket->bytesAvailable();
    if (m_server)
        m_server->m_bytesReceived.fetch_add(static_cast<std::uint64_t>(available),
                                            std::memory_order_relaxed);
    QByteArray window;
    qint64 offset = 0;
    while (offset < available) {
        HttpGuard::Events events = HttpGuard::None;
        if (const qint64 skippable = m_guard.skippable(); skippable > 0) {
            const qint64 step = std::min(skippable, available - offset);
            events = m_guard.skip(step);
            offset += step;
        } else {
            if (offset >= window.size()) {
                const qint64 want = std::max(FirstWindow, 2 * window.size());
                window = m_socket->peek(std::min(available, offset + want));
            }
            qint64 used = 0;
            events = m_guard.feed(window.constData() + offset, window.size() - offset, &used);
            offset += used;
        }
        if (events & HttpGuard::BodyTooLarge) {
            refuse(413, QStringLiteral("request body exceeds the limit of %1 bytes")
                            .arg(m_guard.maxBody()));
            return;
        }
        if (events & HttpGuard::HeadTooLarge) {
            refuse(431, QStringLiteral("request head too large"));
            return;
        }
        if (events & HttpGuard::BadRequest) {
            refuse(400, QStringLiteral("malformed HTTP request"));
            return;
        }
        // Only when the client is really waiting: no body byte has arrived yet.
        if ((events & HttpGuard::HeadComplete) && !(events & HttpGuard::RequestComplete)
            && m_guard.head().expectContinue && offset == available) {
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
    }
}

void GuardedTcpServer::Connection::refuse(int status, const QString &message)
{
    m_refused = true;
    // Take the connection away from QHttpServer: its readyRead slot (still to run for this
    // fragment) is skipped once disconnected, and it never sees this request.
    QObject::disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
    connect(m_socket, &QTcpSocket::readyRead, this, &Connection::onReadyRead);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->readAll();

    m_socket->write(HttpReply::error(status, message)
                        .addHeader(QByteArrayLiteral("Connection"), QByteArrayLiteral("close"))
                        .toBytes());
    // Half-close once the answer is out, keep reading (and discarding) so the kernel does not
    // reset the connection under the client before it has read the answer.
    auto halfClose = [socket = m_socket] {
        if (socket->bytesToWrite() == 0 && socket->socketDescriptor() >= 0)
            ::shutdown(static_cast<int>(socket->socketDescriptor()), SHUT_WR);
    };
    connect(m_socket, &QTcpSocket::bytesWritten, this, halfClose);
    m_socket->flush();
    halfClose();
    QTimer::singleShot(DrainMs, this, [socket = m_socket] { socket->abort(); });
    if (m_server)
        Q_EMIT m_server->requestRefused(status);
}

GuardedTcpServer::GuardedTcpServer(qint64 maxBody, QObject *parent)
    : QTcpServer(parent), m_maxBody(maxBody)
{
}

// Sockets (and their Connections) are deleted by ~QObject, after m_server has gone null.
GuardedTcpServer::~GuardedTcpServer() = default;

int GuardedTcpServer::busyConnectionCount() const
{
    return static_cast<int>(std::count_if(m_connections.cbegin(), m_connections.cend(),
                                          [](const Connection *c) { return c->busy(); }));
}

void GuardedTcpServer::closeConnections()
{
    const QSet<Connection *> connections = m_connections;
    for (Connection *c : connections) {
        c->socket()->flush(); // answers written just now go out before the close
        c->socket()->disconnectFromHost();
    }
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(static_cast<int>(descriptor));
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    new Connection(socket, this);
    addPendingConnection(socket); // QHttpServer takes it from here
}

} // namespace traceflow
