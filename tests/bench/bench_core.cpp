// SPDX-License-Identifier: MIT
// bench_core: figures for the core library (sketch, store), one "BENCH" line per figure.
#include "samplerbench.h"
#include "sketchbench.h"
#include "storebench.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    traceflow::runSketchBenchmarks();
    runStoreBenchmarks();
    runSamplerBenchmarks();
    return 0;
}
