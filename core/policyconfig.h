// SPDX-License-Identifier: MIT
#pragma once

#include "span.h"

#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>
#include <vector>

namespace traceflow {

struct PolicyConfig;

// The parameters of each tail-sampling policy type, named and defaulted as in the
// OpenTelemetry Collector's tail_sampling processor.
struct AlwaysSampleParams
{
};

struct LatencyParams
{
    qint64 thresholdMs = 0;
    qint64 upperThresholdMs = 0; // 0: no upper bound
};

struct StatusCodeParams
{
    std::vector<StatusCode> statusCodes;
};

struct ProbabilisticParams
{
    double samplingPercentage = 0;
    QString hashSalt = QStringLiteral("default-hash-seed"); // OpenTelemetry's default
};

struct StringAttributeParams
{
    QString key;
    QStringList values;
    bool enabledRegexMatching = false;
    bool invertMatch = false;
    // Regex results remembered per distinct attribute value (0: none); emptied when full.
    qint64 cacheMaxSize = 1000;
    std::vector<QRegularExpression> regexes; // compiled from values when regex matching is on
};

struct NumericAttributeParams
{
    QString key;
    std::optional<double> minValue; // at least one bound is set
    std::optional<double> maxValue;
    bool invertMatch = false;
};

struct BooleanAttributeParams
{
    QString key;
    bool value = false;
    bool invertMatch = false;
};

struct SpanCountParams
{
    qint64 minSpans = 0;
    qint64 maxSpans = 0; // 0: no upper bound
};

struct TraceStateParams
{
    QString key;
    QStringList values;
};

struct RateLimitingParams
{
    qint64 spansPerSecond = 0;
};

struct AndParams
{
    std::vector<PolicyConfig> subPolicies;
};

struct DropParams
{
    std::vector<PolicyConfig> subPolicies;
};

struct RateAllocation
{
    QString policy;
    double percent = 0;
};

struct CompositeParams
{
    qint64 maxTotalSpansPerSecond = 0;
    QStringList policyOrder; // names of subPolicies, evaluation order; all of them
    std::vector<RateAllocation> rateAllocation;
    std::vector<PolicyConfig> subPolicies;
};

// Alternatives in the order of PolicyType.
using PolicyParams =
    std::variant<AlwaysSampleParams, LatencyParams, StatusCodeParams, ProbabilisticParams,
                 StringAttributeParams, NumericAttributeParams, BooleanAttributeParams,
                 SpanCountParams, TraceStateParams, RateLimitingParams, AndParams, DropParams,
                 CompositeParams>;

enum class PolicyType {
    AlwaysSample,
    Latency,
    StatusCode,
    Probabilistic,
    StringAttribute,
    NumericAttribute,
    BooleanAttribute,
    SpanCount,
    TraceState,
    RateLimiting,
    And,
    Drop,
    Composite
};

// One configured policy, validated: a value type the runtime SamplingPolicy is built from.
struct PolicyConfig
{
    QString name;
    PolicyParams params;

    PolicyType type() const { return static_cast<PolicyType>(params.index()); }
};

// "always_sample", "latency", ... as the configuration spells them.
QString policyTypeName(PolicyType type);
// False when name is not a policy type (names are case-sensitive, as in OpenTelemetry).
bool policyTypeFromName(QStringView name, PolicyType *type);
// A default-constructed parameter set of the given type.
PolicyParams defaultPolicyParams(PolicyType type);

} // namespace traceflow
