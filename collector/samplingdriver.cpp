// SPDX-License-Identifier: MIT
#include "samplingdriver.h"

#include "prometheustext.h"
#include "tracestore.h"

#include <algorithm>
#include <iterator>

namespace traceflow {

namespace {
using prometheus::header;
using prometheus::label;
using prometheus::metric;
using prometheus::sample;

// A family's two samples by decision, decision="sampled" and "dropped", each after the labels
// given (none when empty).
void decisionSamples(QByteArray &out, const char *name, const QByteArray &labels, quint64 sampled,
                     quint64 dropped)
{
    const QByteArray before = labels.isEmpty() ? QByteArray() : QByteArray(labels + ',');
    sample(out, name, before + "decision=\"sampled\"", sampled);
    sample(out, name, before + "decision=\"dropped\"", dropped);
}
} // namespace

SamplingDriver::SamplingDriver(const SamplingConfig &config, TraceStore &store, QObject *parent)
    : QObject(parent), m_store(store), m_sampler(config)
{
    m_timer.setInterval(TickMs);
    connect(&m_timer, &QTimer::timeout, this, &SamplingDriver::tick);
    m_timer.start();
}

std::size_t SamplingDriver::insert(std::vector<Span> spans)
{
    std::vector<Span> kept; // late spans of sampled traces
    std::size_t count = 0;
    {
        const std::lock_guard lock(m_mutex);
        const std::vector<SamplingDecision> late = m_sampler.observe(spans);
        for (const SamplingDecision &decision : late) {
            auto ofTrace = [&](const Span &s) { return s.traceId == decision.traceId; };
            if (!decision.sampled)
                std::erase_if(spans, ofTrace);
            else if (m_keptTap)
                std::copy_if(spans.begin(), spans.end(), std::back_inserter(kept), ofTrace);
        }
        count = spans.size();
        if (count > 0)
            m_store.insert(std::move(spans));
    }
    if (!kept.empty())
        m_keptTap(kept);
    return count;
}

void SamplingDriver::tick()
{
    apply([this](const TraceFetcher &fetch) { return m_sampler.tick(fetch); });
}

void SamplingDriver::decidePending()
{
    m_timer.stop();
    apply([this](const TraceFetcher &fetch) { return m_sampler.decideAll(fetch); });
}

void SamplingDriver::apply(
    const std::function<std::vector<SamplingDecision>(const TraceFetcher &)> &decide)
{
    std::vector<Span> kept; // the sampled traces' spans
    {
        const std::lock_guard lock(m_mutex);
        const std::vector<SamplingDecision> decisions =
            decide([this](const TraceId &id) { return m_store.trace(id); });
        for (const SamplingDecision &decision : decisions) {
            if (!decision.sampled) {
                m_store.removeTrace(decision.traceId);
            } else if (m_keptTap) {
                std::vector<Span> spans = m_store.trace(decision.traceId);
                std::move(spans.begin(), spans.end(), std::back_inserter(kept));
            }
        }
    }
    // Outside the lock: the tap may write to disk (the ClickHouse sink's spill), and ingestion
    // need not wait with it.
    if (!kept.empty())
        m_keptTap(kept);
}

nlohmann::json SamplingDriver::apiJson(const TraceId &traceId) const
{
    if (const std::optional<SamplingDecision> d = m_sampler.decision(traceId)) {
        return {{"decision", d->sampled ? "sampled" : "dropped"},
                {"policy", d->policy.isEmpty() ? nlohmann::json() : nlohmann::json(d->policy.toStdString())}};
    }
    if (m_sampler.isPending(traceId))
        return {{"decision", "pending"}};
    return nullptr;
}

QByteArray SamplingDriver::prometheus() const
{
    const TailSamplerCounters c = m_sampler.counters();
    QByteArray out;
    const auto policyLabel = [](const PolicySamplingCounters &p) -> QByteArray {
        return "policy=\"" + label(p.policy) + '"';
    };
    const char *policyTraces = "traceflow_sampling_policy_traces_total";
    header(out, policyTraces, "counter",
           "Decided traces by tail-sampling policy and that policy's own decision.");
    for (const PolicySamplingCounters &p : c.policies)
        decisionSamples(out, policyTraces, policyLabel(p), p.tracesSampled, p.tracesDropped);
    const char *policySpans = "traceflow_sampling_policy_spans_total";
    header(out, policySpans, "counter",
           "Spans of the decided traces by tail-sampling policy and that policy's own decision.");
    for (const PolicySamplingCounters &p : c.policies)
        decisionSamples(out, policySpans, policyLabel(p), p.spansSampled, p.spansDropped);
    header(out, "traceflow_sampling_traces_total", "counter", "Traces kept or dropped by tail sampling.");
    decisionSamples(out, "traceflow_sampling_traces_total", {}, c.tracesSampled, c.tracesDropped);
    header(out, "traceflow_sampling_spans_total", "counter", "Spans of the traces kept or dropped.");
    decisionSamples(out, "traceflow_sampling_spans_total", {}, c.spansSampled, c.spansDropped);
    metric(out, "traceflow_sampling_pending_traces", "gauge", "Traces waiting for a decision.",
           c.pendingTraces);
    metric(out, "traceflow_sampling_pending_spans", "gauge",
           "Spans of the traces waiting for a decision.", c.pendingSpans);
    metric(out, "traceflow_sampling_late_spans_total", "counter",
           "Spans that arrived after their trace was decided (they follow the decision).",
           c.lateSpans);
    metric(out, "traceflow_sampling_forced_decisions_total", "counter",
           "Traces decided early because more than num_traces were pending.", c.forcedDecisions);
    return out;
}

} // namespace traceflow
