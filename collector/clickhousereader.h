// SPDX-License-Identifier: MIT
#pragma once

#include "clickhouseclient.h"
#include "tracereader.h"

#include <QByteArray>

namespace traceflow {

// The query API's answers from ClickHouse (--storage clickhouse), so that collectors behind a
// load balancer, all writing into one ClickHouse, show one view. Searches run in SQL down to
// the page of trace ids; the spans of those traces are then fetched and summarised by the same
// code as the memory store (a TraceStore of just that page), and latency figures are rebuilt
// into the same DDSketch buckets from per-bucket counts computed by ClickHouse, so both stores
// give the same JSON for the same spans. Blocking: call from a worker thread.
class ClickHouseReader : public TraceReader
{
public:
    explicit ClickHouseReader(const ClickHouseConfig &config);

    bool isRemote() const override { return true; }
    QueryResult query(const TraceQuery &query) const override;
    std::vector<Span> trace(const TraceId &id) const override;
    std::vector<std::vector<Span>> traces(const TraceQuery &query) const override;
    QStringList services() const override;
    QStringList operations(const QString &service) const override;
    std::vector<ServiceEdge> dependencies() const override;
    ServiceGraphData serviceGraph(std::optional<qint64> fromNs,
                                  std::optional<qint64> toNs) const override;
    LatencyIndex::Snapshot latency() const override;
    StoreCounters counters() const override;
    // Rebuilt from duration bucket counts per operation over the window, per operation and
    // trend slice, and per series step: the memory store's figures, whatever the window's
    // length (StatsWindow cuts it up for both).
    StatsReport statistics(const StatsRequest &request) const override;

    // The SQL of a search (for tests and EXPLAIN): the matching traces' rows, "trace_id, start,
    // duration, span count", ordered and limited as the query says; without the limit when
    // withLimit is false.
    QByteArray searchSql(const TraceQuery &query, bool withLimit) const;

private:
    // TabSeparated rows of the answer, fields unescaped.
    std::vector<QList<QByteArray>> rows(const QByteArray &sql) const;
    // Spans from span_json rows, as the memory store would hold them (duplicates folded).
    std::vector<Span> decodeSpans(const std::vector<QList<QByteArray>> &rows, int column) const;
    QByteArray table(const char *name) const;
    // query(), leaving the page's traces in *page.
    QueryResult search(const TraceQuery &query, TraceStore *page) const;
    // As ServiceGraph::calls(): edges between services and, with entries, trace roots as calls
    // from an empty parent; child spans whose start minute is in [from, to]. Sorted.
    std::vector<ServiceEdge> calls(std::optional<qint64> fromNs, std::optional<qint64> toNs,
                                   bool entries) const;

    ClickHouseClient m_client;
};

} // namespace traceflow
