// SPDX-License-Identifier: MIT
#pragma once

#include "samplingpolicy.h"

#include <QString>

#include <vector>

namespace traceflow {

// The outcome of a configuration's policies on one trace.
struct PolicyVerdict
{
    bool sampled = false;
    // The policy that decided: the first (in configuration order) that dropped the trace, else
    // the first that sampled it; -1 when none sampled it.
    int policy = -1;
};

// The top-level policies of a configuration and OpenTelemetry's rule to combine them: any drop
// decision (drop, or an invert_match that matched) drops the trace; otherwise any sample
// decision keeps it; otherwise it is dropped. Every policy is evaluated on every trace, so the
// rate limits count what they would have let through even when another policy keeps the trace,
// and each policy's own decision can be counted. Not thread-safe.
class PolicyEvaluator
{
public:
    explicit PolicyEvaluator(const std::vector<PolicyConfig> &policies);

    int size() const { return int(m_policies.size()); }
    const QString &name(int index) const { return m_policies[std::size_t(index)].name(); }

    PolicyVerdict evaluate(const TraceId &traceId, const std::vector<Span> &spans, qint64 nowMs);
    // Each policy's own decision in the last evaluate(), in configuration order.
    const std::vector<PolicyDecision> &lastDecisions() const { return m_decisions; }

private:
    std::vector<SamplingPolicy> m_policies;
    std::vector<PolicyDecision> m_decisions;
};

} // namespace traceflow
