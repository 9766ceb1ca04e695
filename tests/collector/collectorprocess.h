// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>

class QTemporaryDir;

namespace traceflow {

// The real traceflow-collector binary, started on free loopback ports (--port 0 --otlp-port 0
// unless the arguments say otherwise); the ports are read from its startup line.
class CollectorProcess
{
public:
    static QString binaryPath();
    // Writes a tail sampling configuration as sampling.json in dir, for --sampling: its path,
    // or an empty string when it cannot be written.
    static QString writeSamplingConfig(const QTemporaryDir &dir, const QByteArray &json);

    explicit CollectorProcess(const QStringList &arguments = {});
    ~CollectorProcess(); // SIGTERM, then SIGKILL if it does not exit
    // Another traceflow-collector binary, e.g. one installed from the package; before start().
    void setProgram(const QString &path) { m_program = path; }

    // False when the binary exits or prints no startup line within timeoutMs.
    bool start(int timeoutMs = 15000);
    // SIGTERM and wait: the exit code, or -1 when it crashed or did not exit in time.
    int terminate(int timeoutMs = 15000);
    // Waits for an exit that is already under way (e.g. a start failure).
    int waitForExit(int timeoutMs = 15000);

    quint16 apiPort() const { return m_apiPort; }
    quint16 otlpPort() const { return m_otlpPort; }
    QByteArray standardOutput() const { return m_stdout; }
    QByteArray standardError();
    qint64 pid() const { return m_process.processId(); }
    QProcess &process() { return m_process; }

private:
    QString m_program = binaryPath();
    QStringList m_arguments;
    QProcess m_process;
    QByteArray m_stdout;
    quint16 m_apiPort = 0;
    quint16 m_otlpPort = 0;
};

} // namespace traceflow
