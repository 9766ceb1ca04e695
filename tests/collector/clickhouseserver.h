// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace traceflow {

// A real ClickHouse server for tests and benchmarks, run as a plain process from a small
// config in a temporary folder: loopback only, free ports, data in the folder, a passwordless
// "default" user. Debian 12's clickhouse-server (18.16) starts in well under a second. It can
// be stopped and started again on the same data and port (an outage, then the recovery).
class ClickHouseServer
{
public:
    // The clickhouse-server binary (or the multi-call "clickhouse"), empty when not installed.
    static QString binaryPath();
    // Why the ClickHouse tests cannot run here, for their QSKIP; nullptr when they can.
    static const char *missingReason();

    ClickHouseServer();
    ~ClickHouseServer(); // stops the server; the temporary folder goes with it

    // Starts the server (choosing ports on the first start) and waits until it answers /ping.
    bool start(int timeoutMs = 30000);
    // SIGTERM, then SIGKILL after timeoutMs; the data stays for the next start().
    void stop(int timeoutMs = 15000);
    bool isRunning() const { return m_process.state() == QProcess::Running; }

    quint16 httpPort() const { return m_httpPort; }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_httpPort); }
    // A collector's options to write through to this server: database, spill folder and a
    // short flush interval, so that tests see their spans quickly.
    QStringList collectorArgs(const QString &database, const QString &spillDir) const;
    // Runs sql over HTTP; the answer (TabSeparated unless the SQL says otherwise), or an empty
    // array with *error set.
    QByteArray query(const QByteArray &sql, QString *error = nullptr) const;
    // query() as a number (e.g. SELECT count()); -1 on error.
    qint64 number(const QByteArray &sql) const;
    // The server's log, for a failure message.
    QByteArray log() const;
    QString errorString() const { return m_error; }

private:
    bool writeConfig();

    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_httpPort = 0;
    quint16 m_tcpPort = 0;
    QString m_error;
};

} // namespace traceflow
