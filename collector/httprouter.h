// SPDX-License-Identifier: MIT
#pragma once

#include "httpreply.h"

#include <QHttpServerRequest>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace traceflow {

// Method + path dispatch for the collector. Every request goes through one entry point
// (Collector) so that authentication, CORS, metrics and the 404/405 answers are the same for
// all routes. Patterns are paths whose "{name}" segments capture one percent-decoded path
// segment ("/api/services/{service}/operations").
class HttpRouter
{
public:
    using Method = QHttpServerRequest::Method;
    using Handler =
        std::function<HttpReply(const QHttpServerRequest &request, const QStringList &captures)>;

    struct Route
    {
        Method method = Method::Get;
        QString pattern; // also the route's name in /metrics
        QStringList segments;
        bool open = false; // answered without authentication (/health)
        Handler handler;
    };

    struct Match
    {
        const Route *route = nullptr;
        QStringList captures;
        QList<Method> allowed; // methods the path has, when the method did not match
    };

    void add(Method method, const QString &pattern, Handler handler, bool open = false);
    Match match(Method method, const QString &encodedPath) const;
    const std::vector<Route> &routes() const { return m_routes; }

    static QByteArray methodName(Method method);

private:
    std::vector<Route> m_routes;
};

} // namespace traceflow
