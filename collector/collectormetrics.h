// SPDX-License-Identifier: MIT
#pragma once

#include "tracestore.h"

#include <QByteArray>
#include <QString>

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>

namespace traceflow {

enum class IngestProtocol { TraceflowJson, OtlpProtobuf, OtlpJson, ZipkinJson };
constexpr int IngestProtocolCount = 4;
// "traceflow_json", "otlp_proto", "otlp_json", "zipkin_json": the label in /metrics.
QString ingestProtocolName(IngestProtocol protocol);

// The collector's own counters, rendered in the Prometheus text format for GET /metrics.
// Span counters are per protocol: received = accepted + rejected (failed validation) +
// dropped (valid, but refused because the ingest queue was full). Thread-safe.
class CollectorMetrics
{
public:
    struct ProtocolCounters
    {
        std::uint64_t requests = 0;
        std::uint64_t failedRequests = 0; // undecodable bodies (400), spans unknown
        std::uint64_t bodyBytes = 0;      // after decompression
        std::uint64_t received = 0;
        std::uint64_t accepted = 0;
        std::uint64_t rejected = 0;
        std::uint64_t dropped = 0;
    };
    // What /metrics reports besides the collector's own counters.
    struct Gauges
    {
        StoreCounters store;
        StoreLimits limits;
        std::uint64_t queuedSpans = 0;
        std::uint64_t queuedBatches = 0;
        std::uint64_t queueCapacity = 0;
        std::uint64_t networkBytes = 0;
        int connections = 0;
    };

    void addIngest(IngestProtocol protocol, std::uint64_t bodyBytes, int accepted, int rejected,
                   int dropped);
    void addFailedRequest(IngestProtocol protocol, std::uint64_t bodyBytes);
    ProtocolCounters protocol(IngestProtocol protocol) const;

    void recordRequest(const QString &route, int status, qint64 durationNs);
    void addRefused(int status); // answered at the socket (413/431/400)
    std::uint64_t requestCount(const QString &route, int status) const;

    QByteArray prometheus(const Gauges &gauges) const;

    // Upper bounds of the request duration histogram, in seconds.
    static constexpr std::array<double, 12> Buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                       0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

private:
    struct AtomicCounters
    {
        std::atomic<std::uint64_t> requests{0}, failedRequests{0}, bodyBytes{0}, received{0},
            accepted{0}, rejected{0}, dropped{0};
    };
    struct RouteStats
    {
        std::map<int, std::uint64_t> byStatus;
        std::array<std::uint64_t, Buckets.size()> buckets{};
        std::uint64_t count = 0;
        double sumSeconds = 0;
    };

    std::array<AtomicCounters, IngestProtocolCount> m_protocols;
    mutable std::mutex m_mutex;
    std::map<QString, RouteStats> m_routes;
    std::map<int, std::uint64_t> m_refused;
};

} // namespace traceflow
