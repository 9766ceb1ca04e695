// SPDX-License-Identifier: MIT
#pragma once

#include "ids.h"
#include "policyevaluator.h"
#include "samplingconfig.h"
#include "span.h"

#include <QHash>
#include <QString>

#include <cstdint>
#include <cstring>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <vector>

namespace traceflow {

// A monotonic clock in milliseconds; injectable so that tests need not sleep.
using SamplerClock = std::function<qint64()>;
// All spans of a trace, as the store holds them (empty when it holds none).
using TraceFetcher = std::function<std::vector<Span>(const TraceId &)>;

struct SamplingDecision
{
    TraceId traceId;
    bool sampled = false;
    // The policy that kept the trace, or that dropped it (a drop policy or an invert_match);
    // empty when no policy sampled it.
    QString policy;
    friend bool operator==(const SamplingDecision &, const SamplingDecision &) = default;
};

// One policy's own decisions, whatever the final outcome (OpenTelemetry's
// count_traces_sampled{policy, sampled}).
struct PolicySamplingCounters
{
    QString policy;
    quint64 tracesSampled = 0;
    quint64 tracesDropped = 0; // not sampled by this policy
    quint64 spansSampled = 0;
    quint64 spansDropped = 0;
};

struct TailSamplerCounters
{
    std::vector<PolicySamplingCounters> policies; // in configuration order
    quint64 tracesSampled = 0; // final decisions
    quint64 tracesDropped = 0;
    quint64 spansSampled = 0; // spans of the decided traces, as fetched
    quint64 spansDropped = 0;
    quint64 pendingTraces = 0; // now
    quint64 pendingSpans = 0;  // now
    quint64 lateSpans = 0;     // arrived after their trace was decided
    quint64 forcedDecisions = 0; // decided early because the pending buffer was full
};

// The tail-sampling lifecycle of traces. The sampler sees every span that arrives (observe)
// and holds, per pending trace, only its arrival times, span count and whether the root came;
// the spans themselves stay in the caller's store. tick(), called periodically, decides:
// - a trace whose root has arrived once no span came for decision_wait;
// - any trace at max_age (from its first span), root or not;
// - then, while more than num_traces are pending, the oldest pending trace (a forced decision).
// Decided traces are remembered (the last 4 x num_traces, first in first out) so that late
// spans follow the recorded decision. Thread-safe: observe() and tick() may be called from
// different threads.
class TailSampler
{
public:
    explicit TailSampler(SamplingConfig config, SamplerClock clock = steadyClock());

    // std::chrono::steady_clock in milliseconds.
    static SamplerClock steadyClock();

    const SamplingConfig &config() const { return m_config; }

    // Records the spans' arrival. Returns the decisions of the traces among them that are
    // already decided (once per trace): their spans are late and should follow that decision
    // (a dropped trace's late spans are dropped too).
    std::vector<SamplingDecision> observe(const std::vector<Span> &spans);
    // Decides what is due (see above), oldest first. fetch gives a trace's spans to the
    // policies; it runs under the sampler's lock, so it must not call back into the sampler.
    // The caller removes the dropped traces from its store.
    std::vector<SamplingDecision> tick(const TraceFetcher &fetch);
    // Decides every pending trace now, oldest first, on what has arrived (a collector that
    // stops: their other spans will not reach it).
    std::vector<SamplingDecision> decideAll(const TraceFetcher &fetch);

    // The recorded decision, while remembered; std::nullopt for a pending or unknown trace.
    std::optional<SamplingDecision> decision(const TraceId &traceId) const;
    bool isPending(const TraceId &traceId) const;
    TailSamplerCounters counters() const;

private:
    // What the sampler knows of a trace, in one list node that moves (without reallocation)
    // from the pending list to the decided list.
    struct Record
    {
        TraceId traceId;
        qint64 firstMs = 0;
        qint64 lastMs = 0;
        quint64 spans = 0;
        bool root = false;
        bool decided = false;
        bool sampled = false;
        int policy = -1; // index in the configuration, -1: none
    };
    using RecordList = std::list<Record>;
    struct Slot
    {
        RecordList::iterator record;
        bool used = false;
    };
    // A trace id as a QHash key (open addressing, no allocation per entry). Trace ids are
    // random: mixing two words is enough, and much cheaper than BasicId::hash().
    struct Key
    {
        TraceId id;
        friend bool operator==(const Key &a, const Key &b) { return a.id == b.id; }
        friend std::size_t qHash(const Key &key, std::size_t seed) noexcept
        {
            std::uint64_t words[2];
            std::memcpy(words, key.id.bytes(), sizeof words);
            const std::uint64_t h =
                (words[0] ^ std::uint64_t(key.id.encoding()) << 56 ^ key.id.size()) * 0x9e3779b97f4a7c15ull
                ^ words[1] * 0xbf58476d1ce4e5b9ull ^ seed;
            return std::size_t(h ^ h >> 31);
        }
    };

    SamplingDecision decide(RecordList::iterator record, const TraceFetcher &fetch, qint64 nowMs);
    SamplingDecision toDecision(const Record &record) const;

    const SamplingConfig m_config;
    const SamplerClock m_clock;
    mutable std::mutex m_mutex;
    PolicyEvaluator m_evaluator;
    QHash<Key, Slot> m_traces; // every record of the two lists
    RecordList m_pending;      // by first arrival
    RecordList m_decided;      // by decision, oldest first; at most m_decisionCapacity
    std::size_t m_decisionCapacity = 0;
    TailSamplerCounters m_counters;
};

} // namespace traceflow
