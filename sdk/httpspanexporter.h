// SPDX-License-Identifier: MIT
#pragma once

#include "spanexporter.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QUrl>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace traceflow::sdk {

// POSTs batches to a collector over HTTP/1.1: OTLP/HTTP (protobuf or JSON) to
// <collector>/v1/traces, or TraceFlow JSON to <collector>/api/spans.
// Retries 429, 502, 503 and 504 (and dropped connections and timeouts) with exponential
// backoff, waiting exactly Retry-After when the server sends one. Each call runs its own
// QNetworkAccessManager in a local event loop on the calling thread, so it may be called
// from any thread that has a QCoreApplication around it. It never sends
// `Expect: 100-continue` (QNetworkAccessManager does not, and no header asks for it).
class HttpSpanExporter final : public SpanExporter
{
public:
    enum class Format { OtlpProtobuf, OtlpJson, TraceFlowJson };

    struct Options
    {
        Format format = Format::OtlpProtobuf;
        std::chrono::milliseconds timeout{10000}; // per attempt, without data moving
        int maxAttempts = 5;
        std::chrono::milliseconds initialBackoff{200};
        std::chrono::milliseconds maxBackoff{5000};
        // A Retry-After longer than this gives up on the batch instead of waiting.
        std::chrono::milliseconds maxRetryAfter{30000};
        QList<QPair<QByteArray, QByteArray>> headers; // extra request headers
    };

    struct Stats
    {
        quint64 requests = 0;       // HTTP attempts
        quint64 retries = 0;        // attempts after the first of a batch
        quint64 succeeded = 0;      // batches accepted (2xx)
        quint64 failed = 0;         // batches given up on
        int lastStatus = 0;         // HTTP status of the last attempt, 0 on network error
    };

    HttpSpanExporter(const QUrl &collector, const Options &options);
    explicit HttpSpanExporter(const QUrl &collector) : HttpSpanExporter(collector, Options{}) {}

    // The collector's base URL plus /v1/traces or /api/spans. A URL that already ends in
    // that path is kept as it is.
    static QUrl endpointFor(const QUrl &collector, Format format);
    // Retry-After as delay-seconds or an HTTP-date (relative to `now`); nullopt if neither.
    static std::optional<std::chrono::milliseconds> parseRetryAfter(QByteArrayView value,
                                                                    const QDateTime &now);
    static QByteArray encode(const QList<SpanData> &spans, Format format);
    static QByteArray contentType(Format format);

    QUrl endpoint() const { return m_endpoint; }
    ExportResult exportSpans(const QList<SpanData> &spans) override;
    // Makes a pending backoff wait (and any later export) give up at once.
    void shutdown() override;
    Stats stats() const;

private:
    struct Attempt
    {
        int status = 0;
        bool retryable = false;
        QByteArray retryAfter;
    };
    Attempt post(const QByteArray &body);
    // False when shut down during the wait.
    bool sleep(std::chrono::milliseconds delay);

    const QUrl m_endpoint;
    const Options m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_shutdown = false;
    Stats m_stats;
};

} // namespace traceflow::sdk
