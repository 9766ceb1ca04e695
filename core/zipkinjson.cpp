// SPDX-License-Identifier: MIT
#include "zipkinjson.h"

#include "jsonvalues.h"
#include "zipkinjsondecoder.h"

namespace traceflow {

namespace {
// Moves the address attributes of one side back into a Zipkin endpoint object.
void fillEndpoint(nlohmann::json *endpoint, const AttributeValue &ip, const AttributeValue &port)
{
    if (!ip.isEmpty()) {
        const QString address = ip.toString();
        (*endpoint)[address.contains(u':') ? "ipv6" : "ipv4"] = address.toStdString();
    }
    if (!port.isEmpty() && port.toInt() > 0)
        (*endpoint)["port"] = std::int64_t(port.toInt());
}
} // namespace

bool ZipkinJson::decode(std::string_view body, DecodedBatch *out, QString *error)
{
    JsonTape tape;
    if (!tape.parse(body, error))
        return false;
    return decodeDocument(tape.root(), out, error);
}

bool ZipkinJson::decodeDocument(JsonValue root, DecodedBatch *out, QString *error)
{
    if (!root.isArray()) {
        *error = QStringLiteral("expected a JSON array of Zipkin v2 spans");
        return false;
    }
    ZipkinJsonDecoder(out).decodeSpans(root);
    return true;
}

nlohmann::json ZipkinJson::encodeSpan(const Span &span)
{
    using Json = nlohmann::json;
    Json o{{"traceId", span.traceId.toStdString()}, {"id", span.spanId.toStdString()}};
    if (!span.parentSpanId.isEmpty())
        o["parentId"] = span.parentSpanId.toStdString();
    o["name"] = span.operation().toStdString();
    if (span.kind >= SpanKind::Server)
        o["kind"] = spanKindName(span.kind).toUpper().toStdString();
    o["timestamp"] = std::int64_t(JsonValues::nsToUs(span.startNs));
    if (span.durationNs > 0)
        o["duration"] = std::int64_t(std::max<qint64>(1, JsonValues::nsToUs(span.durationNs)));

    const Attributes &a = span.attributes;
    Json local{{"serviceName", span.service().toStdString()}};
    fillEndpoint(&local, a.value(u"net.host.ip"), a.value(u"net.host.port"));
    o["localEndpoint"] = std::move(local);
    Json remote = Json::object();
    if (const AttributeValue peer = a.value(u"peer.service"); !peer.isEmpty())
        remote["serviceName"] = peer.toString().toStdString();
    fillEndpoint(&remote, a.value(u"net.peer.ip"), a.value(u"net.peer.port"));
    if (!remote.empty())
        o["remoteEndpoint"] = std::move(remote);

    Json tags = Json::object();
    for (int i = 0; i < a.size(); ++i) {
        const QString key = a.keyAt(i);
        if (key == u"peer.service" || key == u"net.peer.ip" || key == u"net.peer.port" ||
            key == u"net.host.ip" || key == u"net.host.port")
            continue;
        tags[key.toStdString()] = JsonValues::toTagString(a.valueAt(i)).toStdString();
    }
    if (span.status != StatusCode::Unset)
        tags["otel.status_code"] = statusName(span.status).toUpper().toStdString();
    if (span.status == StatusCode::Error)
        tags["error"] = span.statusMessage().toStdString();
    if (const QString scope = span.scopeName(); !scope.isEmpty())
        tags["otel.scope.name"] = scope.toStdString();
    if (const QString version = span.scopeVersion(); !version.isEmpty())
        tags["otel.scope.version"] = version.toStdString();
    if (const QString state = span.traceState(); !state.isEmpty())
        tags["w3c.tracestate"] = state.toStdString();
    if (!tags.empty())
        o["tags"] = std::move(tags);

    if (!span.events().empty()) {
        Json annotations = Json::array();
        for (const SpanEvent &e : span.events()) {
            std::string value = e.name.toStdString();
            if (!e.attributes.isEmpty())
                value += ": " + JsonValues::dump(
                                    JsonValues::fromAttributes<JsonValues::Json>(e.attributes))
                                    .toStdString();
            annotations.push_back(
                Json{{"timestamp", std::int64_t(JsonValues::nsToUs(e.timeNs))}, {"value", value}});
        }
        o["annotations"] = std::move(annotations);
    }
    return o;
}

QByteArray ZipkinJson::encode(const std::vector<Span> &spans)
{
    nlohmann::json list = nlohmann::json::array();
    for (const Span &span : spans)
        list.push_back(encodeSpan(span));
    return JsonValues::dump(list);
}

} // namespace traceflow
