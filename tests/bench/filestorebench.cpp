// SPDX-License-Identifier: MIT
#include "filestorebench.h"

#include "filestore.h"
#include "testspans.h"
#include "tracestore.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>

using namespace traceflow;

namespace {
constexpr int TotalSpans = 1'000'000;
constexpr int BatchSpans = 1000; // about what the ingest worker hands the store at a time
} // namespace

void runFileStoreBenchmarks()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.db"));
    FileStore::Options options;
    options.path = path; // the defaults otherwise: 1 s flush interval, 7 d / 1 GiB retention

    QRandomGenerator random(42);
    std::vector<std::vector<Span>> batches;
    const qint64 startNs = 1'763'800'000'000'000'000;
    for (int i = 0; i < TotalSpans / BatchSpans; ++i)
        batches.push_back(TestSpans::standardBatch(BatchSpans, random, startNs + qint64(i) * 1'000'000));

    {
        // The store is only the owner of the FileStore's observation; the batches are handed
        // to the writer exactly as TraceStore::insert hands them over.
        TraceStore unused;
        FileStore file(options);
        if (!file.open(unused)) {
            std::fprintf(stderr, "file store: %s\n", qPrintable(file.error()));
            return;
        }
        unused.setObserver(nullptr);
        QElapsedTimer timer;
        timer.start();
        for (std::vector<Span> &batch : batches)
            file.spansStored(std::move(batch));
        file.flush();
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        std::printf("BENCH file_store_insert_spans_per_s %.0f spans/s\n", TotalSpans / seconds);
        std::printf("BENCH file_store_bytes_per_span %.1f bytes\n",
                    double(file.counters().usedBytes) / TotalSpans);
    }
    batches.clear();

    QElapsedTimer timer;
    timer.start();
    TraceStore store(StoreLimits{std::size_t(TotalSpans), std::size_t(4) << 30});
    FileStore file(options);
    if (!file.open(store)) {
        std::fprintf(stderr, "file store: %s\n", qPrintable(file.error()));
        return;
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    std::printf("BENCH file_store_reopen_s_1m %.2f s (%lld spans loaded; reading and decoding "
                "%.2f s)\n",
                seconds, static_cast<long long>(store.counters().spans), file.loadReport().seconds);
}
