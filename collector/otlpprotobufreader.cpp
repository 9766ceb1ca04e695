// SPDX-License-Identifier: MIT
#include "otlpprotobufreader.h"

#include "otlpanyvalue.h"
#include "protobuffields.h"

#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

#include <cstring>
#include <limits>

namespace traceflow {

namespace {
namespace common = opentelemetry::proto::common::v1;
namespace otrace = opentelemetry::proto::trace::v1;
namespace oresource = opentelemetry::proto::resource::v1;
namespace ocollector = opentelemetry::proto::collector::trace::v1;

using Fields = ProtobufFields;
constexpr auto Varint = ProtobufFields::Varint;
constexpr auto Fixed64 = ProtobufFields::Fixed64;
constexpr auto Length = ProtobufFields::Length;

constexpr auto MaxTime = static_cast<std::uint64_t>(std::numeric_limits<qint64>::max());

QString text(std::string_view utf8)
{
    return QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size()));
}

// Word-wide, with overlapping loads for the tail: keys and most values are short ASCII.
bool isAscii(std::string_view s)
{
    const char *p = s.data();
    const std::size_t n = s.size();
    if (n >= 8) {
        std::uint64_t bits = 0;
        std::uint64_t word;
        for (std::size_t i = 0; i + 8 <= n; i += 8) {
            std::memcpy(&word, p + i, sizeof word);
            bits |= word;
        }
        std::memcpy(&word, p + n - 8, sizeof word);
        return ((bits | word) & 0x8080808080808080u) == 0;
    }
    if (n >= 4) {
        std::uint32_t head, tail;
        std::memcpy(&head, p, sizeof head);
        std::memcpy(&tail, p + n - 4, sizeof tail);
        return ((head | tail) & 0x80808080u) == 0;
    }
    unsigned bits = 0;
    for (std::size_t i = 0; i < n; ++i)
        bits |= static_cast<unsigned char>(p[i]);
    return (bits & 0x80) == 0;
}

template<typename Id>
bool readId(std::string_view bytes, std::size_t width, Id *id)
{
    if (bytes.size() != width)
        return false;
    *id = Id::fromBytes(bytes.data(), bytes.size());
    return id->isValid();
}
} // namespace

bool OtlpProtobufReader::read(std::string_view body, QString *error)
{
    if (body.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        *error = QStringLiteral("body too large for protobuf");
        return false;
    }
    Fields request(body);
    bool ok = true;
    while (ok && request.next()) {
        if (request.is(ocollector::ExportTraceServiceRequest::kResourceSpansFieldNumber,
                       Length)) {
            const std::string_view bytes = request.bytes();
            ok = !request.failed() && readResourceSpans(bytes);
        } else {
            request.skip();
        }
    }
    if (!ok || request.failed()) {
        *error = QStringLiteral("body is not a valid OTLP ExportTraceServiceRequest");
        return false;
    }
    return true;
}

bool OtlpProtobufReader::readResourceSpans(std::string_view bytes)
{
    // Fields may come in any order: gather first, then read the resource before its spans.
    Fields f(bytes);
    std::string_view resourceBytes;
    m_scopes.clear();
    while (f.next()) {
        if (f.is(otrace::ResourceSpans::kResourceFieldNumber, Length))
            resourceBytes = f.bytes();
        else if (f.is(otrace::ResourceSpans::kScopeSpansFieldNumber, Length))
            m_scopes.push_back(f.bytes());
        else
            f.skip();
    }
    if (f.failed())
        return false;
    m_items.clear();
    Fields r(resourceBytes);
    while (r.next()) {
        if (r.is(oresource::Resource::kAttributesFieldNumber, Length)) {
            if (!readKeyValue(r.bytes()))
                return false;
        } else {
            r.skip();
        }
    }
    if (r.failed())
        return false;
    const Attributes resource = takeAttributes();
    // OpenTelemetry's rule: a resource without service.name is "unknown_service".
    QString service = resource.value(u"service.name").toString();
    if (service.isEmpty())
        service = QStringLiteral("unknown_service");
    const StringPool::Id serviceId = StringPool::instance().intern(service);
    // readScopeSpans() does not touch m_scopes, so the views stay put while we walk them.
    for (std::string_view scope : m_scopes) {
        if (!readScopeSpans(scope, resource, serviceId))
            return false;
    }
    return true;
}

