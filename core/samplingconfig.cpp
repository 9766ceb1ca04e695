// SPDX-License-Identifier: MIT
#include "samplingconfig.h"

#include "policyconfigreader.h"

#include <QFile>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

namespace traceflow {

namespace {
// A positive integer field of the top-level object; absent leaves *out unchanged.
using Json = PolicyConfigReader::Json;

bool readPositive(const Json &root, const char *key, qint64 *out, QString *error)
{
    const auto it = root.find(key);
    if (it == root.end() || it->is_null())
        return true;
    const bool integral = it->is_number_integer()
        || (it->is_number_float() && std::trunc(it->get<double>()) == it->get<double>()
            && std::abs(it->get<double>()) < 9e18);
    if (!integral || (it->is_number_unsigned()
                      && it->get<quint64>() > quint64(std::numeric_limits<qint64>::max()))
        || it->get<qint64>() <= 0) {
        *error = u"field \"" + QString::fromLatin1(key) + u"\" must be a positive integer";
        return false;
    }
    *out = it->get<qint64>();
    return true;
}
} // namespace

SamplingConfig SamplingConfig::keepAll()
{
    SamplingConfig config;
    config.policies.push_back({QStringLiteral("keep-all"), AlwaysSampleParams{}});
    return config;
}

std::optional<SamplingConfig> SamplingConfig::fromJson(const QByteArray &json, QString *error)
{
    Json root;
    try {
        root = Json::parse(json.cbegin(), json.cend());
    } catch (const nlohmann::json::parse_error &e) {
        // what(): "[json.exception.parse_error.101] parse error at line 1, column 18: <detail>"
        const std::string_view what(e.what());
        const std::size_t colon = what.find(": ", what.find("parse error"));
        const std::string_view detail = colon == std::string_view::npos ? what : what.substr(colon + 2);
        *error = u"invalid JSON at byte " + QString::number(e.byte) + u": "
            + QString::fromUtf8(detail.data(), qsizetype(detail.size()));
        return std::nullopt;
    } catch (const nlohmann::json::exception &e) {
        // Not a syntax error: a number out of range (1e400).
        *error = u"invalid JSON: " + QString::fromUtf8(e.what());
        return std::nullopt;
    }
    if (!root.is_object()) {
        *error = QStringLiteral("the sampling configuration must be a JSON object");
        return std::nullopt;
    }
    for (auto it = root.begin(); it != root.end(); ++it) {
        static constexpr std::string_view Known[] = {"decision_wait_ms", "max_age_ms",
                                                     "num_traces", "policies"};
        if (std::find(std::begin(Known), std::end(Known), it.key()) == std::end(Known)) {
            *error = u"field \"" + QString::fromStdString(it.key()) + u"\" is unknown";
            return std::nullopt;
        }
    }
    SamplingConfig config;
    if (!readPositive(root, "decision_wait_ms", &config.decisionWaitMs, error)
        || !readPositive(root, "max_age_ms", &config.maxAgeMs, error)
        || !readPositive(root, "num_traces", &config.numTraces, error))
        return std::nullopt;
    const auto policies = root.find("policies");
    if (policies == root.end() || !policies->is_array() || policies->empty()) {
        *error = QStringLiteral("field \"policies\" must be a non-empty array of policies");
        return std::nullopt;
    }
    if (!PolicyConfigReader::readList(*policies, QString(), QStringLiteral("policy"),
                                      &config.policies, error))
        return std::nullopt;
    return config;
}

std::optional<SamplingConfig> SamplingConfig::fromFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = path + u": " + file.errorString();
        return std::nullopt;
    }
    std::optional<SamplingConfig> config = fromJson(file.readAll(), error);
    if (!config)
        *error = path + u": " + *error;
    return config;
}

} // namespace traceflow
