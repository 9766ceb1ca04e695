// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

#include <cstdint>

namespace traceflow {

// Follows the HTTP/1.1 request framing of one connection, byte by byte, without keeping the
// bodies: request heads, Content-Length bodies, chunked bodies and trailers. It lets the
// socket layer refuse an oversized body (413) as soon as its size is known (from
// Content-Length, or from the chunk sizes as they arrive) instead of after buffering it, answer
// `Expect: 100-continue`, and know whether a request is in flight.
//
// Usage: while bytes remain, if skippable() > 0 call skip() with up to that many body bytes
// (they need not be looked at), otherwise call feed() with the bytes themselves. Both stop at
// the first event. After BodyTooLarge, HeadTooLarge or BadRequest the guard is failed and
// consumes nothing more: the connection must be answered and closed.
class HttpGuard
{
public:
    enum Event : std::uint32_t {
        None = 0,
        HeadComplete = 1,    // head() is valid
        RequestComplete = 2, // the whole request (head and body) has been seen
        BodyTooLarge = 4,    // declared or accumulated body size over the limit
        HeadTooLarge = 8,    // request line + headers (or a chunk line) over the head limit
        BadRequest = 16,     // unparseable framing
    };
    using Events = std::uint32_t;

    struct Head
    {
        QByteArray method;
        QByteArray target;
        qint64 contentLength = -1; // -1 when absent
        bool chunked = false;
        bool expectContinue = false;
    };

    static constexpr qint64 DefaultMaxHead = 64 * 1024;

    explicit HttpGuard(qint64 maxBody, qint64 maxHead = DefaultMaxHead);

    Events feed(const char *data, qint64 size, qint64 *consumed);
    qint64 skippable() const;
    Events skip(qint64 bytes);

    const Head &head() const { return m_head; }
    // No request has begun since the last one completed.
    bool idle() const { return m_state == State::Start; }
    bool failed() const { return m_state == State::Failed; }
    qint64 bodyBytes() const { return m_bodyBytes; }
    qint64 maxBody() const { return m_maxBody; }
    // Requests completed on this connection.
    qint64 requestCount() const { return m_requests; }

private:
    enum class State { Start, Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Failed };

    Events fail(Event why);
    Events headDone();
    Events chunkLineDone();
    Events completeRequest();
    bool parseHead();

    State m_state = State::Start;
    qint64 m_maxBody = 0;
    qint64 m_maxHead = DefaultMaxHead;
    QByteArray m_line; // the head, or the current chunk-size / trailer line
    bool m_lineEmpty = true; // current line (trailers) has no characters yet
    Head m_head;
    qint64 m_remaining = 0; // of the Content-Length body or the current chunk
    qint64 m_bodyBytes = 0;
    qint64 m_requests = 0;
};

} // namespace traceflow
