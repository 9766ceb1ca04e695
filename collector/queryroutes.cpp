// SPDX-License-Identifier: MIT
#include "queryroutes.h"

#include "apijson.h"
#include "assembledtrace.h"
#include "httprouter.h"
#include "readerreply.h"
#include "routecontext.h"
#include "samplingdriver.h"
#include "statsroutes.h"
#include "storereader.h"
#include "tracereader.h"
#include "tracestore.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace traceflow {

namespace {
QString value(const QUrlQuery &query, const QString &key)
{
    return query.queryItemValue(key, QUrl::FullyDecoded).trimmed();
}

// Epoch milliseconds (integer or decimal) to nanoseconds.
std::optional<qint64> epochMsToNs(const QString &text)
{
    bool ok = false;
    const double ms = text.toDouble(&ok);
    if (!ok || !std::isfinite(ms) || ms < 0 || ms > 9.2e12)
        return std::nullopt;
    return static_cast<qint64>(std::llround(ms * 1e6));
}

nlohmann::json stringArray(const QStringList &list)
{
    nlohmann::json out = nlohmann::json::array();
    for (const QString &s : list)
        out.push_back(s.toStdString());
    return out;
}

HttpReply read(const RouteContext &context, std::function<HttpReply()> answer)
{
    return ReaderReply::run(context, std::move(answer));
}

HttpReply searchTraces(const RouteContext &context, const QHttpServerRequest &request)
{
    QString error;
    const std::optional<TraceQuery> query = QueryRoutes::parseTraceQuery(request.query(), &error);
    if (!query)
        return HttpReply::error(400, error);
    return read(context, [context, query = *query]() {
        const QueryResult result = context.reader->query(query);
        nlohmann::json traces = nlohmann::json::array();
        for (const TraceSummary &summary : result.traces)
            traces.push_back(ApiJson::summary(summary));
        return HttpReply::json(200, nlohmann::json{{"traces", std::move(traces)},
                                                   {"total", result.total}});
    });
}

HttpReply getTrace(const RouteContext &context, const QString &id)
{
    std::vector<Span> spans = QueryRoutes::findTrace(*context.reader, id);
    if (spans.empty())
        return HttpReply::error(404, QStringLiteral("trace not found: %1").arg(id));
    const TraceId traceId = spans.front().traceId;
    nlohmann::json body = ApiJson::trace(AssembledTrace::assemble(std::move(spans)));
    if (context.sampling) {
        if (nlohmann::json sampling = context.sampling->apiJson(traceId); !sampling.is_null())
            body["sampling"] = std::move(sampling);
    }
    return HttpReply::json(200, body);
}

// The edges as before plus each service's request figures; start_ms/end_ms narrow it to the
// calls made in that window (to the minute).
HttpReply dependencies(const RouteContext &context, const QHttpServerRequest &request)
{
    std::optional<qint64> bounds[2];
    const QString names[2] = {QStringLiteral("start_ms"), QStringLiteral("end_ms")};
    for (int i = 0; i < 2; ++i) {
        const QString text = value(request.query(), names[i]);
        if (text.isEmpty())
            continue;
        bounds[i] = epochMsToNs(text);
        if (!bounds[i])
            return HttpReply::error(400, QStringLiteral("invalid %1 \"%2\": expected Unix epoch "
                                                        "milliseconds")
                                             .arg(names[i], text));
    }
    return read(context, [context, from = bounds[0], to = bounds[1]]() {
        return HttpReply::json(200, ApiJson::serviceGraph(context.reader->serviceGraph(from, to)));
    });
}

HttpReply operations(const RouteContext &context, const QString &service)
{
    if (!context.reader->services().contains(service))
        return HttpReply::error(404, QStringLiteral("unknown service: %1").arg(service));
    return HttpReply::json(200, nlohmann::json{{"service", service.toStdString()},
                                               {"operations",
                                                stringArray(context.reader->operations(service))}});
}
} // namespace

