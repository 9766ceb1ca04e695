// SPDX-License-Identifier: MIT
#pragma once

#include "spancontext.h"

#include <QList>
#include <QString>
#include <QVariant>

#include <memory>

namespace traceflow::sdk {

enum class SpanKind { Internal, Server, Client, Producer, Consumer };
enum class StatusCode { Unset, Ok, Error };

// Values: bool, integers, floating point, QString (anything else is sent as its
// toString()), QByteArray (bytes), QStringList and QVariantList (arrays).
struct Attribute
{
    QString key;
    QVariant value;
    friend bool operator==(const Attribute &, const Attribute &) = default;
};
using Attributes = QList<Attribute>;

// Replaces the value of an existing key, else appends.
void setAttribute(Attributes &attributes, const QString &key, const QVariant &value);
QVariant attributeValue(const Attributes &attributes, QStringView key);

struct SpanEvent
{
    QString name;
    qint64 timeUnixNs = 0;
    Attributes attributes;
};

struct SpanLink
{
    SpanContext context;
    Attributes attributes;
};

// The entity producing telemetry; service.name is always among the attributes.
struct Resource
{
    Attributes attributes;
    QString serviceName() const { return attributeValue(attributes, u"service.name").toString(); }
};

struct InstrumentationScope
{
    QString name;
    QString version;
};

// An ended span as the processors and exporters see it.
struct SpanData
{
    static constexpr int MaxAttributes = 128;
    static constexpr int MaxEvents = 128;
    static constexpr int MaxLinks = 128;

    TraceId traceId;
    SpanId spanId;
    SpanId parentSpanId; // invalid for a root span
    bool parentIsRemote = false;
    quint8 traceFlags = 0;
    TraceState traceState;
    QString name;
    SpanKind kind = SpanKind::Internal;
    qint64 startUnixNs = 0;
    qint64 endUnixNs = 0;
    Attributes attributes;
    QList<SpanEvent> events;
    QList<SpanLink> links;
    StatusCode status = StatusCode::Unset;
    QString statusMessage;
    int droppedAttributes = 0;
    int droppedEvents = 0;
    int droppedLinks = 0;
    std::shared_ptr<const Resource> resource;
    std::shared_ptr<const InstrumentationScope> scope;
};

QString spanKindName(SpanKind kind);  // "internal", "server", "client", "producer", "consumer"
QString statusName(StatusCode status); // "unset", "ok", "error"

} // namespace traceflow::sdk
