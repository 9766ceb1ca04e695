// SPDX-License-Identifier: MIT
#include "searchcontroller.h"

#include "searchbar.h"
#include "tracelistview.h"
#include "tracesource.h"

#include <QDateTime>

namespace traceflow {

namespace {
constexpr int RequeryMs = 5000;    // relative time ranges move on even without new spans
constexpr int NamesEveryMs = 2000; // service/operation lists
} // namespace

SearchController::SearchController(SearchBar *bar, TraceListView *list, QObject *parent)
    : QObject(parent), m_bar(bar), m_list(list)
{
    connect(&m_poll, &QTimer::timeout, this, &SearchController::tick);
    m_namesTimer.setSingleShot(true);
    connect(&m_namesTimer, &QTimer::timeout, this, &SearchController::refreshNames);
    connect(bar, &SearchBar::queryChanged, this, &SearchController::refresh);
    connect(bar, &SearchBar::serviceChanged, this, [this] {
        m_sinceNames.invalidate();
        refreshNames();
    });
}

void SearchController::setSource(TraceSource *source)
{
    if (m_source)
        disconnect(m_source, nullptr, this, nullptr);
    m_source = source;
    ++m_epoch;
    m_running = false;
    m_pending = false;
    m_namesRunning = false;
    m_namesPending = false;
    m_namesTimer.stop();
    m_poll.stop();
    if (!source)
        return;
    connect(source, &TraceSource::contentChanged, this, [this] {
        refresh();
        refreshNames();
    });
    m_poll.start(source->pollIntervalMs());
    m_sinceNames.invalidate();
    refresh();
    refreshNames();
}

std::optional<TraceQuery> SearchController::currentQuery() const
{
    return m_bar->query(QDateTime::currentMSecsSinceEpoch() * 1'000'000);
}

void SearchController::tick()
{
    if (!m_source)
        return;
    m_source->poll();
    if (!m_running && m_sinceRun.isValid() && m_sinceRun.elapsed() >= RequeryMs)
        refresh();
}

void SearchController::refresh()
{
    if (!m_source)
        return;
    if (m_running) {
        m_pending = true;
        return;
    }
    run();
}

void SearchController::run()
{
    QString error;
    const std::optional<TraceQuery> query =
        m_bar->query(QDateTime::currentMSecsSinceEpoch() * 1'000'000, &error);
    Q_EMIT queryError(query ? QString() : error);
    m_sinceRun.start();
    if (!query)
        return;
    m_running = true;
    m_pending = false;
    const quint64 epoch = m_epoch;
    m_source->query(*query).then(this, [this, epoch](QueryResult result) {
        if (epoch != m_epoch)
            return;
        m_running = false;
        const int shown = static_cast<int>(result.traces.size());
        m_total = result.total;
        m_list->applyTraces(std::move(result.traces));
        Q_EMIT resultsApplied(shown, m_total);
        if (m_pending)
            run();
    });
}

void SearchController::refreshNames()
{
    if (!m_source)
        return;
    if (m_namesRunning) {
        m_namesPending = true;
        return;
    }
    if (m_sinceNames.isValid() && m_sinceNames.elapsed() < NamesEveryMs) {
        // Throttled, not dropped: the lists catch up once the interval has passed.
        if (!m_namesTimer.isActive())
            m_namesTimer.start(int(NamesEveryMs - m_sinceNames.elapsed()));
        return;
    }
    m_namesRunning = true;
    m_namesPending = false;
    m_sinceNames.start();
    const quint64 epoch = m_epoch;
    const QString service = m_bar->service();
    auto done = [this] {
        m_namesRunning = false;
        if (m_namesPending) {
            m_sinceNames.invalidate();
            refreshNames();
        }
    };
    m_source->services().then(this, [this, epoch, service, done](const QStringList &services) {
        if (epoch != m_epoch)
            return;
        m_bar->setServices(services);
        if (service.isEmpty()) {
            m_bar->setOperations({});
            done();
            return;
        }
        m_source->operations(service).then(
            this, [this, epoch, service, done](const QStringList &operations) {
                if (epoch != m_epoch)
                    return;
                if (service == m_bar->service())
                    m_bar->setOperations(operations);
                done();
            });
    });
}

} // namespace traceflow
