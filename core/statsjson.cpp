// SPDX-License-Identifier: MIT
#include "statsjson.h"

#include <cmath>

namespace traceflow {

namespace {
using Json = nlohmann::json;

Json figures(const StatsFigures &f, Json o = Json::object())
{
    o["count"] = f.count;
    o["error_count"] = f.errors;
    o["trace_count"] = f.traces;
    o["error_rate"] = f.errorRate();
    o["p50_ms"] = f.p50Ms;
    o["p95_ms"] = f.p95Ms;
    o["p99_ms"] = f.p99Ms;
    o["max_ms"] = f.maxMs;
    return o;
}

Json rows(const std::vector<StatsRow> &rows, bool withOperation)
{
    Json list = Json::array();
    for (const StatsRow &r : rows) {
        Json o{{"service", r.service.toStdString()}};
        if (withOperation)
            o["operation"] = r.operation.toStdString();
        o = figures(r.figures, std::move(o));
        o["trend"] = r.trend;
        list.push_back(std::move(o));
    }
    return list;
}

// Readers: a wrong type is an error (thrown as a message, caught in decode()).
struct Invalid
{
    QString message;
};

const Json &member(const Json &o, const char *key)
{
    static const Json null;
    const auto it = o.find(key);
    return it == o.end() ? null : *it;
}

std::uint64_t count(const Json &o, const char *key)
{
    const Json &v = member(o, key);
    if (v.is_null())
        return 0;
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<qint64>() >= 0))
        throw Invalid{QStringLiteral("\"%1\" is not a count").arg(QLatin1StringView(key))};
    return v.get<std::uint64_t>();
}

qint64 integer(const Json &o, const char *key)
{
    const Json &v = member(o, key);
    if (v.is_null())
        return 0;
    if (!v.is_number_integer())
        throw Invalid{QStringLiteral("\"%1\" is not an integer").arg(QLatin1StringView(key))};
    return v.get<qint64>();
}

double number(const Json &o, const char *key)
{
    const Json &v = member(o, key);
    if (v.is_null())
        return 0;
    if (!v.is_number() || !std::isfinite(v.get<double>()))
        throw Invalid{QStringLiteral("\"%1\" is not a number").arg(QLatin1StringView(key))};
    return v.get<double>();
}

QString text(const Json &o, const char *key)
{
    const Json &v = member(o, key);
    if (!v.is_string())
        throw Invalid{QStringLiteral("\"%1\" is not a string").arg(QLatin1StringView(key))};
    return QString::fromStdString(v.get<std::string>());
}

const Json &array(const Json &o, const char *key)
{
    static const Json empty = Json::array();
    const Json &v = member(o, key);
    if (v.is_null())
        return empty;
    if (!v.is_array())
        throw Invalid{QStringLiteral("\"%1\" is not an array").arg(QLatin1StringView(key))};
    return v;
}

StatsFigures readFigures(const Json &o)
{
    if (!o.is_object())
        throw Invalid{QStringLiteral("figures are not an object")};
    StatsFigures f;
    f.count = count(o, "count");
    f.errors = count(o, "error_count");
    f.traces = count(o, "trace_count");
    f.p50Ms = number(o, "p50_ms");
    f.p95Ms = number(o, "p95_ms");
    f.p99Ms = number(o, "p99_ms");
    f.maxMs = number(o, "max_ms");
    return f;
}

std::vector<StatsRow> readRows(const Json &o, const char *key, bool withOperation)
{
    std::vector<StatsRow> rows;
    for (const Json &item : array(o, key)) {
        StatsRow r;
        r.figures = readFigures(item);
        r.service = text(item, "service");
        if (withOperation)
            r.operation = text(item, "operation");
        for (const Json &n : array(item, "trend")) {
            if (!n.is_number_unsigned() && !(n.is_number_integer() && n.get<qint64>() >= 0))
                throw Invalid{QStringLiteral("\"trend\" holds something other than counts")};
            r.trend.push_back(n.get<std::uint64_t>());
        }
        rows.push_back(std::move(r));
    }
    return rows;
}
} // namespace

Json StatsJson::encode(const StatsReport &r)
{
    Json o;
    o["trace_count"] = r.traces;
    o["span_count"] = r.spans;
    o["service_count"] = r.serviceCount;
    if (r.spansInserted)
        o["spans_inserted"] = *r.spansInserted;
    o["start_unix_nano"] = r.fromNs;
    o["end_unix_nano"] = r.toNs;
    o["step_ms"] = r.stepNs / 1'000'000;
    o["total"] = figures(r.total);
    o["per_service"] = rows(r.serviceRows, false);
    o["per_operation"] = rows(r.operationRows, true);
    Json series = Json::array();
    for (const StatsPoint &p : r.series)
        series.push_back(figures(p.figures, Json{{"start_unix_nano", p.startNs}}));
    o["series"] = std::move(series);
    Json bars = Json::array();
    for (const HistogramBar &b : r.histogram)
        bars.push_back(Json{{"lower_nano", b.lowerNs}, {"upper_nano", b.upperNs}, {"count", b.count}});
    o["histogram"] = std::move(bars);
    return o;
}

std::optional<StatsReport> StatsJson::decode(const QByteArray &body, QString *error)
{
    const Json root = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (root.is_discarded())
        return fail(QStringLiteral("not JSON"));
    if (!root.is_object())
        return fail(QStringLiteral("not a JSON object"));
    try {
        StatsReport r;
        r.traces = count(root, "trace_count");
        r.spans = count(root, "span_count");
        r.serviceCount = int(count(root, "service_count"));
        if (root.contains("spans_inserted"))
            r.spansInserted = count(root, "spans_inserted");
        r.fromNs = integer(root, "start_unix_nano");
        r.toNs = integer(root, "end_unix_nano");
        if (r.toNs < r.fromNs)
            throw Invalid{QStringLiteral("the window ends before it starts")};
        // A collector older than the step charted every minute.
        if (root.contains("step_ms")) {
            const qint64 stepMs = integer(root, "step_ms");
            if (stepMs <= 0 || stepMs % 60'000 != 0 || stepMs > 9'200'000'000'000)
                throw Invalid{QStringLiteral("\"step_ms\" is not a whole number of minutes")};
            r.stepNs = stepMs * 1'000'000;
        }
        if (root.contains("total"))
            r.total = readFigures(root["total"]);
        r.serviceRows = readRows(root, "per_service", false);
        r.operationRows = readRows(root, "per_operation", true);
        for (const Json &item : array(root, "series"))
            r.series.push_back(StatsPoint{integer(item, "start_unix_nano"), readFigures(item)});
        for (const Json &item : array(root, "histogram")) {
            const HistogramBar bar{integer(item, "lower_nano"), integer(item, "upper_nano"),
                                   count(item, "count")};
            if (bar.upperNs < bar.lowerNs)
                throw Invalid{QStringLiteral("a histogram bar ends before it starts")};
            r.histogram.push_back(bar);
        }
        return r;
    } catch (const Invalid &invalid) {
        return fail(invalid.message);
    } catch (const Json::exception &e) {
        return fail(QString::fromUtf8(e.what()));
    }
}

} // namespace traceflow
