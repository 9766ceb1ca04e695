// SPDX-License-Identifier: MIT
#include "otlpencoder.h"

#include "protowriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace traceflow::sdk {

namespace {

struct ScopeGroup
{
    const InstrumentationScope *scope = nullptr;
    QList<const SpanData *> spans;
};

struct ResourceGroup
{
    const Resource *resource = nullptr;
    QList<ScopeGroup> scopes;
};

QList<ResourceGroup> group(const QList<SpanData> &spans)
{
    static const Resource emptyResource;
    static const InstrumentationScope emptyScope;
    QList<ResourceGroup> groups;
    for (const SpanData &span : spans) {
        const Resource *resource = span.resource ? span.resource.get() : &emptyResource;
        const InstrumentationScope *scope = span.scope ? span.scope.get() : &emptyScope;
        auto resourceIt = std::find_if(groups.begin(), groups.end(), [&](const auto &g) {
            return g.resource == resource;
        });
        if (resourceIt == groups.end())
            resourceIt = groups.insert(groups.end(), ResourceGroup{resource, {}});
        auto scopeIt = std::find_if(resourceIt->scopes.begin(), resourceIt->scopes.end(),
                                    [&](const auto &g) { return g.scope == scope; });
        if (scopeIt == resourceIt->scopes.end())
            scopeIt = resourceIt->scopes.insert(resourceIt->scopes.end(), ScopeGroup{scope, {}});
        scopeIt->spans.append(&span);
    }
    return groups;
}

// ---- protobuf ------------------------------------------------------------------------

ProtoWriter anyValue(const QVariant &value);

ProtoWriter keyValue(const QString &key, const QVariant &value)
{
    ProtoWriter kv; // KeyValue: 1 key, 2 value
    kv.writeString(1, key);
    kv.writeMessage(2, anyValue(value));
    return kv;
}

// AnyValue: 1 string, 2 bool, 3 int64, 4 double, 5 ArrayValue, 6 KeyValueList, 7 bytes
ProtoWriter anyValue(const QVariant &value)
{
    ProtoWriter any;
    switch (value.typeId()) {
    case QMetaType::Bool:
        any.writeBool(2, value.toBool());
        break;
    case QMetaType::Int: case QMetaType::UInt: case QMetaType::LongLong:
    case QMetaType::ULongLong: case QMetaType::Short: case QMetaType::UShort:
    case QMetaType::Long: case QMetaType::ULong:
        any.writeInt64(3, value.toLongLong());
        break;
    case QMetaType::Double: case QMetaType::Float:
        any.writeDouble(4, value.toDouble());
        break;
    case QMetaType::QByteArray:
        any.writeBytes(7, value.toByteArray());
        break;
    case QMetaType::QStringList: case QMetaType::QVariantList: {
        ProtoWriter array; // ArrayValue: 1 repeated AnyValue
        for (const QVariant &item : value.toList())
            array.writeMessage(1, anyValue(item));
        any.writeMessage(5, array);
        break;
    }
    case QMetaType::QVariantMap: {
        ProtoWriter list; // KeyValueList: 1 repeated KeyValue
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            list.writeMessage(1, keyValue(it.key(), it.value()));
        any.writeMessage(6, list);
        break;
    }
    default:
        any.writeString(1, value.toString());
        break;
    }
    return any;
}

void writeAttributes(ProtoWriter &message, quint32 field, const Attributes &attributes)
{
    for (const Attribute &attribute : attributes)
        message.writeMessage(field, keyValue(attribute.key, attribute.value));
}

ProtoWriter spanMessage(const SpanData &span)
{
    ProtoWriter out; // opentelemetry.proto.trace.v1.Span
    out.writeBytes(1, span.traceId.toRawBytes());
    out.writeBytes(2, span.spanId.toRawBytes());
    if (!span.traceState.isEmpty())
        out.writeBytes(3, span.traceState.toHeader());
    if (span.parentSpanId.isValid())
        out.writeBytes(4, span.parentSpanId.toRawBytes());
    out.writeString(5, span.name);
    out.writeVarint(6, quint64(OtlpEncoder::kindValue(span.kind)));
    out.writeFixed64(7, quint64(span.startUnixNs));
    out.writeFixed64(8, quint64(span.endUnixNs));
    writeAttributes(out, 9, span.attributes);
    if (span.droppedAttributes > 0)
        out.writeVarint(10, quint64(span.droppedAttributes));
    for (const SpanEvent &event : span.events) {
        ProtoWriter e; // Span.Event: 1 time, 2 name, 3 attributes
        e.writeFixed64(1, quint64(event.timeUnixNs));
        e.writeString(2, event.name);
        writeAttributes(e, 3, event.attributes);
        out.writeMessage(11, e);
    }
    if (span.droppedEvents > 0)
        out.writeVarint(12, quint64(span.droppedEvents));
    for (const SpanLink &link : span.links) {
        ProtoWriter l; // Span.Link: 1 trace id, 2 span id, 3 trace state, 4 attributes, 6 flags
        l.writeBytes(1, link.context.traceId.toRawBytes());
        l.writeBytes(2, link.context.spanId.toRawBytes());
        if (!link.context.traceState.isEmpty())
            l.writeBytes(3, link.context.traceState.toHeader());
        writeAttributes(l, 4, link.attributes);
        l.writeFixed32(6, OtlpEncoder::flagsValue(link.context.traceFlags, link.context.remote));
        out.writeMessage(13, l);
    }
    if (span.droppedLinks > 0)
        out.writeVarint(14, quint64(span.droppedLinks));
    if (span.status != StatusCode::Unset || !span.statusMessage.isEmpty()) {
        ProtoWriter status; // Status: 2 message, 3 code (1 is reserved)
        if (!span.statusMessage.isEmpty())
            status.writeString(2, span.statusMessage);
        status.writeVarint(3, quint64(OtlpEncoder::statusValue(span.status)));
        out.writeMessage(15, status);
    }
    out.writeFixed32(16, OtlpEncoder::flagsValue(span.traceFlags, span.parentIsRemote));
    return out;
}

// ---- JSON ----------------------------------------------------------------------------

QJsonObject jsonAnyValue(const QVariant &value);

QJsonArray jsonAttributes(const Attributes &attributes)
{
    QJsonArray array;
    for (const Attribute &attribute : attributes)
        array.append(QJsonObject{{QStringLiteral("key"), attribute.key},
                                 {QStringLiteral("value"), jsonAnyValue(attribute.value)}});
    return array;
}

QJsonObject jsonAnyValue(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Bool:
        return {{QStringLiteral("boolValue"), value.toBool()}};
    case QMetaType::Int: case QMetaType::UInt: case QMetaType::LongLong:
    case QMetaType::ULongLong: case QMetaType::Short: case QMetaType::UShort:
    case QMetaType::Long: case QMetaType::ULong:
        return {{QStringLiteral("intValue"), QString::number(value.toLongLong())}};
    case QMetaType::Double: case QMetaType::Float:
        return {{QStringLiteral("doubleValue"), value.toDouble()}};
    case QMetaType::QByteArray:
        return {{QStringLiteral("bytesValue"), QString::fromLatin1(value.toByteArray().toBase64())}};
    case QMetaType::QStringList: case QMetaType::QVariantList: {
        QJsonArray values;
        for (const QVariant &item : value.toList())
            values.append(jsonAnyValue(item));
        return {{QStringLiteral("arrayValue"), QJsonObject{{QStringLiteral("values"), values}}}};
    }
    case QMetaType::QVariantMap: {
        Attributes attributes;
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            attributes.append({it.key(), it.value()});
        return {{QStringLiteral("kvlistValue"),
                 QJsonObject{{QStringLiteral("values"), jsonAttributes(attributes)}}}};
    }
    default:
        return {{QStringLiteral("stringValue"), value.toString()}};
    }
}

