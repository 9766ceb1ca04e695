// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QPointer>
#include <QTcpSocket>

#include <map>

namespace traceflow {

// Writes each connection's answers in the order of its requests, although some are computed
// on worker threads and finish out of order (HTTP/1.1 pipelining). reserve() takes a place in
// line when a request is dispatched; complete() fills it and writes every answer that is next
// in line. Answers for a connection that has gone are dropped. Lives in the HTTP thread.
class ReplySequencer
{
public:
    ~ReplySequencer();

    quint64 reserve(QTcpSocket *socket);
    void complete(const QPointer<QTcpSocket> &socket, quint64 slot, const QByteArray &reply);
    // Places reserved and not yet written, over all connections.
    int pending() const { return m_pending; }

private:
    struct Line
    {
        quint64 next = 0;    // the slot the next request gets
        quint64 written = 0; // the slot whose answer is written next
        std::map<quint64, QByteArray> ready; // finished, waiting for earlier ones
        QMetaObject::Connection destroyed;
    };

    QHash<QTcpSocket *, Line> m_lines;
    int m_pending = 0;
};

} // namespace traceflow
