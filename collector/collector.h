// SPDX-License-Identifier: MIT
#pragma once

#include "collectorconfig.h"
#include "collectormetrics.h"
#include "httprouter.h"
#include "replysequencer.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <memory>

class QHttpServer;
class QHttpServerResponder;

namespace traceflow {

class ClickHouseSink;
class FileStore;
class GuardedTcpServer;
class IngestQueue;
class SamplingDriver;
class TraceReader;
class TraceStore;

// The collector: TraceFlow JSON, OTLP/HTTP and Zipkin v2 ingestion plus the query API, on an
// API port and an OTLP port that both serve every route. It writes into a TraceStore it is
// given and does not own the process: the headless binary and the desktop app (in a thread of
// its own) both embed it. HTTP and queries run in the thread the Collector lives in; request
// bodies are decoded on the Collector's thread pool, and stored by an IngestQueue worker.
class Collector : public QObject
{
    Q_OBJECT
public:
    Collector(const CollectorConfig &config, TraceStore &store, QObject *parent = nullptr);
    ~Collector() override;

    // Listens on both ports. False when one cannot be bound (errorString() says which and
    // why, errorOccurred is emitted) and nothing is left listening.
    bool start();
    // Stops at once: closes listeners and connections, then stores what is queued.
    void stop();
    // Graceful: stops accepting, lets requests being received finish (for at most
    // config().shutdownGraceMs), stores what is queued, then emits stopped().
    void shutdown();

    bool isRunning() const { return m_running; }
    quint16 apiPort() const { return m_apiPort; }
    quint16 otlpPort() const { return m_otlpPort; }
    QHostAddress address() const { return m_config.bindAddress; }
    QString errorString() const { return m_error; }
    const CollectorConfig &config() const { return m_config; }
    const CollectorMetrics &metrics() const { return m_metrics; }
    // The durable store that logs the TraceStore (not owned; null for none): ingest answers
    // 503 while it cannot write, and /metrics shows its figures. May change while running.
    void setFileStore(FileStore *fileStore) { m_fileStore.store(fileStore); }
    // Takes spans in but stores them only once released (IngestQueue::setHeld): the desktop
    // app's stored traces load first. Thread-safe.
    void setIngestHeld(bool held);
    // What GET /metrics shows besides the counters.
    CollectorMetrics::Gauges gauges() const;

Q_SIGNALS:
    void errorOccurred(const QString &message);
    // Spans went into the store; emitted from the ingest worker thread.
    void spansStored(qint64 count);
    void stopped();

private:
    void installRoutes();
    void dispatch(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    HttpReply route(const QHttpServerRequest &request, QString *routeName);
    bool authorized(const QHttpServerRequest &request) const;
    QList<QPair<QByteArray, QByteArray>> corsHeaders(const QHttpServerRequest &request) const;
    GuardedTcpServer *listen(quint16 port, const QString &what);
    void checkDrained();
    void finishStop();

    CollectorConfig m_config;
    TraceStore &m_store;
    CollectorMetrics m_metrics;
    // Declared before the queue, whose worker feeds the sink until the queue is destroyed.
    std::unique_ptr<ClickHouseSink> m_sink; // null without --clickhouse-url
    std::unique_ptr<TraceReader> m_reader;  // what the query API reads
    bool m_sinkStarted = false;
    std::unique_ptr<IngestQueue> m_queue;
    SamplingDriver *m_sampling = nullptr; // a child; null without config.sampling
    std::atomic<FileStore *> m_fileStore{nullptr}; // read by the decode threads
    HttpRouter m_router;
    QHttpServer *m_http = nullptr;
    QList<QPointer<GuardedTcpServer>> m_servers;
    ReplySequencer m_replies;
    QThreadPool m_pool; // runs deferred route work (body decoding)
    QThreadPool m_networkPool; // runs deferred work that waits on the network (ClickHouse)
    int m_pendingWork = 0; // deferred replies being computed
    QTimer m_drainTimer;
    QElapsedTimer m_shutdownClock;
    quint16 m_apiPort = 0;
    quint16 m_otlpPort = 0;
    bool m_running = false;
    QString m_error;
};

} // namespace traceflow
