// SPDX-License-Identifier: MIT
#include "otlpjson.h"

#include "jsonvalues.h"
#include "otlpjsondecoder.h"
#include "otlpvalues.h"

#include <QCryptographicHash>

namespace traceflow {

namespace {
using Json = JsonValues::Json;

// An id as the hex OTLP requires, `bytes` wide (see OtlpJson::encode for the non-hex cases).
template<typename Id> std::string hexId(const Id &id, std::size_t bytes)
{
    if (id.isEmpty())
        return {};
    if (id.isHex()) {
        const std::string hex = id.toStdString();
        return std::string(2 * bytes - hex.size(), '0') + hex;
    }
    const QByteArray digest =
        QCryptographicHash::hash(id.toString().toUtf8(), QCryptographicHash::Sha256);
    return digest.left(qsizetype(bytes)).toHex().toStdString();
}

Json encodeSpan(const Span &span)
{
    Json o{{"traceId", hexId(span.traceId, 16)}, {"spanId", hexId(span.spanId, 8)}};
    if (!span.parentSpanId.isEmpty())
        o["parentSpanId"] = hexId(span.parentSpanId, 8);
    if (const QString state = span.traceState(); !state.isEmpty())
        o["traceState"] = state.toStdString();
    o["name"] = span.operation().toStdString();
    o["kind"] = int(span.kind); // SpanKind follows the OTLP enum's numbering
    o["startTimeUnixNano"] = std::to_string(span.startNs);
    o["endTimeUnixNano"] = std::to_string(span.endNs());
    if (!span.attributes.isEmpty())
        o["attributes"] = OtlpValues::toKeyValues(span.attributes);
    if (!span.events().empty()) {
        Json events = Json::array();
        for (const SpanEvent &e : span.events()) {
            Json event{{"timeUnixNano", std::to_string(e.timeNs)}, {"name", e.name.toStdString()}};
            if (!e.attributes.isEmpty())
                event["attributes"] = OtlpValues::toKeyValues(e.attributes);
            events.push_back(std::move(event));
        }
        o["events"] = std::move(events);
    }
    if (!span.links().empty()) {
        Json links = Json::array();
        for (const SpanLink &l : span.links()) {
            Json link{{"traceId", hexId(l.traceId, 16)}, {"spanId", hexId(l.spanId, 8)}};
            if (!l.traceState.isEmpty())
                link["traceState"] = l.traceState.toStdString();
            if (!l.attributes.isEmpty())
                link["attributes"] = OtlpValues::toKeyValues(l.attributes);
            links.push_back(std::move(link));
        }
        o["links"] = std::move(links);
    }
    Json status{{"code", int(span.status)}}; // StatusCode follows the OTLP enum's numbering
    if (const QString message = span.statusMessage(); !message.isEmpty())
        status["message"] = message.toStdString();
    o["status"] = std::move(status);
    return o;
}

struct ScopeGroup
{
    QString name;
    QString version;
    Json spans = Json::array();
};

struct ResourceGroup
{
    StringPool::Id service = 0;
    Attributes resource; // as the spans carry it, before service.name is ensured
    std::vector<ScopeGroup> scopes;
};

// Finds or adds the group of a span: same service and resource, then same scope.
std::pair<std::size_t, std::size_t> groupOf(std::vector<ResourceGroup> &groups, const Span &span)
{
    std::size_t r = 0;
    while (r < groups.size() &&
           !(groups[r].service == span.serviceId && groups[r].resource == span.resource()))
        ++r;
    if (r == groups.size())
        groups.push_back({span.serviceId, span.resource(), {}});
    std::vector<ScopeGroup> &scopes = groups[r].scopes;
    const QString name = span.scopeName();
    const QString version = span.scopeVersion();
    std::size_t s = 0;
    while (s < scopes.size() && !(scopes[s].name == name && scopes[s].version == version))
        ++s;
    if (s == scopes.size())
        scopes.push_back({name, version});
    return {r, s};
}
} // namespace

bool OtlpJson::decode(std::string_view body, DecodedBatch *out, QString *error)
{
    JsonTape tape;
    if (!tape.parse(body, error))
        return false;
    return decodeDocument(tape.root(), out, error);
}

bool OtlpJson::decodeDocument(JsonValue root, DecodedBatch *out, QString *error)
{
    if (!root.isObject()) {
        *error = QStringLiteral("expected an ExportTraceServiceRequest JSON object");
        return false;
    }
    // An empty request ({}) is valid protobuf JSON: no spans.
    const JsonValue resourceSpans = root.find("resourceSpans");
    if (resourceSpans.isNull())
        return true;
    if (!resourceSpans.isArray()) {
        *error = QStringLiteral("\"resourceSpans\" must be an array");
        return false;
    }
    OtlpJsonDecoder(out).decodeResourceSpans(resourceSpans);
    return true;
}

QByteArray OtlpJson::encode(const std::vector<Span> &spans)
{
    std::vector<ResourceGroup> groups;
    const SpanOrigin *lastOrigin = nullptr;
    StringPool::Id lastService = 0;
    std::pair<std::size_t, std::size_t> last{0, 0};
    for (std::size_t i = 0; i < spans.size(); ++i) {
        const Span &span = spans[i];
        // Spans of one batch share their origin: skip the search while it repeats.
        const SpanOrigin *origin = span.origin().constData();
        if (i == 0 || origin != lastOrigin || span.serviceId != lastService)
            last = groupOf(groups, span);
        lastOrigin = origin;
        lastService = span.serviceId;
        groups[last.first].scopes[last.second].spans.push_back(encodeSpan(span));
    }
    Json resourceSpans = Json::array();
    for (ResourceGroup &group : groups) {
        Attributes resource = group.resource;
        const QString service = StringPool::instance().string(group.service);
        if (resource.value(u"service.name") != AttributeValue(service))
            resource.insert(QStringLiteral("service.name"), service);
        Json scopeSpans = Json::array();
        for (ScopeGroup &scope : group.scopes) {
            Json s{{"scope", Json::object()}};
            if (!scope.name.isEmpty())
                s["scope"]["name"] = scope.name.toStdString();
            if (!scope.version.isEmpty())
                s["scope"]["version"] = scope.version.toStdString();
            s["spans"] = std::move(scope.spans);
            scopeSpans.push_back(std::move(s));
        }
        resourceSpans.push_back(
            Json{{"resource", Json{{"attributes", OtlpValues::toKeyValues(resource)}}},
                 {"scopeSpans", std::move(scopeSpans)}});
    }
    return JsonValues::dump(Json{{"resourceSpans", std::move(resourceSpans)}});
}

} // namespace traceflow