bool OtlpProtobufReader::readScopeSpans(std::string_view bytes, const Attributes &resource,
                                        StringPool::Id service)
{
    Fields f(bytes);
    QSharedDataPointer<SpanOrigin> origin(new SpanOrigin);
    origin->resource = resource;
    m_spans.clear();
    while (f.next()) {
        if (f.is(otrace::ScopeSpans::kScopeFieldNumber, Length)) {
            Fields scope(f.bytes());
            while (scope.next()) {
                if (scope.is(common::InstrumentationScope::kNameFieldNumber, Length))
                    origin->scopeName = text(scope.bytes());
                else if (scope.is(common::InstrumentationScope::kVersionFieldNumber,
                                  Length))
                    origin->scopeVersion = text(scope.bytes());
                else
                    scope.skip();
            }
            if (scope.failed())
                return false;
        } else if (f.is(otrace::ScopeSpans::kSpansFieldNumber, Length)) {
            m_spans.push_back(f.bytes());
        } else {
            f.skip();
        }
    }
    if (f.failed())
        return false;
    std::vector<Span> &out = m_out->spans;
    if (out.capacity() < out.size() + m_spans.size())
        out.reserve(std::max(out.size() + m_spans.size(), 2 * out.capacity()));
    QString why;
    for (std::string_view spanBytes : m_spans) {
        // Built in place: a rejected span is taken back out.
        Span &span = out.emplace_back();
        if (!readSpan(spanBytes, &span, &why)) {
            out.pop_back();
            return false;
        }
        if (!why.isEmpty()) {
            out.pop_back();
            m_out->reject(QStringLiteral("span %1: %2").arg(m_index).arg(why));
            why.clear();
        } else {
            span.serviceId = service;
            span.setOrigin(origin);
        }
        ++m_index;
    }
    return true;
}

bool OtlpProtobufReader::readSpan(std::string_view bytes, Span *span, QString *why)
{
    using S = otrace::Span;
    Fields f(bytes);
    std::string_view traceId, spanId, parentId, status;
    std::uint64_t start = 0, end = 0;
    m_items.clear();
    m_events.clear();
    m_links.clear();
    while (f.next()) {
        switch (f.tag()) {
        case Fields::tag(S::kTraceIdFieldNumber, Length): traceId = f.bytes(); break;
        case Fields::tag(S::kSpanIdFieldNumber, Length): spanId = f.bytes(); break;
        case Fields::tag(S::kParentSpanIdFieldNumber, Length): parentId = f.bytes(); break;
        case Fields::tag(S::kTraceStateFieldNumber, Length):
            span->setTraceState(text(f.bytes()));
            break;
        case Fields::tag(S::kNameFieldNumber, Length):
            span->operationId = StringPool::instance().intern(f.bytes());
            break;
        case Fields::tag(S::kKindFieldNumber, Varint): {
            const std::uint64_t kind = f.varint();
            span->kind = kind <= 5 ? static_cast<SpanKind>(kind) : SpanKind::Unspecified;
            break;
        }
        case Fields::tag(S::kStartTimeUnixNanoFieldNumber, Fixed64): start = f.fixed64(); break;
        case Fields::tag(S::kEndTimeUnixNanoFieldNumber, Fixed64): end = f.fixed64(); break;
        case Fields::tag(S::kAttributesFieldNumber, Length):
            if (!readKeyValue(f.bytes()))
                return false;
            break;
        case Fields::tag(S::kEventsFieldNumber, Length): m_events.push_back(f.bytes()); break;
        case Fields::tag(S::kLinksFieldNumber, Length): m_links.push_back(f.bytes()); break;
        case Fields::tag(S::kStatusFieldNumber, Length): status = f.bytes(); break;
        default: f.skip(); break;
        }
    }
    if (f.failed())
        return false;

    // The rules of OtlpJson, with the field names of the protobuf form.
    if (!readId(traceId, 16, &span->traceId))
        *why = QStringLiteral("trace_id must be 16 bytes and not all zero");
    else if (!readId(spanId, 8, &span->spanId))
        *why = QStringLiteral("span_id must be 8 bytes and not all zero");
    else if (!parentId.empty() && parentId.size() != 8)
        *why = QStringLiteral("parent_span_id must be empty or 8 bytes");
    else if (start == 0)
        *why = QStringLiteral("start_time_unix_nano must be set");
    else if (start > MaxTime || end > MaxTime)
        *why = QStringLiteral("timestamp out of range");
    else if (end < start)
        *why = QStringLiteral("end_time_unix_nano is before start_time_unix_nano");
    if (!parentId.empty() && why->isEmpty() && !readId(parentId, 8, &span->parentSpanId))
        span->parentSpanId = {}; // an all-zero parent means "no parent"
    span->startNs = static_cast<qint64>(start);
    span->durationNs = static_cast<qint64>(end - start);
    span->attributes = takeAttributes();

    Fields s(status);
    while (s.next()) {
        if (s.is(otrace::Status::kCodeFieldNumber, Varint)) {
            const std::uint64_t code = s.varint();
            span->status = code == otrace::Status::STATUS_CODE_OK      ? StatusCode::Ok
                : code == otrace::Status::STATUS_CODE_ERROR ? StatusCode::Error
                                                            : StatusCode::Unset;
        } else if (s.is(otrace::Status::kMessageFieldNumber, Length)) {
            span->setStatusMessage(text(s.bytes()));
        } else {
            s.skip();
        }
    }
    if (s.failed())
        return false;
    for (std::string_view event : m_events) {
        if (!readEvent(event, span))
            return false;
    }
    for (std::string_view link : m_links) {
        if (!readLink(link, span, why))
            return false;
    }
    return true;
}

