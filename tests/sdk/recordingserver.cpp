// SPDX-License-Identifier: MIT
#include "recordingserver.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QMetaEnum>
#include <QSemaphore>
#include <QTcpServer>

namespace {
QSemaphore *g_ready = nullptr;
}

QByteArray RecordingServer::Request::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool RecordingServer::Request::hasHeader(QByteArrayView name) const
{
    for (const auto &header : headers) {
        if (QByteArrayView(header.first).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

RecordingServer::RecordingServer()
{
    QSemaphore ready;
    g_ready = &ready;
    start();
    ready.acquire();
    g_ready = nullptr;
}

RecordingServer::~RecordingServer()
{
    quit();
    wait();
}

QByteArray RecordingServer::baseUrl() const
{
    return "http://127.0.0.1:" + QByteArray::number(m_port);
}

void RecordingServer::plan(const QList<Reply> &replies)
{
    const QMutexLocker lock(&m_mutex);
    m_plan = replies;
}

QList<RecordingServer::Request> RecordingServer::requests() const
{
    const QMutexLocker lock(&m_mutex);
    return m_requests;
}

qsizetype RecordingServer::requestCount() const
{
    const QMutexLocker lock(&m_mutex);
    return m_requests.size();
}

void RecordingServer::run()
{
    QHttpServer server;
    server.setMissingHandler([this](const QHttpServerRequest &request,
                                    QHttpServerResponder &&responder) {
        Reply reply;
        {
            const QMutexLocker lock(&m_mutex);
            const auto method = QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(
                int(request.method()));
            m_requests.append({QByteArray(method).toUpper(), request.url().path().toUtf8(),
                               request.headers(), request.body(),
                               std::chrono::steady_clock::now()});
            if (!m_plan.isEmpty())
                reply = m_plan.takeFirst();
        }
        if (reply.hold.count() > 0)
            QThread::msleep(ulong(reply.hold.count()));
        const QByteArray body = "{}";
        responder.writeStatusLine(QHttpServerResponder::StatusCode(reply.status));
        responder.writeHeader("Content-Type", "application/json");
        responder.writeHeader("Content-Length", QByteArray::number(body.size()));
        if (!reply.retryAfter.isEmpty())
            responder.writeHeader("Retry-After", reply.retryAfter);
        responder.writeBody(body);
    });
    auto *tcp = new QTcpServer;
    tcp->listen(QHostAddress::LocalHost, 0);
    m_port = tcp->serverPort();
    server.bind(tcp);
    g_ready->release();
    exec();
}
