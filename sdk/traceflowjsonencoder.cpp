// SPDX-License-Identifier: MIT
#include "traceflowjsonencoder.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace traceflow::sdk {

namespace {

QJsonValue jsonValue(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool();
    case QMetaType::Int: case QMetaType::UInt: case QMetaType::LongLong:
    case QMetaType::ULongLong: case QMetaType::Short: case QMetaType::UShort:
    case QMetaType::Long: case QMetaType::ULong:
        return value.toLongLong();
    case QMetaType::Double: case QMetaType::Float:
        return value.toDouble();
    case QMetaType::QByteArray:
        return QString::fromLatin1(value.toByteArray().toBase64());
    case QMetaType::QStringList: case QMetaType::QVariantList: {
        QJsonArray array;
        for (const QVariant &item : value.toList())
            array.append(jsonValue(item));
        return array;
    }
    case QMetaType::QVariantMap: {
        QJsonObject object;
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            object.insert(it.key(), jsonValue(it.value()));
        return object;
    }
    default:
        return value.toString();
    }
}

} // namespace

QJsonObject TraceFlowJsonEncoder::attributesObject(const Attributes &attributes)
{
    QJsonObject object;
    for (const Attribute &attribute : attributes)
        object.insert(attribute.key, jsonValue(attribute.value));
    return object;
}

QJsonObject TraceFlowJsonEncoder::toJsonObject(const SpanData &span)
{
    QJsonArray events;
    for (const SpanEvent &event : span.events) {
        events.append(QJsonObject{{QStringLiteral("name"), event.name},
                                  {QStringLiteral("time_unix_ms"), event.timeUnixNs / 1000000},
                                  {QStringLiteral("attributes"), attributesObject(event.attributes)}});
    }
    const qint64 durationNs = std::max<qint64>(0, span.endUnixNs - span.startUnixNs);
    return {
        {QStringLiteral("trace_id"), span.traceId.toString()},
        {QStringLiteral("span_id"), span.spanId.toString()},
        {QStringLiteral("parent_span_id"),
         span.parentSpanId.isValid() ? span.parentSpanId.toString() : QString()},
        {QStringLiteral("service"), span.resource ? span.resource->serviceName() : QString()},
        {QStringLiteral("operation"), span.name},
        {QStringLiteral("start_unix_ms"), span.startUnixNs / 1000000},
        {QStringLiteral("duration_ms"), std::round(double(durationNs) / 1000.0) / 1000.0},
        {QStringLiteral("status"), statusName(span.status)},
        {QStringLiteral("kind"), spanKindName(span.kind)},
        {QStringLiteral("attributes"), attributesObject(span.attributes)},
        {QStringLiteral("events"), events},
    };
}

QByteArray TraceFlowJsonEncoder::toBatch(const QList<SpanData> &spans)
{
    QJsonArray array;
    for (const SpanData &span : spans)
        array.append(toJsonObject(span));
    return QJsonDocument(QJsonObject{{QStringLiteral("spans"), array}})
        .toJson(QJsonDocument::Compact);
}

QByteArray TraceFlowJsonEncoder::toLine(const SpanData &span)
{
    return QJsonDocument(toJsonObject(span)).toJson(QJsonDocument::Compact);
}

} // namespace traceflow::sdk
