// SPDX-License-Identifier: MIT
#include "traceflowjson.h"

#include "jsonvalues.h"
#include "traceflowjsondecoder.h"

namespace traceflow {

bool TraceflowJson::decode(std::string_view body, DecodedBatch *out, QString *error)
{
    JsonTape tape;
    if (!tape.parse(body, error))
        return false;
    return decodeDocument(tape.root(), out, error);
}

bool TraceflowJson::decodeDocument(JsonValue root, DecodedBatch *out, QString *error)
{
    const JsonValue spans = root.find("spans");
    if (!spans.isArray()) {
        *error = QStringLiteral("expected a JSON object with a \"spans\" array");
        return false;
    }
    TraceflowJsonDecoder(out).decodeSpans(spans);
    return true;
}

QByteArray TraceflowJson::encode(const std::vector<Span> &spans)
{
    JsonValues::Json list = JsonValues::Json::array();
    for (const Span &span : spans)
        list.push_back(encodeSpan<JsonValues::Json>(span));
    return JsonValues::dump(JsonValues::Json{{"spans", std::move(list)}});
}

template<typename Json> Json TraceflowJson::encodeSpan(const Span &span)
{
    Json o = Json::object();
    o["trace_id"] = span.traceId.toStdString();
    o["span_id"] = span.spanId.toStdString();
    o["parent_span_id"] = span.parentSpanId.toStdString();
    o["service"] = span.service().toStdString();
    o["operation"] = span.operation().toStdString();
    o["kind"] = spanKindName(span.kind).toStdString();
    o["start_unix_ms"] = JsonValues::nsToMs(span.startNs);
    o["duration_ms"] = JsonValues::nsToMs(span.durationNs);
    o["start_unix_nano"] = std::int64_t(span.startNs);
    o["duration_nano"] = std::int64_t(span.durationNs);
    o["status"] = statusName(span.status).toStdString();
    o["status_message"] = span.statusMessage().toStdString();
    if (const QString state = span.traceState(); !state.isEmpty())
        o["trace_state"] = state.toStdString();
    o["attributes"] = JsonValues::fromAttributes<Json>(span.attributes);
    o["resource"] = JsonValues::fromAttributes<Json>(span.resource());
    o["scope"] = Json{{"name", span.scopeName().toStdString()},
                      {"version", span.scopeVersion().toStdString()}};
    Json events = Json::array();
    for (const SpanEvent &event : span.events()) {
        events.push_back(Json{{"name", event.name.toStdString()},
                              {"time_unix_nano", std::int64_t(event.timeNs)},
                              {"attributes", JsonValues::fromAttributes<Json>(event.attributes)}});
    }
    o["events"] = std::move(events);
    Json links = Json::array();
    for (const SpanLink &link : span.links()) {
        Json l{{"trace_id", link.traceId.toStdString()}, {"span_id", link.spanId.toStdString()}};
        if (!link.traceState.isEmpty())
            l["trace_state"] = link.traceState.toStdString();
        l["attributes"] = JsonValues::fromAttributes<Json>(link.attributes);
        links.push_back(std::move(l));
    }
    o["links"] = std::move(links);
    return o;
}

template nlohmann::json TraceflowJson::encodeSpan<nlohmann::json>(const Span &);
template nlohmann::ordered_json TraceflowJson::encodeSpan<nlohmann::ordered_json>(const Span &);

} // namespace traceflow
