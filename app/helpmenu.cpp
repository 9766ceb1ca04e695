// SPDX-License-Identifier: MIT
#include "helpmenu.h"

#include "collectorhost.h"

#include <QCoreApplication>
#include <QMessageBox>

namespace traceflow {

HelpMenu::HelpMenu(const CollectorHost &collector, QWidget *parent)
    : QMenu(tr("&Help"), parent), m_collector(collector)
{
    addAction(tr("Collector &Endpoints"), this, [this] {
        QMessageBox::information(parentWidget(), tr("Collector Endpoints"), endpointsText());
    });
    addAction(tr("&About TraceFlow"), this, [this] {
        QMessageBox::about(
            parentWidget(), tr("About TraceFlow"),
            tr("<h3>TraceFlow %1</h3><p>A desktop trace viewer with a bundled "
               "OpenTelemetry and Zipkin collector.</p><p>Qt %2 \u00b7 MIT licence</p>")
                .arg(QCoreApplication::applicationVersion(), QLatin1String(qVersion())));
    });
}

QString HelpMenu::endpointsText() const
{
    if (!m_collector.isRunning())
        return tr("The embedded collector is not running.");
    const QString api = QStringLiteral("http://127.0.0.1:%1").arg(m_collector.apiPort());
    const QString otlp = QStringLiteral("http://127.0.0.1:%1").arg(m_collector.otlpPort());
    return tr("<p>Send spans to the embedded collector:</p><table>"
              "<tr><td>OTLP/HTTP (protobuf, JSON)&nbsp;</td><td><tt>%1/v1/traces</tt></td></tr>"
              "<tr><td>Zipkin v2 JSON</td><td><tt>%2/api/v2/spans</tt></td></tr>"
              "<tr><td>TraceFlow JSON</td><td><tt>%2/api/spans</tt></td></tr></table>"
              "<p>OpenTelemetry SDKs: <tt>OTEL_EXPORTER_OTLP_ENDPOINT=%1</tt></p>")
        .arg(otlp, api);
}

} // namespace traceflow
