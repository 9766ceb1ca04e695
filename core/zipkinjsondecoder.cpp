// SPDX-License-Identifier: MIT
#include "zipkinjsondecoder.h"

#include "conventiontags.h"

#include <QCryptographicHash>

#include <array>
#include <set>
#include <string>

namespace traceflow {

namespace {
using Presence = JsonFieldReader::Presence;

// QString::fromUtf8 of short texts, remembered per thread: tag keys and many tag values
// (methods, status codes, hosts) repeat in every span, and a QString copy only shares data.
// A collision only evicts; long texts are converted each time.
class RecentTexts
{
public:
    QString get(std::string_view utf8)
    {
        if (utf8.size() > MaxBytes)
            return QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
        std::size_t h = utf8.size();
        if (!utf8.empty()) {
            for (const char c : {utf8.front(), utf8[utf8.size() / 2], utf8.back()})
                h = h * 131 + static_cast<unsigned char>(c);
        }
        Slot &slot = m_slots[h % Slots];
        if (slot.utf8 != utf8) {
            slot.utf8.assign(utf8);
            slot.text = QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
        }
        return slot.text;
    }

private:
    static constexpr std::size_t Slots = 256;
    static constexpr std::size_t MaxBytes = 48;
    struct Slot
    {
        std::string utf8;
        QString text;
    };
    std::array<Slot, Slots> m_slots;
};

RecentTexts &recentTexts()
{
    thread_local RecentTexts texts;
    return texts;
}

// A Zipkin hex id: 16 hex digits, or 32 as well for trace ids; either case. An absent, empty
// or all-zero optional id (a parent) means none.
template<typename Id>
Id readId(JsonFieldReader &r, std::string_view key, bool isTrace, bool required)
{
    const JsonValue v = r.find(key);
    if (!v.isString() || v.string().empty()) {
        if (required || !v.isNull())
            r.fail(key, required ? QStringLiteral("must be a non-empty string")
                                 : QStringLiteral("must be a string"));
        return {};
    }
    const std::string_view text = v.string();
    const bool width = text.size() == 16 || (isTrace && text.size() == 32);
    const Id id = width ? Id::fromHex(text) : Id();
    if (id.isEmpty())
        r.fail(key, isTrace ? QStringLiteral("must be 16 or 32 hex digits")
                            : QStringLiteral("must be 16 hex digits"));
    else if (!id.isValid() && required)
        r.fail(key, QStringLiteral("must not be all zeroes"));
    return id.isValid() ? id : Id();
}

std::optional<SpanKind> kindFromZipkin(const QString &kind)
{
    for (SpanKind k :
         {SpanKind::Client, SpanKind::Server, SpanKind::Producer, SpanKind::Consumer}) {
        if (kind.compare(spanKindName(k), Qt::CaseInsensitive) == 0)
            return k;
    }
    return std::nullopt;
}
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
    Span span;
    span.traceId = readId<TraceId>(r, "traceId", true, true);
    span.spanId = readId<SpanId>(r, "id", false, true);
    span.parentSpanId = readId<SpanId>(r, "parentId", false, false);
    span.setOperation(r.string("name").value_or(QString()));
    std::optional<SpanKind> kind;
    if (const auto k = r.string("kind"); k && !(kind = kindFromZipkin(*k)))
        r.fail("kind", QStringLiteral("must be CLIENT, SERVER, PRODUCER or CONSUMER"));
    span.startNs = r.usAsNs("timestamp", Presence::Required).value_or(0);
    span.durationNs = r.usAsNs("duration").value_or(0);
    if (span.durationNs < 0)
        r.fail("duration", QStringLiteral("must not be negative"));
    *shared = r.boolean("shared").value_or(false);

    std::vector<Attributes::Item> attributes;
    const JsonValue tags = r.object("tags");
    attributes.reserve(tags.size() + 4);
    for (JsonValue tag : tags) {
        // Tags are strings; other JSON values some clients send are kept as their text.
        RecentTexts &texts = recentTexts();
        QString value = tag.isString() ? texts.get(tag.string()) : QString::fromUtf8(tag.dump());
        attributes.emplace_back(texts.get(tag.key()), std::move(value));
    }
    QString service;
    readEndpoints(r, &service, &attributes);
    readAnnotations(r, &span);
    if (!r.ok()) {
        m_out->reject(r.error());
        return std::nullopt;
    }

