// SPDX-License-Identifier: MIT
#include "clickhouseclient.h"

#include <QDeadlineTimer>
#include <QTcpSocket>
#include <QUrlQuery>

namespace traceflow {

namespace {
// Decodes a "Transfer-Encoding: chunked" body; false when it is truncated or malformed.
bool dechunk(const QByteArray &in, QByteArray *out)
{
    qsizetype pos = 0;
    for (;;) {
        const qsizetype eol = in.indexOf("\r\n", pos);
        if (eol < 0)
            return false;
        QByteArray sizeText = in.mid(pos, eol - pos);
        if (const qsizetype semicolon = sizeText.indexOf(';'); semicolon >= 0)
            sizeText.truncate(semicolon);
        bool ok = false;
        const qsizetype size = sizeText.trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0)
            return false;
        if (size == 0)
            return true;
        if (eol + 2 + size > in.size())
            return false;
        out->append(in.constData() + eol + 2, size);
        pos = eol + 2 + size + 2;
    }
}

ClickHouseClient::Reply failure(const QString &error)
{
    ClickHouseClient::Reply reply;
    reply.error = error;
    return reply;
}
} // namespace

ClickHouseClient::Reply ClickHouseClient::execute(const QByteArray &sql, const QByteArray &data) const
{
    const QDeadlineTimer deadline(m_config.timeoutMs);
    const QString host = m_config.url.host();
    const int port = m_config.url.port(8123);
    QUrlQuery params;
    // No "database" parameter: statements name their tables in full, and the database may not
    // exist yet (CREATE DATABASE is one of them).
    if (!data.isEmpty())
        params.addQueryItem(QStringLiteral("query"), QString::fromUtf8(sql));
    // Buffered on the server, so that an error found while producing the result comes back as
    // an error status rather than as text after a 200.
    if (data.isEmpty())
        params.addQueryItem(QStringLiteral("wait_end_of_query"), QStringLiteral("1"));
    // ClickHouse itself stops a query that runs longer than we wait for it.
    params.addQueryItem(QStringLiteral("max_execution_time"),
                        QString::number(std::max(1, m_config.timeoutMs / 1000)));
    QString path = m_config.url.path(QUrl::FullyEncoded);
    if (path.isEmpty())
        path = QStringLiteral("/");
    const QByteArray &body = data.isEmpty() ? sql : data;
    QByteArray request = "POST " + path.toUtf8() + '?'
        + params.query(QUrl::FullyEncoded).toUtf8() + " HTTP/1.1\r\nHost: " + host.toUtf8()
        + ':' + QByteArray::number(port) + "\r\nConnection: close\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n";
    if (!m_config.user.isEmpty() || !m_config.password.isEmpty()) {
        const QByteArray user = m_config.user.isEmpty() ? QByteArrayLiteral("default")
                                                        : m_config.user.toUtf8();
        request += "Authorization: Basic "
            + QByteArray(user + ':' + m_config.password.toUtf8()).toBase64() + "\r\n";
    }
    request += "\r\n";

    QTcpSocket socket;
    socket.connectToHost(host, quint16(port));
    if (!socket.waitForConnected(int(deadline.remainingTime())))
        return failure(QStringLiteral("cannot connect to ClickHouse at %1:%2: %3")
                           .arg(host).arg(port).arg(socket.errorString()));
    socket.write(request);
    socket.write(body);
    while (socket.bytesToWrite() > 0) {
        if (!socket.waitForBytesWritten(int(deadline.remainingTime())))
            return failure(QStringLiteral("sending to ClickHouse failed: %1").arg(socket.errorString()));
    }
    QByteArray raw;
    for (;;) {
        raw += socket.readAll();
        if (socket.state() != QAbstractSocket::ConnectedState)
            break;
        if (deadline.hasExpired())
            return failure(QStringLiteral("ClickHouse did not answer within %1 ms").arg(m_config.timeoutMs));
        if (!socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())))) {
            if (socket.state() == QAbstractSocket::ConnectedState && deadline.hasExpired())
                return failure(QStringLiteral("ClickHouse did not answer within %1 ms")
                                   .arg(m_config.timeoutMs));
        }
    }
    raw += socket.readAll();

    const qsizetype headerEnd = raw.indexOf("\r\n\r\n");
    if (!raw.startsWith("HTTP/1.") || headerEnd < 0)
        return failure(QStringLiteral("ClickHouse closed the connection without a valid answer"));
    Reply reply;
    const QList<QByteArray> lines = raw.left(headerEnd).split('\n');
    reply.status = lines.constFirst().mid(9, 3).toInt();
    bool chunked = false;
    for (const QByteArray &line : lines) {
        if (line.toLower().startsWith("transfer-encoding:") && line.toLower().contains("chunked"))
            chunked = true;
    }
    const QByteArray payload = raw.mid(headerEnd + 4);
    if (chunked) {
        if (!dechunk(payload, &reply.body))
            return failure(QStringLiteral("ClickHouse's answer was cut short"));
    } else {
        reply.body = payload;
    }
    if (!reply.ok())
        reply.error = QStringLiteral("ClickHouse answered %1: %2")
                          .arg(reply.status)
                          .arg(QString::fromUtf8(reply.body.trimmed().left(500)));
    return reply;
}

QByteArray ClickHouseClient::query(const QByteArray &sql) const
{
    Reply reply = execute(sql);
    if (reply.status == 0)
        throw ClickHouseError(503, reply.error);
    if (!reply.ok())
        throw ClickHouseError(502, reply.error);
    return std::move(reply.body);
}

} // namespace traceflow
