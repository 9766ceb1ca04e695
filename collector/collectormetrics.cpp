// SPDX-License-Identifier: MIT
#include "collectormetrics.h"

#include "prometheustext.h"

namespace traceflow {

namespace {
constexpr auto Relaxed = std::memory_order_relaxed;
using prometheus::header;
using prometheus::label;
using prometheus::metric;
using prometheus::sample;
} // namespace

QString ingestProtocolName(IngestProtocol protocol)
{
    switch (protocol) {
    case IngestProtocol::TraceflowJson: return QStringLiteral("traceflow_json");
    case IngestProtocol::OtlpProtobuf: return QStringLiteral("otlp_proto");
    case IngestProtocol::OtlpJson: return QStringLiteral("otlp_json");
    case IngestProtocol::ZipkinJson: return QStringLiteral("zipkin_json");
    }
    return {};
}

void CollectorMetrics::addIngest(IngestProtocol protocol, std::uint64_t bodyBytes, int accepted,
                                 int rejected, int dropped)
{
    AtomicCounters &c = m_protocols[static_cast<std::size_t>(protocol)];
    c.requests.fetch_add(1, Relaxed);
    c.bodyBytes.fetch_add(bodyBytes, Relaxed);
    c.received.fetch_add(static_cast<std::uint64_t>(accepted + rejected + dropped), Relaxed);
    c.accepted.fetch_add(static_cast<std::uint64_t>(accepted), Relaxed);
    c.rejected.fetch_add(static_cast<std::uint64_t>(rejected), Relaxed);
    c.dropped.fetch_add(static_cast<std::uint64_t>(dropped), Relaxed);
}

void CollectorMetrics::addFailedRequest(IngestProtocol protocol, std::uint64_t bodyBytes)
{
    AtomicCounters &c = m_protocols[static_cast<std::size_t>(protocol)];
    c.requests.fetch_add(1, Relaxed);
    c.failedRequests.fetch_add(1, Relaxed);
    c.bodyBytes.fetch_add(bodyBytes, Relaxed);
}

CollectorMetrics::ProtocolCounters CollectorMetrics::protocol(IngestProtocol protocol) const
{
    const AtomicCounters &c = m_protocols[static_cast<std::size_t>(protocol)];
    return {c.requests.load(Relaxed), c.failedRequests.load(Relaxed), c.bodyBytes.load(Relaxed),
            c.received.load(Relaxed), c.accepted.load(Relaxed),       c.rejected.load(Relaxed),
            c.dropped.load(Relaxed)};
}

void CollectorMetrics::recordRequest(const QString &route, int status, qint64 durationNs)
{
    const double seconds = double(durationNs) / 1e9;
    std::lock_guard lock(m_mutex);
    RouteStats &stats = m_routes[route];
    ++stats.byStatus[status];
    ++stats.count;
    stats.sumSeconds += seconds;
    for (std::size_t i = 0; i < Buckets.size(); ++i) {
        if (seconds <= Buckets[i]) {
            ++stats.buckets[i]; // per bucket here; made cumulative when rendered
            break;
        }
    }
}

void CollectorMetrics::addRefused(int status)
{
    std::lock_guard lock(m_mutex);
    ++m_refused[status];
}

std::uint64_t CollectorMetrics::requestCount(const QString &route, int status) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_routes.find(route);
    if (it == m_routes.end())
        return 0;
    const auto s = it->second.byStatus.find(status);
    return s == it->second.byStatus.end() ? 0 : s->second;
}

