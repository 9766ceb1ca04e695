// SPDX-License-Identifier: MIT
// bench_ui: figures for the trace view (offscreen, painting into a QImage), one "BENCH" line
// per figure. open = assemble + setTrace + first paint of the whole trace view; frame = one
// repaint of the waterfall after a scroll, zoom or pan step, averaged.
// Then the statistics dashboard's refresh (stats_refresh_ms_1m, see statsbench.h) and the
// window's start with 1M stored spans (startup_*, see startupbench.h).
// `bench_ui --screenshots DIR` instead writes trace-view.png and trace-view-10k.png to DIR.
#include "assembledtrace.h"
#include "startupbench.h"
#include "statsbench.h"
#include "traceview.h"
#include "uitraces.h"
#include "waterfall.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QPalette>
#include <QScrollBar>
#include <QSplitter>

#include <cstdio>
#include <memory>

using namespace traceflow;

namespace {

constexpr QSize ViewSize(1600, 1000);

void paintInto(QWidget *widget, QImage &image)
{
    QPainter painter(&image);
    widget->render(&painter);
}

double openMs(TraceView &view, const std::vector<Span> &spans, QImage &image)
{
    std::vector<Span> copy = spans; // assemble consumes its input; copying is not timed
    QElapsedTimer timer;
    timer.start();
    auto trace = std::make_shared<const AssembledTrace>(AssembledTrace::assemble(std::move(copy)));
    view.setTrace(trace);
    paintInto(&view, image);
    return double(timer.nsecsElapsed()) / 1e6;
}

// Alternates scrolling down a few rows, zooming in or out and panning, like a user reading.
double frameMs(TraceView &view, QImage &image)
{
    Waterfall *waterfall = view.waterfall();
    QScrollBar *bar = waterfall->verticalScrollBar();
    const int frames = 240;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < frames; ++i) {
        switch (i % 4) {
        case 0: bar->setValue(bar->value() + 3 * bar->singleStep()); break;
        case 1: waterfall->zoomBy(i % 8 == 1 ? 0.8 : 1.25, 0.3); break;
        case 2: waterfall->panBy(i % 8 == 2 ? 0.05 : -0.05); break;
        default: bar->setValue(bar->value() + bar->pageStep()); break;
        }
        paintInto(waterfall, image);
    }
    return double(timer.nsecsElapsed()) / 1e6 / frames;
}

void bench(TraceView &view, int count, const char *label, bool frames)
{
    const std::vector<Span> spans = UiTraces::synthetic(count);
    QImage image(ViewSize, QImage::Format_ARGB32_Premultiplied);
    const double open = openMs(view, spans, image);
    std::printf("BENCH waterfall_open_ms_%s %.1f ms\n", label, open);
    if (frames) {
        std::printf("BENCH waterfall_frame_ms_%s %.2f ms\n", label, frameMs(view, image));
        QElapsedTimer timer;
        timer.start();
        const int found = view.find(QStringLiteral("payment"));
        std::printf("BENCH waterfall_find_ms_%s %.1f ms (%d matches)\n", label,
                    double(timer.nsecsElapsed()) / 1e6, found);
        view.find(QString());
    }
    std::fflush(stdout);
    view.setTrace(nullptr);
}

int screenshots(TraceView &view, const QString &dir)
{
    QDir().mkpath(dir);
    view.setTimeZone(Qt::UTC);
    view.setTrace(std::make_shared<const AssembledTrace>(AssembledTrace::assemble(UiTraces::checkout())));
    view.resize(1400, 940);
    for (const AssembledSpan &s : view.trace()->spans) {
        if (s.span.operation() == QStringLiteral("POST /charge"))
            view.selectSpan(s.span.spanId);
    }
    // A short trace: give the details pane the room the rows do not need.
    if (auto *splitter = view.findChild<QSplitter *>())
        splitter->setSizes({430, 400});
    if (!view.grab().save(dir + QStringLiteral("/trace-view.png")))
        return 1;
    if (auto *splitter = view.findChild<QSplitter *>())
        splitter->setSizes({640, 190});
    view.setTrace(std::make_shared<const AssembledTrace>(AssembledTrace::assemble(UiTraces::synthetic(10'000))));
    // The first level collapsed but one branch, a find, and the minimap zoomed to that branch.
    Waterfall *waterfall = view.waterfall();
    waterfall->collapseAll();
    waterfall->expandOneLevel();
    const AssembledTrace &big = *view.trace();
    const int branch = big.spans[std::size_t(big.roots.front())].children.at(2);
    waterfall->toggleCollapsed(branch);
    view.find(QStringLiteral("inventory"));
    view.selectSpan(big.spans[std::size_t(branch) + 1].span.spanId);
    view.nextMatch();
    waterfall->zoomToSpan(branch);
    if (!view.grab().save(dir + QStringLiteral("/trace-view-10k.png")))
        return 1;
    // The same in a dark palette, to check contrast.
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        dark.setColor(role, QColor(0xdf, 0xe1, 0xe5));
    dark.setColor(QPalette::Button, QColor(0x33, 0x35, 0x3a));
    dark.setColor(QPalette::Highlight, QColor(0x35, 0x74, 0xf0));
    dark.setColor(QPalette::PlaceholderText, QColor(0x8c, 0x90, 0x96));
    dark.setColor(QPalette::Mid, QColor(0x44, 0x46, 0x4b));
    dark.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    QApplication::setPalette(dark);
    QApplication::processEvents(); // the palette change reaches the widgets as events
    view.setTrace(std::make_shared<const AssembledTrace>(AssembledTrace::assemble(UiTraces::checkout())));
    view.find(QString());
    for (const AssembledSpan &s : view.trace()->spans) {
        if (s.span.operation() == QStringLiteral("POST /charge"))
            view.selectSpan(s.span.spanId);
    }
    if (!view.grab().save(dir + QStringLiteral("/trace-view-dark.png")))
        return 1;
    std::printf("screenshots written to %s\n", qPrintable(dir));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", QByteArrayLiteral("offscreen"));
    QApplication app(argc, argv);
    TraceView view;
    view.resize(ViewSize);
    view.show();
    QApplication::processEvents();
    const QStringList args = QApplication::arguments();
    const qsizetype shots = args.indexOf(QStringLiteral("--screenshots"));
    if (shots > 0 && shots + 1 < args.size())
        return screenshots(view, args.at(shots + 1));

    bench(view, 10'000, "10k", true);
    bench(view, 100'000, "100k", true);
    bench(view, 1'000'000, "1m", false);
    runStatsBenchmarks();
    runStartupBenchmarks();
    return 0;
}
