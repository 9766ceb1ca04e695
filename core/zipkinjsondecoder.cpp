// SPDX-License-Identifier: MIT
#include "zipkinjsondecoder.h"

#include "conventiontags.h"
#include "hexid.h"
#include "jsonfields.h"
#include "utf8text.h"

#include <QCryptographicHash>

#include <algorithm>
#include <array>
#include <cstring>
#include <set>
#include <string>

namespace traceflow {

namespace {
using Presence = JsonFieldReader::Presence;

// A Zipkin hex id: 16 hex digits, or 32 as well for trace ids; either case. An absent, empty
// or all-zero optional id (a parent) means none.
template<typename Id>
Id readId(JsonFieldReader &r, JsonValue v, std::string_view key, bool isTrace, bool required)
{
    if (!v.isString() || v.string().empty()) {
        if (required || !v.isNull())
            r.fail(key, required ? QStringLiteral("must be a non-empty string")
                                 : QStringLiteral("must be a string"));
        return {};
    }
    const std::string_view text = v.string();
    const bool width = text.size() == 16 || (isTrace && text.size() == 32);
    const Id id = width ? HexId::fromHex<Id>(text) : Id();
    if (id.isEmpty())
        r.fail(key, isTrace ? QStringLiteral("must be 16 or 32 hex digits")
                            : QStringLiteral("must be 16 hex digits"));
    else if (!id.isValid() && required)
        r.fail(key, QStringLiteral("must not be all zeroes"));
    return id.isValid() ? id : Id();
}

// Zipkin's kinds, in any case.
std::optional<SpanKind> kindFromZipkin(std::string_view kind)
{
    switch (const SpanKind k = Utf8Text::spanKindFromName(kind)) {
    case SpanKind::Client:
    case SpanKind::Server:
    case SpanKind::Producer:
    case SpanKind::Consumer:
        return k;
    default:
        return std::nullopt;
    }
}

// The members a span object may have, read in one pass (see JsonFields).
enum Field : std::size_t
{
    TraceIdField,
    IdField,
    ParentIdField,
    NameField,
    KindField,
    TimestampField,
    DurationField,
    SharedField,
    TagsField,
    LocalEndpointField,
    RemoteEndpointField,
    AnnotationsField,
    FieldCount
};
constexpr std::array<std::string_view, FieldCount> FieldNames{
    "traceId",  "id",     "parentId", "name",          "kind",           "timestamp",
    "duration", "shared", "tags",     "localEndpoint", "remoteEndpoint", "annotations"};
} // namespace

SpanId ZipkinJsonDecoder::deriveSharedSpanId(const TraceId &traceId, const SpanId &spanId,
                                             int attempt)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayView("zipkin-shared-server"));
    const std::string_view trace = traceId.rawBytes();
    const std::string_view span = spanId.rawBytes();
    hash.addData(QByteArrayView(trace.data(), qsizetype(trace.size())));
    hash.addData(QByteArrayView(span.data(), qsizetype(span.size())));
    const char counter[4] = {char(attempt >> 24), char(attempt >> 16), char(attempt >> 8),
                             char(attempt)};
    hash.addData(QByteArrayView(counter, 4));
    return SpanId::fromBytes(hash.resultView().constData(), 8);
}

void ZipkinJsonDecoder::decodeSpans(JsonValue spans)
{
    const std::size_t first = m_out->spans.size();
    std::vector<bool> shared;
    m_out->spans.reserve(first + spans.size());
    int index = 0;
    for (JsonValue object : spans) {
        JsonFieldReader r(object, QStringLiteral("spans"), index++);
        bool isShared = false;
        if (!object.isObject()) {
            r.failAt(QStringLiteral(": must be an object"));
            m_out->reject(r.error());
        } else if (std::optional<Span> span = decodeSpan(r, &isShared)) {
            m_out->spans.push_back(std::move(*span));
            shared.push_back(isShared);
        }
    }
    splitSharedSpans(first, shared);
}

