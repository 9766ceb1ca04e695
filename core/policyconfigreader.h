// SPDX-License-Identifier: MIT
#pragma once

#include "policyconfig.h"

#include <QString>

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace traceflow {

// Reads and validates tail-sampling policies from JSON. A policy is an object with "name",
// "type" and the type's fields, either beside them (`{"name":"slow","type":"latency",
// "threshold_ms":500}`) or, as in the OpenTelemetry Collector's YAML, in an object named after
// the type (`{"name":"slow","type":"latency","latency":{"threshold_ms":500}}`). Sub-policies
// of and/drop/composite are lists named and_sub_policy, drop_sub_policy and
// composite_sub_policy. Unknown fields are errors, to catch typos.
//
// Messages name the policy, its index and the field, with the path of enclosing policies:
// `policy "combo" (index 2) > and_sub_policy "slow" (index 0): field "threshold_ms" is missing`.
class PolicyConfigReader
{
public:
    using Json = nlohmann::ordered_json;

    // Reads every policy of list (which must be a JSON array; an empty one is an error).
    // listName names a list element in messages ("policy", "and_sub_policy"...) and context
    // is the enclosing policy's description, empty at the top level. Names must be unique in a
    // list. False with *error on the first problem.
    static bool readList(const Json &list, const QString &context, const QString &listName,
                         std::vector<PolicyConfig> *out, QString *error);

private:
    PolicyConfigReader(const Json &policy, QString where) : m_policy(policy), m_where(std::move(where)) {}

    bool read(PolicyConfig *out);
    bool readParams(PolicyParams *params);
    bool readLatency(LatencyParams *p);
    bool readStatusCode(StatusCodeParams *p);
    bool readProbabilistic(ProbabilisticParams *p);
    bool readStringAttribute(StringAttributeParams *p);
    bool readNumericAttribute(NumericAttributeParams *p);
    bool readBooleanAttribute(BooleanAttributeParams *p);
    bool readSpanCount(SpanCountParams *p);
    bool readTraceState(TraceStateParams *p);
    bool readSubPolicies(const char *key, std::vector<PolicyConfig> *out);
    bool readComposite(CompositeParams *p);
    bool readRateAllocation(CompositeParams *p);
    bool checkUnknownFields(const Json &object, const QString &prefix);

    // Each reader returns false (with the message recorded) when the field is present with a
    // wrong type or value, or missing while required; an absent optional field leaves *out.
    const Json *field(const char *key);
    bool integer(const char *key, bool required, qint64 minimum, qint64 *out);
    bool number(const char *key, bool required, double minimum, double maximum, double *out);
    bool boolean(const char *key, bool *out);
    bool string(const char *key, bool required, QString *out);
    bool strings(const char *key, QStringList *out); // required, non-empty
    bool fail(std::string_view key, const QString &what);
    QString fieldName(std::string_view key) const;

    const Json &m_policy;
    const Json *m_params = nullptr; // m_policy, or the object named after the type
    QString m_where;
    QString m_error;
    std::set<std::string, std::less<>> m_read; // fields of m_params read so far
};

} // namespace traceflow
