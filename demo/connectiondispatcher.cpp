// SPDX-License-Identifier: MIT
#include "connectiondispatcher.h"

#include <algorithm>

namespace traceflow::demo {

ConnectionDispatcher::ConnectionDispatcher(ServiceWorker::Setup setup, int maxWorkers)
    : m_setup(std::move(setup)), m_maxWorkers(std::max(1, maxWorkers))
{
}

ConnectionDispatcher::~ConnectionDispatcher()
{
    stop();
}

void ConnectionDispatcher::stop()
{
    close();
    m_workers.clear();
}

void ConnectionDispatcher::incomingConnection(qintptr socketDescriptor)
{
    auto leastBusy = std::min_element(m_workers.begin(), m_workers.end(),
                                      [](const auto &a, const auto &b) {
                                          return a->connections() < b->connections();
                                      });
    ServiceWorker *worker = nullptr;
    if (leastBusy != m_workers.end()
        && ((*leastBusy)->connections() == 0 || int(m_workers.size()) >= m_maxWorkers)) {
        worker = leastBusy->get();
    } else {
        m_workers.push_back(std::make_unique<ServiceWorker>(m_setup));
        worker = m_workers.back().get();
        worker->startAndWait();
    }
    worker->adopt(socketDescriptor);
}

} // namespace traceflow::demo
