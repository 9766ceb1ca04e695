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
    if (argc > 1 && qstrcmp(argv[1], "store_evicting") == 0) {
        runStoreEvictingBenchmark();
        return 0;
    }
    traceflow::runSketchBenchmarks();
    runStoreBenchmarks();
    runStoreEvictingBenchmark();
    runFileStoreBenchmarks();
    runSamplerBenchmarks();
    traceflow::runDiffBenchmarks();
    traceflow::runGraphBenchmarks();
    return 0;
}