QJsonObject jsonSpan(const SpanData &span)
{
    QJsonObject out{
        {QStringLiteral("traceId"), span.traceId.toString()},
        {QStringLiteral("spanId"), span.spanId.toString()},
        {QStringLiteral("name"), span.name},
        {QStringLiteral("kind"), OtlpEncoder::kindValue(span.kind)},
        {QStringLiteral("startTimeUnixNano"), QString::number(span.startUnixNs)},
        {QStringLiteral("endTimeUnixNano"), QString::number(span.endUnixNs)},
        {QStringLiteral("attributes"), jsonAttributes(span.attributes)},
        {QStringLiteral("flags"),
         qint64(OtlpEncoder::flagsValue(span.traceFlags, span.parentIsRemote))},
    };
    if (span.parentSpanId.isValid())
        out.insert(QStringLiteral("parentSpanId"), span.parentSpanId.toString());
    if (!span.traceState.isEmpty())
        out.insert(QStringLiteral("traceState"), QString::fromLatin1(span.traceState.toHeader()));
    QJsonArray events;
    for (const SpanEvent &event : span.events)
        events.append(QJsonObject{{QStringLiteral("timeUnixNano"), QString::number(event.timeUnixNs)},
                                  {QStringLiteral("name"), event.name},
                                  {QStringLiteral("attributes"), jsonAttributes(event.attributes)}});
    out.insert(QStringLiteral("events"), events);
    QJsonArray links;
    for (const SpanLink &link : span.links) {
        QJsonObject l{{QStringLiteral("traceId"), link.context.traceId.toString()},
                      {QStringLiteral("spanId"), link.context.spanId.toString()},
                      {QStringLiteral("attributes"), jsonAttributes(link.attributes)},
                      {QStringLiteral("flags"), qint64(OtlpEncoder::flagsValue(
                                                    link.context.traceFlags, link.context.remote))}};
        if (!link.context.traceState.isEmpty())
            l.insert(QStringLiteral("traceState"),
                     QString::fromLatin1(link.context.traceState.toHeader()));
        links.append(l);
    }
    out.insert(QStringLiteral("links"), links);
    QJsonObject status{{QStringLiteral("code"), OtlpEncoder::statusValue(span.status)}};
    if (!span.statusMessage.isEmpty())
        status.insert(QStringLiteral("message"), span.statusMessage);
    out.insert(QStringLiteral("status"), status);
    if (span.droppedAttributes > 0)
        out.insert(QStringLiteral("droppedAttributesCount"), span.droppedAttributes);
    if (span.droppedEvents > 0)
        out.insert(QStringLiteral("droppedEventsCount"), span.droppedEvents);
    if (span.droppedLinks > 0)
        out.insert(QStringLiteral("droppedLinksCount"), span.droppedLinks);
    return out;
}

} // namespace

