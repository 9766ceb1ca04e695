// SPDX-License-Identifier: MIT
#include "policyconfigreader.h"

#include <QHash>

#include <cmath>
#include <limits>
#include <utility>

namespace traceflow {

namespace {
QString quoted(const QString &text)
{
    return u'"' + text + u'"';
}

// string.is_string() must hold.
QString text(const PolicyConfigReader::Json &string)
{
    const std::string &s = string.get_ref<const std::string &>();
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString typeList()
{
    QStringList names;
    for (int i = 0; i < int(std::variant_size_v<PolicyParams>); ++i)
        names << policyTypeName(static_cast<PolicyType>(i));
    return names.join(u", ");
}
} // namespace

bool PolicyConfigReader::readList(const Json &list, const QString &context,
                                  const QString &listName, std::vector<PolicyConfig> *out,
                                  QString *error)
{
    out->clear();
    QHash<QString, int> indexByName;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const Json &item = list[i];
        QString where = context.isEmpty() ? listName : context + u" > " + listName;
        const Json *name = item.is_object() && item.contains("name") ? &item["name"] : nullptr;
        if (name && name->is_string() && !name->get_ref<const std::string &>().empty())
            where += u' ' + quoted(text(*name));
        where += u" (index " + QString::number(i) + u')';
        if (!item.is_object()) {
            *error = where + u": must be a JSON object";
            return false;
        }
        PolicyConfigReader reader(item, where);
        PolicyConfig policy;
        if (!reader.read(&policy)) {
            *error = reader.m_error;
            return false;
        }
        if (const auto it = indexByName.constFind(policy.name); it != indexByName.cend()) {
            *error = where + u": field \"name\" repeats the name of " + listName + u" (index "
                + QString::number(*it) + u')';
            return false;
        }
        indexByName.insert(policy.name, int(i));
        out->push_back(std::move(policy));
    }
    if (out->empty()) {
        *error = (context.isEmpty() ? QString() : context + u": ") + u"no " + listName
            + u" given: at least one is required";
        return false;
    }
    return true;
}

bool PolicyConfigReader::read(PolicyConfig *out)
{
    m_params = &m_policy;
    m_read = {"name", "type"};
    if (!string("name", true, &out->name))
        return false;
    QString typeName;
    if (!string("type", true, &typeName))
        return false;
    PolicyType type;
    if (!policyTypeFromName(typeName, &type))
        return fail("type", u"is " + quoted(typeName) + u", not a policy type (" + typeList() + u')');
    const std::string nested = typeName.toStdString();
    if (const Json *inner = field(nested.c_str())) {
        if (!inner->is_object())
            return fail(nested, QStringLiteral("must be an object holding the policy's fields"));
        if (!checkUnknownFields(m_policy, QString()))
            return false;
        m_params = inner;
        m_read.clear();
    }
    out->params = defaultPolicyParams(type);
    if (!readParams(&out->params))
        return false;
    return checkUnknownFields(*m_params, m_params == &m_policy ? QString() : typeName + u'.');
}

bool PolicyConfigReader::readParams(PolicyParams *params)
{
    return std::visit(
        [this](auto &p) {
            using P = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<P, AlwaysSampleParams>)
                return true;
            else if constexpr (std::is_same_v<P, LatencyParams>)
                return readLatency(&p);
            else if constexpr (std::is_same_v<P, StatusCodeParams>)
                return readStatusCode(&p);
            else if constexpr (std::is_same_v<P, ProbabilisticParams>)
                return readProbabilistic(&p);
            else if constexpr (std::is_same_v<P, StringAttributeParams>)
                return readStringAttribute(&p);
            else if constexpr (std::is_same_v<P, NumericAttributeParams>)
                return readNumericAttribute(&p);
            else if constexpr (std::is_same_v<P, BooleanAttributeParams>)
                return readBooleanAttribute(&p);
            else if constexpr (std::is_same_v<P, SpanCountParams>)
                return readSpanCount(&p);
            else if constexpr (std::is_same_v<P, TraceStateParams>)
                return readTraceState(&p);
            else if constexpr (std::is_same_v<P, RateLimitingParams>)
                return integer("spans_per_second", true, 1, &p.spansPerSecond);
            else if constexpr (std::is_same_v<P, AndParams>)
                return readSubPolicies("and_sub_policy", &p.subPolicies);
            else if constexpr (std::is_same_v<P, DropParams>)
                return readSubPolicies("drop_sub_policy", &p.subPolicies);
            else
                return readComposite(&p);
        },
        *params);
}

bool PolicyConfigReader::readLatency(LatencyParams *p)
{
    if (!integer("threshold_ms", true, 0, &p->thresholdMs)
        || !integer("upper_threshold_ms", false, 0, &p->upperThresholdMs))
        return false;
    if (p->upperThresholdMs != 0 && p->upperThresholdMs <= p->thresholdMs)
        return fail("upper_threshold_ms", QStringLiteral("must be greater than threshold_ms"));
    return true;
}

