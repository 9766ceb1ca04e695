// SPDX-License-Identifier: MIT
#include "collectorhost.h"

#include "collector.h"
#include "collectorconfig.h"

namespace traceflow {

CollectorHost::CollectorHost(TraceStore &store, QObject *parent)
    : QObject(parent), m_store(store), m_anchor(new QObject)
{
    m_thread.setObjectName(QStringLiteral("collector"));
    m_anchor->moveToThread(&m_thread);
    m_thread.start();
}

CollectorHost::~CollectorHost()
{
    stop();
    m_thread.quit();
    m_thread.wait();
    delete m_anchor;
}

bool CollectorHost::start(quint16 apiPort, quint16 otlpPort)
{
    stop();
    CollectorConfig config;
    config.apiPort = apiPort;
    config.otlpPort = otlpPort;
    bool ok = false;
    // The collector's timers and sockets must belong to its thread, so it is created there.
    QMetaObject::invokeMethod(
        m_anchor,
        [this, &config, &ok] {
            auto collector = std::make_unique<Collector>(config, m_store);
            collector->setFileStore(m_fileStore);
            collector->setIngestHeld(m_ingestHeld);
            ok = collector->start();
            if (!ok) {
                m_error = collector->errorString();
                return;
            }
            m_apiPort = collector->apiPort();
            m_otlpPort = collector->otlpPort();
            m_collector = collector.release();
        },
        Qt::BlockingQueuedConnection);
    if (ok) {
        m_error.clear();
        Q_EMIT runningChanged(true);
    }
    return ok;
}

void CollectorHost::stop()
{
    if (!m_collector)
        return;
    QMetaObject::invokeMethod(
        m_anchor,
        [this] {
            m_collector->stop();
            delete m_collector;
        },
        Qt::BlockingQueuedConnection);
    m_collector = nullptr;
    Q_EMIT runningChanged(false);
}

// Both are thread-safe on the collector; m_collector only changes on this thread.
void CollectorHost::setFileStore(FileStore *fileStore)
{
    m_fileStore = fileStore;
    if (m_collector)
        m_collector->setFileStore(fileStore);
}

void CollectorHost::setIngestHeld(bool held)
{
    m_ingestHeld = held;
    if (m_collector)
        m_collector->setIngestHeld(held);
}

QString CollectorHost::address() const
{
    if (!m_collector)
        return {};
    if (m_apiPort == m_otlpPort)
        return QStringLiteral("127.0.0.1:%1").arg(m_apiPort);
    return QStringLiteral("127.0.0.1:%1 \u00b7 OTLP %2").arg(m_apiPort).arg(m_otlpPort);
}

} // namespace traceflow
