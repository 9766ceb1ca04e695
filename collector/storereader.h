// SPDX-License-Identifier: MIT
#pragma once

#include "tracereader.h"
#include "tracestore.h"

namespace traceflow {

// The in-memory store as a TraceReader.
class StoreReader : public TraceReader
{
public:
    explicit StoreReader(const TraceStore &store) : m_store(store) {}

    bool isRemote() const override { return false; }
    QueryResult query(const TraceQuery &query) const override { return m_store.query(query); }
    std::vector<Span> trace(const TraceId &id) const override { return m_store.trace(id); }
    QStringList services() const override { return m_store.services(); }
    QStringList operations(const QString &service) const override
    {
        return m_store.operations(service);
    }
    std::vector<ServiceEdge> dependencies() const override { return m_store.dependencies(); }
    ServiceGraphData serviceGraph(std::optional<qint64> fromNs,
                                  std::optional<qint64> toNs) const override
    {
        return m_store.serviceGraph(fromNs, toNs);
    }
    LatencyIndex::Snapshot latency() const override { return m_store.latency(); }
    StoreCounters counters() const override { return m_store.counters(); }
    StatsReport statistics(const StatsRequest &request) const override
    {
        return m_store.statistics(request);
    }

private:
    const TraceStore &m_store;
};

} // namespace traceflow
