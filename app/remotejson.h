// SPDX-License-Identifier: MIT
#pragma once

#include "span.h"
#include "tracequery.h"
#include "tracesource.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace traceflow {

// Reads the collector's query API bodies (see ApiJson) back into the values the window
// shows. Malformed or empty bodies give empty values: a remote that answers nonsense shows
// nothing rather than half a trace.
class RemoteJson
{
public:
    // GET /api/traces
    static QueryResult traces(const QByteArray &body);
    // GET /api/traces/{id}: the spans as reported (the window assembles them again).
    static std::vector<Span> traceSpans(const QByteArray &body);
    // {"<key>":["a","b"]}: /api/services, /api/services/{s}/operations
    static QStringList strings(const QByteArray &body, const char *key);
    // GET /api/stats; healthy is left false
    static SourceStats stats(const QByteArray &body);
    // GET /api/dependencies: the edges, and the "services" figures when the collector sends
    // them (an older one does not: then each service's requests are its incoming calls).
    static ServiceGraphData serviceGraph(const QByteArray &body);
    // POST /api/spans answer: {"accepted":N,...}; 0 when absent
    static int accepted(const QByteArray &body);
    // A tag condition as TagFilter::parse reads it back ("k=v", "k!=v", "k=~re", "k").
    static QString tagText(const TagFilter &tag);
};

} // namespace traceflow
