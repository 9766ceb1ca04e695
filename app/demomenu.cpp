// SPDX-License-Identifier: MIT
#include "demomenu.h"

#include "democontroller.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QMessageBox>
#include <QSpinBox>

namespace traceflow {

DemoMenu::DemoMenu(DemoController *demo, std::function<QUrl()> collectorUrl, QWidget *parent)
    : QMenu(tr("&Demo"), parent), m_demo(demo), m_collectorUrl(std::move(collectorUrl))
{
    m_start = addAction(tr("&Start Demo Services"));
    m_start->setStatusTip(tr("Run checkout, inventory and payment, sending their spans here"));
    m_traffic = addMenu(tr("&Generate Traffic"));
    m_traffic10 = m_traffic->addAction(tr("&10 Requests"));
    m_traffic100 = m_traffic->addAction(tr("&100 Requests"));
    m_custom = m_traffic->addAction(tr("&Custom\u2026"));
    m_stop = addAction(tr("S&top Demo Services"));
    connect(m_start, &QAction::triggered, this, &DemoMenu::start);
    connect(m_traffic10, &QAction::triggered, this, [this] { m_demo->generateTraffic(10); });
    connect(m_traffic100, &QAction::triggered, this, [this] { m_demo->generateTraffic(100); });
    connect(m_custom, &QAction::triggered, this, &DemoMenu::customTraffic);
    connect(m_stop, &QAction::triggered, m_demo, &DemoController::stop);

    connect(m_demo, &DemoController::stateChanged, this, [this](DemoController::State state) {
        updateActions();
        if (state == DemoController::State::Running)
            Q_EMIT message(tr("Demo services running on ports %1\u2013%2")
                               .arg(m_demo->basePort())
                               .arg(m_demo->basePort() + 2));
        else if (state == DemoController::State::Stopped && m_demo->lastError().isEmpty())
            Q_EMIT message(tr("Demo services stopped"));
    });
    connect(m_demo, &DemoController::generatingChanged, this, [this](bool generating) {
        updateActions();
        if (generating)
            Q_EMIT message(tr("Generating demo traffic\u2026"));
    });
    connect(m_demo, &DemoController::trafficFinished, this,
            [this](const QString &summary, bool ok) {
                Q_EMIT message(ok ? tr("Demo traffic done. %1").arg(summary.section(u'\n', -1))
                                  : tr("Demo traffic failed. %1").arg(summary.section(u'\n', -1)));
            });
    connect(m_demo, &DemoController::errorOccurred, this, [this](const QString &error) {
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Demo"), error, QMessageBox::Ok,
                                    parentWidget());
        box->setObjectName(QStringLiteral("demoProblem"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    updateActions();
}

void DemoMenu::updateActions()
{
    const DemoController::State state = m_demo->state();
    const bool running = state == DemoController::State::Running;
    m_start->setEnabled(state == DemoController::State::Stopped);
    m_stop->setEnabled(state == DemoController::State::Running ||
                       state == DemoController::State::Starting);
    for (QAction *action : {m_traffic10, m_traffic100, m_custom})
        action->setEnabled(running && !m_demo->isGenerating());
    m_traffic->setEnabled(running && !m_demo->isGenerating());
}

void DemoMenu::start()
{
    const QUrl collector = m_collectorUrl();
    if (collector.isEmpty()) {
        Q_EMIT message(tr(
            "No collector to send demo spans to: start the embedded collector or connect to one"));
        return;
    }
    m_demo->start(collector, m_demo->errorRate());
}

void DemoMenu::customTraffic()
{
    QDialog dialog(parentWidget());
    dialog.setWindowTitle(tr("Generate Traffic"));
    auto *requests = new QSpinBox;
    requests->setRange(1, 1'000'000);
    requests->setValue(m_customRequests);
    requests->setGroupSeparatorShown(true);
    auto *errorRate = new QDoubleSpinBox;
    errorRate->setRange(0, 100);
    errorRate->setDecimals(1);
    errorRate->setSuffix(QStringLiteral(" %"));
    errorRate->setValue(m_demo->errorRate() * 100);
    errorRate->setToolTip(tr("Share of requests where a service injects a failure. Changing it "
                             "restarts the demo services."));
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("Checkout requests:"), requests);
    form->addRow(tr("Error rate:"), errorRate);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_customRequests = requests->value();
    m_demo->generateTraffic(m_customRequests, errorRate->value() / 100.0);
}

} // namespace traceflow
