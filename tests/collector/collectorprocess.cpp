// SPDX-License-Identifier: MIT
#include "collectorprocess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

namespace traceflow {

QString CollectorProcess::binaryPath()
{
    return QStringLiteral(TRACEFLOW_COLLECTOR_BINARY);
}

QString CollectorProcess::writeSamplingConfig(const QTemporaryDir &dir, const QByteArray &json)
{
    const QString path = dir.filePath(QStringLiteral("sampling.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size())
        return {};
    return path;
}

CollectorProcess::CollectorProcess(const QStringList &arguments) : m_arguments(arguments)
{
    if (!m_arguments.contains(QStringLiteral("--port")))
        m_arguments << QStringLiteral("--port") << QStringLiteral("0");
    if (!m_arguments.contains(QStringLiteral("--otlp-port")))
        m_arguments << QStringLiteral("--otlp-port") << QStringLiteral("0");
}

CollectorProcess::~CollectorProcess()
{
    if (m_process.state() != QProcess::NotRunning && terminate(5000) == -1) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool CollectorProcess::start(int timeoutMs)
{
    m_process.setProgram(m_program);
    m_process.setArguments(m_arguments);
    m_process.start();
    if (!m_process.waitForStarted(timeoutMs))
        return false;
    static const QRegularExpression line(QStringLiteral(
        R"(listening on \S+:(\d+) \(api\) and \S+:(\d+) \(otlp\))"));
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        m_stdout += m_process.readAllStandardOutput();
        const QRegularExpressionMatch match = line.match(QString::fromUtf8(m_stdout));
        if (match.hasMatch()) {
            m_apiPort = static_cast<quint16>(match.captured(1).toUInt());
            m_otlpPort = static_cast<quint16>(match.captured(2).toUInt());
            return true;
        }
        if (m_process.state() == QProcess::NotRunning)
            return false;
        m_process.waitForReadyRead(100);
    }
    return false;
}

int CollectorProcess::terminate(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    m_process.terminate(); // SIGTERM
    return waitForExit(timeoutMs);
}

int CollectorProcess::waitForExit(int timeoutMs)
{
    if (m_process.state() != QProcess::NotRunning && !m_process.waitForFinished(timeoutMs))
        return -1;
    m_stdout += m_process.readAllStandardOutput();
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

QByteArray CollectorProcess::standardError()
{
    return m_process.readAllStandardError();
}

} // namespace traceflow
