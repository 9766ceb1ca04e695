// SPDX-License-Identifier: MIT
#include "otlpprotobuf.h"

#include "otlpprotobufreader.h"

#include "google/rpc/status.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

#include <google/protobuf/arena.h>

#include <QCryptographicHash>

#include <limits>

namespace traceflow {

namespace {

namespace common = opentelemetry::proto::common::v1;
namespace otrace = opentelemetry::proto::trace::v1;
namespace ocollector = opentelemetry::proto::collector::trace::v1;
using KeyValues = google::protobuf::RepeatedPtrField<common::KeyValue>;

QString fromUtf8(const std::string &s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

std::string toUtf8(const QString &s)
{
    return s.toStdString();
}

void setValue(common::AnyValue *out, const AttributeValue &v)
{
    switch (v.type()) {
    case AttributeValue::Type::Empty: break;
    case AttributeValue::Type::String: out->set_string_value(toUtf8(v.toString())); break;
    case AttributeValue::Type::Bool: out->set_bool_value(v.toBool()); break;
    case AttributeValue::Type::Int: out->set_int_value(v.toInt()); break;
    case AttributeValue::Type::Double: out->set_double_value(v.toDouble()); break;
    case AttributeValue::Type::StringArray:
        for (const QString &s : v.toStringList())
            out->mutable_array_value()->add_values()->set_string_value(toUtf8(s));
        break;
    case AttributeValue::Type::BoolArray:
        for (bool b : v.toBoolList())
            out->mutable_array_value()->add_values()->set_bool_value(b);
        break;
    case AttributeValue::Type::IntArray:
        for (qint64 i : v.toIntList())
            out->mutable_array_value()->add_values()->set_int_value(i);
        break;
    case AttributeValue::Type::DoubleArray:
        for (double d : v.toDoubleList())
            out->mutable_array_value()->add_values()->set_double_value(d);
        break;
    }
}

void setAttributes(KeyValues *out, const Attributes &attributes)
{
    for (int i = 0; i < attributes.size(); ++i) {
        common::KeyValue *kv = out->Add();
        kv->set_key(toUtf8(attributes.keyAt(i)));
        setValue(kv->mutable_value(), attributes.valueAt(i));
    }
}

// An id as the `bytes`-wide binary OTLP requires: hex ids left-padded with zeroes (64-bit
// Zipkin trace ids), text ids by the first bytes of their SHA-256, as OtlpJson does.
template<typename Id>
std::string binaryId(const Id &id, std::size_t bytes)
{
    if (id.isEmpty())
        return {};
    if (id.isHex()) {
        const std::string_view raw = id.rawBytes();
        return std::string(bytes - std::min(bytes, raw.size()), '\0') + std::string(raw);
    }
    const QByteArray digest =
        QCryptographicHash::hash(id.toString().toUtf8(), QCryptographicHash::Sha256);
    return digest.left(static_cast<qsizetype>(bytes)).toStdString();
}

google::protobuf::ArenaOptions arenaOptions(std::size_t hint)
{
    google::protobuf::ArenaOptions options;
    options.start_block_size = std::clamp<std::size_t>(hint, 4096, 1 << 20);
    options.max_block_size = 8 << 20;
    return options;
}

} // namespace

bool OtlpProtobuf::decode(std::string_view body, DecodedBatch *out, QString *error)
{
    return OtlpProtobufReader(out).read(body, error);
}

QByteArray OtlpProtobuf::encode(const std::vector<Span> &spans)
{
    google::protobuf::Arena arena(arenaOptions(spans.size() * 512));
    auto *request = google::protobuf::Arena::CreateMessage<ocollector::ExportTraceServiceRequest>(
        &arena);
    otrace::ScopeSpans *scope = nullptr;
    const SpanOrigin *lastOrigin = nullptr;
    StringPool::Id lastService = 0;
    for (const Span &span : spans) {
        if (!scope || span.origin().constData() != lastOrigin || span.serviceId != lastService) {
            lastOrigin = span.origin().constData();
            lastService = span.serviceId;
            otrace::ResourceSpans *rs = request->add_resource_spans();
            Attributes resource = span.resource();
            resource.insert(QStringLiteral("service.name"), span.service());
            setAttributes(rs->mutable_resource()->mutable_attributes(), resource);
            scope = rs->add_scope_spans();
            if (!span.scopeName().isEmpty())
                scope->mutable_scope()->set_name(toUtf8(span.scopeName()));
            if (!span.scopeVersion().isEmpty())
                scope->mutable_scope()->set_version(toUtf8(span.scopeVersion()));
        }
        otrace::Span *s = scope->add_spans();
        s->set_trace_id(binaryId(span.traceId, 16));
        s->set_span_id(binaryId(span.spanId, 8));
        if (!span.parentSpanId.isEmpty())
            s->set_parent_span_id(binaryId(span.parentSpanId, 8));
        s->set_name(toUtf8(span.operation()));
        s->set_kind(static_cast<otrace::Span::SpanKind>(span.kind));
        s->set_start_time_unix_nano(static_cast<std::uint64_t>(span.startNs));
        s->set_end_time_unix_nano(static_cast<std::uint64_t>(span.endNs()));
        if (!span.traceState().isEmpty())
            s->set_trace_state(toUtf8(span.traceState()));
        setAttributes(s->mutable_attributes(), span.attributes);
        if (span.status != StatusCode::Unset || !span.statusMessage().isEmpty()) {
            s->mutable_status()->set_code(span.status == StatusCode::Error
                                              ? otrace::Status::STATUS_CODE_ERROR
                                          : span.status == StatusCode::Ok
                                              ? otrace::Status::STATUS_CODE_OK
                                              : otrace::Status::STATUS_CODE_UNSET);
            s->mutable_status()->set_message(toUtf8(span.statusMessage()));
        }
        for (const SpanEvent &event : span.events()) {
            otrace::Span::Event *e = s->add_events();
            e->set_time_unix_nano(static_cast<std::uint64_t>(event.timeNs));
            e->set_name(toUtf8(event.name));
            setAttributes(e->mutable_attributes(), event.attributes);
        }
        for (const SpanLink &link : span.links()) {
            otrace::Span::Link *l = s->add_links();
            l->set_trace_id(binaryId(link.traceId, 16));
            l->set_span_id(binaryId(link.spanId, 8));
            l->set_trace_state(toUtf8(link.traceState));
            setAttributes(l->mutable_attributes(), link.attributes);
        }
    }
    QByteArray out(static_cast<qsizetype>(request->ByteSizeLong()), Qt::Uninitialized);
    request->SerializeWithCachedSizesToArray(reinterpret_cast<std::uint8_t *>(out.data()));
    return out;
}

QByteArray OtlpProtobuf::encodeResponse(qint64 rejectedSpans, const QString &errorMessage)
{
    ocollector::ExportTraceServiceResponse response;
    if (rejectedSpans > 0) {
        response.mutable_partial_success()->set_rejected_spans(rejectedSpans);
        response.mutable_partial_success()->set_error_message(toUtf8(errorMessage));
    }
    return QByteArray::fromStdString(response.SerializeAsString());
}

bool OtlpProtobuf::decodeResponse(std::string_view body, qint64 *rejectedSpans, QString *errorMessage)
{
    ocollector::ExportTraceServiceResponse response;
    if (!response.ParseFromArray(body.data(), static_cast<int>(body.size())))
        return false;
    *rejectedSpans = response.partial_success().rejected_spans();
    *errorMessage = fromUtf8(response.partial_success().error_message());
    return true;
}

QByteArray OtlpProtobuf::encodeStatus(int code, const QString &message)
{
    google::rpc::Status status;
    status.set_code(code);
    status.set_message(toUtf8(message));
    return QByteArray::fromStdString(status.SerializeAsString());
}

bool OtlpProtobuf::decodeStatus(std::string_view body, int *code, QString *message)
{
    google::rpc::Status status;
    if (!status.ParseFromArray(body.data(), static_cast<int>(body.size())))
        return false;
    *code = status.code();
    *message = fromUtf8(status.message());
    return true;
}

} // namespace traceflow