bool OtlpProtobufReader::readEvent(std::string_view bytes, Span *span)
{
    using E = otrace::Span::Event;
    SpanEvent event;
    Fields e(bytes);
    m_items.clear();
    while (e.next()) {
        if (e.is(E::kTimeUnixNanoFieldNumber, Fixed64)) {
            event.timeNs = static_cast<qint64>(std::min(e.fixed64(), MaxTime));
        } else if (e.is(E::kNameFieldNumber, Length)) {
            event.name = text(e.bytes());
        } else if (e.is(E::kAttributesFieldNumber, Length)) {
            if (!readKeyValue(e.bytes()))
                return false;
        } else {
            e.skip();
        }
    }
    if (e.failed())
        return false;
    event.attributes = takeAttributes();
    span->addEvent(std::move(event));
    return true;
}

bool OtlpProtobufReader::readLink(std::string_view bytes, Span *span, QString *why)
{
    using L = otrace::Span::Link;
    SpanLink link;
    std::string_view linkTrace, linkSpan;
    Fields l(bytes);
    m_items.clear();
    while (l.next()) {
        if (l.is(L::kTraceIdFieldNumber, Length)) {
            linkTrace = l.bytes();
        } else if (l.is(L::kSpanIdFieldNumber, Length)) {
            linkSpan = l.bytes();
        } else if (l.is(L::kTraceStateFieldNumber, Length)) {
            link.traceState = text(l.bytes());
        } else if (l.is(L::kAttributesFieldNumber, Length)) {
            if (!readKeyValue(l.bytes()))
                return false;
        } else {
            l.skip();
        }
    }
    if (l.failed())
        return false;
    link.attributes = takeAttributes();
    if ((!readId(linkTrace, 16, &link.traceId) || !readId(linkSpan, 8, &link.spanId))
        && why->isEmpty())
        *why = QStringLiteral("links need a 16-byte trace_id and an 8-byte span_id, not all "
                              "zero");
    span->addLink(std::move(link));
    return true;
}

bool OtlpProtobufReader::readKeyValue(std::string_view bytes)
{
    std::string_view key, value;
    // What every encoder writes: key (field 1) then value (field 2), each under 128 bytes and
    // nothing else. Any other layout takes the general walk, which reads these bytes the same.
    const auto *p = reinterpret_cast<const std::uint8_t *>(bytes.data());
    const std::size_t n = bytes.size();
    constexpr auto keyTag = Fields::tag(common::KeyValue::kKeyFieldNumber, Length);
    constexpr auto valueTag = Fields::tag(common::KeyValue::kValueFieldNumber, Length);
    if (n >= 4 && p[0] == keyTag && p[1] < 0x80 && std::size_t(p[1]) + 4 <= n
        && p[p[1] + 2] == valueTag && p[p[1] + 3] < 0x80
        && std::size_t(p[1]) + p[p[1] + 3] + 4 == n) {
        key = bytes.substr(2, p[1]);
        value = bytes.substr(std::size_t(p[1]) + 4);
    } else if (!OtlpAnyValue::splitKeyValue(bytes, &key, &value)) {
        return false;
    }
    Attributes::Utf8Item &item = m_items.emplace_back();
    if (!OtlpAnyValue::read(value, &item))
        return false;
    item.key = isAscii(key) ? key : repairedUtf8(key);
    if (item.isText && !isAscii(item.text))
        item.text = repairedUtf8(item.text);
    return true;
}

Attributes OtlpProtobufReader::takeAttributes()
{
    if (m_items.empty())
        return {};
    Attributes attributes = Attributes::fromUtf8(m_items);
    m_items.clear();
    m_repaired.clear();
    return attributes;
}

std::string_view OtlpProtobufReader::repairedUtf8(std::string_view bytes)
{
    QByteArray repaired = text(bytes).toUtf8();
    if (std::string_view(repaired.constData(), static_cast<std::size_t>(repaired.size()))
        == bytes)
        return bytes;
    // The vector may move the QByteArrays, not their heap data: the view stays valid.
    m_repaired.push_back(std::move(repaired));
    return {m_repaired.back().constData(), static_cast<std::size_t>(m_repaired.back().size())};
}

} // namespace traceflow
