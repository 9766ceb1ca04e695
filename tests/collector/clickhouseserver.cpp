// SPDX-License-Identifier: MIT
#include "clickhouseserver.h"

#include "clickhouseclient.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>

namespace traceflow {

namespace {
quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

// The smallest configuration 18.16 runs with. <console> sends the log to the process's
// output, which log() reads back.
constexpr char ConfigXml[] = R"(<?xml version="1.0"?>
<yandex>
    <logger><level>warning</level><console>true</console></logger>
    <http_port>%1</http_port>
    <tcp_port>%2</tcp_port>
    <listen_host>127.0.0.1</listen_host>
    <path>%3/data/</path>
    <tmp_path>%3/data/tmp/</tmp_path>
    <user_files_path>%3/data/user_files/</user_files_path>
    <format_schema_path>%3/data/format_schemas/</format_schema_path>
    <users_config>%3/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <mark_cache_size>67108864</mark_cache_size>
    <uncompressed_cache_size>67108864</uncompressed_cache_size>
    <max_concurrent_queries>100</max_concurrent_queries>
    <mlock_executable>false</mlock_executable>
</yandex>
)";

constexpr char UsersXml[] = R"(<?xml version="1.0"?>
<yandex>
    <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
    <users>
        <default>
            <password></password>
            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
        <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time>
    </interval></default></quotas>
</yandex>
)";
} // namespace

QString ClickHouseServer::binaryPath()
{
    const QStringList dirs{QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin"),
                           QStringLiteral("/usr/local/bin")};
    QString path = QStandardPaths::findExecutable(QStringLiteral("clickhouse-server"));
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(QStringLiteral("clickhouse-server"), dirs);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(QStringLiteral("clickhouse"), dirs);
    return path;
}

const char *ClickHouseServer::missingReason()
{
    if (!binaryPath().isEmpty())
        return nullptr;
    return "clickhouse-server is not installed (apt-get install clickhouse-server): "
           "the ClickHouse tests need a real server";
}

ClickHouseServer::ClickHouseServer()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(m_dir.filePath(QStringLiteral("server.log")),
                                    QIODevice::Append);
}

ClickHouseServer::~ClickHouseServer()
{
    stop();
}

bool ClickHouseServer::writeConfig()
{
    const QString dir = m_dir.path();
    QFile config(m_dir.filePath(QStringLiteral("config.xml")));
    QFile users(m_dir.filePath(QStringLiteral("users.xml")));
    if (!config.open(QIODevice::WriteOnly) || !users.open(QIODevice::WriteOnly)) {
        m_error = QStringLiteral("cannot write the ClickHouse configuration in %1").arg(dir);
        return false;
    }
    config.write(QString::fromLatin1(ConfigXml).arg(m_httpPort).arg(m_tcpPort).arg(dir).toUtf8());
    users.write(UsersXml);
    return true;
}

bool ClickHouseServer::start(int timeoutMs)
{
    if (isRunning())
        return true;
    const QString binary = binaryPath();
    if (binary.isEmpty()) {
        m_error = QStringLiteral("clickhouse-server is not installed");
        return false;
    }
    if (m_httpPort == 0) {
        m_httpPort = freePort();
        m_tcpPort = freePort();
        while (m_tcpPort == m_httpPort)
            m_tcpPort = freePort();
        if (!writeConfig())
            return false;
    }
    QStringList arguments;
    if (binary.endsWith(u"/clickhouse"))
        arguments << QStringLiteral("server");
    arguments << QStringLiteral("--config-file=%1").arg(m_dir.filePath(QStringLiteral("config.xml")));
    m_process.start(binary, arguments);
    if (!m_process.waitForStarted(timeoutMs)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(binary, m_process.errorString());
        return false;
    }
    const QDeadlineTimer deadline(timeoutMs);
    ClickHouseConfig config;
    config.url = QUrl(url());
    config.timeoutMs = 2000;
    config.database = QStringLiteral("default");
    const ClickHouseClient client(config);
    while (!deadline.hasExpired()) {
        if (client.execute(QByteArrayLiteral("SELECT 1")).ok())
            return true;
        if (m_process.state() != QProcess::Running) {
            m_error = QStringLiteral("clickhouse-server exited: %1").arg(QString::fromUtf8(log().right(2000)));
            return false;
        }
        QThread::msleep(50);
    }
    m_error = QStringLiteral("clickhouse-server did not answer within %1 ms: %2")
                  .arg(timeoutMs)
                  .arg(QString::fromUtf8(log().right(2000)));
    stop();
    return false;
}

void ClickHouseServer::stop(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(timeoutMs)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QByteArray ClickHouseServer::query(const QByteArray &sql, QString *error) const
{
    ClickHouseConfig config;
    config.url = QUrl(url());
    config.database = QStringLiteral("default");
    config.timeoutMs = 30000;
    const ClickHouseClient::Reply reply = ClickHouseClient(config).execute(sql);
    if (!reply.ok()) {
        if (error)
            *error = reply.error;
        return {};
    }
    return reply.body;
}

qint64 ClickHouseServer::number(const QByteArray &sql) const
{
    QString error;
    const QByteArray answer = query(sql, &error);
    bool ok = false;
    const qint64 n = answer.trimmed().toLongLong(&ok);
    return ok && error.isEmpty() ? n : -1;
}

QByteArray ClickHouseServer::log() const
{
    QFile file(m_dir.filePath(QStringLiteral("server.log")));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList ClickHouseServer::collectorArgs(const QString &database, const QString &spillDir) const
{
    return {QStringLiteral("--clickhouse-url"),       url(),
            QStringLiteral("--clickhouse-database"),  database,
            QStringLiteral("--clickhouse-spill-dir"), spillDir,
            QStringLiteral("--clickhouse-flush-ms"),  QStringLiteral("100")};
}

} // namespace traceflow
