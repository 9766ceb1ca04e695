// SPDX-License-Identifier: MIT
#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QString>

namespace traceflow {

struct CollectorConfig;

// Where accepted spans are kept: memory (the headless default), file:PATH (a SQLite store that
// survives restarts; the desktop app's default) or clickhouse (see ClickHouseConfig).
enum class StorageKind { Memory, File, ClickHouse };

// The storage options of CollectorConfig: --storage, and for the file store --flush-interval,
// --retention and --retention-size.
class StorageOptions
{
public:
    static bool handles(const QString &name);
    // One option by its command-line name; false with *error on a malformed value.
    static bool apply(CollectorConfig *config, const QString &name, const QString &value,
                      QString *error);
    static QList<QCommandLineOption> commandLineOptions();

    // "30s", "15m", "12h", "7d", "250ms" (a bare number is seconds); -1 when malformed.
    static qint64 parseDurationMs(const QString &text);
    // "1G", "512M", "64K", "1024" (bytes; binary multiples, optional "B"/"iB"); -1 when malformed.
    static qint64 parseBytes(const QString &text);
};

} // namespace traceflow
