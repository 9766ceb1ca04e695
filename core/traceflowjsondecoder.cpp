// SPDX-License-Identifier: MIT
#include "traceflowjsondecoder.h"

#include "hexid.h"
#include "jsonfields.h"
#include "utf8text.h"

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

// The members a span object may have, read in one pass (see JsonFields).
enum Field : std::size_t
{
    TraceIdField,
    SpanIdField,
    ParentSpanIdField,
    ServiceField,
    OperationField,
    StartNanoField,
    StartMsField,
    DurationNanoField,
    DurationMsField,
    StatusField,
    KindField,
    StatusMessageField,
    TraceStateField,
    AttributesField,
    EventsField,
    LinksField,
    ResourceField,
    ScopeField,
    FieldCount
};
constexpr std::array<std::string_view, FieldCount> FieldNames{
    "trace_id",      "span_id",       "parent_span_id", "service", "operation", "start_unix_nano",
    "start_unix_ms", "duration_nano", "duration_ms",    "status",  "kind",      "status_message",
    "trace_state",   "attributes",    "events",         "links",   "resource",  "scope"};

// Hands the string v (the member key) to use(): as the tape's UTF-8 in the common case (a
// non-empty string without a leading byte order mark, which QString::fromUtf8 would drop),
// otherwise as r.string() reads it, with the same checks and messages.
template<typename Use>
void readText(JsonFieldReader &r, JsonValue v, std::string_view key, Presence presence, Use use)
{
    const std::string_view text = v.string();
    if (!text.empty() && !Utf8Text::startsWithBom(text))
        use(text);
    else if (const auto string = r.string(v, key, presence))
        use(*string);
}

template<typename Id> Id idOf(std::string_view text)
{
    return HexId::fromString<Id>(text);
}

template<typename Id> Id idOf(const QString &text)
{
    return Id::fromString(text);
}

Attributes attributesOf(JsonFieldReader &r, JsonValue v)
{
    const JsonValue object = r.object(v, "attributes");
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
    static const JsonFields<FieldCount> fields(FieldNames);
    const std::array<JsonValue, FieldCount> f = fields.read(r.json());
    auto text = [&](Field field, Presence presence, auto use) {
        readText(r, f[field], FieldNames[field], presence, use);
    };
    Span span;
    StringPool &pool = StringPool::instance();
    text(TraceIdField, Presence::NonEmpty,
         [&](const auto &id) { span.traceId = idOf<TraceId>(id); });
    text(SpanIdField, Presence::NonEmpty, [&](const auto &id) { span.spanId = idOf<SpanId>(id); });
    text(ParentSpanIdField, Presence::Optional, [&](const auto &id) {
        span.parentSpanId = idOf<SpanId>(id); // "" stays empty: a root
    });
    text(ServiceField, Presence::NonEmpty,
         [&](const auto &name) { span.serviceId = pool.intern(name); });
    text(OperationField, Presence::NonEmpty,
         [&](const auto &name) { span.operationId = pool.intern(name); });
    readTimes(r, f, &span);
    if (const auto status = r.utf8(f[StatusField], "status");
        status && !Utf8Text::statusFromName(*status, &span.status))
        r.fail("status", QStringLiteral("must be \"ok\", \"error\" or \"unset\""));
    const std::string_view kindText = f[KindField].string();
    bool kindOk = true;
    if (!kindText.empty() && Utf8Text::isAscii(kindText))
        kindOk = kindFromAscii(kindText, &span.kind);
    else if (const auto kind = r.string(f[KindField], "kind"))
        kindOk = kindFromName(*kind, &span.kind);
    if (!kindOk) {
        r.fail("kind", QStringLiteral("must be one of \"server\", \"client\", \"producer\", "
                                      "\"consumer\", \"internal\", \"unspecified\""));
    }
    // Empty texts are skipped: setting one would change nothing.
    if (const auto message = r.utf8(f[StatusMessageField], "status_message");
        message && !message->empty())
        span.setStatusMessage(Utf8Text::toQString(*message));
    if (const auto state = r.utf8(f[TraceStateField], "trace_state"); state && !state->empty())
        span.setTraceState(Utf8Text::toQString(*state));
    span.attributes = attributesOf(r, f[AttributesField]);
    readEvents(r, f[EventsField], &span);
    readLinks(r, f[LinksField], &span);
    readOrigin(r, f[ResourceField], f[ScopeField], &span);
    if (!r.ok()) {
        m_out->reject(r.error());
        return std::nullopt;
    }
    return span;
}

