// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <nlohmann/json_fwd.hpp>

#include <functional>

namespace traceflow {

// One HTTP answer as a value: route handlers build it, the collector adds the cross-cutting
// headers (CORS) and writes it. A handler with heavy work to do (decoding a request body)
// returns later(work) instead: the collector runs work on a worker thread and sends the answer
// it returns, so the HTTP thread stays free for other requests.
struct HttpReply
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    std::function<HttpReply()> work; // set: the answer is not computed yet
    // work mostly waits on the network (a ClickHouse query): it runs on a pool of its own, so
    // slow answers never hold up the decoding of ingested bodies.
    bool waitsOnNetwork = false;

    static HttpReply json(int status, const nlohmann::json &body);
    static HttpReply json(int status, const nlohmann::ordered_json &body);
    // {"error": message}
    static HttpReply error(int status, const QString &message);
    static HttpReply raw(int status, const QByteArray &contentType, const QByteArray &body);
    // work must be safe to run on another thread (capture values, not the request).
    static HttpReply later(std::function<HttpReply()> work);

    HttpReply &addHeader(const QByteArray &name, const QByteArray &value);
    // The whole HTTP/1.1 response: status line, headers, Content-Length and body.
    QByteArray toBytes() const;
    static QByteArray reasonPhrase(int status);
};

} // namespace traceflow
