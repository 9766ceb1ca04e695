// SPDX-License-Identifier: MIT
#pragma once

#include "context.h"

#include <QByteArray>
#include <QList>
#include <QPair>

#include <optional>

QT_BEGIN_NAMESPACE
class QNetworkRequest;
QT_END_NAMESPACE

namespace traceflow::sdk {

// W3C Trace Context (traceparent, tracestate) and W3C Baggage (baggage) over HTTP headers.
class TraceContextPropagator
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    // version "-" trace-id "-" parent-id "-" trace-flags, lowercase hex only. Invalid:
    // version ff, all-zero trace or parent id, wrong field lengths or delimiters, version 00
    // with anything after the flags, a higher version whose 56th character is not '-'.
    // Higher versions are read by their first four fields. Only the sampled flag is kept;
    // other flag bits are ignored. Leading and trailing spaces/tabs are allowed. The
    // result is marked remote.
    static std::optional<SpanContext> parseTraceparent(QByteArrayView value);
    // Always version 00 with only the known (sampled) flag.
    static QByteArray formatTraceparent(const SpanContext &context);

    // Header names are matched case-insensitively. More than one traceparent header is
    // invalid; several tracestate or baggage headers are joined as one list. An invalid
    // traceparent gives a context without a span (the callee starts a new trace) and its
    // tracestate is ignored; an invalid tracestate alone is dropped, keeping the parent.
    static Context extract(const Headers &headers);
    // The headers for an outgoing request; nothing for an invalid span context.
    static Headers inject(const Context &context);
    static void inject(const Context &context, QNetworkRequest &request);
};

} // namespace traceflow::sdk
