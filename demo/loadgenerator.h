// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QUrl>

#include <cstdio>
#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
QT_END_NAMESPACE

namespace traceflow::demo {

// Drives checkouts: `requests` GETs of the target with at most `concurrency` in flight.
// Prints each answer as `checkout: <body>` and ends with a summary (requests, errors,
// p50/p95/p99 latency, throughput). Untraced on purpose: each checkout is a trace root.
class LoadGenerator : public QObject
{
    Q_OBJECT
public:
    LoadGenerator(const QUrl &target, int requests, int concurrency, std::FILE *out = stdout,
                  QObject *parent = nullptr);
    ~LoadGenerator() override;

    void start();
    int errors() const { return m_errors; }

    // Nearest-rank percentile of sorted values; 0 for an empty list.
    static double percentile(const std::vector<double> &sorted, double p);

Q_SIGNALS:
    // 0 when at least one checkout succeeded, 1 when all failed.
    void finished(int exitCode);

private:
    void sendNext();
    void printSummary();

    const QUrl m_target;
    const int m_requests;
    const int m_concurrency;
    std::FILE *m_out;
    // QNetworkAccessManager opens at most 6 connections per host: one manager per 6 slots.
    std::vector<std::unique_ptr<QNetworkAccessManager>> m_managers;
    std::vector<double> m_latenciesMs;
    QElapsedTimer m_clock;
    int m_sent = 0;
    int m_done = 0;
    int m_errors = 0;
};

} // namespace traceflow::demo
