// SPDX-License-Identifier: MIT
#include "localsource.h"

#include "tracestore.h"

#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

namespace traceflow {

LocalSource::LocalSource(TraceStore &store, QObject *parent)
    : TraceSource(parent), m_store(store), m_seenGeneration(store.generation())
{
}

QFuture<QueryResult> LocalSource::query(const TraceQuery &query)
{
    TraceStore *store = &m_store;
    return QtConcurrent::run([store, query] { return store->query(query); });
}

QFuture<std::vector<Span>> LocalSource::trace(const TraceId &id)
{
    TraceStore *store = &m_store;
    return QtConcurrent::run([store, id] { return store->trace(id); });
}

QFuture<std::vector<Span>> LocalSource::findTrace(const QString &text)
{
    TraceStore *store = &m_store;
    return QtConcurrent::run([store, text] {
        const QString typed = text.trimmed();
        std::vector<Span> spans = store->trace(TraceId::fromString(QStringView(typed)));
        const QString lower = typed.toLower();
        if (spans.empty() && lower != typed)
            spans = store->trace(TraceId::fromString(QStringView(lower)));
        if (spans.empty() && lower.size() == 16 &&
            !TraceId::fromHex(QStringView(lower)).isEmpty()) {
            const QString padded = QString(16, u'0') + lower;
            spans = store->trace(TraceId::fromHex(QStringView(padded)));
        }
        return spans;
    });
}

QFuture<std::vector<Span>> LocalSource::traces(const std::vector<TraceId> &ids)
{
    TraceStore *store = &m_store;
    return QtConcurrent::run([store, ids](QPromise<std::vector<Span>> &promise) {
        promise.setProgressRange(0, static_cast<int>(ids.size()));
        std::vector<Span> spans;
        int done = 0;
        for (const TraceId &id : ids) {
            if (promise.isCanceled())
                break;
            std::vector<Span> trace = store->trace(id);
            spans.insert(spans.end(), std::make_move_iterator(trace.begin()),
                         std::make_move_iterator(trace.end()));
            promise.setProgressValue(++done);
        }
        promise.addResult(std::move(spans));
    });
}

QFuture<QStringList> LocalSource::services()
{
    TraceStore *store = &m_store;
    return QtConcurrent::run([store] { return store->services(); });
}

QFuture<QStringList> LocalSource::operations(const QString &service)
{
    TraceStore *store = &m_store;
    return QtConcurrent::run([store, service] { return store->operations(service); });
}

QFuture<SourceStats> LocalSource::stats()
{
    TraceStore *store = &m_store;
    const bool healthy = m_healthy;
    return QtConcurrent::run([store, healthy] {
        const StoreCounters counters = store->counters();
        SourceStats stats;
        stats.healthy = healthy;
        stats.traces = counters.traces;
        stats.spans = counters.spans;
        stats.services = static_cast<int>(store->services().size());
        stats.spansInserted = counters.spansInserted;
        return stats;
    });
}

QFuture<StatsReport> LocalSource::statistics(const StatsRequest &request)
{
    TraceStore *store = &m_store;
    const bool healthy = m_healthy;
    return QtConcurrent::run([store, healthy, request] {
        StatsReport report = store->statistics(request);
        report.healthy = healthy;
        return report;
    });
}

QFuture<ServiceGraphData> LocalSource::serviceGraph(std::optional<qint64> startNs,
                                                    std::optional<qint64> endNs)
{
    TraceStore *store = &m_store;
    return QtConcurrent::run([store, startNs, endNs] { return store->serviceGraph(startNs, endNs); });
}

QFuture<int> LocalSource::insert(std::vector<Span> spans)
{
    TraceStore *store = &m_store;
    auto work = [store, spans = std::move(spans)]() mutable {
        return store->insert(std::move(spans)).inserted;
    };
    if (!m_insertGate.isFinished())
        return m_insertGate.then(QtFuture::Launch::Async, std::move(work));
    return QtConcurrent::run(std::move(work));
}

void LocalSource::poll()
{
    const std::uint64_t generation = m_store.generation();
    if (generation == m_seenGeneration)
        return;
    m_seenGeneration = generation;
    Q_EMIT contentChanged();
}

} // namespace traceflow
