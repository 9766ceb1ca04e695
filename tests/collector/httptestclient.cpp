// SPDX-License-Identifier: MIT
#include "httptestclient.h"

#include <QElapsedTimer>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace traceflow {

QByteArray HttpTestResponse::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

nlohmann::json HttpTestResponse::json() const
{
    return nlohmann::json::parse(body.constBegin(), body.constEnd(), nullptr, false);
}

HttpTestClient::HttpTestClient(quint16 port) : m_port(port) {}

HttpTestClient::~HttpTestClient()
{
    close();
}

void HttpTestClient::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_buffer.clear();
    m_offset = 0;
}

bool HttpTestClient::ensureConnected()
{
    if (m_fd >= 0) {
        // A keep-alive connection the server has closed reads as EOF without blocking.
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, 0) == 1 && m_offset == m_buffer.size()) {
            char probe;
            if (::recv(m_fd, &probe, 1, MSG_PEEK | MSG_DONTWAIT) == 0)
                close();
        }
    }
    if (m_fd >= 0)
        return true;
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return false;
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(m_port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        close();
        return false;
    }
    return true;
}

bool HttpTestClient::sendRaw(const QByteArray &bytes)
{
    if (!ensureConnected())
        return false;
    qsizetype sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(m_fd, bytes.constData() + sent,
                                 static_cast<std::size_t>(bytes.size() - sent), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        sent += n;
    }
    return true;
}

bool HttpTestClient::fill(int timeoutMs)
{
    if (m_fd < 0)
        return false;
    m_eof = false;
    pollfd p{m_fd, POLLIN, 0};
    if (::poll(&p, 1, timeoutMs) != 1)
        return false;
    char chunk[64 * 1024];
    const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
    if (n <= 0) {
        m_eof = true;
        return false;
    }
    m_buffer.append(chunk, n);
    return true;
}

bool HttpTestClient::readLine(QByteArray *line, int timeoutMs)
{
    for (;;) {
        const qsizetype end = m_buffer.indexOf('\n', m_offset);
        if (end >= 0) {
            *line = m_buffer.mid(m_offset, end - m_offset);
            if (line->endsWith('\r'))
                line->chop(1);
            m_offset = end + 1;
            return true;
        }
        if (!fill(timeoutMs))
            return false;
    }
}

bool HttpTestClient::readExactly(qsizetype n, QByteArray *out, int timeoutMs)
{
    while (m_buffer.size() - m_offset < n) {
        if (!fill(timeoutMs))
            return false;
    }
    out->append(m_buffer.constData() + m_offset, n);
    m_offset += n;
    return true;
}

HttpTestResponse HttpTestClient::readResponse(int timeoutMs)
{
    m_buffer.remove(0, m_offset); // what earlier responses left: the next one's beginning
    m_offset = 0;
    const qsizetype start = 0;
    auto fail = [&] {
        if (m_eof || m_fd < 0)
            close();
        else
            m_offset = start; // a timeout: keep what arrived for the next call
        return HttpTestResponse();
    };
    HttpTestResponse response;
    QByteArray line;
    if (!readLine(&line, timeoutMs))
        return fail();
    if (!line.startsWith("HTTP/1.")) {
        close();
        return {};
    }
    const int status = line.mid(9, 3).toInt();
    for (;;) {
        if (!readLine(&line, timeoutMs))
            return fail();
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            response.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    const QByteArray length = response.header("Content-Length");
    if (response.header("Transfer-Encoding").toLower() == "chunked") {
        for (;;) {
            if (!readLine(&line, timeoutMs))
                return fail();
            const qint64 size = line.split(';').first().trimmed().toLongLong(nullptr, 16);
            QByteArray crlf;
            if (size == 0) {
                readLine(&line, timeoutMs);
                break;
            }
            if (!readExactly(size, &response.body, timeoutMs) || !readExactly(2, &crlf, timeoutMs))
                return fail();
        }
    } else if (!length.isEmpty()) {
        if (!readExactly(length.toLongLong(), &response.body, timeoutMs))
            return fail();
    } else if (status >= 200 && status != 204 && status != 304) {
        while (fill(timeoutMs)) { } // delimited by close
        response.body = m_buffer.mid(m_offset);
        close();
    }
    response.status = status;
    if (response.header("Connection").toLower() == "close" && status >= 200)
        close();
    return response;
}

bool HttpTestClient::waitForClose(int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (m_fd >= 0) {
        const int left = timeoutMs - static_cast<int>(clock.elapsed());
        if (left <= 0)
            return false;
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, left) != 1)
            return false;
        char chunk[4096];
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n <= 0) {
            close();
            return true;
        }
    }
    return true;
}

HttpTestResponse HttpTestClient::request(const QByteArray &method, const QByteArray &target,
                                         const QByteArray &body, const Headers &headers)
{
    QByteArray head = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1:"
        + QByteArray::number(m_port) + "\r\n";
    for (const auto &[name, value] : headers)
        head += name + ": " + value + "\r\n";
    if (!body.isEmpty() || method == "POST")
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    head += "\r\n";
    auto exchange = [&] {
        if (!sendRaw(head + body))
            return HttpTestResponse();
        HttpTestResponse response = readResponse(TimeoutMs);
        while (response.status >= 100 && response.status < 200)
            response = readResponse(TimeoutMs);
        return response;
    };
    const bool reused = m_fd >= 0;
    HttpTestResponse response = exchange();
    if (response.status == 0 && reused) {
        // The server closed the kept-alive connection before reading: one retry, fresh.
        close();
        response = exchange();
    }
    return response;
}

HttpTestResponse HttpTestClient::get(const QByteArray &target, const Headers &headers)
{
    return request("GET", target, {}, headers);
}

double HttpTestClient::metricIn(const QByteArray &text, const QByteArray &series)
{
    const QByteArray prefix = series + ' ';
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).toDouble();
    }
    return -1;
}

double HttpTestClient::metric(const QByteArray &series)
{
    return metricIn(get("/metrics").body, series);
}

HttpTestResponse HttpTestClient::post(const QByteArray &target, const QByteArray &body,
                                      const QByteArray &contentType, const Headers &headers)
{
    Headers all = headers;
    all.prepend({"Content-Type", contentType});
    return request("POST", target, body, all);
}

const nlohmann::json *spanNamed(const nlohmann::json &trace, const char *operation)
{
    for (const nlohmann::json &s : trace["spans"]) {
        if (s["operation"] == operation)
            return &s;
    }
    return nullptr;
}

} // namespace traceflow
