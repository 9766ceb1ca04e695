// SPDX-License-Identifier: MIT
#include "httpreply.h"

#include <nlohmann/json.hpp>

namespace traceflow {

namespace {
template<typename Json>
HttpReply jsonReply(int status, const Json &body)
{
    HttpReply reply;
    reply.status = status;
    // Replace, not throw, should a string ever carry invalid UTF-8.
    const std::string text = body.dump(-1, ' ', false, Json::error_handler_t::replace);
    reply.body = QByteArray(text.data(), static_cast<qsizetype>(text.size()));
    return reply;
}
} // namespace

HttpReply HttpReply::json(int status, const nlohmann::json &body)
{
    return jsonReply(status, body);
}

HttpReply HttpReply::json(int status, const nlohmann::ordered_json &body)
{
    return jsonReply(status, body);
}

HttpReply HttpReply::error(int status, const QString &message)
{
    return json(status, nlohmann::json{{"error", message.toStdString()}});
}

HttpReply HttpReply::raw(int status, const QByteArray &contentType, const QByteArray &body)
{
    HttpReply reply;
    reply.status = status;
    reply.contentType = contentType;
    reply.body = body;
    return reply;
}

HttpReply HttpReply::later(std::function<HttpReply()> work)
{
    HttpReply reply;
    reply.work = std::move(work);
    return reply;
}

HttpReply &HttpReply::addHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append({name, value});
    return *this;
}

QByteArray HttpReply::reasonPhrase(int status)
{
    switch (status) {
    case 200: return QByteArrayLiteral("OK");
    case 202: return QByteArrayLiteral("Accepted");
    case 204: return QByteArrayLiteral("No Content");
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 404: return QByteArrayLiteral("Not Found");
    case 405: return QByteArrayLiteral("Method Not Allowed");
    case 413: return QByteArrayLiteral("Payload Too Large");
    case 415: return QByteArrayLiteral("Unsupported Media Type");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 431: return QByteArrayLiteral("Request Header Fields Too Large");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 503: return QByteArrayLiteral("Service Unavailable");
    default: return QByteArrayLiteral("Unknown");
    }
}

QByteArray HttpReply::toBytes() const
{
    QByteArray out;
    out.reserve(160 + body.size());
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!contentType.isEmpty())
        out += "Content-Type: " + contentType + "\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    if (status != 204) // RFC 9110 8.6: never in a 204
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "\r\n";
    out += body;
    return out;
}

} // namespace traceflow
