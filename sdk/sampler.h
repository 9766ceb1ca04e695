// SPDX-License-Identifier: MIT
#pragma once

#include "spancontext.h"

#include <QString>

#include <memory>

namespace traceflow::sdk {

// Head sampling: decided once when a span starts, from the parent and the trace id.
// A value type: copy freely, use from any thread.
class Sampler
{
public:
    enum class Decision { Drop, RecordAndSample };

    static Sampler alwaysOn();
    static Sampler alwaysOff();
    // Samples a fraction of traces, deterministically by trace id (the same trace id gets
    // the same decision in every service). ratio is clamped to [0, 1].
    static Sampler traceIdRatio(double ratio);
    // Follows the parent's sampled flag when there is a valid parent (local or remote);
    // asks `root` for root spans.
    static Sampler parentBased(const Sampler &root);

    Sampler() : Sampler(alwaysOn()) {}

    Decision shouldSample(const SpanContext &parent, const TraceId &traceId) const;
    QString description() const;

private:
    enum class Kind { AlwaysOn, AlwaysOff, TraceIdRatio, ParentBased };
    explicit Sampler(Kind kind) : m_kind(kind) {}

    Kind m_kind = Kind::AlwaysOn;
    double m_ratio = 1.0;
    quint64 m_bound = 0; // TraceIdRatio: sample when the trace id's low 63 bits are below
    std::shared_ptr<const Sampler> m_root;
};

} // namespace traceflow::sdk
