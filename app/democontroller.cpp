// SPDX-License-Identifier: MIT
#include "democontroller.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>

#include <csignal>
#include <sys/prctl.h>

namespace traceflow {

namespace {
constexpr int StartTimeoutMs = 10000;
constexpr int StopGraceMs = 3000;
const QString DemoName = QStringLiteral("traceflow-demo");
} // namespace

DemoController::DemoController(QObject *parent)
    : QObject(parent), m_program(findProgram()), m_startTimeout(new QTimer(this))
{
    m_startTimeout->setSingleShot(true);
    m_startTimeout->setInterval(StartTimeoutMs);
    connect(m_startTimeout, &QTimer::timeout, this, [this] {
        if (m_state != State::Starting)
            return;
        m_error = tr("The demo services did not start within %1 s.").arg(StartTimeoutMs / 1000);
        Q_EMIT errorOccurred(m_error);
        stop();
    });
}

DemoController::~DemoController()
{
    for (QProcess *process : {m_load, m_services}) {
        if (!process)
            continue;
        process->disconnect(this);
        terminate(process);
    }
}

void DemoController::terminate(QProcess *process)
{
    if (process->state() == QProcess::NotRunning)
        return;
    process->terminate(); // SIGTERM: the demo flushes its spans and exits
    if (!process->waitForFinished(1500)) {
        process->kill();
        process->waitForFinished(1000);
    }
}

QString DemoController::findProgram()
{
    const QString dir = QCoreApplication::applicationDirPath();
    const QStringList candidates = {dir + u'/' + DemoName,
                                    dir + QStringLiteral("/../demo/") + DemoName};
    for (const QString &candidate : candidates) {
        const QFileInfo info(candidate);
        if (info.isFile() && info.isExecutable())
            return QDir::cleanPath(info.absoluteFilePath());
    }
    return QStandardPaths::findExecutable(DemoName);
}

QProcess *DemoController::spawn(const QStringList &arguments)
{
    auto *process = new QProcess(this);
    process->setProgram(m_program);
    process->setArguments(arguments);
    // Should the app crash, the kernel still stops its demo processes.
    process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    return process;
}

void DemoController::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

bool DemoController::start(const QUrl &collector, double errorRate)
{
    if (m_state != State::Stopped)
        return false;
    if (m_program.isEmpty() || !QFileInfo(m_program).isExecutable()) {
        m_error = tr("traceflow-demo was not found next to the app, in the build tree or on PATH.");
        Q_EMIT errorOccurred(m_error);
        return false;
    }
    m_collector = collector;
    m_errorRate = errorRate;
    m_error.clear();
    m_listening = 0;
    m_servicesOutput.clear();
    m_services = spawn({QStringLiteral("all"), QStringLiteral("--collector"), collector.toString(),
                        QStringLiteral("--port"), QString::number(m_basePort),
                        QStringLiteral("--error-rate"), QString::number(errorRate)});
    m_services->setProcessChannelMode(QProcess::MergedChannels);
    connect(m_services, &QProcess::readyReadStandardOutput, this,
            &DemoController::onServicesOutput);
    connect(m_services, &QProcess::finished, this, &DemoController::onServicesFinished);
    connect(m_services, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            onServicesFinished();
    });
    setState(State::Starting);
    m_startTimeout->start();
    m_services->start();
    return true;
}

void DemoController::onServicesOutput()
{
    m_servicesOutput += m_services->readAllStandardOutput();
    // "checkout listening on http://127.0.0.1:9001", one line per service.
    m_listening = static_cast<int>(m_servicesOutput.count(QByteArrayLiteral(" listening on ")));
    if (m_state == State::Starting && m_listening >= 3) {
        m_startTimeout->stop();
        setState(State::Running);
        if (m_pendingRequests) {
            const int requests = *m_pendingRequests;
            m_pendingRequests.reset();
            startLoad(requests);
        }
    }
    if (m_servicesOutput.size() > 64 * 1024)
        m_servicesOutput = m_servicesOutput.right(16 * 1024);
}

void DemoController::onServicesFinished()
{
    if (!m_services)
        return;
    m_startTimeout->stop();
    const bool expected = m_state == State::Stopping;
    if (!expected) {
        m_servicesOutput += m_services->readAllStandardOutput();
        const QString tail = QString::fromLocal8Bit(m_servicesOutput).trimmed().section(u'\n', -3);
        m_error = m_services->error() == QProcess::FailedToStart
                      ? tr("Cannot run %1: %2").arg(m_program, m_services->errorString())
                      : tr("The demo services exited: %1")
                            .arg(tail.isEmpty() ? m_services->errorString() : tail);
        Q_EMIT errorOccurred(m_error);
    }
    m_services->deleteLater();
    m_services = nullptr;
    if (m_load) {
        m_load->disconnect(this);
        terminate(m_load);
        m_load->deleteLater();
        m_load = nullptr;
        Q_EMIT generatingChanged(false);
    }
    setState(State::Stopped);
    if (m_restartRate) {
        const double rate = *m_restartRate;
        m_restartRate.reset();
        start(m_collector, rate);
    }
}

bool DemoController::generateTraffic(int requests, std::optional<double> errorRate)
{
    if (m_load || requests <= 0 || (m_state != State::Running && m_state != State::Starting))
        return false;
    if (errorRate && !qFuzzyCompare(1.0 + *errorRate, 1.0 + m_errorRate)) {
        m_pendingRequests = requests;
        m_restartRate = *errorRate;
        stop();
        return true;
    }
    if (m_state == State::Starting) {
        m_pendingRequests = requests;
        return true;
    }
    startLoad(requests);
    return true;
}

void DemoController::startLoad(int requests)
{
    m_load = spawn({QStringLiteral("load"), QStringLiteral("--target"),
                    QStringLiteral("http://127.0.0.1:%1/checkout").arg(m_basePort),
                    QStringLiteral("--requests"), QString::number(requests),
                    QStringLiteral("--concurrency"), QStringLiteral("4")});
    m_load->setProcessChannelMode(QProcess::MergedChannels);
    // The load prints a line per checkout; only the summary at the end matters.
    m_loadOutput.clear();
    connect(m_load, &QProcess::readyReadStandardOutput, this, [this, load = m_load] {
        m_loadOutput += load->readAllStandardOutput();
        m_loadOutput = m_loadOutput.right(4096);
    });
    connect(m_load, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        QProcess *load = m_load;
        m_load = nullptr;
        load->deleteLater();
        m_loadOutput += load->readAllStandardOutput();
        const QString tail = QString::fromLocal8Bit(m_loadOutput).trimmed();
        QStringList lines = tail.split(u'\n');
        lines.removeIf(
            [](const QString &line) { return line.startsWith(QLatin1String("checkout:")); });
        const bool ok = status == QProcess::NormalExit && exitCode == 0;
        Q_EMIT generatingChanged(false);
        Q_EMIT trafficFinished(lines.join(u'\n').trimmed(), ok);
    });
    m_load->start();
    Q_EMIT generatingChanged(true);
}

void DemoController::stop()
{
    m_startTimeout->stop();
    if (!m_services || m_state == State::Stopping)
        return;
    if (!m_restartRate)
        m_pendingRequests.reset();
    setState(State::Stopping);
    m_services->terminate();
    QTimer::singleShot(StopGraceMs, m_services, [process = m_services] { process->kill(); });
}

} // namespace traceflow
