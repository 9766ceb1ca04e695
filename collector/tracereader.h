// SPDX-License-Identifier: MIT
#pragma once

#include "latencyindex.h"
#include "servicegraph.h"
#include "servicegraphdata.h"
#include "span.h"
#include "statsreport.h"
#include "tracequery.h"
#include "tracestore.h"

#include <QStringList>

#include <vector>

namespace traceflow {

// What the query API reads: the collector's own TraceStore (StoreReader) or a shared
// ClickHouse database (ClickHouseReader, --storage clickhouse). Both answer the same questions
// with the same meaning, so the JSON the routes build is the same whichever is behind them.
// A reader that fails throws (ClickHouseError carries the HTTP status to answer).
class TraceReader
{
public:
    virtual ~TraceReader() = default;

    // True when answers take network round trips: the routes then compute them on the
    // collector's worker pool instead of the HTTP thread.
    virtual bool isRemote() const = 0;
    virtual QueryResult query(const TraceQuery &query) const = 0;
    // All spans of a trace; empty when unknown.
    virtual std::vector<Span> trace(const TraceId &id) const = 0;
    // The spans of each trace query() finds, in its order (Zipkin's /api/v2/traces). This
    // default looks each trace up; a trace gone since the search is left out.
    virtual std::vector<std::vector<Span>> traces(const TraceQuery &query) const
    {
        std::vector<std::vector<Span>> out;
        for (const TraceSummary &summary : this->query(query).traces) {
            if (std::vector<Span> spans = trace(summary.traceId); !spans.empty())
                out.push_back(std::move(spans));
        }
        return out;
    }
    virtual QStringList services() const = 0; // sorted
    virtual QStringList operations(const QString &service) const = 0; // sorted
    virtual std::vector<ServiceEdge> dependencies() const = 0;
    // The service graph of the calls made in [fromNs, toNs] with each service's request
    // figures (/api/dependencies). This default has no time buckets: it answers from
    // dependencies() over everything, a service's requests being its incoming calls.
    virtual ServiceGraphData serviceGraph(std::optional<qint64> fromNs,
                                          std::optional<qint64> toNs) const
    {
        Q_UNUSED(fromNs);
        Q_UNUSED(toNs);
        return ServiceGraphData::fromCalls(dependencies());
    }
    virtual LatencyIndex::Snapshot latency() const = 0;
    // traces and spans are the ones /api/stats reports.
    virtual StoreCounters counters() const = 0;
    // The statistics dashboard's figures over a window (/api/stats/series), as
    // TraceStore::statistics() computes them.
    virtual StatsReport statistics(const StatsRequest &request) const = 0;
};

} // namespace traceflow
