// SPDX-License-Identifier: MIT
#include "sketchbench.h"

#include "ddsketch.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

namespace traceflow {

namespace {

constexpr std::size_t SampleCount = 1'000'000;
// Many short timed rounds, keeping the fastest: on a shared 2-core machine a long single run
// mostly measures the other processes.
constexpr std::size_t RoundSize = 100'000;
constexpr int Rounds = 50;

volatile std::uint64_t g_sink = 0;

// Makes the optimiser assume the object is read, so the timed loop cannot be dropped.
template<typename T>
void doNotOptimize(const T &value)
{
    __asm__ __volatile__("" : : "r"(&value) : "memory");
}

std::vector<double> lognormalDurations()
{
    std::mt19937_64 rng(20240601);
    std::lognormal_distribution<double> dist(std::log(50e6), 1.0); // median 50 ms, in ns
    std::vector<double> values(SampleCount);
    std::generate(values.begin(), values.end(), [&] { return dist(rng); });
    return values;
}

} // namespace

void runSketchBenchmarks()
{
    std::vector<double> values = lognormalDurations();

    // Steady state: the sketch keeps its bins across rounds, as it does inside a running store.
    double bestNs = 1e300;
    DDSketch timed;
    for (int round = 0; round < Rounds; ++round) {
        const std::size_t from = (std::size_t(round) * RoundSize) % SampleCount;
        const auto first = values.begin() + std::ptrdiff_t(from);
        const auto start = std::chrono::steady_clock::now();
        for (auto it = first; it != first + RoundSize; ++it)
            timed.add(*it);
        doNotOptimize(timed);
        const auto elapsed = std::chrono::steady_clock::now() - start;
        bestNs = std::min(bestNs, std::chrono::duration<double, std::nano>(elapsed).count());
    }
    g_sink = timed.count();
    std::printf("BENCH sketch_insert_ns %.2f ns\n", bestNs / double(RoundSize));

    DDSketch sketch;
    for (double v : values)
        sketch.add(v);
    const double estimate = sketch.quantile(0.99);
    std::sort(values.begin(), values.end());
    const double exact = values[std::size_t(0.99 * double(values.size() - 1))];
    std::printf("BENCH sketch_p99_rel_error_pct %.4f %%\n", std::abs(estimate - exact) / exact * 100);
    std::fflush(stdout);
}

} // namespace traceflow
