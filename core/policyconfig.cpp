// SPDX-License-Identifier: MIT
#include "policyconfig.h"

#include <array>
#include <iterator>

namespace traceflow {

namespace {
constexpr std::array<const char16_t *, std::variant_size_v<PolicyParams>> TypeNames = {
    u"always_sample",    u"latency",           u"status_code",   u"probabilistic",
    u"string_attribute", u"numeric_attribute", u"boolean_attribute", u"span_count",
    u"trace_state",      u"rate_limiting",     u"and",           u"drop",
    u"composite"};

template<std::size_t... I>
PolicyParams makeParams(std::size_t index, std::index_sequence<I...>)
{
    PolicyParams params;
    // Exactly one fold term matches the index.
    ((index == I ? (params.emplace<I>(), true) : false) || ...);
    return params;
}
} // namespace

QString policyTypeName(PolicyType type)
{
    return QString::fromUtf16(TypeNames[static_cast<std::size_t>(type)]);
}

bool policyTypeFromName(QStringView name, PolicyType *type)
{
    for (std::size_t i = 0; i < TypeNames.size(); ++i) {
        if (name == QStringView(TypeNames[i])) {
            *type = static_cast<PolicyType>(i);
            return true;
        }
    }
    return false;
}

PolicyParams defaultPolicyParams(PolicyType type)
{
    return makeParams(static_cast<std::size_t>(type),
                      std::make_index_sequence<std::variant_size_v<PolicyParams>>());
}

} // namespace traceflow
