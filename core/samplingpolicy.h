// SPDX-License-Identifier: MIT
#pragma once

#include "ids.h"
#include "policyconfig.h"
#include "span.h"
#include "stringpool.h"

#include <QHash>
#include <QString>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace traceflow {

// One policy's verdict on a trace, as OpenTelemetry's tail_sampling names them. The invert
// decisions come from invert_match: InvertNotSampled (the attribute matched) vetoes the trace
// like Dropped; InvertSampled keeps it like Sampled.
enum class PolicyDecision : std::uint8_t { NotSampled, Sampled, InvertSampled, InvertNotSampled, Dropped };

inline bool decisionSamples(PolicyDecision d)
{
    return d == PolicyDecision::Sampled || d == PolicyDecision::InvertSampled;
}
inline bool decisionDrops(PolicyDecision d)
{
    return d == PolicyDecision::Dropped || d == PolicyDecision::InvertNotSampled;
}

// A configured policy, ready to evaluate complete traces. Stateless except rate_limiting and
// composite, which count the spans they sampled in the current second of the clock given to
// evaluate(). Not thread-safe: TailSampler serialises evaluations.
class SamplingPolicy
{
public:
    explicit SamplingPolicy(const PolicyConfig &config);

    const QString &name() const { return m_name; }
    PolicyType type() const { return static_cast<PolicyType>(m_params.index()); }

    // spans: the whole trace (may be empty when the store no longer holds it); nowMs: a
    // monotonic clock in milliseconds, used by the rate limits only.
    PolicyDecision evaluate(const TraceId &traceId, const std::vector<Span> &spans, qint64 nowMs);

private:
    struct PooledValue
    {
        StringPool::Id id = 0;
        std::string utf8;
        QString text;
    };
    // Spans sampled in one second of the clock.
    struct RateWindow
    {
        qint64 second = std::numeric_limits<qint64>::min();
        qint64 spans = 0;
    };

    bool matchesString(const Attributes &attributes, int index);
    bool matchesNumber(const Attributes &attributes, int index) const;
    PolicyDecision evaluateComposite(const TraceId &traceId, const std::vector<Span> &spans,
                                     qint64 nowMs);
    static void advance(RateWindow *window, qint64 nowMs);

    QString m_name;
    PolicyParams m_params;
    StringPool::Id m_key = 0;            // attribute policies
    std::vector<PooledValue> m_values;   // string_attribute without regexes
    QHash<QString, bool> m_regexResults; // string_attribute with regexes: value -> matched
    std::uint64_t m_saltState = 0;       // probabilistic
    std::uint64_t m_threshold = 0;       // probabilistic
    std::vector<SamplingPolicy> m_children; // and, drop, composite (in policy_order)
    std::vector<qint64> m_budgets;       // composite: spans per second of each child
    std::vector<qint64> m_childSpans;    // composite: spans each child sampled this second
    RateWindow m_window;                 // rate_limiting, composite total
};

} // namespace traceflow
