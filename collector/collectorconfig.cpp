// SPDX-License-Identifier: MIT
#include "collectorconfig.h"

#include <nlohmann/json.hpp>

namespace traceflow {

bool parseIntOption(const QString &value, qint64 min, qint64 max, qint64 *out)
{
    bool ok = false;
    const qint64 n = value.trimmed().toLongLong(&ok);
    if (!ok || n < min || n > max)
        return false;
    *out = n;
    return true;
}

bool CollectorConfig::apply(const QString &rawName, const QString &value, QString *error)
{
    const QString name = QString(rawName).replace(u'_', u'-');
    auto bad = [&](const QString &what) {
        *error = QStringLiteral("invalid %1 \"%2\": %3").arg(name, value, what);
        return false;
    };
    qint64 n = 0;
    if (name == u"bind") {
        QHostAddress address;
        if (value == u"localhost")
            address = QHostAddress(QHostAddress::LocalHost);
        else if (!address.setAddress(value))
            return bad(QStringLiteral("not an IP address"));
        bindAddress = address;
    } else if (name == u"port" || name == u"otlp-port") {
        if (!parseIntOption(value, 0, 65535, &n))
            return bad(QStringLiteral("expected a port number 0-65535"));
        (name == u"port" ? apiPort : otlpPort) = static_cast<quint16>(n);
    } else if (name == u"max-spans") {
        if (!parseIntOption(value, 1, std::numeric_limits<qint64>::max(), &n))
            return bad(QStringLiteral("expected a positive number"));
        storeLimits.maxSpans = static_cast<std::size_t>(n);
    } else if (name == u"max-bytes") {
        if (!parseIntOption(value, 1, std::numeric_limits<qint64>::max(), &n))
            return bad(QStringLiteral("expected a positive number of bytes"));
        storeLimits.maxBytes = static_cast<std::size_t>(n);
    } else if (name == u"max-body") {
        if (!parseIntOption(value, 1, std::numeric_limits<qint32>::max(), &n))
            return bad(QStringLiteral("expected a number of bytes between 1 and 2147483647"));
        maxBodyBytes = n;
    } else if (name == u"max-queue") {
        if (!parseIntOption(value, 1, std::numeric_limits<qint64>::max(), &n))
            return bad(QStringLiteral("expected a positive number of spans"));
        maxQueuedSpans = n;
    } else if (name == u"auth-token") {
        authToken = value.toUtf8();
    } else if (name == u"cors-origin") {
        corsOrigin = value.toUtf8();
    } else if (name == u"sampling") {
        samplingFile = value;
    } else if (StorageOptions::handles(name)) {
        return StorageOptions::apply(this, name, value, error);
    } else if (ClickHouseConfig::handles(name)) {
        return clickhouse.apply(name, value, error);
    } else {
        *error = QStringLiteral("unknown option \"%1\"").arg(rawName);
        return false;
    }
    return true;
}

bool CollectorConfig::applyJson(const QByteArray &json, QString *error)
{
    // Comments (// and /* */) are allowed: /etc/traceflow/collector.conf explains its keys.
    const nlohmann::json doc = nlohmann::json::parse(json.constBegin(), json.constEnd(), nullptr,
                                                     false, /*ignore_comments=*/true);
    if (doc.is_discarded() || !doc.is_object()) {
        *error = QStringLiteral("the configuration is not a JSON object");
        return false;
    }
    for (const auto &[key, value] : doc.items()) {
        QString text;
        if (value.is_string())
            text = QString::fromStdString(value.get<std::string>());
        else if (value.is_number_integer())
            text = QString::number(value.get<qint64>());
        else if (value.is_number_unsigned())
            text = QString::number(value.get<quint64>());
        else {
            *error = QStringLiteral("invalid %1: expected a string or an integer")
                         .arg(QString::fromStdString(key));
            return false;
        }
        if (!apply(QString::fromStdString(key), text, error))
            return false;
    }
    return true;
}

} // namespace traceflow
