// SPDX-License-Identifier: MIT
#pragma once

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QThread>

namespace traceflow {

class Collector;
class FileStore;
class TraceStore;

// Runs the collector in-process on a thread of its own, writing into a store the window
// owns, so HTTP ingest never waits for the GUI and the GUI never waits for ingest.
class CollectorHost : public QObject
{
    Q_OBJECT
public:
    explicit CollectorHost(TraceStore &store, QObject *parent = nullptr);
    ~CollectorHost() override; // stops the collector, storing what it has queued

    // (Re)starts on 127.0.0.1 with these ports (0 picks a free one). Blocks only for the bind.
    // False when a port cannot be bound; errorString() says which and why.
    bool start(quint16 apiPort, quint16 otlpPort);
    // The durable store logging the TraceStore (see Collector::setFileStore); null for none.
    // Applies to the running collector and the next start().
    void setFileStore(FileStore *fileStore);
    // While held, the collector answers and queues spans but stores them only once released
    // (see IngestQueue::setHeld); applies to the running collector and the next start().
    void setIngestHeld(bool held);
    void stop();

    bool isRunning() const { return m_collector != nullptr; }
    quint16 apiPort() const { return m_apiPort; }
    quint16 otlpPort() const { return m_otlpPort; }
    QString errorString() const { return m_error; }
    // "127.0.0.1:9411 · OTLP 4318" while running, empty otherwise.
    QString address() const;

Q_SIGNALS:
    void runningChanged(bool running);

private:
    TraceStore &m_store;
    QThread m_thread;
    QObject *m_anchor = nullptr;      // lives in m_thread; the context for calls into it
    Collector *m_collector = nullptr; // created, used and deleted in m_thread
    FileStore *m_fileStore = nullptr;
    bool m_ingestHeld = false;
    quint16 m_apiPort = 0;
    quint16 m_otlpPort = 0;
    QString m_error;
};

} // namespace traceflow
