// SPDX-License-Identifier: MIT
#include "statsroutes.h"

#include "httprouter.h"
#include "readerreply.h"
#include "routecontext.h"
#include "statsjson.h"
#include "tracereader.h"

#include <cmath>

namespace traceflow {

std::optional<StatsRequest> StatsRoutes::parseRequest(const QUrlQuery &query, QString *error)
{
    auto value = [&query](const char *key) {
        return query.queryItemValue(QLatin1StringView(key), QUrl::FullyDecoded).trimmed();
    };
    auto bad = [error](const char *name, const QString &text, const QString &why) {
        *error = QStringLiteral("invalid %1 \"%2\": %3").arg(QLatin1StringView(name), text, why);
        return std::nullopt;
    };
    StatsRequest request;
    request.service = value("service");
    request.operation = value("operation");
    for (const auto &[name, field] : {std::pair{"start_ms", &StatsRequest::fromNs},
                                      std::pair{"end_ms", &StatsRequest::toNs}}) {
        const QString text = value(name);
        if (text.isEmpty())
            continue;
        bool ok = false;
        const double ms = text.toDouble(&ok);
        if (!ok || !std::isfinite(ms) || ms < 0 || ms > 9.2e12)
            return bad(name, text, QStringLiteral("expected Unix epoch milliseconds"));
        request.*field = static_cast<qint64>(std::llround(ms * 1e6));
    }
    if (request.fromNs && request.toNs && *request.toNs < *request.fromNs)
        return bad("end_ms", value("end_ms"), QStringLiteral("before start_ms"));
    if (const QString text = value("trend_bins"); !text.isEmpty()) {
        bool ok = false;
        const int bins = text.toInt(&ok);
        if (!ok || bins < 1 || bins > MaxTrendBins)
            return bad("trend_bins", text,
                       QStringLiteral("expected an integer from 1 to %1").arg(MaxTrendBins));
        request.trendBins = bins;
    }
    return request;
}

void StatsRoutes::install(HttpRouter &router, const RouteContext &context)
{
    router.add(HttpRouter::Method::Get, QStringLiteral("/api/stats/series"),
               [context](const QHttpServerRequest &request, const QStringList &) {
                   QString error;
                   const std::optional<StatsRequest> parsed =
                       parseRequest(request.query(), &error);
                   if (!parsed)
                       return HttpReply::error(400, error);
                   return ReaderReply::run(context, [context, request = *parsed]() {
                       return HttpReply::json(
                           200, StatsJson::encode(context.reader->statistics(request)));
                   });
               });
}

} // namespace traceflow
