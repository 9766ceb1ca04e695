// SPDX-License-Identifier: MIT
#include "servicegraphview.h"

#include "mainwindow.h"
#include "searchbar.h"
#include "servicegraphcanvas.h"
#include "tracesource.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace traceflow {

namespace {
constexpr int SlideMs = 5000;
}

ServiceGraphView::ServiceGraphView(MainWindow *window)
    : ServiceGraphView(window->searchBar(), window)
{
    connect(window, &MainWindow::sourceChanged, this, [this, window] { setSource(window->source()); });
    connect(this, &ServiceGraphView::showTracesRequested, window, &MainWindow::showTraceList);
    if (window->source())
        setSource(window->source());
}

ServiceGraphView::ServiceGraphView(SearchBar *searchBar, QWidget *parent)
    : QWidget(parent), m_searchBar(searchBar)
{
    setObjectName(QStringLiteral("serviceGraphPage"));
    m_canvas = new ServiceGraphCanvas;
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("serviceGraphSummary"));
    auto *hint = new QLabel(tr("Click a service or a call to list its traces \u00b7 wheel zooms, "
                               "drag pans, F fits"));
    hint->setForegroundRole(QPalette::PlaceholderText);
    m_fit = new QPushButton(tr("Fit"));
    m_fit->setObjectName(QStringLiteral("serviceGraphFit"));
    m_fit->setToolTip(tr("Fit the graph to the window (F)"));

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(10, 6, 10, 6);
    bar->addWidget(m_summary);
    bar->addSpacing(16);
    bar->addWidget(hint, 1);
    bar->addWidget(m_fit);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_canvas, 1);

    connect(m_fit, &QPushButton::clicked, m_canvas, &ServiceGraphCanvas::fitToView);
    connect(m_canvas, &ServiceGraphCanvas::serviceClicked, this, &ServiceGraphView::showService);
    connect(m_canvas, &ServiceGraphCanvas::callClicked, this, &ServiceGraphView::showCall);
    if (m_searchBar)
        connect(m_searchBar, &SearchBar::queryChanged, this, &ServiceGraphView::requestRefresh);
    m_slide.setInterval(SlideMs);
    connect(&m_slide, &QTimer::timeout, this, &ServiceGraphView::requestRefresh);
    m_slide.start();
}

void ServiceGraphView::setSource(TraceSource *source)
{
    if (m_source)
        disconnect(m_source, nullptr, this, nullptr);
    m_source = source;
    ++m_epoch;
    m_running = false;
    m_pending = false;
    if (source)
        connect(source, &TraceSource::contentChanged, this, &ServiceGraphView::requestRefresh);
    m_stale = true;
    requestRefresh();
}

void ServiceGraphView::requestRefresh()
{
    m_stale = true;
    if (isVisible())
        refresh();
}

void ServiceGraphView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void ServiceGraphView::refresh()
{
    if (!m_source) {
        m_canvas->setGraph({});
        m_canvas->setEmptyText(tr("No trace source"));
        return;
    }
    if (m_running) {
        m_pending = true;
        return;
    }
    m_stale = false;
    // The search bar's range; while one of its fields does not parse, the last good one.
    if (m_searchBar) {
        if (const std::optional<TraceQuery> q =
                m_searchBar->query(QDateTime::currentMSecsSinceEpoch() * 1'000'000)) {
            m_startNs = q->startNs;
            m_endNs = q->endNs;
        }
    }
    m_running = true;
    const std::uint64_t epoch = m_epoch;
    m_source->serviceGraph(m_startNs, m_endNs)
        .then(this, [this, epoch](const ServiceGraphData &graph) {
            if (epoch != m_epoch)
                return;
            m_running = false;
            const bool windowed = m_startNs || m_endNs;
            m_canvas->setEmptyText(windowed ? tr("No calls in this time range.\nWiden the range "
                                                 "in the search bar, or send some spans.")
                                            : tr("No services yet.\nSpans sent to the collector "
                                                 "appear here as they arrive."));
            m_canvas->setGraph(graph);
            std::uint64_t requests = 0;
            for (const ServiceNodeStats &n : graph.nodes)
                requests += n.requests;
            m_summary->setText(
                (graph.nodes.size() == 1 ? tr("1 service")
                                         : tr("%1 services").arg(graph.nodes.size()))
                + u" \u00b7 "
                + (graph.calls.size() == 1 ? tr("1 caller \u2192 callee pair")
                                           : tr("%1 caller \u2192 callee pairs").arg(graph.calls.size()))
                + u" \u00b7 "
                + (requests == 1 ? tr("1 request") : tr("%1 requests").arg(requests)));
            Q_EMIT refreshed();
            if (m_pending) {
                m_pending = false;
                refresh();
            }
        });
}

void ServiceGraphView::showService(const QString &service)
{
    if (!m_searchBar)
        return;
    m_searchBar->setCall(std::nullopt);
    m_searchBar->setService(service);
    Q_EMIT showTracesRequested();
}

void ServiceGraphView::showCall(const QString &parent, const QString &child)
{
    if (!m_searchBar)
        return;
    m_searchBar->setService(QString());
    m_searchBar->setCall(CallFilter{parent, child});
    Q_EMIT showTracesRequested();
}

} // namespace traceflow
