// SPDX-License-Identifier: MIT
#pragma once

#include "ids.h"
#include "servicegraphdata.h"
#include "span.h"
#include "statsreport.h"
#include "tracequery.h"

#include <QFuture>
#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace traceflow {

// What the status bar shows about a source.
struct SourceStats
{
    bool healthy = false;
    std::uint64_t traces = 0;
    std::uint64_t spans = 0;
    int services = 0;
    // Spans ever stored, for a spans/s rate; absent when the source cannot tell.
    std::optional<std::uint64_t> spansInserted;
};

// Where the window reads traces from: the store the embedded collector writes into, or a
// remote traceflow-collector over HTTP. Every call is asynchronous and returns a future that
// finishes off the GUI thread or from the event loop; results are values, never shared state.
// A failed remote call yields an empty result and reports errorOccurred().
class TraceSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual QString address() const = 0; // "127.0.0.1:9411" or a URL
    virtual bool isRemote() const = 0;

    virtual QFuture<QueryResult> query(const TraceQuery &query) = 0;
    // All spans of a trace; empty when unknown.
    virtual QFuture<std::vector<Span>> trace(const TraceId &id) = 0;
    // A trace by an id as a user typed it: also in other letter case, and a 64-bit id
    // also as the zero-padded 128-bit form. Empty when not found.
    virtual QFuture<std::vector<Span>> findTrace(const QString &text) = 0;
    // The spans of several traces, in the given order, for export. Reports progress as traces
    // done out of ids.size() and stops early (with what it has) when cancelled.
    virtual QFuture<std::vector<Span>> traces(const std::vector<TraceId> &ids) = 0;
    virtual QFuture<QStringList> services() = 0;
    virtual QFuture<QStringList> operations(const QString &service) = 0;
    virtual QFuture<SourceStats> stats() = 0;
    // The statistics dashboard's figures over a window, from sketches and minute buckets;
    // healthy tells whether the source answered (an empty report when it did not).
    virtual QFuture<StatsReport> statistics(const StatsRequest &request) = 0;
    // The service graph of the calls made in [startNs, endNs] (to the minute; no bounds: all
    // held), with each service's request figures; empty when the source does not answer.
    virtual QFuture<ServiceGraphData> serviceGraph(std::optional<qint64> startNs,
                                                   std::optional<qint64> endNs) = 0;
    // Imports spans (File > Open); the future holds how many were stored.
    virtual QFuture<int> insert(std::vector<Span> spans) = 0;
    // Checks for new data; emits contentChanged() when a new query may show something else.
    virtual void poll() = 0;
    // How often poll() is worth calling, in ms.
    virtual int pollIntervalMs() const = 0;

Q_SIGNALS:
    void contentChanged();
    void errorOccurred(const QString &message);
};

} // namespace traceflow
