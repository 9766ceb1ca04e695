// SPDX-License-Identifier: MIT
#pragma once

#include "decodedbatch.h"
#include "span.h"

#include <QAnyStringView>
#include <QByteArray>
#include <QStringList>

#include <string_view>
#include <utility>
#include <vector>

namespace traceflow {

struct QueryResult;

// What the core tests (and the collector and app test support) share: a span in one call, a
// decoder run on a test body, and the trace ids a search found.
namespace CoreTestSupport {

// A span with its place in a trace, its names and its timing. Ids go through
// TraceId/SpanId::fromString (lowercase hex of a hex width is read as hex, other text such as
// "t1" is kept as it is); an empty parent makes a root. Kind, origin, events and the rest stay
// as a default Span has them: a test sets what it needs on the returned span.
Span makeSpan(QAnyStringView trace, QAnyStringView id, QAnyStringView parent,
              QAnyStringView service, QAnyStringView operation, qint64 startNs, qint64 durationNs,
              StatusCode status = StatusCode::Ok, Attributes attributes = {});
// The same with ids made by the test (from raw bytes, say); an empty parent makes a root.
Span makeSpan(const TraceId &trace, const SpanId &id, const SpanId &parent, QAnyStringView service,
              QAnyStringView operation, qint64 startNs, qint64 durationNs,
              StatusCode status = StatusCode::Ok, Attributes attributes = {});

// A decoder of one ingest format: JaegerJson::decode, ZipkinJson::decode, OtlpJson::decode...
using Decoder = bool (*)(std::string_view body, DecodedBatch *out, QString *error);
// Runs decode on body: the batch it made, its result in *ok and its error in *error when given.
DecodedBatch decodeWith(Decoder decode, const QByteArray &body, bool *ok = nullptr,
                        QString *error = nullptr);

// The span with that id in spans (the first), or nullptr.
const Span *spanWithId(const std::vector<Span> &spans, const SpanId &id);

// The trace ids of a search's answer, in its order.
QStringList ids(const QueryResult &result);

// The caller -> callee edges of n services shaped like a real mesh: a few entry services, tiers
// calling deeper tiers, some calls skipping tiers and a few calling back up (cycles). The same
// n and seed give the same edges.
std::vector<std::pair<int, int>> serviceMesh(int n, unsigned seed);

} // namespace CoreTestSupport

} // namespace traceflow
