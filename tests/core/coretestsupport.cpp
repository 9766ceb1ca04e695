// SPDX-License-Identifier: MIT
#include "coretestsupport.h"

#include "tracequery.h"

#include <algorithm>
#include <random>

namespace traceflow::CoreTestSupport {

Span makeSpan(QAnyStringView trace, QAnyStringView id, QAnyStringView parent,
              QAnyStringView service, QAnyStringView operation, qint64 startNs, qint64 durationNs,
              StatusCode status, Attributes attributes)
{
    return makeSpan(TraceId::fromString(trace.toString()), SpanId::fromString(id.toString()),
                    SpanId::fromString(parent.toString()), service, operation, startNs, durationNs,
                    status, std::move(attributes));
}

Span makeSpan(const TraceId &trace, const SpanId &id, const SpanId &parent, QAnyStringView service,
              QAnyStringView operation, qint64 startNs, qint64 durationNs, StatusCode status,
              Attributes attributes)
{
    Span s;
    s.traceId = trace;
    s.spanId = id;
    s.parentSpanId = parent;
    s.setService(service.toString());
    s.setOperation(operation.toString());
    s.startNs = startNs;
    s.durationNs = durationNs;
    s.status = status;
    s.attributes = std::move(attributes);
    return s;
}

DecodedBatch decodeWith(Decoder decode, const QByteArray &body, bool *ok, QString *error)
{
    DecodedBatch batch;
    QString why;
    const bool result = decode(body.toStdString(), &batch, &why);
    if (ok)
        *ok = result;
    if (error)
        *error = why;
    return batch;
}

const Span *spanWithId(const std::vector<Span> &spans, const SpanId &id)
{
    const auto it =
        std::find_if(spans.begin(), spans.end(), [&id](const Span &s) { return s.spanId == id; });
    return it == spans.end() ? nullptr : &*it;
}

QStringList ids(const QueryResult &result)
{
    QStringList out;
    for (const TraceSummary &s : result.traces)
        out.append(s.traceId.toString());
    return out;
}

std::vector<std::pair<int, int>> serviceMesh(int n, unsigned seed)
{
    std::mt19937 random(seed);
    std::vector<std::pair<int, int>> edges;
    for (int v = 1; v < n; ++v) {
        std::uniform_int_distribution<int> caller(std::max(0, v - 12), v - 1);
        edges.emplace_back(caller(random), v);
        if (random() % 3 == 0)
            edges.emplace_back(caller(random), v);
        if (random() % 17 == 0)
            edges.emplace_back(v, caller(random)); // a call back up: a cycle
    }
    return edges;
}

} // namespace traceflow::CoreTestSupport
