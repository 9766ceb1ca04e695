// SPDX-License-Identifier: MIT
#include "otlpprotobufreader.h"

#include "otlpanyvalue.h"
#include "protobuffields.h"

#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

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

QString text(std::string_view utf8)
{
    return QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size()));
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
    std::vector<std::string_view> scopes;
    while (f.next()) {
        if (f.is(otrace::ResourceSpans::kResourceFieldNumber, Length))
            resourceBytes = f.bytes();
        else if (f.is(otrace::ResourceSpans::kScopeSpansFieldNumber, Length))
            scopes.push_back(f.bytes());
        else
            f.skip();
    }
    if (f.failed())
        return false;
    std::vector<std::string_view> keyValues;
    Fields r(resourceBytes);
    while (r.next()) {
        if (r.is(oresource::Resource::kAttributesFieldNumber, Length))
            keyValues.push_back(r.bytes());
        else
            r.skip();
    }
    Attributes resource;
    if (r.failed() || !readAttributes(keyValues, &resource))
        return false;
    // OpenTelemetry's rule: a resource without service.name is "unknown_service".
    QString service = resource.value(u"service.name").toString();
    if (service.isEmpty())
        service = QStringLiteral("unknown_service");
    const StringPool::Id serviceId = StringPool::instance().intern(service);
    for (std::string_view scope : scopes) {
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
    std::vector<std::string_view> spans;
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
            spans.push_back(f.bytes());
        } else {
            f.skip();
        }
    }
    if (f.failed())
        return false;
    std::vector<Span> &out = m_out->spans;
    if (out.capacity() < out.size() + spans.size())
        out.reserve(std::max(out.size() + spans.size(), 2 * out.capacity()));
    for (std::string_view bytes : spans) {
        Span span;
        QString why;
        if (!readSpan(bytes, &span, &why))
            return false;
        if (!why.isEmpty()) {
            m_out->reject(QStringLiteral("span %1: %2").arg(m_index).arg(why));
        } else {
            span.serviceId = service;
            span.setOrigin(origin);
            out.push_back(std::move(span));
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
    std::vector<std::string_view> attributes, events, links;
    std::uint64_t start = 0, end = 0;
    while (f.next()) {
        if (f.is(S::kTraceIdFieldNumber, Length))
            traceId = f.bytes();
        else if (f.is(S::kSpanIdFieldNumber, Length))
            spanId = f.bytes();
        else if (f.is(S::kParentSpanIdFieldNumber, Length))
            parentId = f.bytes();
        else if (f.is(S::kTraceStateFieldNumber, Length))
            span->setTraceState(text(f.bytes()));
        else if (f.is(S::kNameFieldNumber, Length))
            span->operationId = StringPool::instance().intern(f.bytes());
        else if (f.is(S::kKindFieldNumber, Varint)) {
            const std::uint64_t kind = f.varint();
            span->kind = kind <= 5 ? static_cast<SpanKind>(kind) : SpanKind::Unspecified;
        } else if (f.is(S::kStartTimeUnixNanoFieldNumber, Fixed64))
            start = f.fixed64();
        else if (f.is(S::kEndTimeUnixNanoFieldNumber, Fixed64))
            end = f.fixed64();
        else if (f.is(S::kAttributesFieldNumber, Length))
            attributes.push_back(f.bytes());
        else if (f.is(S::kEventsFieldNumber, Length))
            events.push_back(f.bytes());
        else if (f.is(S::kLinksFieldNumber, Length))
            links.push_back(f.bytes());
        else if (f.is(S::kStatusFieldNumber, Length))
            status = f.bytes();
        else
            f.skip();
    }
    if (f.failed())
        return false;

    // The rules of OtlpJson, with the field names of the protobuf form.
    constexpr auto maxTime = static_cast<std::uint64_t>(std::numeric_limits<qint64>::max());
    if (!readId(traceId, 16, &span->traceId))
        *why = QStringLiteral("trace_id must be 16 bytes and not all zero");
    else if (!readId(spanId, 8, &span->spanId))
        *why = QStringLiteral("span_id must be 8 bytes and not all zero");
    else if (!parentId.empty() && parentId.size() != 8)
        *why = QStringLiteral("parent_span_id must be empty or 8 bytes");
    else if (start == 0)
        *why = QStringLiteral("start_time_unix_nano must be set");
    else if (start > maxTime || end > maxTime)
        *why = QStringLiteral("timestamp out of range");
    else if (end < start)
        *why = QStringLiteral("end_time_unix_nano is before start_time_unix_nano");
    if (!parentId.empty() && why->isEmpty() && !readId(parentId, 8, &span->parentSpanId))
        span->parentSpanId = {}; // an all-zero parent means "no parent"
    span->startNs = static_cast<qint64>(start);
    span->durationNs = static_cast<qint64>(end - start);
    if (!readAttributes(attributes, &span->attributes))
        return false;

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

    for (std::string_view bytes : events) {
        using E = otrace::Span::Event;
        SpanEvent event;
        std::vector<std::string_view> keyValues;
        Fields e(bytes);
        while (e.next()) {
            if (e.is(E::kTimeUnixNanoFieldNumber, Fixed64))
                event.timeNs = static_cast<qint64>(std::min(e.fixed64(), maxTime));
            else if (e.is(E::kNameFieldNumber, Length))
                event.name = text(e.bytes());
            else if (e.is(E::kAttributesFieldNumber, Length))
                keyValues.push_back(e.bytes());
            else
                e.skip();
        }
        if (e.failed() || !readAttributes(keyValues, &event.attributes))
            return false;
        span->addEvent(std::move(event));
    }

    for (std::string_view bytes : links) {
        using L = otrace::Span::Link;
        SpanLink link;
        std::string_view linkTrace, linkSpan;
        std::vector<std::string_view> keyValues;
        Fields l(bytes);
        while (l.next()) {
            if (l.is(L::kTraceIdFieldNumber, Length))
                linkTrace = l.bytes();
            else if (l.is(L::kSpanIdFieldNumber, Length))
                linkSpan = l.bytes();
            else if (l.is(L::kTraceStateFieldNumber, Length))
                link.traceState = text(l.bytes());
            else if (l.is(L::kAttributesFieldNumber, Length))
                keyValues.push_back(l.bytes());
            else
                l.skip();
        }
        if (l.failed() || !readAttributes(keyValues, &link.attributes))
            return false;
        if ((!readId(linkTrace, 16, &link.traceId) || !readId(linkSpan, 8, &link.spanId))
            && why->isEmpty())
            *why = QStringLiteral("links need a 16-byte trace_id and an 8-byte span_id, not all "
                                  "zero");
        span->addLink(std::move(link));
    }
    return true;
}

bool OtlpProtobufReader::readAttributes(const std::vector<std::string_view> &keyValues,
                                        Attributes *out)
{
    if (keyValues.empty())
        return true;
    std::vector<Attributes::Item> items;
    items.reserve(keyValues.size());
    for (std::string_view bytes : keyValues) {
        std::string_view keyBytes, valueBytes;
        Fields kv(bytes);
        while (kv.next()) {
            if (kv.is(common::KeyValue::kKeyFieldNumber, Length))
                keyBytes = kv.bytes();
            else if (kv.is(common::KeyValue::kValueFieldNumber, Length))
                valueBytes = kv.bytes();
            else
                kv.skip();
        }
        AttributeValue value;
        if (kv.failed() || !OtlpAnyValue::read(valueBytes, &value))
            return false;
        items.emplace_back(key(keyBytes), std::move(value));
    }
    *out = Attributes(items);
    return true;
}

const QString &OtlpProtobufReader::key(std::string_view utf8)
{
    const QByteArray lookup =
        QByteArray::fromRawData(utf8.data(), static_cast<qsizetype>(utf8.size()));
    auto it = m_keys.constFind(lookup);
    if (it == m_keys.constEnd())
        it = m_keys.insert(QByteArray(utf8.data(), static_cast<qsizetype>(utf8.size())), text(utf8));
    return *it;
}

} // namespace traceflow
