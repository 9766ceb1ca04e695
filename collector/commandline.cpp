// SPDX-License-Identifier: MIT
#include "commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

namespace traceflow {

bool CommandLine::parse(const QCoreApplication &app, CollectorConfig *config, QString *error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Receives traces over HTTP (TraceFlow JSON, OTLP/HTTP protobuf and JSON, Zipkin v2) and "
        "serves the TraceFlow query API and the Zipkin v2 read API. Every route answers on "
        "both ports."));
    parser.addHelpOption();
    parser.addVersionOption();
    const CollectorConfig defaults;
    QList<QCommandLineOption> options = {
        {QStringLiteral("bind"), QStringLiteral("Address to listen on (default 127.0.0.1)."),
         QStringLiteral("ADDR")},
        {QStringLiteral("port"),
         QStringLiteral("API port (default %1; 0 picks a free port).").arg(defaults.apiPort),
         QStringLiteral("N")},
        {QStringLiteral("otlp-port"),
         QStringLiteral("OTLP/HTTP port (default %1; 0 picks a free port).").arg(defaults.otlpPort),
         QStringLiteral("N")},
        {QStringLiteral("max-spans"),
         QStringLiteral("Spans kept in memory before the oldest traces are evicted (default %1).")
             .arg(defaults.storeLimits.maxSpans),
         QStringLiteral("N")},
        {QStringLiteral("max-bytes"),
         QStringLiteral("Memory budget of the trace store in bytes (default %1).")
             .arg(defaults.storeLimits.maxBytes),
         QStringLiteral("N")},
        {QStringLiteral("max-body"),
         QStringLiteral("Largest request body in bytes, after decompression too (default %1).")
             .arg(defaults.maxBodyBytes),
         QStringLiteral("BYTES")},
        {QStringLiteral("max-queue"),
         QStringLiteral("Spans waiting for the store before ingestion answers 429 (default %1).")
             .arg(defaults.maxQueuedSpans),
         QStringLiteral("N")},
        {QStringLiteral("auth-token"),
         QStringLiteral("Require 'Authorization: Bearer TOKEN' on every route but /health."),
         QStringLiteral("TOKEN")},
        {QStringLiteral("cors-origin"),
         QStringLiteral("Send CORS headers allowing ORIGIN (or *) and answer preflights."),
         QStringLiteral("ORIGIN")},
        {QStringLiteral("sampling"),
         QStringLiteral("Tail-sampling configuration (JSON); without it every trace is kept. An "
                        "invalid file exits with code 2."),
         QStringLiteral("FILE")},
        {QStringLiteral("config"),
         QStringLiteral("JSON file with any of the options above as keys."),
         QStringLiteral("FILE")},
    };
    options += ClickHouseConfig::commandLineOptions();
    options += StorageOptions::commandLineOptions();
    parser.addOptions(options);
    parser.process(app); // exits for --help, --version and unknown options

    if (parser.isSet(QStringLiteral("config"))) {
        const QString path = parser.value(QStringLiteral("config"));
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return false;
        }
        QString why;
        if (!config->applyJson(file.readAll(), &why)) {
            *error = path + QStringLiteral(": ") + why;
            return false;
        }
    }
    // As in the original TraceFlow; --clickhouse-url wins over it.
    if (const QString url = qEnvironmentVariable("TRACEFLOW_CLICKHOUSE_URL"); !url.isEmpty()) {
        if (!config->apply(QStringLiteral("clickhouse-url"), url, error)) {
            *error = QStringLiteral("TRACEFLOW_CLICKHOUSE_URL: ") + *error;
            return false;
        }
    }
    for (const QCommandLineOption &option : options) {
        const QString name = option.names().constFirst();
        if (name == u"config" || !parser.isSet(name))
            continue;
        if (!config->apply(name, parser.value(name), error))
            return false;
    }
    return true;
}

} // namespace traceflow
