// SPDX-License-Identifier: MIT
#include "tracecontextpropagator.h"

#include "headertext.h"

#include <QNetworkRequest>

namespace traceflow::sdk {

namespace {

// Two lowercase hex digits.
std::optional<quint8> parseHexByte(QByteArrayView text)
{
    const int high = HeaderText::lowerHexDigit(text[0]);
    const int low = HeaderText::lowerHexDigit(text[1]);
    if (high < 0 || low < 0)
        return std::nullopt;
    return quint8(high << 4 | low);
}

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return QByteArrayView(a).compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

std::optional<SpanContext> TraceContextPropagator::parseTraceparent(QByteArrayView value)
{
    constexpr qsizetype Version00Size = 55;
    value = HeaderText::trimOws(value);
    if (value.size() < Version00Size)
        return std::nullopt;
    const auto version = parseHexByte(value.first(2));
    if (!version || *version == 0xff)
        return std::nullopt;
    if (value[2] != '-' || value[35] != '-' || value[52] != '-')
        return std::nullopt;
    if (*version == 0 && value.size() != Version00Size)
        return std::nullopt;
    if (value.size() > Version00Size && value[Version00Size] != '-')
        return std::nullopt;

    const auto traceId = TraceId::fromHex(value.sliced(3, 32));
    const auto spanId = SpanId::fromHex(value.sliced(36, 16));
    const auto flags = parseHexByte(value.sliced(53, 2));
    if (!traceId || !spanId || !flags || !traceId->isValid() || !spanId->isValid())
        return std::nullopt;

    SpanContext context;
    context.traceId = *traceId;
    context.spanId = *spanId;
    context.traceFlags = *flags & SpanContext::SampledFlag;
    context.remote = true;
    return context;
}

QByteArray TraceContextPropagator::formatTraceparent(const SpanContext &context)
{
    const char flags = (context.traceFlags & SpanContext::SampledFlag) ? '1' : '0';
    return "00-" + context.traceId.toHex() + '-' + context.spanId.toHex() + "-0" + flags;
}

Context TraceContextPropagator::extract(const Headers &headers)
{
    QList<QByteArray> traceparents;
    QByteArray tracestate;
    QByteArray baggage;
    for (const auto &[name, value] : headers) {
        if (equalsIgnoringCase(name, "traceparent")) {
            traceparents.append(value);
        } else if (equalsIgnoringCase(name, "tracestate")) {
            tracestate += (tracestate.isEmpty() ? "" : ",") + value;
        } else if (equalsIgnoringCase(name, "baggage")) {
            baggage += (baggage.isEmpty() ? "" : ",") + value;
        }
    }
    SpanContext span;
    if (traceparents.size() == 1) {
        if (const auto parsed = parseTraceparent(traceparents.front())) {
            span = *parsed;
            if (const auto state = TraceState::parse(tracestate))
                span.traceState = *state;
        }
    }
    return Context(span, Baggage::parse(baggage));
}

TraceContextPropagator::Headers TraceContextPropagator::inject(const Context &context)
{
    Headers headers;
    if (context.span().isValid()) {
        headers.append({QByteArrayLiteral("traceparent"), formatTraceparent(context.span())});
        if (!context.span().traceState.isEmpty())
            headers.append({QByteArrayLiteral("tracestate"), context.span().traceState.toHeader()});
    }
    if (!context.baggage().isEmpty())
        headers.append({QByteArrayLiteral("baggage"), context.baggage().toHeader()});
    return headers;
}

void TraceContextPropagator::inject(const Context &context, QNetworkRequest &request)
{
    for (const auto &[name, value] : inject(context))
        request.setRawHeader(name, value);
}

} // namespace traceflow::sdk
