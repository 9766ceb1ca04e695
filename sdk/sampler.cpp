// SPDX-License-Identifier: MIT
#include "sampler.h"

#include <algorithm>
#include <cmath>

namespace traceflow::sdk {

Sampler Sampler::alwaysOn()
{
    return Sampler(Kind::AlwaysOn);
}

Sampler Sampler::alwaysOff()
{
    return Sampler(Kind::AlwaysOff);
}

Sampler Sampler::traceIdRatio(double ratio)
{
    Sampler sampler(Kind::TraceIdRatio);
    sampler.m_ratio = std::isnan(ratio) ? 0.0 : std::clamp(ratio, 0.0, 1.0);
    // The same bound as OpenTelemetry Go: ratio * 2^63 compared with the low 8 bytes >> 1.
    sampler.m_bound = sampler.m_ratio >= 1.0
                          ? (quint64(1) << 63)
                          : quint64(std::ldexp(sampler.m_ratio, 63));
    return sampler;
}

Sampler Sampler::parentBased(const Sampler &root)
{
    Sampler sampler(Kind::ParentBased);
    sampler.m_root = std::make_shared<const Sampler>(root);
    return sampler;
}

Sampler::Decision Sampler::shouldSample(const SpanContext &parent, const TraceId &traceId) const
{
    switch (m_kind) {
    case Kind::AlwaysOn:
        return Decision::RecordAndSample;
    case Kind::AlwaysOff:
        return Decision::Drop;
    case Kind::TraceIdRatio: {
        if (m_ratio >= 1.0)
            return Decision::RecordAndSample;
        quint64 low = 0;
        for (std::size_t i = 8; i < 16; ++i)
            low = low << 8 | traceId.bytes()[i];
        return (low >> 1) < m_bound ? Decision::RecordAndSample : Decision::Drop;
    }
    case Kind::ParentBased:
        if (parent.isValid())
            return parent.isSampled() ? Decision::RecordAndSample : Decision::Drop;
        return m_root->shouldSample(parent, traceId);
    }
    return Decision::Drop;
}

QString Sampler::description() const
{
    switch (m_kind) {
    case Kind::AlwaysOn:
        return QStringLiteral("AlwaysOnSampler");
    case Kind::AlwaysOff:
        return QStringLiteral("AlwaysOffSampler");
    case Kind::TraceIdRatio:
        return QStringLiteral("TraceIdRatioBased{%1}").arg(m_ratio);
    case Kind::ParentBased:
        return QStringLiteral("ParentBased{root:%1}").arg(m_root->description());
    }
    return {};
}

} // namespace traceflow::sdk
