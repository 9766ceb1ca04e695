// SPDX-License-Identifier: MIT
#include "statuspanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

namespace traceflow {

namespace {
constexpr qint64 RateWindowMs = 900;

QString dot(const char *color)
{
    return QStringLiteral("<span style=\"color:%1\">\u25cf</span> ").arg(QLatin1String(color));
}
} // namespace

StatusPanel::StatusPanel(QWidget *parent)
    : QWidget(parent), m_collector(new QLabel), m_rate(new QLabel), m_counts(new QLabel)
{
    m_collector->setObjectName(QStringLiteral("collectorStatus"));
    m_collector->setTextFormat(Qt::RichText);
    m_collector->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_rate->setObjectName(QStringLiteral("spanRate"));
    m_rate->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("000,000 spans/s")));
    m_rate->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_counts->setObjectName(QStringLiteral("storeCounts"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(16);
    layout->addWidget(m_collector);
    layout->addWidget(m_rate);
    layout->addWidget(m_counts);
    setCollector({}, false);
    m_rate->setText(tr("0 spans/s"));
    m_counts->setText(tr("0 traces \u00b7 0 spans \u00b7 0 services"));
}

void StatusPanel::setCollector(const QString &address, bool remote, const QString &problem)
{
    if (address != m_address || remote != m_remote) {
        m_lastCount.reset();
        m_rate->setText(tr("0 spans/s"));
    }
    m_address = address;
    m_remote = remote;
    m_problem = problem;
    showHealth(!address.isEmpty());
}

void StatusPanel::showHealth(bool healthy)
{
    QString text;
    if (m_pending && !m_address.isEmpty()) {
        m_collector->setText(
            dot("#d9a43f") +
            tr("Collector %1 \u00b7 new spans wait for loading").arg(m_address.toHtmlEscaped()));
        m_collector->setToolTip(tr("The embedded collector takes spans now and stores them "
                                   "once the traces kept from earlier sessions are loaded"));
        return;
    }
    if (m_address.isEmpty()) {
        text = dot("#d93f3f") + tr("Collector not running");
    } else {
        const QString what = m_remote ? tr("Remote collector") : tr("Collector");
        text = dot(healthy ? "#2fa84f" : "#d93f3f") + what + u' ' + m_address.toHtmlEscaped();
        if (!healthy)
            text += tr(" (not answering)");
    }
    m_collector->setText(text);
    if (m_address.isEmpty()) {
        m_collector->setToolTip(m_problem);
        return;
    }
    m_collector->setToolTip(m_remote ? tr("Reading a remote traceflow-collector over its HTTP API")
                                     : tr("The embedded collector: send OTLP/HTTP to port %1 or "
                                          "Zipkin/TraceFlow JSON to the API port")
                                           .arg(m_address.section(u' ', -1)));
}

void StatusPanel::setCollectorPending(bool pending)
{
    m_pending = pending;
    showHealth(!m_address.isEmpty());
}

double StatusPanel::rate(std::uint64_t before, std::uint64_t after, qint64 elapsedMs)
{
    if (elapsedMs <= 0 || after < before)
        return 0;
    return static_cast<double>(after - before) * 1000.0 / static_cast<double>(elapsedMs);
}

void StatusPanel::setStats(const SourceStats &stats)
{
    if (!m_address.isEmpty())
        showHealth(stats.healthy);
    // Counts may come more often than once a second; the rate is measured over at least
    // RateWindowMs so it does not jitter.
    const std::uint64_t count = stats.spansInserted.value_or(stats.spans);
    // Stored traces loading are not spans arriving: no rate until the collector runs.
    if (m_pending) {
        m_lastCount.reset();
    } else if (!m_lastCount || m_lastSample.elapsed() >= RateWindowMs) {
        if (m_lastCount) {
            const double perSecond = rate(*m_lastCount, count, m_lastSample.elapsed());
            m_rate->setText(tr("%1 spans/s").arg(QLocale().toString(qRound64(perSecond))));
        }
        m_lastCount = count;
        m_lastSample.start();
    }
    const QLocale locale;
    m_counts->setText(tr("%1 traces \u00b7 %2 spans \u00b7 %3 services")
                          .arg(locale.toString(qulonglong(stats.traces)),
                               locale.toString(qulonglong(stats.spans)),
                               locale.toString(stats.services)));
}

QString StatusPanel::collectorText() const
{
    return m_collector->text();
}
QString StatusPanel::countsText() const
{
    return m_counts->text();
}
QString StatusPanel::rateText() const
{
    return m_rate->text();
}

} // namespace traceflow
