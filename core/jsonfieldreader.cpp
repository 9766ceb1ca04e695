// SPDX-License-Identifier: MIT
#include "jsonfieldreader.h"

namespace traceflow {

QString JsonFieldReader::path() const
{
    const QString base = m_parent ? m_parent->path() + u'.' + QLatin1String(m_name) : m_prefix;
    return m_index < 0 ? base : base + QStringLiteral("[%1]").arg(m_index);
}

JsonValue JsonFieldReader::find(std::string_view key) const
{
    const JsonValue v = m_object.find(key);
    return v.isNull() ? JsonValue() : v;
}

void JsonFieldReader::fail(std::string_view key, const QString &what)
{
    if (ok()) {
        m_error = path() + QStringLiteral(": \"") +
                  QString::fromUtf8(key.data(), qsizetype(key.size())) + QStringLiteral("\" ") +
                  what;
    }
}

void JsonFieldReader::failAt(const QString &text)
{
    if (ok())
        m_error = path() + text;
}

void JsonFieldReader::adopt(const JsonFieldReader &nested)
{
    if (ok() && !nested.ok())
        m_error = nested.error();
}

std::optional<QString> JsonFieldReader::string(std::string_view key, Presence presence)
{
    const JsonValue v = find(key);
    const bool nonEmpty = presence == Presence::NonEmpty;
    if (v.isString() && (!nonEmpty || !v.string().empty()))
        return v.toQString();
    if (v || presence != Presence::Optional)
        fail(key, nonEmpty ? QStringLiteral("must be a non-empty string")
                           : QStringLiteral("must be a string"));
    return std::nullopt;
}

std::optional<qint64> JsonFieldReader::int64(std::string_view key, Presence presence)
{
    const JsonValue v = find(key);
    if (v) {
        if (const auto i = JsonValues::toInt64(v))
            return i;
    } else if (presence == Presence::Optional) {
        return std::nullopt;
    }
    fail(key, QStringLiteral("must be an integer or a decimal string"));
    return std::nullopt;
}

std::optional<qint64> JsonFieldReader::scaled(std::string_view key, Presence presence, bool micro)
{
    const JsonValue v = find(key);
    if (!v.isNumber()) {
        if (v || presence != Presence::Optional)
            fail(key, QStringLiteral("must be a number"));
        return std::nullopt;
    }
    const auto ns = micro ? JsonValues::usToNs(v) : JsonValues::msToNs(v);
    if (!ns)
        fail(key, QStringLiteral("is out of range"));
    return ns;
}

std::optional<qint64> JsonFieldReader::msAsNs(std::string_view key, Presence presence)
{
    return scaled(key, presence, false);
}

std::optional<qint64> JsonFieldReader::usAsNs(std::string_view key, Presence presence)
{
    return scaled(key, presence, true);
}

std::optional<bool> JsonFieldReader::boolean(std::string_view key)
{
    const JsonValue v = find(key);
    if (v.isBool())
        return v.toBool();
    if (v)
        fail(key, QStringLiteral("must be true or false"));
    return std::nullopt;
}

JsonValue JsonFieldReader::object(std::string_view key)
{
    const JsonValue v = find(key);
    if (v && !v.isObject()) {
        fail(key, QStringLiteral("must be an object"));
        return {};
    }
    return v;
}

JsonValue JsonFieldReader::array(std::string_view key)
{
    const JsonValue v = find(key);
    if (v && !v.isArray()) {
        fail(key, QStringLiteral("must be an array"));
        return {};
    }
    return v;
}

} // namespace traceflow
