// SPDX-License-Identifier: MIT
#include "loadgenerator.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace traceflow::demo {

LoadGenerator::LoadGenerator(const QUrl &target, int requests, int concurrency, std::FILE *out,
                             QObject *parent)
    : QObject(parent), m_target(target), m_requests(std::max(0, requests)),
      m_concurrency(std::clamp(concurrency, 1, std::max(1, requests))), m_out(out)
{
    const int managers = (m_concurrency + 5) / 6;
    for (int i = 0; i < managers; ++i)
        m_managers.push_back(std::make_unique<QNetworkAccessManager>());
}

LoadGenerator::~LoadGenerator() = default;

double LoadGenerator::percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto rank = std::size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

void LoadGenerator::start()
{
    m_clock.start();
    if (m_requests == 0) {
        printSummary();
        emit finished(0);
        return;
    }
    for (int i = 0; i < m_concurrency; ++i)
        sendNext();
}

void LoadGenerator::sendNext()
{
    if (m_sent >= m_requests)
        return;
    QNetworkAccessManager &manager = *m_managers[std::size_t(m_sent) % m_managers.size()];
    ++m_sent;
    QNetworkRequest request(m_target);
    request.setTransferTimeout(30000);
    QElapsedTimer started;
    started.start();
    QNetworkReply *reply = manager.get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, started] {
        reply->deleteLater();
        m_latenciesMs.push_back(double(started.nsecsElapsed()) / 1e6);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QByteArray body = reply->readAll().trimmed();
        if (status == 0) {
            body = QJsonDocument(QJsonObject{{QStringLiteral("ok"), false},
                                             {QStringLiteral("error"), reply->errorString()}})
                       .toJson(QJsonDocument::Compact);
        }
        if (status < 200 || status >= 300)
            ++m_errors;
        std::fprintf(m_out, "checkout: %s\n", body.constData());
        std::fflush(m_out);
        if (++m_done == m_requests) {
            printSummary();
            emit finished(m_errors == m_requests ? 1 : 0);
        } else {
            sendNext();
        }
    });
}

void LoadGenerator::printSummary()
{
    std::vector<double> sorted = m_latenciesMs;
    std::sort(sorted.begin(), sorted.end());
    const double seconds = double(m_clock.nsecsElapsed()) / 1e9;
    std::fprintf(m_out, "requests: %d\nerrors: %d\np50: %.3f ms\np95: %.3f ms\np99: %.3f ms\n"
                        "throughput: %.1f req/s\n",
                 m_requests, m_errors, percentile(sorted, 50), percentile(sorted, 95),
                 percentile(sorted, 99), seconds > 0 ? double(m_requests) / seconds : 0.0);
    std::fflush(m_out);
}

} // namespace traceflow::demo
