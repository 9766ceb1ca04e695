// SPDX-License-Identifier: MIT
#include "preferencesdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSpinBox>
#include <QTcpServer>
#include <QVBoxLayout>

namespace traceflow {

Preferences Preferences::load(const AppSettings &settings)
{
    Preferences p;
    p.apiPort = settings.apiPort();
    p.otlpPort = settings.otlpPort();
    p.limits = settings.storeLimits();
    p.keepTraces = settings.keepTraces();
    p.storeFile = settings.storeFilePath();
    p.timeSpec = settings.timeSpec();
    p.theme = settings.theme();
    p.demoBasePort = settings.demoBasePort();
    return p;
}

void Preferences::save(AppSettings &settings) const
{
    settings.setApiPort(apiPort);
    settings.setOtlpPort(otlpPort);
    settings.setStoreLimits(limits);
    settings.setKeepTraces(keepTraces);
    settings.setTimeSpec(timeSpec);
    settings.setTheme(theme);
    settings.setDemoBasePort(demoBasePort);
}

PreferencesDialog::PreferencesDialog(const Preferences &current, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Preferences"));
    auto portBox = [](int value) {
        auto *box = new QSpinBox;
        box->setRange(0, 65535);
        box->setSpecialValueText(tr("any free port"));
        box->setValue(value);
        return box;
    };
    m_apiPort = portBox(current.apiPort);
    m_apiPort->setObjectName(QStringLiteral("apiPort"));
    m_otlpPort = portBox(current.otlpPort);
    m_otlpPort->setObjectName(QStringLiteral("otlpPort"));
    m_maxSpans = new QSpinBox;
    m_maxSpans->setRange(1000, 100'000'000);
    m_maxSpans->setSingleStep(100'000);
    m_maxSpans->setGroupSeparatorShown(true);
    m_maxSpans->setValue(
        static_cast<int>(std::min<std::size_t>(current.limits.maxSpans, 100'000'000)));
    m_maxMegabytes = new QSpinBox;
    m_maxMegabytes->setRange(16, 1 << 20);
    m_maxMegabytes->setSingleStep(128);
    m_maxMegabytes->setSuffix(tr(" MiB"));
    m_maxMegabytes->setValue(static_cast<int>(current.limits.maxBytes >> 20));
    m_timeZone = new QComboBox;
    m_timeZone->addItem(tr("Local time"), int(Qt::LocalTime));
    m_timeZone->addItem(tr("UTC"), int(Qt::UTC));
    m_timeZone->setCurrentIndex(current.timeSpec == Qt::UTC ? 1 : 0);
    m_theme = new QComboBox;
    m_theme->addItem(tr("Follow the system"), int(Theme::System));
    m_theme->addItem(tr("Light"), int(Theme::Light));
    m_theme->addItem(tr("Dark"), int(Theme::Dark));
    m_theme->setCurrentIndex(m_theme->findData(int(current.theme)));
    m_demoPort = new QSpinBox;
    m_demoPort->setRange(1, 65533);
    m_demoPort->setValue(current.demoBasePort);

    auto *collector = new QGroupBox(tr("Embedded collector"));
    auto *collectorForm = new QFormLayout(collector);
    collectorForm->addRow(tr("API / Zipkin port:"), m_apiPort);
    collectorForm->addRow(tr("OTLP/HTTP port:"), m_otlpPort);
    auto *note = new QLabel(tr("Listens on 127.0.0.1. Every route answers on both ports."));
    note->setEnabled(false);
    collectorForm->addRow(note);
    auto *store = new QGroupBox(tr("Trace store"));
    auto *storeForm = new QFormLayout(store);
    storeForm->addRow(tr("Keep at most:"), m_maxSpans);
    storeForm->addRow(tr("Memory budget:"), m_maxMegabytes);
    m_keepTraces = new QCheckBox(tr("Keep traces between sessions"));
    m_keepTraces->setObjectName(QStringLiteral("keepTraces"));
    m_keepTraces->setChecked(current.keepTraces);
    m_storeFile = current.storeFile;
    storeForm->addRow(m_keepTraces);
    auto *fileNote = new QLabel(tr("In %1 (7 days, at most 1 GiB). Takes effect at the next "
                                   "start.").arg(QDir::toNativeSeparators(current.storeFile)));
    fileNote->setWordWrap(true);
    fileNote->setEnabled(false);
    storeForm->addRow(fileNote);
    auto *view = new QGroupBox(tr("Display"));
    auto *viewForm = new QFormLayout(view);
    viewForm->addRow(tr("Times in:"), m_timeZone);
    viewForm->addRow(tr("Theme:"), m_theme);
    viewForm->addRow(tr("Demo services from port:"), m_demoPort);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(collector);
    layout->addWidget(store);
    layout->addWidget(view);
    layout->addWidget(buttons);
}

Preferences PreferencesDialog::preferences() const
{
    Preferences p;
    p.apiPort = quint16(m_apiPort->value());
    p.otlpPort = quint16(m_otlpPort->value());
    p.limits.maxSpans = std::size_t(m_maxSpans->value());
    p.limits.maxBytes = std::size_t(m_maxMegabytes->value()) << 20;
    p.keepTraces = m_keepTraces->isChecked();
    p.storeFile = m_storeFile;
    p.timeSpec = Qt::TimeSpec(m_timeZone->currentData().toInt());
    p.theme = Theme(m_theme->currentData().toInt());
    p.demoBasePort = m_demoPort->value();
    return p;
}

quint16 PreferencesDialog::freePort(quint16 from, quint16 except)
{
    for (int port = std::max<int>(from, 1024); port <= 65535; ++port) {
        if (port == except)
            continue;
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost, quint16(port)))
            return quint16(port);
    }
    return 0;
}

void PreferencesDialog::suggestFreePorts()
{
    const quint16 api = freePort(quint16(m_apiPort->value()));
    m_apiPort->setValue(api);
    m_otlpPort->setValue(freePort(quint16(m_otlpPort->value()), api));
}

void PreferencesDialog::focusPorts()
{
    m_apiPort->setFocus();
    m_apiPort->selectAll();
}

} // namespace traceflow
