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

namespace {
JsonValue present(JsonValue v)
{
    return v.isNull() ? JsonValue() : v;
}
} // namespace

std::optional<QString> JsonFieldReader::string(std::string_view key, Presence presence)
{
    return string(find(key), key, presence);
}

std::optional<QString> JsonFieldReader::string(JsonValue v, std::string_view key, Presence presence)
{
    if (const auto text = utf8(v, key, presence))
        return QString::fromUtf8(text->data(), qsizetype(text->size()));
    return std::nullopt;
}

std::optional<std::string_view> JsonFieldReader::utf8(JsonValue v, std::string_view key,
                                                      Presence presence)
{
    v = present(v);
    const bool nonEmpty = presence == Presence::NonEmpty;
    if (v.isString() && (!nonEmpty || !v.string().empty()))
        return v.string();
    if (v || presence != Presence::Optional)
        fail(key, nonEmpty ? QStringLiteral("must be a non-empty string")
                           : QStringLiteral("must be a string"));
    return std::nullopt;
}

std::optional<qint64> JsonFieldReader::int64(std::string_view key, Presence presence)
{
    return int64(find(key), key, presence);
}

std::optional<qint64> JsonFieldReader::int64(JsonValue v, std::string_view key, Presence presence)
{
    v = present(v);
    if (v) {
        if (const auto i = JsonValues::toInt64(v))
            return i;
    } else if (presence == Presence::Optional) {
        return std::nullopt;
    }
    fail(key, QStringLiteral("must be an integer or a decimal string"));
    return std::nullopt;
}

std::optional<qint64> JsonFieldReader::scaled(JsonValue v, std::string_view key, Presence presence,
                                              bool micro)
{
    v = present(v);
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
    return scaled(find(key), key, presence, false);
}

std::optional<qint64> JsonFieldReader::usAsNs(std::string_view key, Presence presence)
{
    return scaled(find(key), key, presence, true);
}

std::optional<qint64> JsonFieldReader::msAsNs(JsonValue v, std::string_view key, Presence presence)
{
    return scaled(v, key, presence, false);
}

std::optional<qint64> JsonFieldReader::usAsNs(JsonValue v, std::string_view key, Presence presence)
{
    return scaled(v, key, presence, true);
}

std::optional<bool> JsonFieldReader::boolean(std::string_view key)
{
    return boolean(find(key), key);
}

std::optional<bool> JsonFieldReader::boolean(JsonValue v, std::string_view key)
{
    v = present(v);
    if (v.isBool())
        return v.toBool();
    if (v)
        fail(key, QStringLiteral("must be true or false"));
    return std::nullopt;
}

JsonValue JsonFieldReader::object(std::string_view key)
{
    return object(find(key), key);
}

JsonValue JsonFieldReader::object(JsonValue v, std::string_view key)
{
    v = present(v);
    if (v && !v.isObject()) {
        fail(key, QStringLiteral("must be an object"));
        return {};
    }
    return v;
}

JsonValue JsonFieldReader::array(std::string_view key)
{
    return array(find(key), key);
}

JsonValue JsonFieldReader::array(JsonValue v, std::string_view key)
{
    v = present(v);
    if (v && !v.isArray()) {
        fail(key, QStringLiteral("must be an array"));
        return {};
    }
    return v;
}

} // namespace traceflow
