// SPDX-License-Identifier: MIT
#pragma once

#include "decodedbatch.h"
#include "jsontape.h"
#include "span.h"

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

#include <string_view>
#include <vector>

namespace traceflow {

// Zipkin v2 JSON: a list of spans, as Zipkin's reporters (zipkin-js, Brave) and
// OpenTelemetry's Zipkin exporters send them to POST /api/v2/spans.
// - traceId is 16 or 32 hex digits, id and parentId 16 (either case; stored lowercase);
//   timestamp and duration are microseconds; the service is localEndpoint.serviceName
//   ("unknown" without one), also kept as the resource's service.name.
// - kind CLIENT/SERVER/PRODUCER/CONSUMER; an absent kind stays Unspecified (Zipkin has no
//   INTERNAL, and Jaeger shows such spans without a kind too).
// - tags become string attributes; the convention tags (ConventionTags) become status,
//   scope and trace state: an "error" tag makes the span an Error with the tag's text as
//   message, "otel.status_code"/"otel.status_description" win over it.
// - remoteEndpoint becomes peer.service / net.peer.ip / net.peer.port, localEndpoint's
//   address net.host.ip / net.host.port.
// - annotations become events (`name: {json attributes}` values are split again).
// - A SERVER span sharing its id with its client (shared:true, or a CLIENT span with the same
//   ids in the batch) gets a derived id and the client as parent, as Jaeger's span-id deduper
//   does (see ZipkinJsonDecoder::deriveSharedSpanId).
class ZipkinJson
{
public:
    // False (with *error) when the body is not JSON or not a JSON array; otherwise true,
    // with invalid spans rejected alone in *out.
    static bool decode(std::string_view body, DecodedBatch *out, QString *error);
    // The same, from a document already parsed (File > Open parses once to detect the
    // format).
    static bool decodeDocument(JsonValue root, DecodedBatch *out, QString *error);
    // One span for Zipkin's read API: ids as stored (hex for Zipkin/OTLP spans), timestamp and
    // duration in whole microseconds (a non-zero duration is at least 1), tags stringified,
    // status as "otel.status_code" plus "error" (the message) for errors, events as
    // annotations. Links and resource attributes other than service.name are not carried.
    static nlohmann::json encodeSpan(const Span &span);
    static QByteArray encode(const std::vector<Span> &spans);
};

} // namespace traceflow
