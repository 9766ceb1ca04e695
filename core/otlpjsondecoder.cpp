// SPDX-License-Identifier: MIT
#include "otlpjsondecoder.h"

#include "hexid.h"
#include "jsonfields.h"
#include "otlpvalues.h"
#include "utf8text.h"

#include <algorithm>
#include <array>

namespace traceflow {

namespace {
using Presence = JsonFieldReader::Presence;

constexpr std::array<std::string_view, 6> KindNames{"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL",
                                                    "SPAN_KIND_SERVER",      "SPAN_KIND_CLIENT",
                                                    "SPAN_KIND_PRODUCER",    "SPAN_KIND_CONSUMER"};
constexpr std::array<std::string_view, 3> StatusNames{"STATUS_CODE_UNSET", "STATUS_CODE_OK",
                                                      "STATUS_CODE_ERROR"};

// A protobuf enum in JSON: its number or its name. nullopt when neither.
template<std::size_t N>
std::optional<int> enumValue(JsonValue v, const std::array<std::string_view, N> &names)
{
    if (v.isInt64()) {
        const std::int64_t i = v.toInt64();
        if (i >= 0 && i < std::int64_t(N))
            return int(i);
    } else if (v.isString()) {
        for (std::size_t i = 0; i < N; ++i) {
            if (v.string() == names[i])
                return int(i);
        }
    }
    return std::nullopt;
}

// A hex id of exactly `bytes` bytes, either case. Optional ids are empty when absent, "" or
// all zeroes (OTLP's "no parent").
template<typename Id>
Id readId(JsonFieldReader &r, JsonValue v, std::string_view key, std::size_t bytes, bool required)
{
    if (!required && (v.isNull() || (v.isString() && v.string().empty())))
        return {};
    const std::string_view text = v.string();
    const Id id = text.size() == 2 * bytes ? HexId::fromHex<Id>(text) : Id();
    if (!v.isString())
        r.fail(key, QStringLiteral("must be a string"));
    else if (id.isEmpty())
        r.fail(key, QStringLiteral("must be %1 hex digits (%2 bytes)").arg(2 * bytes).arg(bytes));
    else if (!id.isValid() && required)
        r.fail(key, QStringLiteral("must not be all zeroes"));
    return id.isValid() ? id : Id();
}

template<typename Id>
Id readId(JsonFieldReader &r, std::string_view key, std::size_t bytes, bool required)
{
    return readId<Id>(r, r.find(key), key, bytes, required);
}

Attributes readAttributes(JsonFieldReader &r, JsonValue list)
{
    Attributes out;
    QString why;
    if (!OtlpValues::fromKeyValues(list, &out, &why))
        r.failAt(QStringLiteral(".attributes") + why);
    return out;
}

Attributes readAttributes(JsonFieldReader &r)
{
    return readAttributes(r, r.find("attributes"));
}

// The members a span object may have, read in one pass (see JsonFields).
enum Field : std::size_t
{
    TraceIdField,
    SpanIdField,
    ParentSpanIdField,
    TraceStateField,
    NameField,
    KindField,
    StartField,
    EndField,
    AttributesField,
    StatusField,
    EventsField,
    LinksField,
    FieldCount
};
constexpr std::array<std::string_view, FieldCount> FieldNames{
    "traceId",           "spanId",          "parentSpanId", "traceState", "name",   "kind",
    "startTimeUnixNano", "endTimeUnixNano", "attributes",   "status",     "events", "links"};

std::size_t spanCount(JsonValue container)
{
    std::size_t n = container.find("spans").size();
    for (const char *key : {"scopeSpans", "instrumentationLibrarySpans"}) {
        for (JsonValue child : container.find(key))
            n += spanCount(child);
    }
    return n;
}
} // namespace

void OtlpJsonDecoder::rejectAll(JsonValue container, const QString &why)
{
    const std::size_t n = std::max<std::size_t>(spanCount(container), 1);
    for (std::size_t i = 0; i < n; ++i)
        m_out->reject(why);
}

void OtlpJsonDecoder::decodeResourceSpans(JsonValue resourceSpans)
{
    int index = 0;
    for (JsonValue rs : resourceSpans) {
        JsonFieldReader r(rs, QStringLiteral("resourceSpans"), index++);
        decodeResource(r);
    }
}

void OtlpJsonDecoder::decodeResource(JsonFieldReader &r)
{
    if (!r.json().isObject()) {
        r.failAt(QStringLiteral(": must be an object"));
        return rejectAll(r.json(), r.error());
    }
    Attributes resource;
    if (const JsonValue res = r.object("resource")) {
        JsonFieldReader rr(res, r, "resource");
        resource = readAttributes(rr);
        r.adopt(rr);
    }
    JsonValue scopes = r.array("scopeSpans");
    const bool legacy = scopes.isNull();
    if (legacy)
        scopes = r.array("instrumentationLibrarySpans");
    if (!r.ok())
        return rejectAll(r.json(), r.error());
    // OpenTelemetry's rule: a resource without service.name is "unknown_service".
    QString service = resource.value(u"service.name").toString();
    if (service.isEmpty())
        service = QStringLiteral("unknown_service");
    const StringPool::Id serviceId = StringPool::instance().intern(service);
    int index = 0;
    for (JsonValue ss : scopes) {
        JsonFieldReader sr(ss, r, legacy ? "instrumentationLibrarySpans" : "scopeSpans", index++);
        decodeScope(sr, resource, serviceId, legacy);
    }
}

void OtlpJsonDecoder::decodeScope(JsonFieldReader &r, const Attributes &resource,
                                  StringPool::Id service, bool legacy)
{
    if (!r.json().isObject()) {
        r.failAt(QStringLiteral(": must be an object"));
        return rejectAll(r.json(), r.error());
    }
    m_origin = new SpanOrigin;
    m_origin->resource = resource;
    const char *scopeKey = legacy ? "instrumentationLibrary" : "scope";
    if (const JsonValue scope = r.object(scopeKey)) {
        JsonFieldReader sr(scope, r, scopeKey);
        m_origin->scopeName = sr.string("name").value_or(QString());
        m_origin->scopeVersion = sr.string("version").value_or(QString());
        r.adopt(sr);
    }
    const JsonValue spans = r.array("spans");
    if (!r.ok())
        return rejectAll(r.json(), r.error());
    m_out->reserveMore(spans.size());
    int index = 0;
    for (JsonValue object : spans) {
        JsonFieldReader sr(object, r, "spans", index++);
        if (!object.isObject()) {
            sr.failAt(QStringLiteral(": must be an object"));
            m_out->reject(sr.error());
        } else if (std::optional<Span> span = decodeSpan(sr)) {
            span->serviceId = service;
            span->setOrigin(m_origin);
            m_out->spans.push_back(std::move(*span));
        }
    }
}

std::optional<Span> OtlpJsonDecoder::decodeSpan(JsonFieldReader &r)
{
    static const JsonFields<FieldCount> fields(FieldNames);
    const std::array<JsonValue, FieldCount> f = fields.read(r.json());
    Span span;
    span.traceId = readId<TraceId>(r, f[TraceIdField], "traceId", 16, true);
    span.spanId = readId<SpanId>(r, f[SpanIdField], "spanId", 8, true);
    span.parentSpanId = readId<SpanId>(r, f[ParentSpanIdField], "parentSpanId", 8, false);
    if (const auto state = r.utf8(f[TraceStateField], "traceState"); state && !state->empty())
        span.setTraceState(Utf8Text::toQString(*state)); // an empty state would change nothing
    span.operationId = Utf8Text::intern(r.utf8(f[NameField], "name").value_or(std::string_view()));
    if (const JsonValue kind = f[KindField]) {
        if (const auto k = enumValue(kind, KindNames))
            span.kind = SpanKind(*k);
        else
            r.fail("kind", QStringLiteral("must be 0..5 or a SPAN_KIND_ name"));
    }
    const auto start = r.int64(f[StartField], "startTimeUnixNano", Presence::Required);
    const auto end = r.int64(f[EndField], "endTimeUnixNano", Presence::Required);
    if (start && *start <= 0)
        r.fail("startTimeUnixNano", QStringLiteral("must be set"));
    else if (start && end && *end < *start)
        r.fail("endTimeUnixNano", QStringLiteral("must not be before startTimeUnixNano"));
    span.startNs = start.value_or(0);
    span.durationNs = end.value_or(0) - span.startNs;
    span.attributes = readAttributes(r, f[AttributesField]);
    if (const JsonValue status = r.object(f[StatusField], "status")) {
        JsonFieldReader sr(status, r, "status");
        JsonValue code;
        JsonValue message;
        for (const JsonValue member : status) { // the last of duplicates wins, as find()
            if (member.key() == "code")
                code = member;
            else if (member.key() == "message")
                message = member;
        }
        if (!code.isNull()) {
            if (const auto c = enumValue(code, StatusNames))
                span.status = StatusCode(*c);
            else
                sr.fail("code", QStringLiteral("must be 0..2 or a STATUS_CODE_ name"));
        }
        if (const auto text = sr.utf8(message, "message"); text && !text->empty())
            span.setStatusMessage(Utf8Text::toQString(*text));
        r.adopt(sr);
    }
    readEvents(r, f[EventsField], &span);
    readLinks(r, f[LinksField], &span);
    if (!r.ok()) {
        m_out->reject(r.error());
        return std::nullopt;
    }
    return span;
}

void OtlpJsonDecoder::readEvents(JsonFieldReader &r, JsonValue events, Span *span)
{
    r.forEachObject(r.array(events, "events"), "events", [&](JsonFieldReader &e) {
        SpanEvent event;
        event.timeNs = e.int64("timeUnixNano").value_or(0);
        event.name = e.string("name").value_or(QString());
        event.attributes = readAttributes(e);
        span->addEvent(std::move(event));
    });
}

void OtlpJsonDecoder::readLinks(JsonFieldReader &r, JsonValue links, Span *span)
{
    r.forEachObject(r.array(links, "links"), "links", [&](JsonFieldReader &l) {
        SpanLink link;
        link.traceId = readId<TraceId>(l, "traceId", 16, true);
        link.spanId = readId<SpanId>(l, "spanId", 8, true);
        link.traceState = l.string("traceState").value_or(QString());
        link.attributes = readAttributes(l);
        span->addLink(std::move(link));
    });
}

} // namespace traceflow
