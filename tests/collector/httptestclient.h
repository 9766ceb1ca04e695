// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

#include <nlohmann/json.hpp>

namespace traceflow {

struct HttpTestResponse
{
    int status = 0; // 0: no response (connection failed, closed or timed out)
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const; // case-insensitive; empty when absent
    // The body as JSON; a discarded value when it is not JSON.
    nlohmann::json json() const;
};

// A small blocking HTTP/1.1 client over one keep-alive loopback connection, on plain POSIX
// sockets so that it costs the benchmark as little CPU as possible and can be used from any
// thread without an event loop. Reconnects when the server closed the connection.
class HttpTestClient
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    explicit HttpTestClient(quint16 port);
    ~HttpTestClient();
    HttpTestClient(const HttpTestClient &) = delete;
    HttpTestClient &operator=(const HttpTestClient &) = delete;

    HttpTestResponse request(const QByteArray &method, const QByteArray &target,
                             const QByteArray &body = {}, const Headers &headers = {});
    HttpTestResponse get(const QByteArray &target, const Headers &headers = {});
    HttpTestResponse post(const QByteArray &target, const QByteArray &body,
                          const QByteArray &contentType, const Headers &headers = {});

    // The value of one sample in a Prometheus text, by its series name with any labels
    // (traceflow_x_total{reason="y"}); -1 when absent.
    static double metricIn(const QByteArray &text, const QByteArray &series);
    // GET /metrics, then metricIn().
    double metric(const QByteArray &series);

    // For framing tests: raw bytes out, one response in (1xx responses included). On a
    // timeout the connection stays open and the partial response stays buffered.
    bool sendRaw(const QByteArray &bytes);
    HttpTestResponse readResponse(int timeoutMs = 10000);
    // True when the server closes the connection within timeoutMs (reading and discarding).
    bool waitForClose(int timeoutMs);
    bool isConnected() const { return m_fd >= 0; }
    void close();

    static constexpr int TimeoutMs = 30000;

private:
    bool ensureConnected();
    // Reads more into m_buffer; false on close or error (m_fd < 0 after close()) or timeout.
    bool fill(int timeoutMs);
    bool readLine(QByteArray *line, int timeoutMs);
    bool readExactly(qsizetype n, QByteArray *out, int timeoutMs);

    quint16 m_port = 0;
    int m_fd = -1;
    QByteArray m_buffer;
    qsizetype m_offset = 0; // consumed bytes at the front of m_buffer
    bool m_eof = false;     // the last fill() failed for another reason than a timeout
};

// The span with that operation in a trace as /api/traces/{id} answers it, or nullptr.
const nlohmann::json *spanNamed(const nlohmann::json &trace, const char *operation);

} // namespace traceflow

// QCOMPARE for nlohmann::json values (QTest's comparison templates do not take them).
#define JSON_COMPARE(actual, expected)                                                          \
    do {                                                                                        \
        const nlohmann::json actual_ = (actual);                                                \
        const nlohmann::json expected_ = (expected);                                            \
        QVERIFY2(actual_ == expected_,                                                          \
                 qPrintable(QString::fromStdString(actual_.dump() + " != " + expected_.dump()))); \
    } while (false)