std::optional<TraceQuery> QueryRoutes::parseTraceQuery(const QUrlQuery &query, QString *error)
{
    TraceQuery q;
    q.limit = DefaultLimit;
    auto bad = [error](const QString &name, const QString &text, const QString &why) {
        *error = QStringLiteral("invalid %1 \"%2\": %3").arg(name, text, why);
        return std::nullopt;
    };
    q.service = value(query, QStringLiteral("service"));
    q.operation = value(query, QStringLiteral("operation"));
    for (const QString &tag :
         query.allQueryItemValues(QStringLiteral("tag"), QUrl::FullyDecoded)) {
        QString why;
        std::optional<TagFilter> filter = TagFilter::parse(tag, &why);
        if (!filter)
            return bad(QStringLiteral("tag"), tag, why);
        q.tags.push_back(std::move(*filter));
    }
    // caller=checkout&callee=inventory: traces where checkout calls inventory.
    const QString caller = value(query, QStringLiteral("caller"));
    const QString callee = value(query, QStringLiteral("callee"));
    if (caller.isEmpty() != callee.isEmpty())
        return bad(caller.isEmpty() ? QStringLiteral("caller") : QStringLiteral("callee"),
                   QString(), QStringLiteral("caller and callee go together"));
    if (!caller.isEmpty())
        q.call = CallFilter{caller, callee};
    for (const auto &[name, field] : {std::pair{QStringLiteral("min_duration_ms"), &TraceQuery::minDurationNs},
                                      std::pair{QStringLiteral("max_duration_ms"), &TraceQuery::maxDurationNs}}) {
        const QString text = value(query, name);
        if (text.isEmpty())
            continue;
        const std::optional<qint64> ns = parseDurationNs(text);
        if (!ns || *ns < 0)
            return bad(name, text, QStringLiteral("expected milliseconds or a duration like 250ms"));
        q.*field = ns;
    }
    // duration_of=span: the bounds apply to a span of the service/operation, not the trace.
    if (const QString scope = value(query, QStringLiteral("duration_of")); !scope.isEmpty()) {
        if (scope.compare(u"span", Qt::CaseInsensitive) == 0)
            q.durationScope = DurationScope::Span;
        else if (scope.compare(u"trace", Qt::CaseInsensitive) != 0)
            return bad(QStringLiteral("duration_of"), scope,
                       QStringLiteral("expected trace or span"));
    }
    if (const QString status = value(query, QStringLiteral("status")); !status.isEmpty()) {
        if (status.compare(u"error", Qt::CaseInsensitive) == 0)
            q.status = StatusFilter::Error;
        else if (status.compare(u"ok", Qt::CaseInsensitive) == 0)
            q.status = StatusFilter::Ok;
        else if (status.compare(u"any", Qt::CaseInsensitive) != 0)
            return bad(QStringLiteral("status"), status, QStringLiteral("expected error or ok"));
    }
    for (const auto &[name, field] : {std::pair{QStringLiteral("start_ms"), &TraceQuery::startNs},
                                      std::pair{QStringLiteral("end_ms"), &TraceQuery::endNs}}) {
        const QString text = value(query, name);
        if (text.isEmpty())
            continue;
        const std::optional<qint64> ns = epochMsToNs(text);
        if (!ns)
            return bad(name, text, QStringLiteral("expected Unix epoch milliseconds"));
        q.*field = ns;
    }
    if (const QString limit = value(query, QStringLiteral("limit")); !limit.isEmpty()) {
        bool ok = false;
        const qint64 n = limit.toLongLong(&ok);
        if (!ok || n <= 0)
            return bad(QStringLiteral("limit"), limit, QStringLiteral("expected a positive integer"));
        q.limit = static_cast<int>(std::min<qint64>(n, MaxLimit));
    }
    if (const QString sort = value(query, QStringLiteral("sort")); !sort.isEmpty()) {
        const std::optional<TraceSort> order = traceSortFromName(sort);
        if (!order)
            return bad(QStringLiteral("sort"), sort,
                       QStringLiteral("expected newest, oldest, slowest, fastest or most_spans"));
        q.sort = *order;
    }
    return q;
}

std::vector<Span> QueryRoutes::findTrace(const TraceStore &store, const QString &id)
{
    return findTrace(StoreReader(store), id);
}

std::vector<Span> QueryRoutes::findTrace(const TraceReader &store, const QString &id)
{
    std::vector<Span> spans = store.trace(TraceId::fromString(QStringView(id)));
    if (!spans.empty())
        return spans;
    const QString lower = id.toLower();
    const TraceId hex = TraceId::fromHex(QStringView(lower));
    if (hex.isEmpty())
        return spans;
    if (lower != id)
        spans = store.trace(hex);
    if (spans.empty() && lower.size() == 16) { // 64-bit form of a zero-padded 128-bit id
        const QString padded = QString(16, u'0') + lower;
        spans = store.trace(TraceId::fromHex(QStringView(padded)));
    }
    return spans;
}

void QueryRoutes::install(HttpRouter &router, const RouteContext &context)
{
    using Method = HttpRouter::Method;
    router.add(Method::Get, QStringLiteral("/api/traces"),
               [context](const QHttpServerRequest &request, const QStringList &) {
                   return searchTraces(context, request);
               });
    router.add(Method::Get, QStringLiteral("/api/traces/{id}"),
               [context](const QHttpServerRequest &, const QStringList &captures) {
                   return read(context, [context, id = captures.value(0)]() {
                       return getTrace(context, id);
                   });
               });
    router.add(Method::Get, QStringLiteral("/api/services"),
               [context](const QHttpServerRequest &, const QStringList &) {
                   return read(context, [context]() {
                       return HttpReply::json(
                           200, nlohmann::json{{"services", stringArray(context.reader->services())}});
                   });
               });
    router.add(Method::Get, QStringLiteral("/api/services/{service}/operations"),
               [context](const QHttpServerRequest &, const QStringList &captures) {
                   return read(context, [context, service = captures.value(0)]() {
                       return operations(context, service);
                   });
               });
    router.add(Method::Get, QStringLiteral("/api/dependencies"),
               [context](const QHttpServerRequest &request, const QStringList &) {
                   return dependencies(context, request);
               });
    router.add(Method::Get, QStringLiteral("/api/stats"),
               [context](const QHttpServerRequest &, const QStringList &) {
                   return read(context, [context]() {
                       const QStringList services = context.reader->services();
                       return HttpReply::json(200, ApiJson::stats(context.reader->latency(),
                                                                  context.reader->counters(),
                                                                  static_cast<int>(services.size())));
                   });
               });
    StatsRoutes::install(router, context); // /api/stats/series
}

} // namespace traceflow
