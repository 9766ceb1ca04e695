// SPDX-License-Identifier: MIT
#include "remotejson.h"

#include "traceflowjson.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace traceflow {

namespace {
nlohmann::ordered_json parse(const QByteArray &body)
{
    if (body.isEmpty())
        return {};
    nlohmann::ordered_json json = nlohmann::ordered_json::parse(body.begin(), body.end(), nullptr,
                                                                /*allow_exceptions=*/false);
    return json.is_discarded() ? nlohmann::ordered_json() : json;
}

QString text(const nlohmann::ordered_json &object, const char *key)
{
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string())
        return {};
    return QString::fromStdString(it->get<std::string>());
}

double number(const nlohmann::ordered_json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<double>() : 0.0;
}

qint64 msToNs(double ms)
{
    return std::isfinite(ms) ? static_cast<qint64>(std::llround(ms * 1e6)) : 0;
}

QStringList stringArray(const nlohmann::ordered_json &object, const char *key)
{
    QStringList out;
    const auto it = object.find(key);
    if (it == object.end() || !it->is_array())
        return out;
    for (const auto &item : *it) {
        if (item.is_string())
            out.append(QString::fromStdString(item.get<std::string>()));
    }
    return out;
}
} // namespace

QueryResult RemoteJson::traces(const QByteArray &body)
{
    QueryResult result;
    const nlohmann::ordered_json root = parse(body);
    if (!root.is_object())
        return result;
    const auto list = root.find("traces");
    if (list == root.end() || !list->is_array())
        return result;
    for (const auto &item : *list) {
        if (!item.is_object())
            continue;
        TraceSummary summary;
        summary.traceId = TraceId::fromString(QStringView(text(item, "trace_id")));
        if (summary.traceId.isEmpty())
            continue;
        summary.rootService = text(item, "root_service");
        summary.rootOperation = text(item, "root_operation");
        summary.startNs = msToNs(number(item, "start_unix_ms"));
        summary.durationNs = msToNs(number(item, "duration_ms"));
        summary.spanCount = static_cast<int>(number(item, "span_count"));
        summary.errorCount = static_cast<int>(number(item, "error_count"));
        summary.services = stringArray(item, "services");
        summary.services.sort();
        result.traces.push_back(std::move(summary));
    }
    result.total =
        std::max(static_cast<int>(number(root, "total")), static_cast<int>(result.traces.size()));
    return result;
}

std::vector<Span> RemoteJson::traceSpans(const QByteArray &body)
{
    if (body.isEmpty())
        return {};
    // The body is a trace object whose "spans" are TraceFlow JSON spans with a few extra
    // fields; the decoder reads just that array and ignores the rest. *_nano fields keep
    // times exact.
    DecodedBatch batch;
    QString error;
    if (!TraceflowJson::decode(std::string_view(body.constData(), std::size_t(body.size())), &batch,
                               &error))
        return {};
    return std::move(batch.spans);
}

QStringList RemoteJson::strings(const QByteArray &body, const char *key)
{
    const nlohmann::ordered_json root = parse(body);
    return root.is_object() ? stringArray(root, key) : QStringList();
}

SourceStats RemoteJson::stats(const QByteArray &body)
{
    SourceStats stats;
    const nlohmann::ordered_json root = parse(body);
    if (!root.is_object())
        return stats;
    stats.traces = static_cast<std::uint64_t>(std::max(0.0, number(root, "trace_count")));
    stats.spans = static_cast<std::uint64_t>(std::max(0.0, number(root, "span_count")));
    stats.services = static_cast<int>(number(root, "service_count"));
    return stats;
}

ServiceGraphData RemoteJson::serviceGraph(const QByteArray &body)
{
    ServiceGraphData graph;
    const nlohmann::ordered_json root = parse(body);
    if (!root.is_object())
        return graph;
    auto count = [](const nlohmann::ordered_json &o, const char *key) {
        return static_cast<std::uint64_t>(std::max(0.0, number(o, key)));
    };
    if (const auto it = root.find("dependencies"); it != root.end() && it->is_array()) {
        for (const auto &e : *it) {
            if (!e.is_object() || text(e, "parent").isEmpty() || text(e, "child").isEmpty())
                continue;
            graph.calls.push_back({text(e, "parent"), text(e, "child"), count(e, "call_count"),
                                   count(e, "error_count"), number(e, "p95_ms")});
        }
    }
    const auto services = root.find("services");
    if (services != root.end() && services->is_array()) {
        for (const auto &n : *services) {
            if (n.is_object() && !text(n, "service").isEmpty())
                graph.nodes.push_back({text(n, "service"), count(n, "request_count"),
                                       count(n, "error_count"), number(n, "p95_ms")});
        }
    } else {
        for (const ServiceCallStats &c : graph.calls) {
            for (const QString &name : {c.parent, c.child}) {
                if (std::none_of(graph.nodes.begin(), graph.nodes.end(),
                                 [&name](const ServiceNodeStats &n) { return n.service == name; }))
                    graph.nodes.push_back({name, 0, 0, 0.0});
            }
            auto callee = std::find_if(graph.nodes.begin(), graph.nodes.end(),
                                       [&c](const ServiceNodeStats &n) { return n.service == c.child; });
            callee->requests += c.calls;
            callee->errors += c.errors;
            callee->p95Ms = std::max(callee->p95Ms, c.p95Ms);
        }
    }
    std::sort(graph.nodes.begin(), graph.nodes.end(),
              [](const ServiceNodeStats &a, const ServiceNodeStats &b) { return a.service < b.service; });
    return graph;
}

int RemoteJson::accepted(const QByteArray &body)
{
    const nlohmann::ordered_json root = parse(body);
    return root.is_object() ? static_cast<int>(number(root, "accepted")) : 0;
}

QString RemoteJson::tagText(const TagFilter &tag)
{
    switch (tag.op) {
    case TagFilter::Op::Equals:
        return tag.key + u'=' + tag.value;
    case TagFilter::Op::NotEquals:
        return tag.key + QLatin1String("!=") + tag.value;
    case TagFilter::Op::Matches:
        return tag.key + QLatin1String("=~") + tag.regex.pattern();
    case TagFilter::Op::Exists:
        break;
    }
    return tag.key;
}

} // namespace traceflow
