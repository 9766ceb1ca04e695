// SPDX-License-Identifier: MIT
#include "replysequencer.h"

namespace traceflow {

ReplySequencer::~ReplySequencer()
{
    for (const Line &line : std::as_const(m_lines))
        QObject::disconnect(line.destroyed);
}

quint64 ReplySequencer::reserve(QTcpSocket *socket)
{
    auto it = m_lines.find(socket);
    if (it == m_lines.end()) {
        it = m_lines.insert(socket, Line());
        it->destroyed = QObject::connect(socket, &QObject::destroyed, [this, socket] {
            const auto gone = m_lines.constFind(socket);
            if (gone != m_lines.constEnd()) {
                m_pending -= static_cast<int>(gone->next - gone->written);
                m_lines.erase(gone);
            }
        });
    }
    ++m_pending;
    return it->next++;
}

void ReplySequencer::complete(const QPointer<QTcpSocket> &socket, quint64 slot,
                              const QByteArray &reply)
{
    if (!socket)
        return; // the connection closed while its answer was being computed
    const auto it = m_lines.find(socket.data());
    if (it == m_lines.end())
        return;
    Line &line = *it;
    if (slot != line.written) {
        line.ready.emplace(slot, reply);
        return;
    }
    socket->write(reply);
    ++line.written;
    --m_pending;
    for (auto next = line.ready.begin(); next != line.ready.end() && next->first == line.written;
         next = line.ready.erase(next)) {
        socket->write(next->second);
        ++line.written;
        --m_pending;
    }
}

} // namespace traceflow
