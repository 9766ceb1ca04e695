// SPDX-License-Identifier: MIT
#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QUrl>

namespace traceflow {

// Where and how the collector writes through to ClickHouse (and, with --storage clickhouse,
// reads from it). Options keep their command-line names: clickhouse-url, clickhouse-database,
// clickhouse-user, clickhouse-password, clickhouse-batch, clickhouse-flush-ms,
// clickhouse-timeout-ms, clickhouse-spill-dir, clickhouse-spill-max-bytes,
// clickhouse-retention-days.
struct ClickHouseConfig
{
    QUrl url; // http://HOST:8123; empty: no ClickHouse
    QString database = QStringLiteral("traceflow");
    QString user; // empty: ClickHouse's "default" user
    QString password;
    int batchSpans = 20'000; // a batch is sent when it holds this many spans...
    int flushMs = 1000;      // ...or when its first span has waited this long
    int timeoutMs = 10'000;  // per HTTP request to ClickHouse
    // Batches that could not be delivered wait here as files, oldest first. Empty:
    // $STATE_DIRECTORY/clickhouse-spill under systemd, else "traceflow/clickhouse-spill" in
    // the user's cache location.
    QString spillDir;
    qint64 spillMaxBytes = qint64(1) << 30;
    int retentionDays = 0; // > 0: day partitions older than this are dropped; 0 keeps all

    bool enabled() const { return !url.isEmpty(); }
    static bool handles(const QString &name) { return name.startsWith(u"clickhouse-"); }
    // One option by its command-line name (with "-" or "_"); false with *error when the
    // value is malformed or the name is not a ClickHouse option.
    bool apply(const QString &name, const QString &value, QString *error);
    // The --clickhouse-* options for the command line, with their help.
    static QList<QCommandLineOption> commandLineOptions();
    // The spill folder to use: spillDir or the default.
    QString effectiveSpillDir() const;
};

} // namespace traceflow
