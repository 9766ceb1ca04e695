// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

#include <optional>

namespace traceflow::sdk {

// The W3C `tracestate` header: an ordered list of vendor key=value members, most recent
// first. Parsing is all-or-nothing as the specification asks: one malformed member, a
// duplicated key or more than 32 members discards the whole header (the traceparent stays).
class TraceState
{
public:
    static constexpr int MaxMembers = 32;
    using Member = QPair<QByteArray, QByteArray>;

    TraceState() = default;

    // Empty and whitespace-only members are accepted and skipped; OWS around commas is
    // allowed. Returns nullopt when the header must be discarded.
    static std::optional<TraceState> parse(QByteArrayView header);
    static bool isValidKey(QByteArrayView key);
    static bool isValidValue(QByteArrayView value);

    bool isEmpty() const { return m_members.isEmpty(); }
    qsizetype size() const { return m_members.size(); }
    const QList<Member> &members() const { return m_members; }
    QByteArray value(QByteArrayView key) const;

    // Moves (or adds) the member to the front, as a vendor updating its entry must; when
    // the list is full the rightmost member is dropped. False for an invalid key or value.
    bool set(const QByteArray &key, const QByteArray &value);
    void remove(QByteArrayView key);
    QByteArray toHeader() const;

    friend bool operator==(const TraceState &, const TraceState &) = default;

private:
    QList<Member> m_members;
};

} // namespace traceflow::sdk