std::optional<Span> ZipkinJsonDecoder::decodeSpan(JsonFieldReader &r, bool *shared)
{
    static const JsonFields<FieldCount> fields(FieldNames);
    const std::array<JsonValue, FieldCount> f = fields.read(r.json());
    Span span;
    span.traceId = readId<TraceId>(r, f[TraceIdField], "traceId", true, true);
    span.spanId = readId<SpanId>(r, f[IdField], "id", false, true);
    span.parentSpanId = readId<SpanId>(r, f[ParentIdField], "parentId", false, false);
    span.operationId = Utf8Text::intern(r.utf8(f[NameField], "name").value_or(std::string_view()));
    std::optional<SpanKind> kind;
    if (const auto k = r.utf8(f[KindField], "kind"); k && !(kind = kindFromZipkin(*k)))
        r.fail("kind", QStringLiteral("must be CLIENT, SERVER, PRODUCER or CONSUMER"));
    span.startNs = r.usAsNs(f[TimestampField], "timestamp", Presence::Required).value_or(0);
    span.durationNs = r.usAsNs(f[DurationField], "duration").value_or(0);
    if (span.durationNs < 0)
        r.fail("duration", QStringLiteral("must not be negative"));
    *shared = r.boolean(f[SharedField], "shared").value_or(false);

    // Scratch reused for every span; texts are views of the tape (or of m_texts).
    m_items.clear();
    const JsonValue tags = r.object(f[TagsField], "tags");
    for (JsonValue tag : tags) {
        // Tags are strings; other JSON values some clients send are kept as their text.
        Attributes::Utf8Item &item = m_items.emplace_back();
        item.key = tag.key();
        item.isText = true;
        if (tag.isString()) {
            item.text = tag.string();
        } else {
            const QByteArray text = tag.dump();
            item.text = m_texts.emplace_back(text.constData(), std::size_t(text.size()));
        }
    }
    std::string_view service;
    readEndpoints(r, f[LocalEndpointField], f[RemoteEndpointField], &service);
    readAnnotations(r, f[AnnotationsField], &span);
    if (!r.ok()) {
        m_out->reject(r.error());
        return std::nullopt;
    }

    const ConventionTags::Utf8Fields c = ConventionTags::extractMessageTags(&m_items);
    // Zipkin has no INTERNAL kind: an absent kind stays Unspecified, as Jaeger shows it.
    span.kind = kind.value_or(c.kind.value_or(SpanKind::Unspecified));
    span.status = c.status.value_or(StatusCode::Unset);
    span.setStatusMessage(c.statusMessage);
    if (!c.traceState.empty())
        span.setTraceState(Utf8Text::toQString(c.traceState));
    span.attributes = Attributes::fromUtf8(m_items);
    span.serviceId = Utf8Text::intern(service);
    // Keyed by the texts as written: texts that differ only by a byte order mark get equal
    // but separate origins.
    span.setOrigin(m_origins.get(std::tie(service, c.scopeName, c.scopeVersion), [&] {
        QSharedDataPointer<SpanOrigin> origin(new SpanOrigin);
        origin->resource =
            Attributes{{QStringLiteral("service.name"), Utf8Text::toQString(service)}};
        origin->scopeName = Utf8Text::toQString(c.scopeName);
        origin->scopeVersion = Utf8Text::toQString(c.scopeVersion);
        return origin;
    }));
    return span;
}

void ZipkinJsonDecoder::readEndpoints(JsonFieldReader &r, JsonValue localValue,
                                      JsonValue remoteValue, std::string_view *service)
{
    // Endpoint fields become the semantic-convention attributes OpenTelemetry's Zipkin
    // receiver uses; the local service name is the span's service.
    for (const bool local : {true, false}) {
        const char *key = local ? "localEndpoint" : "remoteEndpoint";
        const JsonValue endpoint = r.object(local ? localValue : remoteValue, key);
        if (!endpoint)
            continue;
        JsonFieldReader e(endpoint, r, key);
        JsonValue nameValue, ipv4Value, ipv6Value, portValue;
        for (const JsonValue member : endpoint) { // the last of duplicates wins, as find()
            const std::string_view name = member.key();
            if (name == "serviceName")
                nameValue = member;
            else if (name == "ipv4")
                ipv4Value = member;
            else if (name == "ipv6")
                ipv6Value = member;
            else if (name == "port")
                portValue = member;
        }
        auto add = [&](std::string_view attribute) -> Attributes::Utf8Item & {
            Attributes::Utf8Item &item = m_items.emplace_back();
            item.key = attribute;
            return item;
        };
        const auto name = e.utf8(nameValue, "serviceName");
        if (local) {
            *service = name.value_or(std::string_view());
        } else if (name && !Utf8Text::withoutBom(*name).empty()) {
            Attributes::Utf8Item &item = add("peer.service");
            item.text = *name;
            item.isText = true;
        }
        const auto ipv4 = e.utf8(ipv4Value, "ipv4");
        const auto ipv6 = e.utf8(ipv6Value, "ipv6");
        const std::string_view ip = ipv4 ? *ipv4 : ipv6.value_or(std::string_view());
        if (!Utf8Text::withoutBom(ip).empty()) {
            Attributes::Utf8Item &item = add(local ? "net.host.ip" : "net.peer.ip");
            item.text = ip;
            item.isText = true;
        }
        if (const auto port = e.int64(portValue, "port"); port && *port > 0)
            add(local ? "net.host.port" : "net.peer.port").value = *port;
        r.adopt(e);
    }
    if (Utf8Text::withoutBom(*service).empty())
        *service = "unknown";
}

