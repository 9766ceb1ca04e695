// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QUrl>

namespace traceflow::demo {

enum class ServiceKind { Checkout, Inventory, Payment };

// How one demo service runs: where it listens, where its spans go, how it misbehaves.
struct ServiceOptions
{
    ServiceKind kind = ServiceKind::Checkout;
    quint16 port = 0;
    QUrl collector{QStringLiteral("http://127.0.0.1:4318")};
    QString exporter = QStringLiteral("otlp"); // otlp, otlp-json, traceflow, console, none
    int latencyMs = 10;   // simulated work per request, in the service's internal span
    int jitterMs = 5;     // plus a uniform random 0..jitterMs
    double errorRate = 0; // probability of an injected failure (5xx and error spans)
    QUrl inventoryUrl{QStringLiteral("http://127.0.0.1:9002")}; // checkout's downstreams
    QUrl paymentUrl{QStringLiteral("http://127.0.0.1:9003")};
};

} // namespace traceflow::demo
