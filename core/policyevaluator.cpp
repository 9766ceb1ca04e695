// SPDX-License-Identifier: MIT
#include "policyevaluator.h"

namespace traceflow {

PolicyEvaluator::PolicyEvaluator(const std::vector<PolicyConfig> &policies)
    : m_policies(policies.begin(), policies.end()), m_decisions(policies.size())
{
}

PolicyVerdict PolicyEvaluator::evaluate(const TraceId &traceId, const std::vector<Span> &spans,
                                        qint64 nowMs)
{
    int firstSample = -1;
    int firstDrop = -1;
    for (std::size_t i = 0; i < m_policies.size(); ++i) {
        const PolicyDecision decision = m_policies[i].evaluate(traceId, spans, nowMs);
        m_decisions[i] = decision;
        if (firstDrop < 0 && decisionDrops(decision))
            firstDrop = int(i);
        else if (firstSample < 0 && decisionSamples(decision))
            firstSample = int(i);
    }
    if (firstDrop >= 0)
        return {false, firstDrop};
    return {firstSample >= 0, firstSample};
}

} // namespace traceflow
