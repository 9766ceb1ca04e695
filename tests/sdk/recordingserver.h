// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QPair>
#include <QThread>

#include <chrono>

// A real HTTP server (QHttpServer on a loopback QTcpServer) on its own thread that records
// every request and answers from a plan: the next planned reply if any, else 200 with an
// empty JSON object. Being on its own thread, it keeps answering while the test thread
// blocks in forceFlush() or shutdown().
class RecordingServer : public QThread
{
public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        std::chrono::steady_clock::time_point received;
        QByteArray header(QByteArrayView name) const;
        bool hasHeader(QByteArrayView name) const;
    };
    struct Reply
    {
        int status = 200;
        QByteArray retryAfter;                 // sent as Retry-After when not empty
        std::chrono::milliseconds hold{0};     // wait this long before answering
    };

    RecordingServer();
    ~RecordingServer() override;

    quint16 port() const { return m_port; }
    QByteArray baseUrl() const;
    void plan(const QList<Reply> &replies);
    QList<Request> requests() const;
    qsizetype requestCount() const;

protected:
    void run() override;

private:
    mutable QMutex m_mutex;
    QList<Request> m_requests;
    QList<Reply> m_plan;
    quint16 m_port = 0;
};
