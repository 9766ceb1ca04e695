// SPDX-License-Identifier: MIT
#include "span.h"

namespace traceflow {

namespace {
const SpanDetails &noDetails()
{
    static const SpanDetails empty;
    return empty;
}
const SpanOrigin &noOrigin()
{
    static const SpanOrigin empty;
    return empty;
}
} // namespace

SpanDetails &Span::details()
{
    if (!m_details)
        m_details = new SpanDetails;
    return *m_details;
}

QString Span::statusMessage() const
{
    return m_details ? m_details->statusMessage : QString();
}

QString Span::traceState() const
{
    return m_details ? m_details->traceState : QString();
}

const std::vector<SpanEvent> &Span::events() const
{
    return m_details ? m_details->events : noDetails().events;
}

const std::vector<SpanLink> &Span::links() const
{
    return m_details ? m_details->links : noDetails().links;
}

void Span::setStatusMessage(const QString &message)
{
    if (message.isEmpty() && !m_details)
        return;
    details().statusMessage = message;
}

void Span::setTraceState(const QString &state)
{
    if (state.isEmpty() && !m_details)
        return;
    details().traceState = state;
}

void Span::addEvent(SpanEvent event)
{
    details().events.push_back(std::move(event));
}

void Span::addLink(SpanLink link)
{
    details().links.push_back(std::move(link));
}

const Attributes &Span::resource() const
{
    return m_origin ? m_origin->resource : noOrigin().resource;
}

QString Span::scopeName() const
{
    return m_origin ? m_origin->scopeName : QString();
}

QString Span::scopeVersion() const
{
    return m_origin ? m_origin->scopeVersion : QString();
}

std::size_t Span::memoryBytes() const
{
    std::size_t bytes = sizeof(Span) + attributes.heapBytes();
    if (m_details) {
        bytes += sizeof(SpanDetails) + static_cast<std::size_t>(m_details->statusMessage.size()) * 2
            + static_cast<std::size_t>(m_details->traceState.size()) * 2;
        for (const SpanEvent &e : m_details->events)
            bytes += sizeof e + static_cast<std::size_t>(e.name.size()) * 2 + e.attributes.heapBytes();
        for (const SpanLink &l : m_details->links)
            bytes += sizeof l + static_cast<std::size_t>(l.traceState.size()) * 2
                + l.attributes.heapBytes();
    }
    return bytes;
}

bool operator==(const Span &a, const Span &b)
{
    auto sameOrigin = [](const Span &x, const Span &y) {
        if (x.m_origin == y.m_origin)
            return true;
        const SpanOrigin &ox = x.m_origin ? *x.m_origin : noOrigin();
        const SpanOrigin &oy = y.m_origin ? *y.m_origin : noOrigin();
        return ox == oy;
    };
    auto sameDetails = [](const Span &x, const Span &y) {
        const SpanDetails &dx = x.m_details ? *x.m_details : noDetails();
        const SpanDetails &dy = y.m_details ? *y.m_details : noDetails();
        return dx == dy;
    };
    return a.traceId == b.traceId && a.spanId == b.spanId && a.parentSpanId == b.parentSpanId
        && a.kind == b.kind && a.status == b.status && a.serviceId == b.serviceId
        && a.operationId == b.operationId && a.startNs == b.startNs
        && a.durationNs == b.durationNs && a.attributes == b.attributes && sameOrigin(a, b)
        && sameDetails(a, b);
}

namespace {
constexpr std::pair<SpanKind, const char16_t *> KindNames[] = {
    {SpanKind::Unspecified, u"unspecified"}, {SpanKind::Internal, u"internal"},
    {SpanKind::Server, u"server"},           {SpanKind::Client, u"client"},
    {SpanKind::Producer, u"producer"},       {SpanKind::Consumer, u"consumer"},
};
constexpr std::pair<StatusCode, const char16_t *> StatusNames[] = {
    {StatusCode::Unset, u"unset"}, {StatusCode::Ok, u"ok"}, {StatusCode::Error, u"error"}};
} // namespace

QString spanKindName(SpanKind kind)
{
    for (const auto &[k, name] : KindNames) {
        if (k == kind)
            return QString::fromUtf16(name);
    }
    return QStringLiteral("unspecified");
}

namespace {
// For QStringView and QLatin1StringView names alike.
template<typename Name>
SpanKind kindFromName(Name name)
{
    for (const auto &[k, n] : KindNames) {
        if (name.compare(QStringView(n), Qt::CaseInsensitive) == 0)
            return k;
    }
    return SpanKind::Unspecified;
}

template<typename Name>
bool statusFromNameOf(Name name, StatusCode *status)
{
    for (const auto &[s, n] : StatusNames) {
        if (name.compare(QStringView(n), Qt::CaseInsensitive) == 0) {
            *status = s;
            return true;
        }
    }
    return false;
}
} // namespace

SpanKind spanKindFromName(QStringView name)
{
    return kindFromName(name);
}

SpanKind spanKindFromName(QLatin1StringView name)
{
    return kindFromName(name);
}

QString statusName(StatusCode status)
{
    for (const auto &[s, name] : StatusNames) {
        if (s == status)
            return QString::fromUtf16(name);
    }
    return QStringLiteral("unset");
}

bool statusFromName(QStringView name, StatusCode *status)
{
    return statusFromNameOf(name, status);
}

bool statusFromName(QLatin1StringView name, StatusCode *status)
{
    return statusFromNameOf(name, status);
}

} // namespace traceflow