void TraceflowJsonDecoder::readTimes(JsonFieldReader &r, const SpanFields &f, Span *span)
{
    // *_nano carry the exact value; the ms fields are only required without them.
    auto read = [&](Field nano, Field ms) -> std::pair<qint64, std::string_view> {
        if (const auto ns = r.int64(f[nano], FieldNames[nano]))
            return {*ns, FieldNames[nano]};
        const Presence presence = f[nano] ? Presence::Optional : Presence::Required;
        return {r.msAsNs(f[ms], FieldNames[ms], presence).value_or(0), FieldNames[ms]};
    };
    span->startNs = read(StartNanoField, StartMsField).first;
    const auto [duration, durationKey] = read(DurationNanoField, DurationMsField);
    if (duration < 0)
        r.fail(durationKey, QStringLiteral("must not be negative"));
    span->durationNs = duration;
}

void TraceflowJsonDecoder::readEvents(JsonFieldReader &r, JsonValue events, Span *span)
{
    r.forEachObject(r.array(events, "events"), "events", [&](JsonFieldReader &e) {
        SpanEvent out;
        out.name = e.string("name", Presence::Required).value_or(QString());
        if (const auto ns = e.int64("time_unix_nano"))
            out.timeNs = *ns;
        else if (!e.has("time_unix_nano"))
            out.timeNs = e.msAsNs("time_unix_ms", Presence::Required).value_or(0);
        out.attributes = attributesOf(e, e.find("attributes"));
        span->addEvent(std::move(out));
    });
}

void TraceflowJsonDecoder::readLinks(JsonFieldReader &r, JsonValue links, Span *span)
{
    r.forEachObject(r.array(links, "links"), "links", [&](JsonFieldReader &l) {
        SpanLink out;
        const auto trace = l.string("trace_id", Presence::NonEmpty).value_or(QString());
        const auto id = l.string("span_id", Presence::NonEmpty).value_or(QString());
        out.traceId = TraceId::fromString(trace);
        out.spanId = SpanId::fromString(id);
        out.traceState = l.string("trace_state").value_or(QString());
        out.attributes = attributesOf(l, l.find("attributes"));
        span->addLink(std::move(out));
    });
}

void TraceflowJsonDecoder::readOrigin(JsonFieldReader &r, JsonValue resourceValue,
                                      JsonValue scopeValue, Span *span)
{
    const JsonValue resource = r.object(resourceValue, "resource");
    std::string_view scopeName;
    std::string_view scopeVersion;
    if (const JsonValue scope = r.object(scopeValue, "scope")) {
        JsonFieldReader s(scope, r, "scope");
        scopeName = s.utf8(s.find("name"), "name").value_or(std::string_view());
        scopeVersion = s.utf8(s.find("version"), "version").value_or(std::string_view());
        r.adopt(s);
    }
    if (!r.ok())
        return;
    // Keyed by the texts as written: texts that differ only by a byte order mark get equal
    // but separate origins.
    span->setOrigin(m_origins.get(std::tie(resource, scopeName, scopeVersion), [&] {
        QSharedDataPointer<SpanOrigin> origin;
        if (resource.size() == 0 && Utf8Text::withoutBom(scopeName).empty() &&
            Utf8Text::withoutBom(scopeVersion).empty())
            return origin; // no origin at all, the common case for this format
        origin = new SpanOrigin;
        origin->resource = JsonValues::toAttributes(resource);
        origin->scopeName = Utf8Text::toQString(scopeName);
        origin->scopeVersion = Utf8Text::toQString(scopeVersion);
        return origin;
    }));
}

} // namespace traceflow
