// SPDX-License-Identifier: MIT
#include "tailsampler.h"

#include <algorithm>
#include <chrono>

namespace traceflow {

TailSampler::TailSampler(SamplingConfig config, SamplerClock clock)
    : m_config(std::move(config)),
      m_clock(std::move(clock)),
      m_evaluator(m_config.policies),
      m_decisionCapacity(std::size_t(std::max<qint64>(m_config.numTraces, 1)) * 4)
{
    for (const PolicyConfig &policy : m_config.policies)
        m_counters.policies.push_back({policy.name});
    m_traces.reserve(qsizetype(std::min<std::size_t>(m_decisionCapacity, 1 << 18)));
}

SamplerClock TailSampler::steadyClock()
{
    return [] {
        using namespace std::chrono;
        return qint64(duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count());
    };
}

std::vector<SamplingDecision> TailSampler::observe(const std::vector<Span> &spans)
{
    std::vector<SamplingDecision> late;
    const std::lock_guard lock(m_mutex);
    const qint64 now = m_clock();
    // Spans of a trace tend to come together: the previous span's record is reused.
    RecordList::iterator last = m_pending.end();
    for (const Span &span : spans) {
        RecordList::iterator record = last;
        if (record == m_pending.end() || record->traceId != span.traceId) {
            Slot &slot = m_traces[{span.traceId}];
            if (!slot.used) {
                m_pending.push_back({span.traceId, now, now});
                slot = {std::prev(m_pending.end()), true};
            }
            record = slot.record;
        }
        if (record->decided) {
            ++m_counters.lateSpans;
            const bool reported = std::any_of(late.begin(), late.end(), [&](const auto &d) {
                return d.traceId == span.traceId;
            });
            if (!reported)
                late.push_back(toDecision(*record));
            last = m_pending.end();
            continue;
        }
        record->lastMs = now;
        ++record->spans;
        record->root = record->root || span.isRoot();
        ++m_counters.pendingSpans;
        last = record;
    }
    m_counters.pendingTraces = m_pending.size();
    return late;
}

std::vector<SamplingDecision> TailSampler::tick(const TraceFetcher &fetch)
{
    std::vector<SamplingDecision> decisions;
    const std::lock_guard lock(m_mutex);
    const qint64 now = m_clock();
    std::vector<RecordList::iterator> due;
    for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
        if ((it->root && now - it->lastMs >= m_config.decisionWaitMs)
            || now - it->firstMs >= m_config.maxAgeMs)
            due.push_back(it);
    }
    decisions.reserve(due.size());
    for (const RecordList::iterator &it : due)
        decisions.push_back(decide(it, fetch, now));
    while (m_pending.size() > std::size_t(m_config.numTraces)) {
        ++m_counters.forcedDecisions;
        decisions.push_back(decide(m_pending.begin(), fetch, now));
    }
    m_counters.pendingTraces = m_pending.size();
    return decisions;
}

std::vector<SamplingDecision> TailSampler::decideAll(const TraceFetcher &fetch)
{
    std::vector<SamplingDecision> decisions;
    const std::lock_guard lock(m_mutex);
    const qint64 now = m_clock();
    decisions.reserve(m_pending.size());
    while (!m_pending.empty())
        decisions.push_back(decide(m_pending.begin(), fetch, now));
    m_counters.pendingTraces = 0;
    return decisions;
}

SamplingDecision TailSampler::decide(RecordList::iterator record, const TraceFetcher &fetch,
                                     qint64 nowMs)
{
    const std::vector<Span> spans = fetch ? fetch(record->traceId) : std::vector<Span>();
    const PolicyVerdict verdict = m_evaluator.evaluate(record->traceId, spans, nowMs);
    const quint64 spanCount = spans.size();
    const std::vector<PolicyDecision> &votes = m_evaluator.lastDecisions();
    for (std::size_t i = 0; i < votes.size(); ++i) {
        PolicySamplingCounters &c = m_counters.policies[i];
        if (decisionSamples(votes[i])) {
            ++c.tracesSampled;
            c.spansSampled += spanCount;
        } else {
            ++c.tracesDropped;
            c.spansDropped += spanCount;
        }
    }
    if (verdict.sampled) {
        ++m_counters.tracesSampled;
        m_counters.spansSampled += spanCount;
    } else {
        ++m_counters.tracesDropped;
        m_counters.spansDropped += spanCount;
    }

    m_counters.pendingSpans -= record->spans;
    record->decided = true;
    record->sampled = verdict.sampled;
    record->policy = verdict.policy;
    m_decided.splice(m_decided.end(), m_pending, record);
    const SamplingDecision decision = toDecision(*record);
    if (m_decided.size() > m_decisionCapacity) {
        m_traces.remove({m_decided.front().traceId});
        m_decided.pop_front();
    }
    return decision;
}

SamplingDecision TailSampler::toDecision(const Record &record) const
{
    return {record.traceId, record.sampled,
            record.policy >= 0 ? m_evaluator.name(record.policy) : QString()};
}

std::optional<SamplingDecision> TailSampler::decision(const TraceId &traceId) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_traces.constFind({traceId});
    if (it == m_traces.cend() || !it->record->decided)
        return std::nullopt;
    return toDecision(*it->record);
}

bool TailSampler::isPending(const TraceId &traceId) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_traces.constFind({traceId});
    return it != m_traces.cend() && !it->record->decided;
}

TailSamplerCounters TailSampler::counters() const
{
    const std::lock_guard lock(m_mutex);
    return m_counters;
}

} // namespace traceflow
