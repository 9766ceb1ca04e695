// SPDX-License-Identifier: MIT
#pragma once

#include "jsontape.h"
#include "jsonvalues.h"

#include <QString>

#include <optional>
#include <string_view>
#include <utility>

namespace traceflow {

// Reads the fields of one JSON object for a decoder, remembering the first problem as
// `<path>: "<key>" <what>` (e.g. `spans[3]: "service" must be a non-empty string`), so a
// span can be rejected alone with one clear message. Once a problem is recorded, later reads
// still return their values but the message stays the first one. JSON null counts as absent,
// as proto3 JSON defines it. The path is only formatted when a problem is recorded.
class JsonFieldReader
{
public:
    // Required: present (a string may be empty); NonEmpty: present and, for strings, non-empty.
    enum class Presence
    {
        Optional,
        Required,
        NonEmpty
    };

    // object must be a JSON object. Its path in messages is prefix followed by the index in
    // brackets when index >= 0 ("spans" and 3 give "spans[3]").
    JsonFieldReader(JsonValue object, QString prefix, int index = -1)
        : m_object(object), m_prefix(std::move(prefix)), m_index(index)
    {
    }
    // A member of parent's object: its path is parent's, then "." and name (and [index]).
    // parent must outlive this reader.
    JsonFieldReader(JsonValue object, const JsonFieldReader &parent, const char *name,
                    int index = -1)
        : m_object(object), m_parent(&parent), m_name(name), m_index(index)
    {
    }

    JsonValue json() const { return m_object; } // the object read
    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    QString path() const;

    // Absent when missing or null.
    JsonValue find(std::string_view key) const;
    bool has(std::string_view key) const { return !find(key).isNull(); }

    std::optional<QString> string(std::string_view key, Presence presence = Presence::Optional);
    // Integer as a JSON integer or a decimal string (proto3 int64/fixed64).
    std::optional<qint64> int64(std::string_view key, Presence presence = Presence::Optional);
    // Milliseconds or microseconds (integer or float) to nanoseconds; see JsonValues::msToNs.
    std::optional<qint64> msAsNs(std::string_view key, Presence presence = Presence::Optional);
    std::optional<qint64> usAsNs(std::string_view key, Presence presence = Presence::Optional);
    std::optional<bool> boolean(std::string_view key);
    // Absent when missing; records a problem (and is absent) when present with another type.
    JsonValue object(std::string_view key);
    JsonValue array(std::string_view key);

    // The same reads of a member the caller has found already (see JsonFields); key names it
    // in messages. A null v counts as absent.
    std::optional<QString> string(JsonValue v, std::string_view key,
                                  Presence presence = Presence::Optional);
    std::optional<qint64> int64(JsonValue v, std::string_view key,
                                Presence presence = Presence::Optional);
    std::optional<qint64> msAsNs(JsonValue v, std::string_view key,
                                 Presence presence = Presence::Optional);
    std::optional<qint64> usAsNs(JsonValue v, std::string_view key,
                                 Presence presence = Presence::Optional);
    std::optional<bool> boolean(JsonValue v, std::string_view key);
    JsonValue object(JsonValue v, std::string_view key);
    JsonValue array(JsonValue v, std::string_view key);
    // v's text when it is a string (any string when presence is Optional or Required, a
    // non-empty one for NonEmpty), as string() checks it: no QString is made. Records the same
    // problem as string() otherwise and returns nullopt.
    std::optional<std::string_view> utf8(JsonValue v, std::string_view key,
                                         Presence presence = Presence::Optional);

    // Records `<path>: "<key>" <what>` unless a problem is already recorded.
    void fail(std::string_view key, const QString &what);
    // Records `<path><text>` unless a problem is already recorded; text like
    // `.attributes[2]: "key" must be a string`.
    void failAt(const QString &text);
    // Takes over a nested reader's problem, if any and if none is recorded yet.
    void adopt(const JsonFieldReader &nested);
    // Reads each element of array (as array() returns it) with its own reader, a member of this
    // one named key[i]: read(reader) for an object, the problem ": must be an object" for
    // anything else, then adopt(reader). Stops after the first element that leaves this reader
    // with a problem and returns false; true when every element was read.
    template<typename Read> bool forEachObject(JsonValue array, const char *key, Read &&read);

private:
    std::optional<qint64> scaled(JsonValue v, std::string_view key, Presence presence, bool micro);

    JsonValue m_object;
    QString m_prefix;
    const JsonFieldReader *m_parent = nullptr;
    const char *m_name = nullptr;
    int m_index = -1;
    QString m_error;
};

template<typename Read>
bool JsonFieldReader::forEachObject(JsonValue array, const char *key, Read &&read)
{
    int index = 0;
    for (JsonValue element : array) {
        JsonFieldReader nested(element, *this, key, index++);
        if (element.isObject())
            read(nested);
        else
            nested.failAt(QStringLiteral(": must be an object"));
        adopt(nested);
        if (!ok())
            return false;
    }
    return true;
}

} // namespace traceflow
