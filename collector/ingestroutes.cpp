// SPDX-License-Identifier: MIT
#include "ingestroutes.h"

#include "collectorconfig.h"
#include "collectormetrics.h"
#include "gzipcodec.h"
#include "httprouter.h"
#include "ingestqueue.h"
#include "otlpjson.h"
#include "otlpprotobuf.h"
#include "routecontext.h"
#include "traceflowjson.h"
#include "zipkinjson.h"

#include <nlohmann/json.hpp>

namespace traceflow {

namespace {
using Decoder = bool (*)(std::string_view, DecodedBatch *, QString *);

// gRPC status codes, which OTLP/HTTP error bodies (google.rpc.Status) carry.
constexpr int InvalidArgument = 3;
constexpr int Unavailable = 14;
const QByteArray RetryAfterSeconds = QByteArrayLiteral("1");

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), static_cast<std::size_t>(bytes.size())};
}

// "application/json; charset=utf-8" -> "application/json"
QByteArray mediaType(const QHttpServerRequest &request)
{
    QByteArray type = request.value(QByteArrayLiteral("content-type"));
    if (const qsizetype semicolon = type.indexOf(';'); semicolon >= 0)
        type.truncate(semicolon);
    return type.trimmed().toLower();
}

// Content-Encoding, lowercased; empty for none.
QByteArray contentEncoding(const QHttpServerRequest &request)
{
    const QByteArray encoding =
        request.value(QByteArrayLiteral("content-encoding")).trimmed().toLower();
    return encoding == "identity" ? QByteArray() : encoding;
}

bool supportedEncoding(const QByteArray &encoding)
{
    return encoding.isEmpty() || encoding == "gzip" || encoding == "x-gzip"
        || encoding == "deflate";
}

QString unsupportedEncoding(const QByteArray &encoding)
{
    return QStringLiteral("unsupported Content-Encoding \"%1\" (use gzip)")
        .arg(QString::fromLatin1(encoding));
}

// The body with its Content-Encoding undone. The socket guard has bounded the raw size; the
// decompressed size is bounded here by the same limit.
bool inflateBody(const QByteArray &raw, const QByteArray &encoding, qint64 limit,
                 QByteArray *body, int *status, QString *error)
{
    if (encoding.isEmpty()) {
        *body = raw;
        return true;
    }
    switch (GzipCodec::inflate(raw, limit, body, error)) {
    case GzipCodec::Result::Ok: return true;
    case GzipCodec::Result::TooLarge: *status = 413; return false;
    case GzipCodec::Result::Corrupt: *status = 400; return false;
    }
    return false;
}

struct Outcome
{
    int accepted = 0;
    int rejected = 0;
    int dropped = 0;
    QStringList errors;
    bool queued = true;
    QString unavailable; // the durable store cannot write: answer 503 with this
};

// Hands the valid spans to the queue and counts every span one way or another.
Outcome enqueue(const RouteContext &context, IngestProtocol protocol, DecodedBatch &batch,
                qint64 bodyBytes)
{
    Outcome o;
    o.rejected = batch.rejected;
    o.errors = batch.errors;
    const int valid = static_cast<int>(batch.spans.size());
    if (context.storageError)
        o.unavailable = context.storageError();
    o.queued = o.unavailable.isEmpty() && context.queue.tryPush(batch.spans);
    (o.queued ? o.accepted : o.dropped) = valid;
    context.metrics.addIngest(protocol, static_cast<std::uint64_t>(bodyBytes), o.accepted,
                              o.rejected, o.dropped);
    return o;
}

nlohmann::json errorList(const QStringList &errors)
{
    nlohmann::json list = nlohmann::json::array();
    for (const QString &e : errors)
        list.push_back(e.toStdString());
    return list;
}

// POST /api/spans and POST /api/v2/spans: JSON bodies, 202 with the counts. The media type
// is checked here; decoding is left to a worker (HttpReply::later).
HttpReply ingestJson(const RouteContext &context, const QHttpServerRequest &request,
                     IngestProtocol protocol, Decoder decode)
{
    const QByteArray type = mediaType(request);
    const QByteArray encoding = contentEncoding(request);
    if (type.contains("protobuf") || type.contains("thrift") || !supportedEncoding(encoding)) {
        context.metrics.addFailedRequest(protocol, 0);
        return HttpReply::error(415, supportedEncoding(encoding)
                                         ? QStringLiteral("unsupported Content-Type \"%1\" "
                                                          "(send JSON)")
                                               .arg(QString::fromLatin1(type))
                                         : unsupportedEncoding(encoding));
    }
    return HttpReply::later([context, raw = request.body(), encoding, protocol, decode] {
        QByteArray body;
        int status = 400;
        QString why;
        if (!inflateBody(raw, encoding, context.config.maxBodyBytes, &body, &status, &why)) {
            context.metrics.addFailedRequest(protocol, 0);
            return HttpReply::error(status, why);
        }
        DecodedBatch batch;
        if (!decode(view(body), &batch, &why)) {
            context.metrics.addFailedRequest(protocol, static_cast<std::uint64_t>(body.size()));
            return HttpReply::error(400, why);
        }
        const Outcome o = enqueue(context, protocol, batch, body.size());
        if (!o.unavailable.isEmpty())
            return HttpReply::error(503, QStringLiteral("cannot store spans: %1; %2 spans "
                                                        "dropped, retry later")
                                             .arg(o.unavailable)
                                             .arg(o.dropped))
                .addHeader(QByteArrayLiteral("Retry-After"), RetryAfterSeconds);
        if (!o.queued)
            return HttpReply::error(429, QStringLiteral("ingest queue full: %1 spans dropped, "
                                                        "retry later").arg(o.dropped))
                .addHeader(QByteArrayLiteral("Retry-After"), RetryAfterSeconds);
        return HttpReply::json(202, nlohmann::json{{"accepted", o.accepted},
                                                   {"rejected", o.rejected},
                                                   {"errors", errorList(o.errors)}});
    });
}

