// SPDX-License-Identifier: MIT
#include "startupbench.h"

#include "appsettings.h"
#include "filestore.h"
#include "mainwindow.h"
#include "tracestore.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>
#include <QWindow>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>

using namespace traceflow;

namespace {
constexpr int Traces = 100'000;
constexpr int SpansPerTrace = 10;

template<typename Id> Id numberedId(std::uint64_t a, std::uint64_t b)
{
    std::array<unsigned char, sizeof(Id) >= 16 ? 16 : 8> bytes{};
    std::memcpy(bytes.data(), &a, 8);
    if (bytes.size() == 16)
        std::memcpy(bytes.data() + 8, &b, 8);
    return Id::fromBytes(bytes.data(), bytes.size());
}

// 1M spans in traces of ten, over eight services, as the collector would have stored them.
bool writeStore(const QString &path)
{
    TraceStore unused;
    FileStore file({path});
    if (!file.open(unused)) {
        std::fprintf(stderr, "startup bench: %s\n", qPrintable(file.error()));
        return false;
    }
    unused.setObserver(nullptr); // the batches go to the writer directly
    const std::array<QString, 8> services = {
        QStringLiteral("frontend"),  QStringLiteral("checkout"), QStringLiteral("payment"),
        QStringLiteral("inventory"), QStringLiteral("shipping"), QStringLiteral("auth"),
        QStringLiteral("search"),    QStringLiteral("catalog")};
    const qint64 startNs = (QDateTime::currentMSecsSinceEpoch() - 3'600'000) * 1'000'000;
    std::vector<Span> batch;
    for (int t = 0; t < Traces; ++t) {
        const auto traceId = numberedId<TraceId>(std::uint64_t(t) + 1, 0x7472616365ULL);
        for (int s = 0; s < SpansPerTrace; ++s) {
            Span span;
            span.traceId = traceId;
            span.spanId =
                numberedId<SpanId>(std::uint64_t(t) * SpansPerTrace + std::uint64_t(s) + 1, 0);
            if (s > 0)
                span.parentSpanId = numberedId<SpanId>(std::uint64_t(t) * SpansPerTrace + 1, 0);
            span.setService(services[std::size_t(s == 0 ? 0 : (t + s) % 8)]);
            span.setOperation(QStringLiteral("op-%1").arg(s % 4));
            span.startNs = startNs + qint64(t) * 5'000'000 + s * 1000;
            span.durationNs = (s == 0 ? 400 : 1 + (t * 7 + s) % 300) * 1'000'000LL;
            span.status = (t + s) % 37 == 0 ? StatusCode::Error : StatusCode::Ok;
            batch.push_back(std::move(span));
        }
        if (batch.size() >= 10'000) {
            file.spansStored(std::move(batch));
            batch = {};
        }
    }
    file.spansStored(std::move(batch));
    return file.flush();
}

// Runs the event loop until done, checking every few ms. It sleeps between checks: spinning
// would take a core from the loading on a small machine and slow what is measured.
void waitUntil(const std::function<bool()> &done)
{
    while (!done()) {
        QEventLoop loop;
        QTimer::singleShot(2, &loop, &QEventLoop::quit);
        loop.exec();
    }
}
} // namespace

void runStartupBenchmarks()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("traces.db"));
    if (!writeStore(path))
        return;
    AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setApiPort(0);
    settings.setOtlpPort(0);
    settings.setKeepTraces(true);
    settings.settings().setValue(QStringLiteral("store/file"), path);
    StoreLimits limits = settings.storeLimits();
    limits.maxSpans = std::max<std::size_t>(limits.maxSpans, std::size_t(Traces) * SpansPerTrace);
    limits.maxBytes = std::max<std::size_t>(limits.maxBytes, std::size_t(2) << 30);
    settings.setStoreLimits(limits);

    {
        // What the window's constructor used to wait for on the GUI thread.
        QElapsedTimer timer;
        timer.start();
        TraceStore store(limits);
        FileStore file({path});
        if (!file.open(store)) {
            std::fprintf(stderr, "startup bench: %s\n", qPrintable(file.error()));
            return;
        }
        std::printf("BENCH startup_blocking_open_ms_1m %.0f ms (the old start-up: FileStore::open "
                    "on the GUI thread)\n",
                    double(timer.nsecsElapsed()) / 1e6);
    }
    {
        QElapsedTimer timer;
        timer.start();
        MainWindow window(settings);
        window.show();
        waitUntil([&] { return window.windowHandle() && window.windowHandle()->isExposed(); });
        const double shownMs = double(timer.nsecsElapsed()) / 1e6;
        const std::uint64_t spansWhenShown = window.store().counters().spans;
        waitUntil([&] { return !window.isLoadingStore(); });
        const double loadedMs = double(timer.nsecsElapsed()) / 1e6;
        std::printf("BENCH startup_window_shown_ms_1m %.0f ms (%llu spans loaded by then)\n",
                    shownMs, static_cast<unsigned long long>(spansWhenShown));
        std::printf("BENCH startup_store_loaded_ms_1m %.0f ms (%llu spans)\n", loadedMs,
                    static_cast<unsigned long long>(window.store().counters().spans));
    }
    {
        auto window = std::make_unique<MainWindow>(settings);
        window->show();
        waitUntil([&] {
            return window->store().counters().spans >= 300'000 || !window->isLoadingStore();
        });
        QElapsedTimer timer;
        timer.start();
        window.reset();
        std::printf("BENCH startup_close_while_loading_ms %.0f ms (the window gone, the file "
                    "untouched)\n",
                    double(timer.nsecsElapsed()) / 1e6);
    }
}