void ZipkinJsonDecoder::readAnnotations(JsonFieldReader &r, JsonValue annotations, Span *span)
{
    r.forEachObject(r.array(annotations, "annotations"), "annotations", [&](JsonFieldReader &a) {
        SpanEvent event;
        event.timeNs = a.usAsNs("timestamp", Presence::Required).value_or(0);
        event.name = a.string("value", Presence::Required).value_or(QString());
        // OpenTelemetry's Zipkin exporters write an event with attributes as
        // `name: {"key":value,...}`.
        const qsizetype split = event.name.indexOf(QStringLiteral(": {"));
        JsonTape attrs;
        QString ignored;
        if (split > 0 && event.name.endsWith(u'}') &&
            attrs.parse(event.name.mid(split + 2).toStdString(), &ignored) &&
            attrs.root().isObject()) {
            event.attributes = JsonValues::toAttributes(attrs.root());
            event.name.truncate(split);
        }
        span->addEvent(std::move(event));
    });
}

void ZipkinJsonDecoder::splitSharedSpans(std::size_t first, const std::vector<bool> &shared)
{
    std::vector<Span> &spans = m_out->spans;
    auto isServer = [](const Span &s) { return s.kind == SpanKind::Server; };
    if (std::none_of(spans.begin() + std::ptrdiff_t(first), spans.end(), isServer))
        return;
    using Key = std::pair<TraceId, SpanId>;
    // Sorted vectors: one allocation each instead of a tree node per span. Any strict order
    // in which equivalence is equality will do: this one reads the ids as words.
    auto less = [](const Key &a, const Key &b) {
        auto words = [](const Key &k) {
            std::array<std::uint64_t, 4> w{};
            std::memcpy(&w[0], k.first.bytes(), 16);
            std::memcpy(&w[2], k.second.bytes(), 8);
            w[3] = std::uint64_t(k.first.encoding()) << 24 | std::uint64_t(k.first.size()) << 16 |
                   std::uint64_t(k.second.encoding()) << 8 | std::uint64_t(k.second.size());
            return w;
        };
        return words(a) < words(b);
    };
    std::vector<Key> clients; // a client and a server under one id share it, flagged or not
    std::vector<Key> taken;
    taken.reserve(spans.size() - first);
    for (std::size_t i = first; i < spans.size(); ++i) {
        taken.emplace_back(spans[i].traceId, spans[i].spanId);
        if (spans[i].kind == SpanKind::Client)
            clients.emplace_back(spans[i].traceId, spans[i].spanId);
    }
    std::sort(taken.begin(), taken.end(), less);
    std::sort(clients.begin(), clients.end(), less);
    std::set<Key> added; // ids given out here
    auto isTaken = [&](const Key &key) {
        return std::binary_search(taken.begin(), taken.end(), key, less) || added.count(key) > 0;
    };
    for (std::size_t i = first; i < spans.size(); ++i) {
        Span &s = spans[i];
        if (!isServer(s) ||
            !(shared[i - first] ||
              std::binary_search(clients.begin(), clients.end(), Key(s.traceId, s.spanId), less)))
            continue;
        SpanId id;
        for (int attempt = 0; !id.isValid() || isTaken({s.traceId, id}); ++attempt)
            id = deriveSharedSpanId(s.traceId, s.spanId, attempt);
        added.insert({s.traceId, id});
        s.parentSpanId = s.spanId;
        s.spanId = id;
    }
}

} // namespace traceflow
