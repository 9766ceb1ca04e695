// SPDX-License-Identifier: MIT
#pragma once

#include "tracesource.h"

#include <QByteArray>
#include <QUrl>
#include <QUrlQuery>

#include <memory>

class QNetworkAccessManager;

namespace traceflow {

// A traceflow-collector read through its HTTP query API (/api/traces, /api/traces/{id},
// /api/services, /api/services/{s}/operations, /api/stats, /api/stats/series,
// /api/dependencies); imports are posted to /api/spans.
// JSON is parsed off the GUI thread. The remote API caps a search at 1000 traces.
class RemoteSource : public TraceSource
{
    Q_OBJECT
public:
    // baseUrl: "http://host:9411" (a path prefix is kept).
    explicit RemoteSource(const QUrl &baseUrl, QObject *parent = nullptr);
    ~RemoteSource() override;

    // Checks GET /health; the future holds an empty string when the collector answered, else
    // what went wrong.
    QFuture<QString> checkHealth();

    QString address() const override { return m_base.toString(); }
    bool isRemote() const override { return true; }
    QFuture<QueryResult> query(const TraceQuery &query) override;
    QFuture<std::vector<Span>> trace(const TraceId &id) override;
    QFuture<std::vector<Span>> findTrace(const QString &text) override;
    QFuture<std::vector<Span>> traces(const std::vector<TraceId> &ids) override;
    QFuture<QStringList> services() override;
    QFuture<QStringList> operations(const QString &service) override;
    QFuture<SourceStats> stats() override;
    QFuture<StatsReport> statistics(const StatsRequest &request) override;
    QFuture<ServiceGraphData> serviceGraph(std::optional<qint64> startNs,
                                           std::optional<qint64> endNs) override;
    QFuture<int> insert(std::vector<Span> spans) override;
    void poll() override;
    int pollIntervalMs() const override { return 2000; }

    // The query string GET /api/traces takes for a query.
    static QUrlQuery urlQuery(const TraceQuery &query);

private:
    struct Reply
    {
        int status = 0; // HTTP status, 0 when no answer came
        QByteArray body;
        QString error;
    };
    struct Fetch;
    struct Upload;

    QFuture<Reply> send(const QString &path, const QUrlQuery &query, const QByteArray *post);
    QFuture<QByteArray> get(const QString &path, const QUrlQuery &query = {});
    void fetchNext(const std::shared_ptr<Fetch> &fetch);
    void uploadNext(const std::shared_ptr<Upload> &upload);

    QUrl m_base;
    QNetworkAccessManager *m_network = nullptr;
    bool m_polling = false;
    int m_pollCount = 0;
    std::uint64_t m_seenTraces = ~std::uint64_t(0);
    std::uint64_t m_seenSpans = ~std::uint64_t(0);
};

} // namespace traceflow
