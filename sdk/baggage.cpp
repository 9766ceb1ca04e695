// SPDX-License-Identifier: MIT
#include "baggage.h"

#include "headertext.h"

namespace traceflow::sdk {

namespace {

// RFC 7230 tchar
bool isTokenChar(char16_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

// baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
bool isBaggageOctet(char c)
{
    return c >= 0x21 && c <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// False when the value holds a non-baggage octet or a broken escape.
bool percentDecode(QByteArrayView value, QString *out)
{
    QByteArray bytes;
    bytes.reserve(value.size());
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (!isBaggageOctet(c))
            return false;
        if (c != '%') {
            bytes += c;
            continue;
        }
        if (i + 2 >= value.size())
            return false;
        const int high = hexValue(value[i + 1]);
        const int low = hexValue(value[i + 2]);
        if (high < 0 || low < 0)
            return false;
        bytes += char(high << 4 | low);
        i += 2;
    }
    *out = QString::fromUtf8(bytes);
    return true;
}

QByteArray percentEncode(const QString &value)
{
    static constexpr char Hex[] = "0123456789ABCDEF";
    QByteArray out;
    for (const char c : value.toUtf8()) {
        if (isBaggageOctet(c) && c != '%') {
            out += c;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out += '%';
            out += Hex[byte >> 4];
            out += Hex[byte & 0xf];
        }
    }
    return out;
}

} // namespace

bool Baggage::isValidKey(QStringView key)
{
    if (key.isEmpty())
        return false;
    for (const QChar c : key) {
        if (!isTokenChar(c.unicode()))
            return false;
    }
    return true;
}

Baggage Baggage::parse(QByteArrayView header)
{
    Baggage baggage;
    if (header.size() > MaxBytes)
        return baggage;
    for (const QByteArrayView member : HeaderText::listMembers(header)) {
        const qsizetype semicolon = member.indexOf(';');
        const QByteArrayView pair = semicolon < 0 ? member : member.first(semicolon);
        const qsizetype eq = pair.indexOf('=');
        if (eq < 0)
            continue;
        const QString key = QString::fromLatin1(HeaderText::trimOws(pair.first(eq)));
        QString value;
        if (!isValidKey(key) || !percentDecode(HeaderText::trimOws(pair.sliced(eq + 1)), &value))
            continue;
        const QByteArray properties =
            semicolon < 0 ? QByteArray()
                          : HeaderText::trimOws(member.sliced(semicolon + 1)).toByteArray();
        baggage.remove(key);
        if (baggage.m_entries.size() == MaxMembers)
            break;
        baggage.m_entries.append({key, value, properties});
    }
    return baggage;
}

QString Baggage::value(QStringView key) const
{
    for (const Entry &entry : m_entries) {
        if (entry.key == key)
            return entry.value;
    }
    return {};
}

bool Baggage::set(const QString &key, const QString &value, const QByteArray &properties)
{
    if (!isValidKey(key))
        return false;
    for (Entry &entry : m_entries) {
        if (entry.key == key) {
            entry.value = value;
            entry.properties = properties;
            return true;
        }
    }
    m_entries.append({key, value, properties});
    return true;
}

void Baggage::remove(QStringView key)
{
    m_entries.removeIf([key](const Entry &entry) { return entry.key == key; });
}

QByteArray Baggage::toHeader() const
{
    QByteArray header;
    int members = 0;
    for (const Entry &entry : m_entries) {
        QByteArray member = entry.key.toLatin1() + '=' + percentEncode(entry.value);
        if (!entry.properties.isEmpty())
            member += ';' + entry.properties;
        const qsizetype added = member.size() + (header.isEmpty() ? 0 : 1);
        if (members == MaxMembers || header.size() + added > MaxBytes)
            continue;
        if (!header.isEmpty())
            header += ',';
        header += member;
        ++members;
    }
    return header;
}

} // namespace traceflow::sdk