bool PolicyConfigReader::readStatusCode(StatusCodeParams *p)
{
    QStringList names;
    if (!strings("status_codes", &names))
        return false;
    for (const QString &name : names) {
        StatusCode code;
        if (!statusFromName(name, &code))
            return fail("status_codes", u"has " + quoted(name) + u", not OK, ERROR or UNSET");
        p->statusCodes.push_back(code);
    }
    return true;
}

bool PolicyConfigReader::readProbabilistic(ProbabilisticParams *p)
{
    return number("sampling_percentage", true, 0, 100, &p->samplingPercentage)
        && string("hash_salt", false, &p->hashSalt);
}

bool PolicyConfigReader::readStringAttribute(StringAttributeParams *p)
{
    if (!string("key", true, &p->key) || !strings("values", &p->values)
        || !boolean("enabled_regex_matching", &p->enabledRegexMatching)
        || !boolean("invert_match", &p->invertMatch)
        || !integer("cache_max_size", false, 0, &p->cacheMaxSize))
        return false;
    if (!p->enabledRegexMatching)
        return true;
    for (const QString &pattern : std::as_const(p->values)) {
        QRegularExpression regex(pattern);
        if (!regex.isValid()) {
            return fail("values", u"has an invalid regular expression " + quoted(pattern) + u": "
                            + regex.errorString() + u" at offset "
                            + QString::number(regex.patternErrorOffset()));
        }
        regex.optimize();
        p->regexes.push_back(std::move(regex));
    }
    return true;
}

bool PolicyConfigReader::readNumericAttribute(NumericAttributeParams *p)
{
    constexpr double Lowest = std::numeric_limits<double>::lowest();
    constexpr double Highest = std::numeric_limits<double>::max();
    double value = 0;
    if (!string("key", true, &p->key) || !boolean("invert_match", &p->invertMatch))
        return false;
    if (field("min_value")) {
        if (!number("min_value", true, Lowest, Highest, &value))
            return false;
        p->minValue = value;
    }
    if (field("max_value")) {
        if (!number("max_value", true, Lowest, Highest, &value))
            return false;
        p->maxValue = value;
    }
    if (!p->minValue && !p->maxValue)
        return fail("min_value", QStringLiteral("is missing (give min_value, max_value or both)"));
    if (p->minValue && p->maxValue && *p->maxValue < *p->minValue)
        return fail("max_value", QStringLiteral("must not be less than min_value"));
    return true;
}

bool PolicyConfigReader::readBooleanAttribute(BooleanAttributeParams *p)
{
    if (!string("key", true, &p->key) || !boolean("invert_match", &p->invertMatch))
        return false;
    if (!field("value"))
        return fail("value", QStringLiteral("is missing"));
    return boolean("value", &p->value);
}

bool PolicyConfigReader::readSpanCount(SpanCountParams *p)
{
    if (!integer("min_spans", true, 0, &p->minSpans) || !integer("max_spans", false, 0, &p->maxSpans))
        return false;
    if (p->maxSpans != 0 && p->maxSpans < p->minSpans)
        return fail("max_spans", QStringLiteral("must not be less than min_spans"));
    return true;
}

bool PolicyConfigReader::readTraceState(TraceStateParams *p)
{
    return string("key", true, &p->key) && strings("values", &p->values);
}

bool PolicyConfigReader::readSubPolicies(const char *key, std::vector<PolicyConfig> *out)
{
    const Json *list = field(key);
    if (!list)
        return fail(key, QStringLiteral("is missing"));
    if (!list->is_array() || list->empty())
        return fail(key, QStringLiteral("must be a non-empty array of policies"));
    return readList(*list, m_where, QString::fromLatin1(key), out, &m_error);
}

bool PolicyConfigReader::readComposite(CompositeParams *p)
{
    if (!integer("max_total_spans_per_second", true, 1, &p->maxTotalSpansPerSecond)
        || !readSubPolicies("composite_sub_policy", &p->subPolicies))
        return false;
    QStringList names;
    for (const PolicyConfig &sub : p->subPolicies)
        names << sub.name;
    if (!field("policy_order")) {
        p->policyOrder = names;
    } else {
        if (!strings("policy_order", &p->policyOrder))
            return false;
        for (const QString &name : std::as_const(p->policyOrder)) {
            if (!names.contains(name))
                return fail("policy_order", u"names " + quoted(name) + u", not a composite_sub_policy");
            if (p->policyOrder.count(name) > 1)
                return fail("policy_order", u"names " + quoted(name) + u" twice");
        }
        for (const QString &name : std::as_const(names)) {
            if (!p->policyOrder.contains(name))
                return fail("policy_order", u"lacks composite_sub_policy " + quoted(name));
        }
    }
    return readRateAllocation(p);
}

