// SPDX-License-Identifier: MIT
#include "jaegerjsondecoder.h"

#include "conventiontags.h"

#include <algorithm>

namespace traceflow {

namespace {
using Presence = JsonFieldReader::Presence;

template<typename Id> Id readId(JsonFieldReader &r, std::string_view key, std::size_t bytes)
{
    const JsonValue v = r.find(key);
    if (!v.isString() || v.string().empty()) {
        r.fail(key, QStringLiteral("must be a non-empty string"));
        return {};
    }
    const Id id = JaegerJsonDecoder::parseId<Id>(v.string(), bytes);
    if (!id.isValid())
        r.fail(key, QStringLiteral("must be up to %1 hex digits, not all zeroes").arg(2 * bytes));
    return id;
}

// A tag value by its declared type; nullopt when the value does not fit it.
std::optional<AttributeValue> tagValue(std::string_view type, JsonValue value)
{
    if (type == "bool") {
        if (value.isBool())
            return AttributeValue(value.toBool());
        if (value.string() == "true" || value.string() == "false")
            return AttributeValue(value.string() == "true");
        return std::nullopt;
    }
    if (type == "int64") {
        const auto i = JsonValues::toInt64(value);
        return i ? std::optional(AttributeValue(*i)) : std::nullopt;
    }
    if (type == "float64") {
        const auto d = JsonValues::toDouble(value);
        return d ? std::optional(AttributeValue(*d)) : std::nullopt;
    }
    if ((type == "string" || type == "binary") && !value.isString())
        return std::nullopt;
    if (value.isNull())
        return std::nullopt;
    return JsonValues::toAttributeValue(value); // untyped tags keep their JSON type
}
} // namespace

template<typename Id> Id JaegerJsonDecoder::parseId(std::string_view hex, std::size_t bytes)
{
    if (hex.empty() || hex.size() > 2 * bytes)
        return {};
    const std::size_t width = hex.size() <= 16 ? 16 : 2 * bytes;
    std::string padded(width - hex.size(), '0');
    padded += hex;
    return Id::fromHex(std::string_view(padded));
}

template TraceId JaegerJsonDecoder::parseId<TraceId>(std::string_view, std::size_t);
template SpanId JaegerJsonDecoder::parseId<SpanId>(std::string_view, std::size_t);

bool JaegerJsonDecoder::readTags(JsonValue list, std::vector<Attributes::Item> *out, QString *why)
{
    if (!list.isArray()) {
        *why = QStringLiteral(": must be an array");
        return false;
    }
    // Malformed tags are skipped (and the first reported), so a resource keeps the rest.
    bool ok = true;
    int index = 0;
    for (JsonValue tag : list) {
        const JsonValue key = tag.find("key");
        std::optional<AttributeValue> v;
        if (key.isString())
            v = tagValue(tag.find("type").string(), tag.find("value"));
        if (v) {
            out->emplace_back(key.toQString(), std::move(*v));
        } else if (ok) {
            *why = QStringLiteral("[%1]: must be {\"key\", \"type\", \"value\"} with a value of "
                                  "its type")
                       .arg(index);
            ok = false;
        }
        ++index;
    }
    return ok;
}

void JaegerJsonDecoder::decodeTraces(JsonValue data)
{
    int index = 0;
    for (JsonValue trace : data) {
        JsonFieldReader r(trace, QStringLiteral("data"), index++);
        if (trace.isObject()) {
            decodeTrace(r);
        } else {
            r.failAt(QStringLiteral(": must be an object"));
            m_out->reject(r.error());
        }
    }
}

void JaegerJsonDecoder::decodeTrace(JsonFieldReader &r)
{
    m_origins = {}; // process ids are only unique within one trace
    const JsonValue spans = r.array("spans");
    const JsonValue processes = r.object("processes");
    if (!r.ok()) {
        for (std::uint32_t i = 0; i < std::max<std::uint32_t>(spans.size(), 1); ++i)
            m_out->reject(r.error());
        return;
    }
    m_out->reserveMore(spans.size());
    int index = 0;
    for (JsonValue object : spans) {
        JsonFieldReader sr(object, r, "spans", index++);
        if (!object.isObject()) {
            sr.failAt(QStringLiteral(": must be an object"));
            m_out->reject(sr.error());
        } else if (std::optional<Span> span = decodeSpan(sr, processes)) {
            m_out->spans.push_back(std::move(*span));
        }
    }
}

std::optional<Span> JaegerJsonDecoder::decodeSpan(JsonFieldReader &r, JsonValue processes)
{
    Span span;
    span.traceId = readId<TraceId>(r, "traceID", 16);
    span.spanId = readId<SpanId>(r, "spanID", 8);
    span.setOperation(r.string("operationName").value_or(QString()));
    span.startNs = r.usAsNs("startTime", Presence::Required).value_or(0);
    span.durationNs = r.usAsNs("duration").value_or(0);
    if (span.durationNs < 0)
        r.fail("duration", QStringLiteral("must not be negative"));
    readReferences(r, &span);
    std::vector<Attributes::Item> tags;
    QString why;
    if (const JsonValue list = r.find("tags"); list && !readTags(list, &tags, &why))
        r.failAt(QStringLiteral(".tags") + why);
    readLogs(r, &span);

    // The process: referenced by id (the download format) or embedded in the span.
    JsonValue process = r.object("process");
    if (const JsonValue id = r.find("processID"); !process && !id.isString()) {
        r.fail("processID", QStringLiteral("must be a string"));
    } else if (!process) {
        process = processes.find(id.string());
        if (!process.isObject())
            r.fail("processID", QStringLiteral("does not name an object in \"processes\""));
    }
    if (!r.ok()) {
        m_out->reject(r.error());
        return std::nullopt;
    }

    const ConventionTags::Fields f = ConventionTags::extract(&tags, ConventionTags::ErrorTag::Flag);
    span.kind = f.kind.value_or(SpanKind::Unspecified);
    span.status = f.status.value_or(StatusCode::Unset);
    span.setStatusMessage(f.statusMessage);
    span.setTraceState(f.traceState);
    span.attributes = Attributes(tags);
    const JsonValue name = process.find("serviceName");
    const QString service =
        name.string().empty() ? QStringLiteral("unknown_service") : name.toQString();
    span.setService(service);
    span.setOrigin(m_origins.get(std::tie(process, f.scopeName, f.scopeVersion), [&] {
        std::vector<Attributes::Item> resource{{QStringLiteral("service.name"), service}};
        QString ignored; // a malformed process tag is skipped; the span itself is fine
        if (const JsonValue t = process.find("tags"); !t.isNull())
            readTags(t, &resource, &ignored);
        QSharedDataPointer<SpanOrigin> origin(new SpanOrigin);
        origin->resource = Attributes(resource);
        origin->scopeName = f.scopeName;
        origin->scopeVersion = f.scopeVersion;
        return origin;
    }));
    return span;
}

void JaegerJsonDecoder::readReferences(JsonFieldReader &r, Span *span)
{
    std::vector<std::pair<bool, SpanLink>> parsed; // (CHILD_OF, reference)
    const bool read =
        r.forEachObject(r.array("references"), "references", [&](JsonFieldReader &rr) {
            const QString type = rr.string("refType").value_or(QStringLiteral("CHILD_OF"));
            if (type != u"CHILD_OF" && type != u"FOLLOWS_FROM")
                rr.fail("refType", QStringLiteral("must be CHILD_OF or FOLLOWS_FROM"));
            SpanLink link;
            link.traceId = readId<TraceId>(rr, "traceID", 16);
            link.spanId = readId<SpanId>(rr, "spanID", 8);
            parsed.emplace_back(type == u"CHILD_OF", std::move(link));
        });
    if (!read)
        return;
    // Jaeger's parent: the first CHILD_OF in the same trace, else the first FOLLOWS_FROM.
    auto parent = parsed.end();
    for (auto it = parsed.begin(); it != parsed.end(); ++it) {
        const bool better = parent == parsed.end() || (it->first && !parent->first);
        if (it->second.traceId == span->traceId && better)
            parent = it;
    }
    for (auto it = parsed.begin(); it != parsed.end(); ++it) {
        if (it == parent) {
            span->parentSpanId = it->second.spanId;
            continue;
        }
        it->second.attributes =
            Attributes{{QStringLiteral("opentracing.ref_type"),
                        it->first ? QStringLiteral("child_of") : QStringLiteral("follows_from")}};
        span->addLink(std::move(it->second));
    }
}

void JaegerJsonDecoder::readLogs(JsonFieldReader &r, Span *span)
{
    r.forEachObject(r.array("logs"), "logs", [&](JsonFieldReader &lr) {
        SpanEvent event;
        event.timeNs = lr.usAsNs("timestamp", Presence::Required).value_or(0);
        std::vector<Attributes::Item> fields;
        QString why;
        if (const JsonValue list = lr.find("fields"); list && !readTags(list, &fields, &why))
            lr.failAt(QStringLiteral(".fields") + why);
        // Named by the "event" field (OpenTracing's convention), "log" without one.
        event.name = QStringLiteral("log");
        const auto named = std::find_if(fields.begin(), fields.end(), [](const auto &f) {
            return f.first == u"event" && f.second.type() == AttributeValue::Type::String;
        });
        if (named != fields.end()) {
            event.name = named->second.toString();
            fields.erase(named);
        }
        event.attributes = Attributes(fields);
        span->addEvent(std::move(event));
    });
}

} // namespace traceflow