    const ConventionTags::Fields f =
        ConventionTags::extract(&attributes, ConventionTags::ErrorTag::Message);
    // Zipkin has no INTERNAL kind: an absent kind stays Unspecified, as Jaeger shows it.
    span.kind = kind.value_or(f.kind.value_or(SpanKind::Unspecified));
    span.status = f.status.value_or(StatusCode::Unset);
    span.setStatusMessage(f.statusMessage);
    span.setTraceState(f.traceState);
    span.attributes = Attributes(attributes);
    span.setService(service);
    span.setOrigin(m_origins.get(std::tie(service, f.scopeName, f.scopeVersion), [&] {
        QSharedDataPointer<SpanOrigin> origin(new SpanOrigin);
        origin->resource = Attributes{{QStringLiteral("service.name"), service}};
        origin->scopeName = f.scopeName;
        origin->scopeVersion = f.scopeVersion;
        return origin;
    }));
    return span;
}

void ZipkinJsonDecoder::readEndpoints(JsonFieldReader &r, QString *service,
                                      std::vector<Attributes::Item> *attributes)
{
    // Endpoint fields become the semantic-convention attributes OpenTelemetry's Zipkin
    // receiver uses; the local service name is the span's service.
    for (const bool local : {true, false}) {
        const char *key = local ? "localEndpoint" : "remoteEndpoint";
        const JsonValue endpoint = r.object(key);
        if (!endpoint)
            continue;
        JsonFieldReader e(endpoint, r, key);
        const auto name = e.string("serviceName");
        if (local)
            *service = name.value_or(QString());
        else if (name && !name->isEmpty())
            attributes->emplace_back(QStringLiteral("peer.service"), *name);
        const auto ip = e.string("ipv4").value_or(e.string("ipv6").value_or(QString()));
        if (!ip.isEmpty())
            attributes->emplace_back(
                local ? QStringLiteral("net.host.ip") : QStringLiteral("net.peer.ip"), ip);
        if (const auto port = e.int64("port"); port && *port > 0)
            attributes->emplace_back(
                local ? QStringLiteral("net.host.port") : QStringLiteral("net.peer.port"), *port);
        r.adopt(e);
    }
    if (service->isEmpty())
        *service = QStringLiteral("unknown");
}

void ZipkinJsonDecoder::readAnnotations(JsonFieldReader &r, Span *span)
{
    int index = 0;
    for (JsonValue annotation : r.array("annotations")) {
        JsonFieldReader a(annotation, r, "annotations", index++);
        if (!annotation.isObject()) {
            a.failAt(QStringLiteral(": must be an object"));
        } else {
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
        }
        r.adopt(a);
        if (!r.ok())
            return;
    }
}

void ZipkinJsonDecoder::splitSharedSpans(std::size_t first, const std::vector<bool> &shared)
{
    std::vector<Span> &spans = m_out->spans;
    auto isServer = [](const Span &s) { return s.kind == SpanKind::Server; };
    if (std::none_of(spans.begin() + std::ptrdiff_t(first), spans.end(), isServer))
        return;
    using Key = std::pair<TraceId, SpanId>;
    std::set<Key> clients; // a client and a server under one id share it, flagged or not
    std::set<Key> taken;
    for (std::size_t i = first; i < spans.size(); ++i) {
        taken.insert({spans[i].traceId, spans[i].spanId});
        if (spans[i].kind == SpanKind::Client)
            clients.insert({spans[i].traceId, spans[i].spanId});
    }
    for (std::size_t i = first; i < spans.size(); ++i) {
        Span &s = spans[i];
        if (!isServer(s) || !(shared[i - first] || clients.count({s.traceId, s.spanId})))
            continue;
        SpanId id;
        for (int attempt = 0; !id.isValid() || taken.count({s.traceId, id}); ++attempt)
            id = deriveSharedSpanId(s.traceId, s.spanId, attempt);
        taken.insert({s.traceId, id});
        s.parentSpanId = s.spanId;
        s.spanId = id;
    }
}

} // namespace traceflow