bool PolicyConfigReader::readRateAllocation(CompositeParams *p)
{
    const Json *list = field("rate_allocation");
    if (!list)
        return true;
    if (!list->is_array())
        return fail("rate_allocation", QStringLiteral("must be an array of {\"policy\", \"percent\"}"));
    double total = 0;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const Json &item = (*list)[i];
        const std::string at = "rate_allocation[" + std::to_string(i) + "]";
        const Json *policy = item.is_object() && item.contains("policy") ? &item["policy"] : nullptr;
        const Json *percent = item.is_object() && item.contains("percent") ? &item["percent"] : nullptr;
        if (!policy || !policy->is_string())
            return fail(at + ".policy", QStringLiteral("must be the name of a composite_sub_policy"));
        if (!percent || !percent->is_number() || percent->get<double>() < 0
            || percent->get<double>() > 100)
            return fail(at + ".percent", QStringLiteral("must be a number from 0 to 100"));
        if (item.size() != 2)
            return fail(at, QStringLiteral("must hold only \"policy\" and \"percent\""));
        const QString name = text(*policy);
        if (!p->policyOrder.contains(name))
            return fail(at + ".policy", u"names " + quoted(name) + u", not a composite_sub_policy");
        for (const RateAllocation &earlier : p->rateAllocation) {
            if (earlier.policy == name)
                return fail(at + ".policy", u"allocates " + quoted(name) + u" twice");
        }
        total += percent->get<double>();
        p->rateAllocation.push_back({name, percent->get<double>()});
    }
    if (total > 100)
        return fail("rate_allocation", u"allocates " + QString::number(total) + u" percent, more than 100");
    return true;
}

bool PolicyConfigReader::checkUnknownFields(const Json &object, const QString &prefix)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (m_read.count(it.key()) == 0) {
            m_error = m_where + u": field " + quoted(prefix + QString::fromStdString(it.key()))
                + u" is unknown";
            return false;
        }
    }
    return true;
}

const PolicyConfigReader::Json *PolicyConfigReader::field(const char *key)
{
    m_read.insert(key);
    const auto it = m_params->find(key);
    return it == m_params->end() || it->is_null() ? nullptr : &*it;
}

bool PolicyConfigReader::integer(const char *key, bool required, qint64 minimum, qint64 *out)
{
    const Json *value = field(key);
    if (!value)
        return !required || fail(key, QStringLiteral("is missing"));
    // Integral floats (500.0) are accepted: some JSON writers emit every number that way.
    const bool integral = value->is_number_integer()
        || (value->is_number_float() && std::trunc(value->get<double>()) == value->get<double>()
            && std::abs(value->get<double>()) < 9e18);
    if (!integral || (value->is_number_unsigned() && value->get<quint64>() > quint64(std::numeric_limits<qint64>::max()))
        || value->get<qint64>() < minimum) {
        return fail(key, minimum <= 0 ? QStringLiteral("must be a non-negative integer")
                                      : u"must be an integer of at least " + QString::number(minimum));
    }
    *out = value->get<qint64>();
    return true;
}

bool PolicyConfigReader::number(const char *key, bool required, double minimum, double maximum,
                                double *out)
{
    const Json *value = field(key);
    if (!value)
        return !required || fail(key, QStringLiteral("is missing"));
    if (!value->is_number() || value->get<double>() < minimum || value->get<double>() > maximum) {
        const bool bounded = minimum > std::numeric_limits<double>::lowest();
        return fail(key, bounded ? u"must be a number from " + QString::number(minimum) + u" to "
                                       + QString::number(maximum)
                                 : QStringLiteral("must be a number"));
    }
    *out = value->get<double>();
    return true;
}

bool PolicyConfigReader::boolean(const char *key, bool *out)
{
    const Json *value = field(key);
    if (!value)
        return true;
    if (!value->is_boolean())
        return fail(key, QStringLiteral("must be true or false"));
    *out = value->get<bool>();
    return true;
}

bool PolicyConfigReader::string(const char *key, bool required, QString *out)
{
    const Json *value = field(key);
    if (!value)
        return !required || fail(key, QStringLiteral("is missing"));
    if (!value->is_string() || (required && value->get_ref<const std::string &>().empty()))
        return fail(key, required ? QStringLiteral("must be a non-empty string")
                                  : QStringLiteral("must be a string"));
    *out = text(*value);
    return true;
}

bool PolicyConfigReader::strings(const char *key, QStringList *out)
{
    const Json *value = field(key);
    if (!value)
        return fail(key, QStringLiteral("is missing"));
    bool ok = value->is_array() && !value->empty();
    for (std::size_t i = 0; ok && i < value->size(); ++i)
        ok = (*value)[i].is_string();
    if (!ok)
        return fail(key, QStringLiteral("must be a non-empty array of strings"));
    out->clear();
    for (const Json &item : *value)
        out->append(text(item));
    return true;
}

bool PolicyConfigReader::fail(std::string_view key, const QString &what)
{
    if (m_error.isEmpty())
        m_error = m_where + u": field " + quoted(fieldName(key)) + u' ' + what;
    return false;
}

QString PolicyConfigReader::fieldName(std::string_view key) const
{
    QString name = QString::fromUtf8(key.data(), qsizetype(key.size()));
    if (m_params && m_params != &m_policy)
        return text(m_policy["type"]) + u'.' + name;
    return name;
}

} // namespace traceflow