QByteArray CollectorMetrics::prometheus(const Gauges &g) const
{
    QByteArray out;
    out.reserve(16 * 1024);
    struct SpanMetric
    {
        const char *name;
        const char *help;
        std::uint64_t ProtocolCounters::*field;
    };
    static constexpr SpanMetric spanMetrics[] = {
        {"traceflow_spans_received_total", "Spans received, by ingest protocol.",
         &ProtocolCounters::received},
        {"traceflow_spans_accepted_total", "Spans accepted for storage.",
         &ProtocolCounters::accepted},
        {"traceflow_spans_rejected_total", "Spans that failed validation.",
         &ProtocolCounters::rejected},
        {"traceflow_spans_dropped_total", "Valid spans refused because the ingest queue was full.",
         &ProtocolCounters::dropped},
        {"traceflow_ingest_requests_total", "Ingest requests, by protocol.",
         &ProtocolCounters::requests},
        {"traceflow_ingest_failed_requests_total", "Ingest requests whose body was undecodable.",
         &ProtocolCounters::failedRequests},
        {"traceflow_ingest_body_bytes_total", "Ingest body bytes after decompression.",
         &ProtocolCounters::bodyBytes},
    };
    for (const SpanMetric &m : spanMetrics) {
        header(out, m.name, "counter", m.help);
        for (int p = 0; p < IngestProtocolCount; ++p) {
            const auto protocolId = static_cast<IngestProtocol>(p);
            sample(out, m.name, "protocol=\"" + label(ingestProtocolName(protocolId)) + '"',
                   protocol(protocolId).*m.field);
        }
    }

    metric(out, "traceflow_store_traces", "gauge", "Traces held in the store.", g.store.traces);
    metric(out, "traceflow_store_spans", "gauge", "Spans held in the store.", g.store.spans);
    metric(out, "traceflow_store_bytes", "gauge", "Estimated bytes held by the store.",
           g.store.bytes);
    metric(out, "traceflow_store_max_bytes", "gauge", "The store's byte budget.",
           std::uint64_t(g.limits.maxBytes));
    metric(out, "traceflow_store_max_spans", "gauge", "The store's span budget.",
           std::uint64_t(g.limits.maxSpans));
    metric(out, "traceflow_store_spans_inserted_total", "counter", "Spans ever inserted.",
           g.store.spansInserted);
    metric(out, "traceflow_store_duplicate_spans_total", "counter",
           "Spans ignored as duplicates of stored spans.", g.store.duplicateSpans);
    metric(out, "traceflow_store_evicted_traces_total", "counter",
           "Traces evicted to stay within the store limits.", g.store.evictedTraces);
    metric(out, "traceflow_store_evicted_spans_total", "counter",
           "Spans evicted with their traces.", g.store.evictedSpans);

    metric(out, "traceflow_ingest_queue_spans", "gauge", "Spans waiting to be stored.",
           g.queuedSpans);
    metric(out, "traceflow_ingest_queue_batches", "gauge", "Batches waiting to be stored.",
           g.queuedBatches);
    metric(out, "traceflow_ingest_queue_capacity_spans", "gauge", "Ingest queue capacity.",
           g.queueCapacity);
    metric(out, "traceflow_network_received_bytes_total", "counter",
           "Bytes read from client connections.", g.networkBytes);
    metric(out, "traceflow_http_connections", "gauge", "Open client connections.",
           std::uint64_t(g.connections));

    std::lock_guard lock(m_mutex);
    header(out, "traceflow_http_requests_total", "counter",
           "HTTP requests answered, by route and status code.");
    for (const auto &[route, stats] : m_routes) {
        for (const auto &[status, count] : stats.byStatus)
            sample(out, "traceflow_http_requests_total",
                   "route=\"" + label(route) + "\",code=\"" + QByteArray::number(status) + '"',
                   count);
    }
    header(out, "traceflow_http_refused_requests_total", "counter",
           "Requests refused at the socket before routing (413, 431, 400).");
    for (const auto &[status, count] : m_refused)
        sample(out, "traceflow_http_refused_requests_total",
               "code=\"" + QByteArray::number(status) + '"', count);
    header(out, "traceflow_http_request_duration_seconds", "histogram",
           "Time from a complete request to its answer, by route.");
    for (const auto &[route, stats] : m_routes) {
        const QByteArray r = "route=\"" + label(route) + '"';
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < Buckets.size(); ++i) {
            cumulative += stats.buckets[i];
            sample(out, "traceflow_http_request_duration_seconds_bucket",
                   r + ",le=\"" + QByteArray::number(Buckets[i], 'g', 6) + '"', cumulative);
        }
        sample(out, "traceflow_http_request_duration_seconds_bucket", r + ",le=\"+Inf\"",
               stats.count);
        sample(out, "traceflow_http_request_duration_seconds_sum", r, stats.sumSeconds);
        sample(out, "traceflow_http_request_duration_seconds_count", r, stats.count);
    }
    return out;
}

} // namespace traceflow
