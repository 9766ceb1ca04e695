// SPDX-License-Identifier: MIT
#include "httprouter.h"

#include <QUrl>

namespace traceflow {

namespace {
bool isCapture(const QString &segment)
{
    return segment.startsWith(u'{') && segment.endsWith(u'}');
}

QStringList splitPath(const QString &path)
{
    QStringList segments = path.split(u'/');
    if (!segments.isEmpty() && segments.first().isEmpty())
        segments.removeFirst();
    // "/api/traces/" is "/api/traces"
    if (segments.size() > 1 && segments.last().isEmpty())
        segments.removeLast();
    return segments;
}
} // namespace

void HttpRouter::add(Method method, const QString &pattern, Handler handler, bool open)
{
    m_routes.push_back({method, pattern, splitPath(pattern), open, std::move(handler)});
}

HttpRouter::Match HttpRouter::match(Method method, const QString &encodedPath) const
{
    const QStringList segments = splitPath(encodedPath);
    Match result;
    for (const Route &route : m_routes) {
        if (route.segments.size() != segments.size())
            continue;
        QStringList captures;
        bool same = true;
        for (qsizetype i = 0; i < segments.size() && same; ++i) {
            if (isCapture(route.segments[i])) {
                captures.append(QUrl::fromPercentEncoding(segments[i].toUtf8()));
                same = !segments[i].isEmpty();
            } else {
                same = route.segments[i] == segments[i];
            }
        }
        if (!same)
            continue;
        if (route.method != method) {
            result.allowed.append(route.method);
            continue;
        }
        result.route = &route;
        result.captures = captures;
        result.allowed.clear();
        return result;
    }
    return result;
}

QByteArray HttpRouter::methodName(Method method)
{
    switch (method) {
    case Method::Get: return QByteArrayLiteral("GET");
    case Method::Post: return QByteArrayLiteral("POST");
    case Method::Put: return QByteArrayLiteral("PUT");
    case Method::Delete: return QByteArrayLiteral("DELETE");
    case Method::Head: return QByteArrayLiteral("HEAD");
    case Method::Options: return QByteArrayLiteral("OPTIONS");
    case Method::Patch: return QByteArrayLiteral("PATCH");
    default: return QByteArrayLiteral("UNKNOWN");
    }
}

} // namespace traceflow
