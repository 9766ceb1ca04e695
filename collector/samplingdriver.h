// SPDX-License-Identifier: MIT
#pragma once

#include "tailsampler.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <functional>
#include <mutex>
#include <vector>

namespace traceflow {

class TraceStore;

// Tail sampling inside the collector. Ingested spans pass through insert() on their way into
// the store (the sampler notes their arrival; late spans of a dropped trace are not stored); a
// timer in the collector's thread decides the traces that are due and removes the dropped ones
// from the store. Storing a batch and deciding are mutually exclusive, so a trace is never
// decided between its spans being noted and being stored.
class SamplingDriver : public QObject
{
    Q_OBJECT
public:
    static constexpr int TickMs = 500;

    SamplingDriver(const SamplingConfig &config, TraceStore &store, QObject *parent = nullptr);

    // Thread-safe (the ingest worker calls it). Returns the number of spans stored.
    std::size_t insert(std::vector<Span> spans);
    // Decides what is due and removes the dropped traces from the store; the timer calls it.
    void tick();
    // Decides every pending trace now and stops the timer: the collector is stopping, so what
    // a trace has is all it will get, and the sink and the store file get the final answer.
    void decidePending();
    // Shows kept spans to tap, each once: a trace's spans when it is sampled (on the timer's
    // thread), its late spans as they arrive (on insert()'s). Dropped and pending spans never
    // reach it: the ClickHouse write-through, which cannot take spans back, gets exactly what
    // the sampler keeps. The tap must not wait (it would stall every decision with it). Set it
    // before the first insert().
    void setKeptTap(std::function<void(const std::vector<Span> &)> tap)
    {
        m_keptTap = std::move(tap);
    }

    // {"decision":"sampled"|"dropped","policy":"errors"} for a decided trace (policy null when
    // none kept it), {"decision":"pending"} for a pending one, null when the sampler does not
    // know the trace (or no longer remembers it).
    nlohmann::json apiJson(const TraceId &traceId) const;
    // The sampling counters in the Prometheus text format, traceflow_sampling_*.
    QByteArray prometheus() const;
    TailSamplerCounters counters() const { return m_sampler.counters(); }

private:
    // Runs decide under the lock, drops what it dropped and shows the kept spans to the tap.
    void apply(const std::function<std::vector<SamplingDecision>(const TraceFetcher &)> &decide);
    TraceStore &m_store;
    TailSampler m_sampler;
    std::mutex m_mutex; // insert() against tick()
    std::function<void(const std::vector<Span> &)> m_keptTap;
    QTimer m_timer{this}; // a child, so that it moves with the driver to another thread
};

} // namespace traceflow
