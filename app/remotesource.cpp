// SPDX-License-Identifier: MIT
#include "remotesource.h"

#include "remotejson.h"
#include "statsjson.h"
#include "traceflowjson.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QPromise>

namespace traceflow {

namespace {
constexpr int TimeoutMs = 15000;
constexpr std::size_t UploadChunk = 5000; // spans per POST, well under the default body limit
constexpr int FullRefreshEvery = 5;       // polls; catches eviction churn the counts hide

const char *sortName(TraceSort sort)
{
    switch (sort) {
    case TraceSort::Newest:
        return "newest";
    case TraceSort::Oldest:
        return "oldest";
    case TraceSort::Slowest:
        return "slowest";
    case TraceSort::Fastest:
        return "fastest";
    case TraceSort::MostSpans:
        return "most_spans";
    }
    return "newest";
}

QString epochMs(qint64 ns)
{
    return QString::number(static_cast<double>(ns) / 1e6, 'f', 3);
}
} // namespace

struct RemoteSource::Fetch
{
    std::vector<TraceId> ids;
    std::size_t next = 0;
    std::vector<Span> spans;
    QPromise<std::vector<Span>> promise;
};

struct RemoteSource::Upload
{
    std::vector<Span> spans;
    std::size_t next = 0;
    int accepted = 0;
    QPromise<int> promise;
};

RemoteSource::RemoteSource(const QUrl &baseUrl, QObject *parent)
    : TraceSource(parent), m_base(baseUrl), m_network(new QNetworkAccessManager(this))
{
}

RemoteSource::~RemoteSource() = default;

QUrlQuery RemoteSource::urlQuery(const TraceQuery &query)
{
    QUrlQuery q;
    if (!query.service.isEmpty())
        q.addQueryItem(QStringLiteral("service"), query.service);
    if (!query.operation.isEmpty())
        q.addQueryItem(QStringLiteral("operation"), query.operation);
    for (const TagFilter &tag : query.tags)
        q.addQueryItem(QStringLiteral("tag"), RemoteJson::tagText(tag));
    if (query.minDurationNs)
        q.addQueryItem(QStringLiteral("min_duration_ms"),
                       QString::number(*query.minDurationNs) + u"ns");
    if (query.maxDurationNs)
        q.addQueryItem(QStringLiteral("max_duration_ms"),
                       QString::number(*query.maxDurationNs) + u"ns");
    if (query.durationScope == DurationScope::Span)
        q.addQueryItem(QStringLiteral("duration_of"), QStringLiteral("span"));
    if (query.status != StatusFilter::Any)
        q.addQueryItem(QStringLiteral("status"), query.status == StatusFilter::Error
                                                     ? QStringLiteral("error")
                                                     : QStringLiteral("ok"));
    if (query.startNs)
        q.addQueryItem(QStringLiteral("start_ms"), epochMs(*query.startNs));
    if (query.endNs)
        q.addQueryItem(QStringLiteral("end_ms"), epochMs(*query.endNs));
    if (query.call) {
        q.addQueryItem(QStringLiteral("caller"), query.call->parent);
        q.addQueryItem(QStringLiteral("callee"), query.call->child);
    }
    // The API has no "no limit": its maximum stands in for it.
    q.addQueryItem(QStringLiteral("limit"), QString::number(query.limit > 0 ? query.limit : 1000));
    q.addQueryItem(QStringLiteral("sort"), QLatin1String(sortName(query.sort)));
    return q;
}

QFuture<RemoteSource::Reply> RemoteSource::send(const QString &path, const QUrlQuery &query,
                                                const QByteArray *post)
{
    auto promise = std::make_shared<QPromise<Reply>>();
    promise->start();
    QFuture<Reply> future = promise->future();
    QUrl url = m_base;
    QString base = url.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setTransferTimeout(TimeoutMs);
    QNetworkReply *reply = nullptr;
    if (post) {
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        reply = m_network->post(request, *post);
    } else {
        reply = m_network->get(request);
    }
    // The reply is the context: when the source goes away its replies go too, and the
    // promise's destructor cancels the future.
    connect(reply, &QNetworkReply::finished, reply, [reply, promise] {
        reply->deleteLater();
        Reply result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        if (reply->error() != QNetworkReply::NoError)
            result.error = reply->errorString();
        promise->addResult(std::move(result));
        promise->finish();
    });
    return future;
}

QFuture<QByteArray> RemoteSource::get(const QString &path, const QUrlQuery &query)
{
    QPointer<RemoteSource> self(this);
    return send(path, query, nullptr).then(this, [self, path](const Reply &reply) {
        // 404 is an answer (unknown trace or service), not a failure of the collector.
        if (reply.status == 404)
            return QByteArray();
        if (!reply.error.isEmpty() && self)
            Q_EMIT self->errorOccurred(QStringLiteral("%1: %2").arg(path, reply.error));
        return reply.error.isEmpty() ? reply.body : QByteArray();
    });
}

QFuture<QString> RemoteSource::checkHealth()
{
    return send(QStringLiteral("/health"), {}, nullptr).then([](const Reply &reply) {
        if (!reply.error.isEmpty())
            return reply.error;
        return reply.status == 200
                   ? QString()
                   : QStringLiteral("GET /health answered HTTP %1").arg(reply.status);
    });
}

QFuture<QueryResult> RemoteSource::query(const TraceQuery &query)
{
    return get(QStringLiteral("/api/traces"), urlQuery(query))
        .then(QtFuture::Launch::Async,
              [](const QByteArray &body) { return RemoteJson::traces(body); });
}

QFuture<std::vector<Span>> RemoteSource::trace(const TraceId &id)
{
    return findTrace(id.toString());
}

QFuture<std::vector<Span>> RemoteSource::findTrace(const QString &text)
{
    // The collector looks the id up in other letter case and padded form itself.
    const QString path =
        QStringLiteral("/api/traces/") + QString::fromUtf8(QUrl::toPercentEncoding(text.trimmed()));
    return get(path).then(QtFuture::Launch::Async,
                          [](const QByteArray &body) { return RemoteJson::traceSpans(body); });
}

QFuture<std::vector<Span>> RemoteSource::traces(const std::vector<TraceId> &ids)
{
    auto fetch = std::make_shared<Fetch>();
    fetch->ids = ids;
    fetch->promise.start();
    fetch->promise.setProgressRange(0, static_cast<int>(ids.size()));
    QFuture<std::vector<Span>> future = fetch->promise.future();
    fetchNext(fetch);
    return future;
}

void RemoteSource::fetchNext(const std::shared_ptr<Fetch> &fetch)
{
    if (fetch->next >= fetch->ids.size() || fetch->promise.isCanceled()) {
        fetch->promise.addResult(std::move(fetch->spans));
        fetch->promise.finish();
        return;
    }
    trace(fetch->ids[fetch->next]).then(this, [this, fetch](std::vector<Span> spans) {
        fetch->spans.insert(fetch->spans.end(), std::make_move_iterator(spans.begin()),
                            std::make_move_iterator(spans.end()));
        fetch->promise.setProgressValue(static_cast<int>(++fetch->next));
        fetchNext(fetch);
    });
}

QFuture<QStringList> RemoteSource::services()
{
    return get(QStringLiteral("/api/services")).then([](const QByteArray &body) {
        return RemoteJson::strings(body, "services");
    });
}

QFuture<QStringList> RemoteSource::operations(const QString &service)
{
    const QString path = QStringLiteral("/api/services/") +
                         QString::fromUtf8(QUrl::toPercentEncoding(service)) +
                         QStringLiteral("/operations");
    return get(path).then(
        [](const QByteArray &body) { return RemoteJson::strings(body, "operations"); });
}

QFuture<SourceStats> RemoteSource::stats()
{
    return send(QStringLiteral("/api/stats"), {}, nullptr)
        .then(QtFuture::Launch::Async, [](const Reply &reply) {
            SourceStats stats =
                RemoteJson::stats(reply.error.isEmpty() ? reply.body : QByteArray());
            stats.healthy = reply.error.isEmpty() && reply.status == 200;
            return stats;
        });
}

QFuture<StatsReport> RemoteSource::statistics(const StatsRequest &request)
{
    QUrlQuery q;
    if (!request.service.isEmpty())
        q.addQueryItem(QStringLiteral("service"), request.service);
    if (!request.operation.isEmpty())
        q.addQueryItem(QStringLiteral("operation"), request.operation);
    if (request.fromNs)
        q.addQueryItem(QStringLiteral("start_ms"), epochMs(*request.fromNs));
    if (request.toNs)
        q.addQueryItem(QStringLiteral("end_ms"), epochMs(*request.toNs));
    q.addQueryItem(QStringLiteral("trend_bins"), QString::number(request.trendBins));
    QPointer<RemoteSource> self(this);
    return send(QStringLiteral("/api/stats/series"), q, nullptr)
        .then(QtFuture::Launch::Async, [](const Reply &reply) {
            std::pair<StatsReport, QString> result;
            if (!reply.error.isEmpty() || reply.status != 200) {
                // A collector older than the route answers 404: say so rather than nothing.
                result.second = reply.status == 404
                    ? QStringLiteral("this collector has no /api/stats/series (older version)")
                    : reply.error;
                return result;
            }
            QString error;
            if (std::optional<StatsReport> report = StatsJson::decode(reply.body, &error)) {
                result.first = std::move(*report);
                result.first.healthy = true;
            } else {
                result.second = QStringLiteral("unreadable answer: %1").arg(error);
            }
            return result;
        })
        .then(this, [self](const std::pair<StatsReport, QString> &result) {
            if (!result.second.isEmpty() && self)
                Q_EMIT self->errorOccurred(QStringLiteral("/api/stats/series: %1").arg(result.second));
            return result.first;
        });
}

QFuture<ServiceGraphData> RemoteSource::serviceGraph(std::optional<qint64> startNs,
                                                     std::optional<qint64> endNs)
{
    QUrlQuery q;
    if (startNs)
        q.addQueryItem(QStringLiteral("start_ms"), epochMs(*startNs));
    if (endNs)
        q.addQueryItem(QStringLiteral("end_ms"), epochMs(*endNs));
    return get(QStringLiteral("/api/dependencies"), q)
        .then(QtFuture::Launch::Async,
              [](const QByteArray &body) { return RemoteJson::serviceGraph(body); });
}

QFuture<int> RemoteSource::insert(std::vector<Span> spans)
{
    auto upload = std::make_shared<Upload>();
    upload->spans = std::move(spans);
    upload->promise.start();
    QFuture<int> future = upload->promise.future();
    uploadNext(upload);
    return future;
}

void RemoteSource::uploadNext(const std::shared_ptr<Upload> &upload)
{
    if (upload->next >= upload->spans.size() || upload->promise.isCanceled()) {
        upload->promise.addResult(upload->accepted);
        upload->promise.finish();
        return;
    }
    const std::size_t end = std::min(upload->spans.size(), upload->next + UploadChunk);
    const std::vector<Span> chunk(upload->spans.begin() + static_cast<std::ptrdiff_t>(upload->next),
                                  upload->spans.begin() + static_cast<std::ptrdiff_t>(end));
    upload->next = end;
    const QByteArray body = TraceflowJson::encode(chunk);
    send(QStringLiteral("/api/spans"), {}, &body).then(this, [this, upload](const Reply &reply) {
        if (!reply.error.isEmpty()) {
            Q_EMIT errorOccurred(QStringLiteral("/api/spans: %1").arg(reply.error));
            upload->next = upload->spans.size(); // stop: the remote refuses
        }
        upload->accepted += RemoteJson::accepted(reply.body);
        uploadNext(upload);
    });
}

void RemoteSource::poll()
{
    if (m_polling)
        return;
    m_polling = true;
    stats().then(this, [this](const SourceStats &stats) {
        m_polling = false;
        const bool due = ++m_pollCount % FullRefreshEvery == 0;
        if (!stats.healthy || (!due && stats.traces == m_seenTraces && stats.spans == m_seenSpans))
            return;
        m_seenTraces = stats.traces;
        m_seenSpans = stats.spans;
        Q_EMIT contentChanged();
    });
}

} // namespace traceflow
