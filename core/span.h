// SPDX-License-Identifier: MIT
#pragma once

#include "attributes.h"
#include "ids.h"
#include "stringpool.h"

#include <QSharedData>
#include <QSharedDataPointer>
#include <QString>

#include <cstdint>
#include <vector>

namespace traceflow {

enum class SpanKind : std::uint8_t { Unspecified, Internal, Server, Client, Producer, Consumer };
enum class StatusCode : std::uint8_t { Unset, Ok, Error };

struct SpanEvent
{
    qint64 timeNs = 0;
    QString name;
    Attributes attributes;
    friend bool operator==(const SpanEvent &, const SpanEvent &) = default;
};

struct SpanLink
{
    TraceId traceId;
    SpanId spanId;
    QString traceState;
    Attributes attributes;
    friend bool operator==(const SpanLink &, const SpanLink &) = default;
};

// What produced a span: the resource (service.name, host, SDK...) and the instrumentation
// scope. Shared by every span of one export batch, so it costs a pointer per span.
struct SpanOrigin : QSharedData
{
    Attributes resource;
    QString scopeName;
    QString scopeVersion;
    friend bool operator==(const SpanOrigin &a, const SpanOrigin &b)
    {
        return a.resource == b.resource && a.scopeName == b.scopeName
            && a.scopeVersion == b.scopeVersion;
    }
};

// The parts most spans do not have, kept behind one implicitly shared pointer.
struct SpanDetails : QSharedData
{
    QString statusMessage;
    QString traceState;
    std::vector<SpanEvent> events;
    std::vector<SpanLink> links;
    friend bool operator==(const SpanDetails &a, const SpanDetails &b)
    {
        return a.statusMessage == b.statusMessage && a.traceState == b.traceState
            && a.events == b.events && a.links == b.links;
    }
};

// One span, as every part of TraceFlow sees it. A value type laid out for the store: ids
// inline, names interned, attributes in one block, rare fields behind shared pointers.
class Span
{
public:
    TraceId traceId;
    SpanId spanId;
    SpanId parentSpanId;
    SpanKind kind = SpanKind::Unspecified;
    StatusCode status = StatusCode::Unset;
    StringPool::Id serviceId = 0;
    StringPool::Id operationId = 0;
    qint64 startNs = 0; // Unix epoch nanoseconds
    qint64 durationNs = 0;
    Attributes attributes;

    QString service() const { return StringPool::instance().string(serviceId); }
    QString operation() const { return StringPool::instance().string(operationId); }
    void setService(QStringView name) { serviceId = StringPool::instance().intern(name); }
    void setOperation(QStringView name) { operationId = StringPool::instance().intern(name); }
    qint64 endNs() const { return startNs + durationNs; }
    bool isError() const { return status == StatusCode::Error; }
    bool isRoot() const { return parentSpanId.isEmpty(); }

    QString statusMessage() const;
    QString traceState() const;
    const std::vector<SpanEvent> &events() const;
    const std::vector<SpanLink> &links() const;
    void setStatusMessage(const QString &message);
    void setTraceState(const QString &state);
    void addEvent(SpanEvent event);
    void addLink(SpanLink link);

    const Attributes &resource() const;
    QString scopeName() const;
    QString scopeVersion() const;
    void setOrigin(const QSharedDataPointer<SpanOrigin> &origin) { m_origin = origin; }
    const QSharedDataPointer<SpanOrigin> &origin() const { return m_origin; }

    // Bytes this span holds, inline and on the heap, for the store's byte budget. Shared
    // origins are not counted: one batch's origin is shared by all its spans.
    std::size_t memoryBytes() const;

    friend bool operator==(const Span &a, const Span &b);
    friend bool operator!=(const Span &a, const Span &b) { return !(a == b); }

private:
    SpanDetails &details();

    QSharedDataPointer<SpanOrigin> m_origin;
    QSharedDataPointer<SpanDetails> m_details;
};

QString spanKindName(SpanKind kind);   // "server", "client", ... "unspecified"
SpanKind spanKindFromName(QStringView name); // case-insensitive; Unspecified when unknown
SpanKind spanKindFromName(QLatin1StringView name);
QString statusName(StatusCode status); // "unset", "ok", "error"
// Case-insensitive; false when the name is not a status.
bool statusFromName(QStringView name, StatusCode *status);
bool statusFromName(QLatin1StringView name, StatusCode *status);

} // namespace traceflow
