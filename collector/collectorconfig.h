// SPDX-License-Identifier: MIT
#pragma once

#include "clickhouseconfig.h"
#include "samplingconfig.h"
#include "storageoptions.h"
#include "tracestore.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>

namespace traceflow {

// A whole number option value (surrounding blanks allowed) within [min, max]; false otherwise.
bool parseIntOption(const QString &value, qint64 min, qint64 max, qint64 *out);

// How a Collector listens and what it accepts. Also read from a JSON file whose keys are the
// command-line option names ("bind", "port", "otlp-port", "max-spans", "max-bytes",
// "max-body", "auth-token", "cors-origin", "max-queue", "storage", "flush-interval",
// "retention", "retention-size", ...; "_" may stand for "-").
struct CollectorConfig
{
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 apiPort = 9411;  // 0 picks a free port
    quint16 otlpPort = 4318; // 0 picks a free port; equal to apiPort means one listener
    qint64 maxBodyBytes = qint64(64) << 20; // per request, after decompression too
    QByteArray authToken;  // when set, "Authorization: Bearer <token>" on all but /health
    QByteArray corsOrigin; // when set, CORS headers and preflight answers for this origin
    // Spans decoded but not yet in the store; a request that would overflow it gets 429/503.
    // A request is always taken when the queue is empty, whatever its size.
    qint64 maxQueuedSpans = 200'000;
    // For graceful shutdown: how long in-flight requests get to finish.
    int shutdownGraceMs = 5000;
    // The store's limits. The Collector writes into a store it is given and ignores these; the
    // headless binary creates its store with them.
    StoreLimits storeLimits;
    // --sampling FILE: the tail-sampling configuration's path, and the configuration itself,
    // which whoever starts the Collector loads from it (no sampling when unset).
    QString samplingFile;
    std::optional<SamplingConfig> sampling;
    // --storage (see StorageOptions): memory, file:PATH or clickhouse.
    StorageKind storage = StorageKind::Memory;
    QString storagePath; // the file store's absolute path
    // The file store commits at least this often: a crash loses at most the spans accepted in
    // the last interval. 0 commits every batch.
    int flushIntervalMs = 1000;
    qint64 retentionAgeMs = qint64(7) * 24 * 3600 * 1000; // 0: no age limit
    qint64 retentionBytes = qint64(1) << 30;              // 0: no size limit
    // --clickhouse-*: write-through to ClickHouse (and the source of --storage clickhouse).
    ClickHouseConfig clickhouse;

    // Applies the keys present in a JSON object over this config. False with *error (naming
    // the key) on a malformed file or value; unknown keys are errors too, to catch typos.
    bool applyJson(const QByteArray &json, QString *error);
    // Applies one option by its command-line name; shared by the JSON file and the CLI.
    bool apply(const QString &name, const QString &value, QString *error);
};

} // namespace traceflow