// OTLP/HTTP answers in the request's own encoding.
HttpReply otlpStatus(bool protobuf, int httpStatus, int code, const QString &message)
{
    if (protobuf)
        return HttpReply::raw(httpStatus, QByteArrayLiteral("application/x-protobuf"),
                              OtlpProtobuf::encodeStatus(code, message));
    return HttpReply::json(httpStatus,
                           nlohmann::json{{"code", code}, {"message", message.toStdString()}});
}

HttpReply decodeOtlp(const RouteContext &context, bool protobuf, const QByteArray &raw,
                     const QByteArray &encoding)
{
    const IngestProtocol protocol =
        protobuf ? IngestProtocol::OtlpProtobuf : IngestProtocol::OtlpJson;
    QByteArray body;
    int status = 400;
    QString why;
    if (!inflateBody(raw, encoding, context.config.maxBodyBytes, &body, &status, &why)) {
        context.metrics.addFailedRequest(protocol, 0);
        return otlpStatus(protobuf, status, InvalidArgument, why);
    }
    DecodedBatch batch;
    const bool decoded = protobuf ? OtlpProtobuf::decode(view(body), &batch, &why)
                                  : OtlpJson::decode(view(body), &batch, &why);
    if (!decoded) {
        context.metrics.addFailedRequest(protocol, static_cast<std::uint64_t>(body.size()));
        return otlpStatus(protobuf, 400, InvalidArgument, why);
    }
    const Outcome o = enqueue(context, protocol, batch, body.size());
    if (!o.queued)
        return otlpStatus(protobuf, 503, Unavailable,
                          o.unavailable.isEmpty()
                              ? QStringLiteral("ingest queue full, retry later")
                              : QStringLiteral("cannot store spans: %1; retry later")
                                    .arg(o.unavailable))
            .addHeader(QByteArrayLiteral("Retry-After"), RetryAfterSeconds);
    QString message;
    if (o.rejected > 0) {
        message = QStringLiteral("%1 span(s) rejected: ").arg(o.rejected)
            + o.errors.join(QStringLiteral("; "));
    }
    if (protobuf)
        return HttpReply::raw(200, QByteArrayLiteral("application/x-protobuf"),
                              OtlpProtobuf::encodeResponse(o.rejected, message));
    nlohmann::json response = nlohmann::json::object();
    if (o.rejected > 0) // int64 is a string in the protobuf JSON mapping
        response["partialSuccess"] = {{"rejectedSpans", std::to_string(o.rejected)},
                                      {"errorMessage", message.toStdString()}};
    return HttpReply::json(200, response);
}

// POST /v1/traces: media type and encoding checked here, the body decoded on a worker.
HttpReply ingestOtlp(const RouteContext &context, const QHttpServerRequest &request)
{
    const QByteArray type = mediaType(request);
    const bool protobuf = type == "application/x-protobuf" || type == "application/protobuf";
    const QByteArray encoding = contentEncoding(request);
    if (!protobuf && type != "application/json") {
        context.metrics.addFailedRequest(IngestProtocol::OtlpJson, 0);
        return otlpStatus(false, 415, InvalidArgument,
                          QStringLiteral("unsupported Content-Type \"%1\" (use "
                                         "application/x-protobuf or application/json)")
                              .arg(QString::fromLatin1(type)));
    }
    if (!supportedEncoding(encoding)) {
        context.metrics.addFailedRequest(protobuf ? IngestProtocol::OtlpProtobuf
                                                  : IngestProtocol::OtlpJson, 0);
        return otlpStatus(protobuf, 415, InvalidArgument, unsupportedEncoding(encoding));
    }
    return HttpReply::later([context, protobuf, raw = request.body(), encoding] {
        return decodeOtlp(context, protobuf, raw, encoding);
    });
}
} // namespace

void IngestRoutes::install(HttpRouter &router, const RouteContext &context)
{
    using Method = HttpRouter::Method;
    router.add(Method::Post, QStringLiteral("/api/spans"),
               [context](const QHttpServerRequest &request, const QStringList &) {
                   return ingestJson(context, request, IngestProtocol::TraceflowJson,
                                     &TraceflowJson::decode);
               });
    router.add(Method::Post, QStringLiteral("/api/v2/spans"),
               [context](const QHttpServerRequest &request, const QStringList &) {
                   return ingestJson(context, request, IngestProtocol::ZipkinJson,
                                     &ZipkinJson::decode);
               });
    router.add(Method::Post, QStringLiteral("/v1/traces"),
               [context](const QHttpServerRequest &request, const QStringList &) {
                   return ingestOtlp(context, request);
               });
    router.add(Method::Post, QStringLiteral("/api/null"),
               [](const QHttpServerRequest &request, const QStringList &) {
                   return HttpReply::json(202, nlohmann::json{{"accepted", 0},
                                                              {"discarded_bytes",
                                                               request.body().size()}});
               });
}

} // namespace traceflow
