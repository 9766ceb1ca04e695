// SPDX-License-Identifier: MIT
#include "traceflowjsondecoder.h"

#include <algorithm>
#include <array>
#include <string>

namespace traceflow {

namespace {
using Presence = JsonFieldReader::Presence;

constexpr std::array Kinds{SpanKind::Unspecified, SpanKind::Internal, SpanKind::Server,
                           SpanKind::Client,      SpanKind::Producer, SpanKind::Consumer};

bool kindFromName(const QString &name, SpanKind *kind)
{
    for (SpanKind k : Kinds) {
        if (name.compare(spanKindName(k), Qt::CaseInsensitive) == 0) {
            *kind = k;
            return true;
        }
    }
    return false;
}

bool isAscii(std::string_view text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; });
}

// kindFromName for ASCII text, without a QString per span. Only for ASCII: QString's case
// folding also maps a few other letters onto ASCII ones (U+017F onto "s").
bool kindFromAscii(std::string_view name, SpanKind *kind)
{
    static const std::array<std::string, Kinds.size()> names = [] {
        std::array<std::string, Kinds.size()> out;
        for (std::size_t i = 0; i < Kinds.size(); ++i)
            out[i] = spanKindName(Kinds[i]).toStdString();
        return out;
    }();
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    for (std::size_t i = 0; i < Kinds.size(); ++i) {
        if (std::equal(name.begin(), name.end(), names[i].begin(), names[i].end(),
                       [&](char a, char b) { return lower(a) == lower(b); })) {
            *kind = Kinds[i];
            return true;
        }
    }
    return false;
}

// Hands the string at key to use(): as the tape's UTF-8 in the common case (a non-empty string
// without a leading byte order mark, which QString::fromUtf8 would drop), otherwise as
// r.string() reads it, with the same checks and messages.
template<typename Use> void readText(JsonFieldReader &r, std::string_view key, Presence presence,
                                     Use use)
{
    const std::string_view text = r.find(key).string();
    if (!text.empty() && text.compare(0, 3, "\xEF\xBB\xBF") != 0)
        use(text);
    else if (const auto string = r.string(key, presence))
        use(*string);
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
    StringPool &pool = StringPool::instance();
    readText(r, "trace_id", Presence::NonEmpty,
             [&](const auto &id) { span.traceId = TraceId::fromString(id); });
    readText(r, "span_id", Presence::NonEmpty,
             [&](const auto &id) { span.spanId = SpanId::fromString(id); });
    readText(r, "parent_span_id", Presence::Optional, [&](const auto &id) {
        span.parentSpanId = SpanId::fromString(id); // "" stays empty: a root
    });
    readText(r, "service", Presence::NonEmpty,
             [&](const auto &name) { span.serviceId = pool.intern(name); });
    readText(r, "operation", Presence::NonEmpty,
             [&](const auto &name) { span.operationId = pool.intern(name); });
    readTimes(r, &span);
    if (const auto status = r.string("status"); status && !statusFromName(*status, &span.status))
        r.fail("status", QStringLiteral("must be \"ok\", \"error\" or \"unset\""));
    const std::string_view kindText = r.find("kind").string();
    bool kindOk = true;
    if (!kindText.empty() && isAscii(kindText))
        kindOk = kindFromAscii(kindText, &span.kind);
    else if (const auto kind = r.string("kind"))
        kindOk = kindFromName(*kind, &span.kind);
    if (!kindOk) {
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
