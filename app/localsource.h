// SPDX-License-Identifier: MIT
#pragma once

#include "tracesource.h"

#include <QString>

namespace traceflow {

class TraceStore;

// The in-process store the embedded collector writes into. Work runs on the global thread
// pool; the store must outlive every future returned (the window waits for the pool).
class LocalSource : public TraceSource
{
    Q_OBJECT
public:
    explicit LocalSource(TraceStore &store, QObject *parent = nullptr);

    // Shown in the status bar, e.g. "127.0.0.1:9411 · OTLP 4318"; empty while no collector runs.
    void setAddress(const QString &address) { m_address = address; }
    void setHealthy(bool healthy) { m_healthy = healthy; }
    // insert() waits for gate to finish (the store file loading), so that the file store
    // logs what it inserts. None by default.
    void setInsertGate(const QFuture<void> &gate) { m_insertGate = gate; }

    QString address() const override { return m_address; }
    bool isRemote() const override { return false; }
    QFuture<QueryResult> query(const TraceQuery &query) override;
    QFuture<std::vector<Span>> trace(const TraceId &id) override;
    QFuture<std::vector<Span>> findTrace(const QString &text) override;
    QFuture<std::vector<Span>> traces(const std::vector<TraceId> &ids) override;
    QFuture<QStringList> services() override;
    QFuture<QStringList> operations(const QString &service) override;
    QFuture<SourceStats> stats() override;
    QFuture<StatsReport> statistics(const StatsRequest &request) override;
    QFuture<ServiceGraphData> serviceGraph(std::optional<qint64> startNs,
                                           std::optional<qint64> endNs) override;
    QFuture<int> insert(std::vector<Span> spans) override;
    void poll() override;
    int pollIntervalMs() const override { return 500; }

private:
    TraceStore &m_store;
    QString m_address;
    bool m_healthy = false;
    std::uint64_t m_seenGeneration = 0;
    QFuture<void> m_insertGate;
};

} // namespace traceflow
