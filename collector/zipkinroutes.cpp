// SPDX-License-Identifier: MIT
#include "zipkinroutes.h"

#include "httprouter.h"
#include "queryroutes.h"
#include "readerreply.h"
#include "routecontext.h"
#include "tracereader.h"
#include "zipkinjson.h"

#include <QDateTime>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace traceflow {

namespace {
QString value(const QUrlQuery &query, const QString &key)
{
    return query.queryItemValue(key, QUrl::FullyDecoded).trimmed();
}

std::optional<qint64> integer(const QString &text, qint64 min)
{
    bool ok = false;
    const qint64 n = text.toLongLong(&ok);
    return ok && n >= min ? std::optional<qint64>(n) : std::nullopt;
}

// A trace's spans in Zipkin JSON, by start time then span id: the same bytes whichever store
// answers (the memory store keeps arrival order, ClickHouse returns rows in its own).
QByteArray encodeTrace(std::vector<Span> spans)
{
    std::sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) {
        if (a.startNs != b.startNs)
            return a.startNs < b.startNs;
        return a.spanId.toStdString() < b.spanId.toStdString();
    });
    return ZipkinJson::encode(spans);
}

HttpReply jsonArray(const QStringList &list)
{
    nlohmann::json out = nlohmann::json::array();
    for (const QString &s : list)
        out.push_back(s.toStdString());
    return HttpReply::json(200, out);
}

HttpReply spanNames(const RouteContext &context, const QHttpServerRequest &request)
{
    const QString service = value(request.query(), QStringLiteral("serviceName"));
    if (service.isEmpty())
        return HttpReply::error(400, QStringLiteral("missing serviceName"));
    return ReaderReply::run(
        context, [context, service]() { return jsonArray(context.reader->operations(service)); });
}

HttpReply traces(const RouteContext &context, const QHttpServerRequest &request)
{
    QString error;
    const std::optional<TraceQuery> query = ZipkinRoutes::parseTraceQuery(
        request.query(), QDateTime::currentMSecsSinceEpoch(), &error);
    if (!query)
        return HttpReply::error(400, error);
    return ReaderReply::run(context, [context, query = *query]() {
        QByteArray body = QByteArrayLiteral("[");
        for (std::vector<Span> &spans : context.reader->traces(query)) {
            if (body.size() > 1)
                body += ',';
            body += encodeTrace(std::move(spans));
        }
        body += ']';
        return HttpReply::raw(200, QByteArrayLiteral("application/json"), body);
    });
}

HttpReply trace(const RouteContext &context, const QString &id)
{
    std::vector<Span> spans = QueryRoutes::findTrace(*context.reader, id);
    if (spans.empty())
        return HttpReply::error(404, QStringLiteral("trace not found: %1").arg(id));
    return HttpReply::raw(200, QByteArrayLiteral("application/json"),
                          encodeTrace(std::move(spans)));
}

HttpReply dependencies(const RouteContext &context)
{
    nlohmann::json links = nlohmann::json::array();
    for (const ServiceEdge &edge : context.reader->dependencies()) {
        links.push_back({{"parent", edge.parent.toStdString()},
                         {"child", edge.child.toStdString()},
                         {"callCount", edge.callCount},
                         {"errorCount", edge.errorCount}});
    }
    return HttpReply::json(200, links);
}
} // namespace

std::optional<TraceQuery> ZipkinRoutes::parseTraceQuery(const QUrlQuery &query, qint64 nowMs,
                                                        QString *error)
{
    auto bad = [error](const QString &name, const QString &text) {
        *error = QStringLiteral("invalid %1 \"%2\"").arg(name, text);
        return std::nullopt;
    };
    TraceQuery q;
    q.limit = DefaultLimit;
    q.service = value(query, QStringLiteral("serviceName"));
    q.operation = value(query, QStringLiteral("spanName"));
    if (q.operation.compare(u"all", Qt::CaseInsensitive) == 0)
        q.operation.clear();
    // Zipkin's minDuration/maxDuration bound a span of the service/span name, not the trace.
    q.durationScope = DurationScope::Span;
    for (const auto &[name, field] :
         {std::pair{QStringLiteral("minDuration"), &TraceQuery::minDurationNs},
          std::pair{QStringLiteral("maxDuration"), &TraceQuery::maxDurationNs}}) {
        if (const QString text = value(query, name); !text.isEmpty()) {
            const std::optional<qint64> us = integer(text, 0);
            if (!us)
                return bad(name, text);
            q.*field = *us * 1000;
        }
    }
    qint64 endMs = nowMs;
    if (const QString text = value(query, QStringLiteral("endTs")); !text.isEmpty()) {
        const std::optional<qint64> ms = integer(text, 1);
        if (!ms)
            return bad(QStringLiteral("endTs"), text);
        endMs = *ms;
    }
    qint64 lookbackMs = DefaultLookbackMs;
    if (const QString text = value(query, QStringLiteral("lookback")); !text.isEmpty()) {
        const std::optional<qint64> ms = integer(text, 0);
        if (!ms)
            return bad(QStringLiteral("lookback"), text);
        lookbackMs = *ms;
    }
    q.endNs = endMs * 1'000'000;
    q.startNs = std::max<qint64>(0, endMs - lookbackMs) * 1'000'000;
    if (const QString text = value(query, QStringLiteral("limit")); !text.isEmpty()) {
        const std::optional<qint64> n = integer(text, 1);
        if (!n)
            return bad(QStringLiteral("limit"), text);
        q.limit = static_cast<int>(std::min<qint64>(*n, QueryRoutes::MaxLimit));
    }
    const QString annotations = value(query, QStringLiteral("annotationQuery"));
    for (const QString &term : annotations.split(QStringLiteral(" and "), Qt::SkipEmptyParts)) {
        QString why;
        std::optional<TagFilter> filter = TagFilter::parse(term.trimmed(), &why);
        if (!filter) {
            *error = QStringLiteral("invalid annotationQuery term \"%1\": %2").arg(term, why);
            return std::nullopt;
        }
        q.tags.push_back(std::move(*filter));
    }
    return q;
}

void ZipkinRoutes::install(HttpRouter &router, const RouteContext &context)
{
    using Method = HttpRouter::Method;
    router.add(Method::Get, QStringLiteral("/api/v2/services"),
               [context](const QHttpServerRequest &, const QStringList &) {
                   return ReaderReply::run(
                       context, [context]() { return jsonArray(context.reader->services()); });
               });
    router.add(Method::Get, QStringLiteral("/api/v2/spans"),
               [context](const QHttpServerRequest &request, const QStringList &) {
                   return spanNames(context, request);
               });
    router.add(Method::Get, QStringLiteral("/api/v2/traces"),
               [context](const QHttpServerRequest &request, const QStringList &) {
                   return traces(context, request);
               });
    router.add(Method::Get, QStringLiteral("/api/v2/trace/{traceId}"),
               [context](const QHttpServerRequest &, const QStringList &captures) {
                   return ReaderReply::run(
                       context, [context, id = captures.value(0)]() { return trace(context, id); });
               });
    router.add(Method::Get, QStringLiteral("/api/v2/dependencies"),
               [context](const QHttpServerRequest &, const QStringList &) {
                   return ReaderReply::run(context, [context]() { return dependencies(context); });
               });
}

} // namespace traceflow
