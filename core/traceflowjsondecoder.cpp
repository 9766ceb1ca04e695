// SPDX-License-Identifier: MIT
#include "traceflowjsondecoder.h"

#include <array>

namespace traceflow {

namespace {
using Presence = JsonFieldReader::Presence;

bool kindFromName(const QString &name, SpanKind *kind)
{
    constexpr std::array kinds{SpanKind::Unspecified, SpanKind::Internal, SpanKind::Server,
                               SpanKind::Client,      SpanKind::Producer, SpanKind::Consumer};
    for (SpanKind k : kinds) {
        if (name.compare(spanKindName(k), Qt::CaseInsensitive) == 0) {
            *kind = k;
            return true;
        }
    }
    return false;
}

Attributes attributesOf(JsonFieldReader &r)
{
    const JsonValue object = r.object("attributes");
    return object ? JsonValues::toAttributes(object) : Attributes();
}
} // namespace

void TraceflowJsonDecoder::decodeSpans(JsonValue spans)
{
    m_out->spans.reserve(m_out->spans.size() + spans.size());
    int index = 0;
    for (JsonValue object : spans) {
        JsonFieldReader r(object, QStringLiteral("spans"), index++);
        if (!object.isObject()) {
            r.failAt(QStringLiteral(": must be an object"));
            m_out->reject(r.error());
        } else if (std::optional<Span> span = decodeSpan(r)) {
            m_out->spans.push_back(std::move(*span));
        }
    }
}

std::optional<Span> TraceflowJsonDecoder::decodeSpan(JsonFieldReader &r)
{
    Span span;
    if (const auto id = r.string("trace_id", Presence::NonEmpty))
        span.traceId = TraceId::fromString(*id);
    if (const auto id = r.string("span_id", Presence::NonEmpty))
        span.spanId = SpanId::fromString(*id);
    if (const auto id = r.string("parent_span_id"))
        span.parentSpanId = SpanId::fromString(*id); // "" stays empty: a root
    if (const auto service = r.string("service", Presence::NonEmpty))
        span.setService(*service);
    if (const auto operation = r.string("operation", Presence::NonEmpty))
        span.setOperation(*operation);
    readTimes(r, &span);
    if (const auto status = r.string("status"); status && !statusFromName(*status, &span.status))
        r.fail("status", QStringLiteral("must be \"ok\", \"error\" or \"unset\""));
    if (const auto kind = r.string("kind"); kind && !kindFromName(*kind, &span.kind)) {
        r.fail("kind", QStringLiteral("must be one of \"server\", \"client\", \"producer\", "
                                      "\"consumer\", \"internal\", \"unspecified\""));
    }
    if (const auto message = r.string("status_message"))
        span.setStatusMessage(*message);
    if (const auto state = r.string("trace_state"))
        span.setTraceState(*state);
    span.attributes = attributesOf(r);
    readEvents(r, &span);
    readLinks(r, &span);
    readOrigin(r, &span);
    if (!r.ok()) {
        m_out->reject(r.error());
        return std::nullopt;
    }
    return span;
}

void TraceflowJsonDecoder::readTimes(JsonFieldReader &r, Span *span)
{
    // *_nano carry the exact value; the ms fields are only required without them.
    auto read = [&r](const char *nanoKey, const char *msKey) -> std::pair<qint64, const char *> {
        if (const auto ns = r.int64(nanoKey))
            return {*ns, nanoKey};
        const Presence ms = r.has(nanoKey) ? Presence::Optional : Presence::Required;
        return {r.msAsNs(msKey, ms).value_or(0), msKey};
    };
    span->startNs = read("start_unix_nano", "start_unix_ms").first;
    const auto [duration, durationKey] = read("duration_nano", "duration_ms");
    if (duration < 0)
        r.fail(durationKey, QStringLiteral("must not be negative"));
    span->durationNs = duration;
}

void TraceflowJsonDecoder::readEvents(JsonFieldReader &r, Span *span)
{
    int index = 0;
    for (JsonValue event : r.array("events")) {
        JsonFieldReader e(event, r, "events", index++);
        if (!event.isObject()) {
            e.failAt(QStringLiteral(": must be an object"));
        } else {
            SpanEvent out;
            out.name = e.string("name", Presence::Required).value_or(QString());
            if (const auto ns = e.int64("time_unix_nano"))
                out.timeNs = *ns;
            else if (!e.has("time_unix_nano"))
                out.timeNs = e.msAsNs("time_unix_ms", Presence::Required).value_or(0);
            out.attributes = attributesOf(e);
            span->addEvent(std::move(out));
        }
        r.adopt(e);
        if (!r.ok())
            return;
    }
}

void TraceflowJsonDecoder::readLinks(JsonFieldReader &r, Span *span)
{
    int index = 0;
    for (JsonValue link : r.array("links")) {
        JsonFieldReader l(link, r, "links", index++);
        if (!link.isObject()) {
            l.failAt(QStringLiteral(": must be an object"));
        } else {
            SpanLink out;
            const auto trace = l.string("trace_id", Presence::NonEmpty).value_or(QString());
            const auto id = l.string("span_id", Presence::NonEmpty).value_or(QString());
            out.traceId = TraceId::fromString(trace);
            out.spanId = SpanId::fromString(id);
            out.traceState = l.string("trace_state").value_or(QString());
            out.attributes = attributesOf(l);
            span->addLink(std::move(out));
        }
        r.adopt(l);
        if (!r.ok())
            return;
    }
}

void TraceflowJsonDecoder::readOrigin(JsonFieldReader &r, Span *span)
{
    const JsonValue resource = r.object("resource");
    QString scopeName;
    QString scopeVersion;
    if (const JsonValue scope = r.object("scope")) {
        JsonFieldReader s(scope, r, "scope");
        scopeName = s.string("name").value_or(QString());
        scopeVersion = s.string("version").value_or(QString());
        r.adopt(s);
    }
    if (!r.ok())
        return;
    span->setOrigin(m_origins.get(std::tie(resource, scopeName, scopeVersion), [&] {
        QSharedDataPointer<SpanOrigin> origin;
        if (resource.size() == 0 && scopeName.isEmpty() && scopeVersion.isEmpty())
            return origin; // no origin at all, the common case for this format
        origin = new SpanOrigin;
        origin->resource = JsonValues::toAttributes(resource);
        origin->scopeName = scopeName;
        origin->scopeVersion = scopeVersion;
        return origin;
    }));
}

} // namespace traceflow
