// SPDX-License-Identifier: MIT
#include "samplingpolicy.h"

#include "samplingpredicates.h"

#include <algorithm>

namespace traceflow {

namespace {
template<typename... F>
struct Overloaded : F...
{
    using F::operator()...;
};
template<typename... F>
Overloaded(F...) -> Overloaded<F...>;

PolicyDecision sampledIf(bool sampled)
{
    return sampled ? PolicyDecision::Sampled : PolicyDecision::NotSampled;
}

// invert_match: any match vetoes the trace, no match keeps it.
PolicyDecision matchDecision(bool matched, bool invert)
{
    if (invert)
        return matched ? PolicyDecision::InvertNotSampled : PolicyDecision::InvertSampled;
    return sampledIf(matched);
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}
} // namespace

SamplingPolicy::SamplingPolicy(const PolicyConfig &config)
    : m_name(config.name), m_params(config.params)
{
    std::visit(Overloaded{
                   [this](const ProbabilisticParams &p) {
                       const QByteArray salt = p.hashSalt.toUtf8();
                       m_saltState = SamplingPredicates::fnv1a64(salt.constData(),
                                                                 std::size_t(salt.size()));
                       m_threshold = SamplingPredicates::threshold(p.samplingPercentage);
                   },
                   [this](const StringAttributeParams &p) {
                       m_key = StringPool::instance().intern(p.key);
                       if (p.enabledRegexMatching)
                           return;
                       // Interned so that a pooled attribute value compares by id. The set is
                       // the configuration's, so the pool stays bounded.
                       for (const QString &value : p.values)
                           m_values.push_back({StringPool::instance().intern(value),
                                               value.toStdString(), value});
                   },
                   [this](const NumericAttributeParams &p) {
                       m_key = StringPool::instance().intern(p.key);
                   },
                   [this](const BooleanAttributeParams &p) {
                       m_key = StringPool::instance().intern(p.key);
                   },
                   [this](const AndParams &p) {
                       for (const PolicyConfig &sub : p.subPolicies)
                           m_children.emplace_back(sub);
                   },
                   [this](const DropParams &p) {
                       for (const PolicyConfig &sub : p.subPolicies)
                           m_children.emplace_back(sub);
                   },
                   [this](const CompositeParams &p) {
                       // A sub-policy without an allocation (or with 0 %) gets an equal share,
                       // as OpenTelemetry's default; the total stays capped either way.
                       const qint64 share = p.maxTotalSpansPerSecond / qint64(p.subPolicies.size());
                       for (const QString &name : p.policyOrder) {
                           const auto sub = std::find_if(p.subPolicies.begin(), p.subPolicies.end(),
                                                         [&](const PolicyConfig &c) { return c.name == name; });
                           m_children.emplace_back(*sub);
                           const auto alloc = std::find_if(p.rateAllocation.begin(), p.rateAllocation.end(),
                                                           [&](const RateAllocation &a) { return a.policy == name; });
                           const bool allocated = alloc != p.rateAllocation.end() && alloc->percent > 0;
                           m_budgets.push_back(allocated ? qint64(double(p.maxTotalSpansPerSecond)
                                                                  * alloc->percent / 100.0)
                                                         : share);
                       }
                       m_childSpans.assign(m_children.size(), 0);
                   },
                   [](const auto &) {},
               },
               m_params);
}

PolicyDecision SamplingPolicy::evaluate(const TraceId &traceId, const std::vector<Span> &spans,
                                        qint64 nowMs)
{
    const qint64 count = qint64(spans.size());
    return std::visit(
        Overloaded{
            [](const AlwaysSampleParams &) { return PolicyDecision::Sampled; },
            [&](const LatencyParams &p) {
                if (spans.empty())
                    return PolicyDecision::NotSampled;
                const qint64 ms = SamplingPredicates::durationMs(spans);
                // As OpenTelemetry: at least the threshold, or within (threshold, upper].
                if (p.upperThresholdMs == 0)
                    return sampledIf(ms >= p.thresholdMs);
                return sampledIf(ms > p.thresholdMs && ms <= p.upperThresholdMs);
            },
            [&](const StatusCodeParams &p) {
                return sampledIf(std::any_of(spans.begin(), spans.end(), [&](const Span &s) {
                    return std::find(p.statusCodes.begin(), p.statusCodes.end(), s.status)
                        != p.statusCodes.end();
                }));
            },
            [&](const ProbabilisticParams &p) {
                const std::uint64_t hash = SamplingPredicates::traceHash(m_saltState, traceId);
                return sampledIf(SamplingPredicates::sampledAt(hash, p.samplingPercentage, m_threshold));
            },
            [&](const StringAttributeParams &p) {
                const bool matched = SamplingPredicates::anyAttribute(
                    spans, m_key, [this](const Attributes &a, int i) { return matchesString(a, i); });
                return matchDecision(matched, p.invertMatch);
            },
            [&](const NumericAttributeParams &p) {
                const bool matched = SamplingPredicates::anyAttribute(
                    spans, m_key, [this](const Attributes &a, int i) { return matchesNumber(a, i); });
                return matchDecision(matched, p.invertMatch);
            },
            [&](const BooleanAttributeParams &p) {
                const bool matched = SamplingPredicates::anyAttribute(
                    spans, m_key, [&](const Attributes &a, int i) {
                        const AttributeValue v = a.valueAt(i);
                        return v.type() == AttributeValue::Type::Bool && v.toBool() == p.value;
                    });
                return matchDecision(matched, p.invertMatch);
            },
            [&](const SpanCountParams &p) {
                return sampledIf(count >= p.minSpans && (p.maxSpans == 0 || count <= p.maxSpans));
            },
            [&](const TraceStateParams &p) {
                return sampledIf(std::any_of(spans.begin(), spans.end(), [&](const Span &s) {
                    const QString state = s.traceState();
                    if (state.isEmpty())
                        return false;
                    const QStringView value = SamplingPredicates::traceStateValue(state, p.key);
                    return !value.isNull() && p.values.contains(value);
                }));
            },
            [&](const RateLimitingParams &p) {
                advance(&m_window, nowMs);
                // Inclusive: spans_per_second N lets exactly N spans through each second.
                if (m_window.spans + count > p.spansPerSecond)
                    return PolicyDecision::NotSampled;
                m_window.spans += count;
                return PolicyDecision::Sampled;
            },
            [&](const AndParams &) {
                for (SamplingPolicy &child : m_children) {
                    if (!decisionSamples(child.evaluate(traceId, spans, nowMs)))
                        return PolicyDecision::NotSampled;
                }
                return PolicyDecision::Sampled;
            },
            [&](const DropParams &) {
                for (SamplingPolicy &child : m_children) {
                    if (!decisionSamples(child.evaluate(traceId, spans, nowMs)))
                        return PolicyDecision::NotSampled;
                }
                return PolicyDecision::Dropped;
            },
            [&](const CompositeParams &) { return evaluateComposite(traceId, spans, nowMs); },
        },
        m_params);
}

PolicyDecision SamplingPolicy::evaluateComposite(const TraceId &traceId,
                                                 const std::vector<Span> &spans, qint64 nowMs)
{
    const auto &p = std::get<CompositeParams>(m_params);
    const qint64 second = m_window.second;
    advance(&m_window, nowMs);
    if (m_window.second != second)
        std::fill(m_childSpans.begin(), m_childSpans.end(), 0);
    const qint64 count = qint64(spans.size());
    // The first sub-policy (in policy_order) that samples decides: kept while both its
    // allocation and the total allow the spans, otherwise not kept; later ones are not asked.
    for (std::size_t i = 0; i < m_children.size(); ++i) {
        if (!decisionSamples(m_children[i].evaluate(traceId, spans, nowMs)))
            continue;
        if (m_childSpans[i] + count > m_budgets[i]
            || m_window.spans + count > p.maxTotalSpansPerSecond)
            return PolicyDecision::NotSampled;
        m_childSpans[i] += count;
        m_window.spans += count;
        return PolicyDecision::Sampled;
    }
    return PolicyDecision::NotSampled;
}

bool SamplingPolicy::matchesString(const Attributes &attributes, int index)
{
    const auto &p = std::get<StringAttributeParams>(m_params);
    if (!p.enabledRegexMatching) {
        return std::any_of(m_values.begin(), m_values.end(), [&](const PooledValue &v) {
            return attributes.valueEquals(index, v.id, v.utf8, v.text);
        });
    }
    const QString text = attributes.valueAt(index).toString();
    if (const auto cached = m_regexResults.constFind(text); cached != m_regexResults.cend())
        return *cached;
    // Unanchored, like Go's regexp.MatchString that OpenTelemetry uses.
    const bool matched = std::any_of(p.regexes.begin(), p.regexes.end(), [&](const QRegularExpression &re) {
        return re.match(text).hasMatch();
    });
    if (p.cacheMaxSize > 0) {
        if (m_regexResults.size() >= p.cacheMaxSize)
            m_regexResults.clear();
        m_regexResults.insert(text, matched);
    }
    return matched;
}

bool SamplingPolicy::matchesNumber(const Attributes &attributes, int index) const
{
    const auto &p = std::get<NumericAttributeParams>(m_params);
    const AttributeValue v = attributes.valueAt(index);
    if (v.type() != AttributeValue::Type::Int && v.type() != AttributeValue::Type::Double)
        return false;
    const double number = v.toDouble();
    return (!p.minValue || number >= *p.minValue) && (!p.maxValue || number <= *p.maxValue);
}

void SamplingPolicy::advance(RateWindow *window, qint64 nowMs)
{
    const qint64 second = floorDiv(nowMs, 1000);
    if (second != window->second) {
        window->second = second;
        window->spans = 0;
    }
}

} // namespace traceflow
