// SPDX-License-Identifier: MIT
#pragma once

#include "span.h"

#include <QByteArray>
#include <QRandomGenerator>
#include <QString>

#include <vector>

namespace traceflow {

class HttpTestClient;

// Span batches for the collector's end-to-end tests and benchmark, and how each ingest
// format sends them.
class TestSpans
{
public:
    enum class Format { TraceflowJson, OtlpProtobuf, OtlpJson, ZipkinJson };

    static QString formatName(Format format); // the BENCH label: "traceflow_json", ...
    static QByteArray path(Format format);    // the ingest route
    static QByteArray contentType(Format format);
    static QByteArray encode(Format format, const std::vector<Span> &spans);
    // POSTs spans to the format's ingest route; true when the collector answers 200.
    static bool send(HttpTestClient &client, const std::vector<Span> &spans,
                     Format format = Format::OtlpProtobuf);

    static QString randomHex(int bytes, QRandomGenerator &random);
    // n as a span id of 16 hex digits: 1 -> "0000000000000001".
    static QString hexId(int n);

    // A three-span trace across two services, with the features every format must carry:
    //   frontend "GET /checkout" (server, root, http.method/http.status_code attributes)
    //   -> frontend "POST orders" (client)
    //      -> orders "create order" (server, error "card declined", an "exception" event)
    static std::vector<Span> checkoutTrace(const QString &traceId, qint64 startNs);

    // `count` "standard" spans: traces of ten spans over three services, eight attributes
    // each (HTTP/DB semantic conventions), one event on every fifth span, unique ids; ordered
    // by service, as SDKs export them (one resource per service in OTLP).
    static std::vector<Span> standardBatch(int count, QRandomGenerator &random, qint64 startNs);
};

} // namespace traceflow
