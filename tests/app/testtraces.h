// SPDX-License-Identifier: MIT
#pragma once

#include "span.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <vector>

namespace traceflow {

// Spans and HTTP helpers shared by the app tests.
class TestTraces
{
public:
    // checkout (server) -> inventory, payment (clients and servers), as OTLP would deliver
    // them: hex ids, resources with service.name, a scope, attributes, an event, a link.
    // traceHex: 32 hex digits. error: payment fails.
    static std::vector<Span> checkout(const QString &traceHex, qint64 startNs, bool error = false,
                                      qint64 durationNs = 40'000'000);
    // The first field in which two spans differ ("attributes", "events"...); empty when
    // equal. Makes a failed comparison say why.
    static QString difference(const Span &a, const Span &b);
    // Sorts both by span id and compares; *why names the first difference.
    static bool sameSpans(std::vector<Span> a, std::vector<Span> b, QString *why = nullptr);
    // The spans with every attribute set (span, resource, event, link) sorted by key: for
    // comparing with spans that went through a JSON object that sorts its keys.
    static std::vector<Span> sortedAttributes(std::vector<Span> spans);
    // A trace id / span id in hex from a number, for distinct test ids.
    static QString traceHex(int n);
    // Posts TraceFlow JSON to base + /api/spans and waits for the answer; the HTTP status,
    // 0 when there was no answer.
    static int post(const QUrl &base, const std::vector<Span> &spans);
    // GET base + path; the body, empty on failure.
    static QByteArray get(const QUrl &base, const QString &path);
};

} // namespace traceflow
