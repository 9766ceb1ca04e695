// SPDX-License-Identifier: MIT
#pragma once

#include "policyconfig.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace traceflow {

// A tail-sampling configuration: when a trace is decided, how many may wait, and the
// policies that decide. Read from JSON:
//   {"decision_wait_ms":5000,"max_age_ms":300000,"num_traces":50000,
//    "policies":[{"name":"errors","type":"status_code","status_codes":["ERROR"]}, ...]}
// Every field but "policies" is optional. Policies follow PolicyConfigReader.
struct SamplingConfig
{
    // A trace whose root has arrived is decided once no span came for this long.
    qint64 decisionWaitMs = 5'000;
    // A trace is decided at this age (from its first span) even without a root.
    qint64 maxAgeMs = 300'000;
    // Pending traces beyond this are decided early, oldest first.
    qint64 numTraces = 50'000;
    std::vector<PolicyConfig> policies;

    // One always_sample policy named "keep-all": the desktop default.
    static SamplingConfig keepAll();
    // std::nullopt with *error naming the policy (name and index) and the field when the JSON
    // or a value is invalid, a field unknown, or no policy given.
    static std::optional<SamplingConfig> fromJson(const QByteArray &json, QString *error);
    // As fromJson; *error also says when the file cannot be read, and starts with its path.
    static std::optional<SamplingConfig> fromFile(const QString &path, QString *error);
};

} // namespace traceflow