QByteArray OtlpEncoder::toProtobuf(const QList<SpanData> &spans)
{
    ProtoWriter request; // ExportTraceServiceRequest: 1 repeated ResourceSpans
    for (const ResourceGroup &resourceGroup : group(spans)) {
        ProtoWriter resource; // Resource: 1 attributes
        writeAttributes(resource, 1, resourceGroup.resource->attributes);
        ProtoWriter resourceSpans; // ResourceSpans: 1 resource, 2 scope_spans
        resourceSpans.writeMessage(1, resource);
        for (const ScopeGroup &scopeGroup : resourceGroup.scopes) {
            ProtoWriter scope; // InstrumentationScope: 1 name, 2 version
            if (!scopeGroup.scope->name.isEmpty())
                scope.writeString(1, scopeGroup.scope->name);
            if (!scopeGroup.scope->version.isEmpty())
                scope.writeString(2, scopeGroup.scope->version);
            ProtoWriter scopeSpans; // ScopeSpans: 1 scope, 2 spans
            scopeSpans.writeMessage(1, scope);
            for (const SpanData *span : scopeGroup.spans)
                scopeSpans.writeMessage(2, spanMessage(*span));
            resourceSpans.writeMessage(2, scopeSpans);
        }
        request.writeMessage(1, resourceSpans);
    }
    return request.data();
}

QByteArray OtlpEncoder::toJson(const QList<SpanData> &spans)
{
    QJsonArray resourceSpans;
    for (const ResourceGroup &resourceGroup : group(spans)) {
        QJsonArray scopeSpans;
        for (const ScopeGroup &scopeGroup : resourceGroup.scopes) {
            QJsonObject scope;
            if (!scopeGroup.scope->name.isEmpty())
                scope.insert(QStringLiteral("name"), scopeGroup.scope->name);
            if (!scopeGroup.scope->version.isEmpty())
                scope.insert(QStringLiteral("version"), scopeGroup.scope->version);
            QJsonArray jsonSpans;
            for (const SpanData *span : scopeGroup.spans)
                jsonSpans.append(jsonSpan(*span));
            scopeSpans.append(QJsonObject{{QStringLiteral("scope"), scope},
                                          {QStringLiteral("spans"), jsonSpans}});
        }
        const QJsonObject resource{
            {QStringLiteral("attributes"), jsonAttributes(resourceGroup.resource->attributes)}};
        resourceSpans.append(QJsonObject{{QStringLiteral("resource"), resource},
                                         {QStringLiteral("scopeSpans"), scopeSpans}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("resourceSpans"), resourceSpans}})
        .toJson(QJsonDocument::Compact);
}

} // namespace traceflow::sdk
