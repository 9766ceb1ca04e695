// SPDX-License-Identifier: MIT
#include "httpguard.h"

#include "hexid.h"

#include <QList>

#include <algorithm>

namespace traceflow {

namespace {
bool isDigits(QByteArrayView s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
} // namespace

HttpGuard::HttpGuard(qint64 maxBody, qint64 maxHead) : m_maxBody(maxBody), m_maxHead(maxHead) {}

HttpGuard::Events HttpGuard::fail(Event why)
{
    m_state = State::Failed;
    return why;
}

HttpGuard::Events HttpGuard::completeRequest()
{
    ++m_requests;
    m_state = State::Start;
    m_line.clear();
    return RequestComplete;
}

qint64 HttpGuard::skippable() const
{
    return (m_state == State::Body || m_state == State::ChunkData) ? m_remaining : 0;
}

HttpGuard::Events HttpGuard::skip(qint64 bytes)
{
    bytes = std::min(bytes, skippable());
    m_remaining -= bytes;
    if (m_remaining > 0)
        return None;
    if (m_state == State::Body)
        return completeRequest();
    if (m_state == State::ChunkData)
        m_state = State::ChunkDataEnd;
    return None;
}

HttpGuard::Events HttpGuard::feed(const char *data, qint64 size, qint64 *consumed)
{
    qint64 i = 0;
    Events events = None;
    while (i < size && events == None && skippable() == 0) {
        const char c = data[i++];
        switch (m_state) {
        case State::Failed:
            --i;
            *consumed = i;
            return None;
        case State::Start:
            // Empty lines before a request line are allowed (RFC 9112, 2.2).
            if (c == '\r' || c == '\n')
                break;
            m_state = State::Head;
            m_line.clear();
            m_line.append(c);
            break;
        case State::Head:
            m_line.append(c);
            if (c == '\n' && (m_line.endsWith("\n\n") || m_line.endsWith("\n\r\n")))
                events = headDone();
            else if (m_line.size() > m_maxHead)
                events = fail(HeadTooLarge);
            break;
        case State::ChunkSize:
            if (c == '\n') {
                events = chunkLineDone();
            } else {
                m_line.append(c);
                if (m_line.size() > 4096)
                    events = fail(HeadTooLarge);
            }
            break;
        case State::ChunkDataEnd:
            if (c == '\n')
                m_state = State::ChunkSize;
            else if (c != '\r')
                events = fail(BadRequest);
            break;
        case State::Trailers:
            if (c == '\n') {
                if (m_lineEmpty)
                    events = completeRequest();
                m_lineEmpty = true;
            } else if (c != '\r') {
                m_lineEmpty = false;
                if (++m_remaining > m_maxHead) // trailer bytes, bounded like a head
                    events = fail(HeadTooLarge);
            }
            break;
        case State::Body:
        case State::ChunkData:
            Q_UNREACHABLE();
        }
    }
    *consumed = i;
    return events;
}

HttpGuard::Events HttpGuard::headDone()
{
    if (!parseHead())
        return fail(BadRequest);
    m_bodyBytes = 0;
    m_line.clear();
    if (m_head.chunked) {
        m_state = State::ChunkSize;
        return HeadComplete;
    }
    if (m_head.contentLength > m_maxBody)
        return HeadComplete | fail(BodyTooLarge);
    if (m_head.contentLength > 0) {
        m_state = State::Body;
        m_remaining = m_head.contentLength;
        m_bodyBytes = m_head.contentLength;
        return HeadComplete;
    }
    return HeadComplete | completeRequest();
}

HttpGuard::Events HttpGuard::chunkLineDone()
{
    QByteArrayView line(m_line);
    if (line.endsWith('\r'))
        line.chop(1);
    if (const qsizetype semicolon = line.indexOf(';'); semicolon >= 0)
        line.truncate(semicolon); // chunk extensions are ignored
    line = line.trimmed();
    if (line.isEmpty() || line.size() > 15)
        return fail(BadRequest);
    qint64 chunk = 0;
    for (char c : line) {
        const int d = HexId::digitValue(c);
        if (d < 0)
            return fail(BadRequest);
        chunk = chunk * 16 + d;
    }
    m_line.clear();
    if (chunk == 0) {
        m_state = State::Trailers;
        m_lineEmpty = true;
        m_remaining = 0;
        return None;
    }
    m_bodyBytes += chunk;
    if (m_bodyBytes > m_maxBody)
        return fail(BodyTooLarge);
    m_state = State::ChunkData;
    m_remaining = chunk;
    return None;
}

bool HttpGuard::parseHead()
{
    m_head = Head();
    const QList<QByteArray> lines = m_line.split('\n');
    bool first = true;
    for (QByteArray line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (first) {
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() != 3 || parts[0].isEmpty() || parts[1].isEmpty()
                || !parts[2].startsWith("HTTP/1."))
                return false;
            m_head.method = parts[0];
            m_head.target = parts[1];
            first = false;
            continue;
        }
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return false;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            // "n" or a list of identical "n, n" (RFC 9110, 8.6); anything else is ambiguous.
            for (const QByteArray &part : value.split(',')) {
                const QByteArray n = part.trimmed();
                if (!isDigits(n) || n.size() > 18)
                    return false;
                const qint64 length = n.toLongLong();
                if (m_head.contentLength >= 0 && m_head.contentLength != length)
                    return false;
                m_head.contentLength = length;
            }
        } else if (name == "transfer-encoding") {
            // Only chunked framing is understood; it must be the final coding.
            const QList<QByteArray> codings = value.toLower().split(',');
            if (codings.last().trimmed() != "chunked")
                return false;
            m_head.chunked = true;
        } else if (name == "expect") {
            m_head.expectContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
        }
    }
    return !first;
}

} // namespace traceflow
