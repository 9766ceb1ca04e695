// SPDX-License-Identifier: MIT
#pragma once

#include <QSet>
#include <QTcpServer>

#include <atomic>

namespace traceflow {

// The listening socket of one collector port. Each accepted connection is watched by an
// HttpGuard before QHttpServer reads it: Qt 6.4's QHttpServer buffers any request body,
// whatever its size, so the limit must be enforced here. The guard's slot is connected to
// readyRead before QHttpServer's, so it sees each new fragment first (QHttpServer then reads
// everything available). A body over the limit is answered 413 at once, the connection is taken
// away from QHttpServer, drained for a moment so the client can read the answer, and closed.
// Malformed framing gets 400 and an oversized head 431 the same way. `Expect: 100-continue`
// is answered here, which Qt 6.4 does not do.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    explicit GuardedTcpServer(qint64 maxBody, QObject *parent = nullptr);
    ~GuardedTcpServer() override;

    qint64 maxBody() const { return m_maxBody; }
    int connectionCount() const { return static_cast<int>(m_connections.size()); }
    // Connections in the middle of receiving a request.
    int busyConnectionCount() const;
    // Closes every connection once its pending output is written.
    void closeConnections();
    std::uint64_t bytesReceived() const { return m_bytesReceived.load(std::memory_order_relaxed); }

Q_SIGNALS:
    // A request refused at the socket (413, 431 or 400), before any handler saw it.
    void requestRefused(int status);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    class Connection;
    friend class Connection;

    qint64 m_maxBody = 0;
    QSet<Connection *> m_connections;
    std::atomic<std::uint64_t> m_bytesReceived{0};
};

} // namespace traceflow
