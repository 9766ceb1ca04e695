// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace traceflow::sdk {

// W3C Baggage: application key/value pairs that travel with the trace context.
// Values are percent-decoded UTF-8; member properties (after ';') are kept verbatim.
class Baggage
{
public:
    // The specification asks to propagate at least 64 members and 8192 bytes; we
    // propagate up to these limits and drop members beyond them.
    static constexpr int MaxMembers = 64;
    static constexpr int MaxBytes = 8192;

    struct Entry
    {
        QString key;
        QString value;
        QByteArray properties;
        friend bool operator==(const Entry &, const Entry &) = default;
    };

    Baggage() = default;

    // Lenient per member: a malformed member (bad key, bad value octet, bad percent
    // escape) is skipped while the others are kept. Members past MaxMembers and a header
    // longer than MaxBytes are ignored. A later duplicate key replaces the earlier one.
    static Baggage parse(QByteArrayView header);
    static bool isValidKey(QStringView key);

    bool isEmpty() const { return m_entries.isEmpty(); }
    qsizetype size() const { return m_entries.size(); }
    const QList<Entry> &entries() const { return m_entries; }
    // Null QString when the key is absent.
    QString value(QStringView key) const;
    // False (and nothing changes) when the key is not an RFC 7230 token.
    bool set(const QString &key, const QString &value, const QByteArray &properties = {});
    void remove(QStringView key);

    // Members that would push the header past MaxBytes or MaxMembers are left out.
    QByteArray toHeader() const;

    friend bool operator==(const Baggage &, const Baggage &) = default;

private:
    QList<Entry> m_entries;
};

} // namespace traceflow::sdk
