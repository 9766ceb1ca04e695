// SPDX-License-Identifier: MIT
#pragma once

#include "serviceworker.h"

#include <QTcpServer>

#include <memory>
#include <vector>

namespace traceflow::demo {

// Accepts connections and gives each to an idle ServiceWorker, starting a new worker when
// all are busy (up to maxWorkers; past that the least busy one takes it). A handler can
// then block in downstream calls without delaying requests on other connections.
class ConnectionDispatcher : public QTcpServer
{
public:
    ConnectionDispatcher(ServiceWorker::Setup setup, int maxWorkers);
    ~ConnectionDispatcher() override;

    // Stops accepting, then stops the workers (their open connections are dropped).
    void stop();
    int workerCount() const { return int(m_workers.size()); }

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    const ServiceWorker::Setup m_setup;
    const int m_maxWorkers;
    std::vector<std::unique_ptr<ServiceWorker>> m_workers;
};

} // namespace traceflow::demo
