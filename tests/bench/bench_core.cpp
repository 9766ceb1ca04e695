// SPDX-License-Identifier: MIT
// bench_core: figures for the core library (sketch, store), one "BENCH" line per figure.
#include "diffbench.h"
#include "filestorebench.h"
#include "graphbench.h"
#include "samplerbench.h"
#include "sketchbench.h"
#include "storebench.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    traceflow::runSketchBenchmarks();
    runStoreBenchmarks();
    runFileStoreBenchmarks();
    runSamplerBenchmarks();
    traceflow::runDiffBenchmarks();
    traceflow::runGraphBenchmarks();
    return 0;
}
