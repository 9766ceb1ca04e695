// SPDX-License-Identifier: MIT
#include "httpspanexporter.h"

#include "otlpencoder.h"
#include "traceflowjsonencoder.h"

#include <QEventLoop>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>

#include <algorithm>

namespace traceflow::sdk {

HttpSpanExporter::HttpSpanExporter(const QUrl &collector, const Options &options)
    : m_endpoint(endpointFor(collector, options.format)), m_options(options)
{
}

QUrl HttpSpanExporter::endpointFor(const QUrl &collector, Format format)
{
    const QString suffix = format == Format::TraceFlowJson ? QStringLiteral("/api/spans")
                                                           : QStringLiteral("/v1/traces");
    QUrl url = collector;
    QString path = url.path();
    if (path.endsWith(suffix))
        return url;
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + suffix);
    return url;
}

QByteArray HttpSpanExporter::encode(const QList<SpanData> &spans, Format format)
{
    switch (format) {
    case Format::OtlpProtobuf:
        return OtlpEncoder::toProtobuf(spans);
    case Format::OtlpJson:
        return OtlpEncoder::toJson(spans);
    case Format::TraceFlowJson:
        return TraceFlowJsonEncoder::toBatch(spans);
    }
    return {};
}

QByteArray HttpSpanExporter::contentType(Format format)
{
    return format == Format::OtlpProtobuf ? QByteArrayLiteral("application/x-protobuf")
                                          : QByteArrayLiteral("application/json");
}

std::optional<std::chrono::milliseconds>
HttpSpanExporter::parseRetryAfter(QByteArrayView value, const QDateTime &now)
{
    const QByteArray text = value.toByteArray().trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool isNumber = false;
    const qint64 seconds = text.toLongLong(&isNumber);
    if (isNumber)
        return seconds < 0 ? std::nullopt
                           : std::optional(std::chrono::milliseconds(seconds * 1000));
    // IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT"
    QDateTime date = QLocale::c().toDateTime(QString::fromLatin1(text).chopped(4),
                                            QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"));
    if (!text.endsWith(" GMT") || !date.isValid())
        return std::nullopt;
    date.setTimeSpec(Qt::UTC);
    return std::chrono::milliseconds(std::max<qint64>(0, now.msecsTo(date)));
}

HttpSpanExporter::Attempt HttpSpanExporter::post(const QByteArray &body)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(m_endpoint);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType(m_options.format));
    request.setTransferTimeout(int(m_options.timeout.count()));
    // Plain HTTP/1.1: QHttpServer 6.4 speaks nothing else.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    for (const auto &header : m_options.headers)
        request.setRawHeader(header.first, header.second);

    QNetworkReply *reply = manager.post(request, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();

    Attempt attempt;
    attempt.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    attempt.retryAfter = reply->rawHeader("Retry-After");
    switch (attempt.status) {
    case 429: case 502: case 503: case 504:
        attempt.retryable = true;
        break;
    case 0:
        attempt.retryable = reply->error() == QNetworkReply::RemoteHostClosedError
                         || reply->error() == QNetworkReply::TimeoutError
                         || reply->error() == QNetworkReply::OperationCanceledError
                         || reply->error() == QNetworkReply::TemporaryNetworkFailureError;
        break;
    default:
        break;
    }
    delete reply;
    return attempt;
}

bool HttpSpanExporter::sleep(std::chrono::milliseconds delay)
{
    std::unique_lock lock(m_mutex);
    return !m_wake.wait_for(lock, delay, [this] { return m_shutdown; });
}

ExportResult HttpSpanExporter::exportSpans(const QList<SpanData> &spans)
{
    if (spans.isEmpty())
        return ExportResult::Success;
    const QByteArray body = encode(spans, m_options.format);
    std::chrono::milliseconds backoff = m_options.initialBackoff;
    for (int attemptNumber = 1;; ++attemptNumber) {
        {
            const std::lock_guard lock(m_mutex);
            if (m_shutdown)
                break;
            ++m_stats.requests;
            if (attemptNumber > 1)
                ++m_stats.retries;
        }
        const Attempt attempt = post(body);
        {
            const std::lock_guard lock(m_mutex);
            m_stats.lastStatus = attempt.status;
            if (attempt.status >= 200 && attempt.status < 300) {
                ++m_stats.succeeded;
                return ExportResult::Success;
            }
        }
        if (!attempt.retryable || attemptNumber >= m_options.maxAttempts)
            break;
        std::chrono::milliseconds delay;
        if (const auto retryAfter = parseRetryAfter(attempt.retryAfter,
                                                    QDateTime::currentDateTimeUtc())) {
            if (*retryAfter > m_options.maxRetryAfter)
                break;
            delay = *retryAfter;
        } else {
            // Jittered exponential backoff: a random delay in [backoff/2, backoff].
            const qint64 half = backoff.count() / 2;
            delay = std::chrono::milliseconds(
                half + QRandomGenerator::global()->bounded(half + 1));
            backoff = std::min(backoff * 2, m_options.maxBackoff);
        }
        if (!sleep(delay))
            break;
    }
    const std::lock_guard lock(m_mutex);
    ++m_stats.failed;
    return ExportResult::Failure;
}

void HttpSpanExporter::shutdown()
{
    {
        const std::lock_guard lock(m_mutex);
        m_shutdown = true;
    }
    m_wake.notify_all();
}

HttpSpanExporter::Stats HttpSpanExporter::stats() const
{
    const std::lock_guard lock(m_mutex);
    return m_stats;
}

} // namespace traceflow::sdk
