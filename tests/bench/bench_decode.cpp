// SPDX-License-Identifier: MIT
// bench_decode: how fast each ingest format's decoder turns a request body into spans, on one
// thread, without HTTP or the store: the collector's per-span decoding cost. Bodies are batches
// of 100 "standard" spans (TestSpans::standardBatch). Prints "BENCH" lines.
// For the JSON formats it also prints what parsing the same bodies with simdjson alone costs
// (no spans built): the floor under any decoder that reads the whole document.
// Usage: bench_decode [seconds per format, default 2] [format ...] (BENCH labels, e.g.
// otlp_proto; all four when none is given)
#include "otlpjson.h"
#include "otlpprotobuf.h"
#include "testspans.h"
#include "traceflowjson.h"
#include "zipkinjson.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QStringList>

#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <functional>

using namespace traceflow;
using Format = TestSpans::Format;

namespace {
constexpr int BatchSize = 100;
constexpr int Bodies = 16;

using Decoder = std::function<bool(std::string_view, DecodedBatch *, QString *)>;

Decoder decoderFor(Format format)
{
    switch (format) {
    case Format::TraceflowJson:
        return &TraceflowJson::decode;
    case Format::OtlpProtobuf:
        return &OtlpProtobuf::decode;
    case Format::OtlpJson:
        return &OtlpJson::decode;
    case Format::ZipkinJson:
        return &ZipkinJson::decode;
    }
    return {};
}
// simdjson's DOM parse of the bodies, nothing else, with one parser reused as the decoders do.
void printParseOnly(const QByteArray &name, const std::vector<QByteArray> &bodies, double seconds)
{
    simdjson::dom::parser parser;
    qint64 spans = 0;
    QElapsedTimer clock;
    clock.start();
    for (int n = 0; clock.nsecsElapsed() < qint64(seconds * 1e9); ++n) {
        const QByteArray &body = bodies[std::size_t(n % Bodies)];
        simdjson::dom::element root;
        if (parser.parse(body.constData(), std::size_t(body.size()), true).get(root) != simdjson::SUCCESS) {
            std::fprintf(stderr, "simdjson refused a %s body\n", name.constData());
            return;
        }
        spans += BatchSize;
    }
    std::printf("BENCH parse_only_simdjson_%s_spans_per_s %.0f spans/s\n", name.constData(),
                double(spans) / (double(clock.nsecsElapsed()) / 1e9));
}
} // namespace

int main(int argc, char *argv[])
{
    const double seconds = argc > 1 ? std::max(0.1, std::atof(argv[1])) : 2.0;
    QStringList only;
    for (int i = 2; i < argc; ++i)
        only.append(QString::fromLocal8Bit(argv[i]));
    QRandomGenerator random(42);
    const qint64 startNs = QDateTime::currentMSecsSinceEpoch() * 1'000'000;
    for (Format format : {Format::TraceflowJson, Format::OtlpProtobuf, Format::OtlpJson,
                          Format::ZipkinJson}) {
        if (!only.isEmpty() && !only.contains(TestSpans::formatName(format)))
            continue;
        std::vector<QByteArray> bodies;
        qint64 bytes = 0;
        for (int i = 0; i < Bodies; ++i) {
            bodies.push_back(TestSpans::encode(format, TestSpans::standardBatch(BatchSize, random, startNs)));
            bytes += bodies.back().size();
        }
        const Decoder decode = decoderFor(format);
        qint64 spans = 0;
        qint64 decodedBytes = 0;
        QElapsedTimer clock;
        clock.start();
        for (int n = 0; clock.nsecsElapsed() < qint64(seconds * 1e9); ++n) {
            const QByteArray &body = bodies[std::size_t(n % Bodies)];
            DecodedBatch batch;
            QString error;
            if (!decode(std::string_view(body.constData(), std::size_t(body.size())), &batch, &error)) {
                std::fprintf(stderr, "decode failed: %s\n", qPrintable(error));
                return 1;
            }
            spans += qint64(batch.spans.size());
            decodedBytes += body.size();
        }
        const double elapsed = double(clock.nsecsElapsed()) / 1e9;
        const QByteArray name = TestSpans::formatName(format).toUtf8();
        std::printf("BENCH decode_%s_spans_per_s %.0f spans/s\n", name.constData(), double(spans) / elapsed);
        std::printf("BENCH decode_%s_mb_per_s %.1f MB/s (%lld bytes per span)\n", name.constData(),
                    double(decodedBytes) / elapsed / 1e6, bytes / (Bodies * BatchSize));
        if (format != Format::OtlpProtobuf)
            printParseOnly(name, bodies, seconds);
    }
    return 0;
}
