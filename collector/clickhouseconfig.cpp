// SPDX-License-Identifier: MIT
#include "clickhouseconfig.h"

#include "collectorconfig.h"

#include <QRegularExpression>
#include <QStandardPaths>

#include <limits>

namespace traceflow {

bool ClickHouseConfig::apply(const QString &rawName, const QString &value, QString *error)
{
    const QString name = QString(rawName).replace(u'_', u'-');
    auto bad = [&](const QString &what) {
        *error = QStringLiteral("invalid %1 \"%2\": %3").arg(name, value, what);
        return false;
    };
    qint64 n = 0;
    if (name == u"clickhouse-url") {
        const QString text = value.trimmed();
        if (text.isEmpty()) {
            url.clear(); // an empty value (e.g. from the environment) turns it off
            return true;
        }
        const QUrl parsed(text, QUrl::StrictMode);
        if (!parsed.isValid() || parsed.scheme() != u"http" || parsed.host().isEmpty())
            return bad(QStringLiteral("expected http://HOST:PORT (ClickHouse's HTTP interface)"));
        if (!parsed.userName().isEmpty() && user.isEmpty())
            user = parsed.userName();
        if (!parsed.password().isEmpty() && password.isEmpty())
            password = parsed.password();
        url = parsed.adjusted(QUrl::RemoveUserInfo);
    } else if (name == u"clickhouse-database") {
        // Interpolated into DDL as an identifier: keep it to what needs no quoting.
        static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
        if (!identifier.match(value).hasMatch())
            return bad(QStringLiteral("expected letters, digits and _ (not starting with a digit)"));
        database = value;
    } else if (name == u"clickhouse-user") {
        user = value;
    } else if (name == u"clickhouse-password") {
        password = value;
    } else if (name == u"clickhouse-batch") {
        if (!parseIntOption(value, 1, 1'000'000, &n))
            return bad(QStringLiteral("expected a number of spans between 1 and 1000000"));
        batchSpans = int(n);
    } else if (name == u"clickhouse-flush-ms") {
        if (!parseIntOption(value, 1, 3'600'000, &n))
            return bad(QStringLiteral("expected milliseconds between 1 and 3600000"));
        flushMs = int(n);
    } else if (name == u"clickhouse-timeout-ms") {
        if (!parseIntOption(value, 100, 3'600'000, &n))
            return bad(QStringLiteral("expected milliseconds between 100 and 3600000"));
        timeoutMs = int(n);
    } else if (name == u"clickhouse-spill-dir") {
        spillDir = value;
    } else if (name == u"clickhouse-spill-max-bytes") {
        if (!parseIntOption(value, 0, std::numeric_limits<qint64>::max(), &n))
            return bad(QStringLiteral("expected a number of bytes (0: never spill)"));
        spillMaxBytes = n;
    } else if (name == u"clickhouse-retention-days") {
        if (!parseIntOption(value, 0, 100'000, &n))
            return bad(QStringLiteral("expected a number of days (0 keeps everything)"));
        retentionDays = int(n);
    } else {
        *error = QStringLiteral("unknown option \"%1\"").arg(rawName);
        return false;
    }
    return true;
}

QList<QCommandLineOption> ClickHouseConfig::commandLineOptions()
{
    const ClickHouseConfig d;
    auto option = [](const char *name, const QString &help, const char *value) {
        return QCommandLineOption(QString::fromLatin1(name), help, QString::fromLatin1(value));
    };
    return {
        option("clickhouse-url",
               QStringLiteral("Write every accepted span through to ClickHouse's HTTP interface "
                              "(also TRACEFLOW_CLICKHOUSE_URL)."),
               "http://HOST:8123"),
        option("clickhouse-database",
               QStringLiteral("ClickHouse database, created if missing (default %1).").arg(d.database),
               "NAME"),
        option("clickhouse-user", QStringLiteral("ClickHouse user (default: default)."), "USER"),
        option("clickhouse-password", QStringLiteral("ClickHouse password."), "PASSWORD"),
        option("clickhouse-batch",
               QStringLiteral("Spans per INSERT (default %1).").arg(d.batchSpans), "N"),
        option("clickhouse-flush-ms",
               QStringLiteral("Longest wait before a partial batch is sent (default %1).").arg(d.flushMs),
               "MS"),
        option("clickhouse-timeout-ms",
               QStringLiteral("Timeout of one request to ClickHouse (default %1).").arg(d.timeoutMs),
               "MS"),
        option("clickhouse-spill-dir",
               QStringLiteral("Where batches wait on disk while ClickHouse is unavailable "
                              "(default %1).").arg(d.effectiveSpillDir()),
               "DIR"),
        option("clickhouse-spill-max-bytes",
               QStringLiteral("Disk budget of the spill folder; beyond it spans are dropped and "
                              "counted (default %1).").arg(d.spillMaxBytes),
               "BYTES"),
        option("clickhouse-retention-days",
               QStringLiteral("Drop day partitions older than this many days (default 0: keep all)."),
               "DAYS"),
    };
}

QString ClickHouseConfig::effectiveSpillDir() const
{
    if (!spillDir.isEmpty())
        return spillDir;
    // Under systemd (StateDirectory=traceflow) the state directory is the writable place.
    if (const QString state = qEnvironmentVariable("STATE_DIRECTORY"); !state.isEmpty())
        return state.split(u':').constFirst() + QStringLiteral("/clickhouse-spill");
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
        + QStringLiteral("/traceflow/clickhouse-spill");
}

} // namespace traceflow
