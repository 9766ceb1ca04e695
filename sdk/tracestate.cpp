// SPDX-License-Identifier: MIT
#include "tracestate.h"

#include "headertext.h"

namespace traceflow::sdk {

namespace {

bool isLcAlpha(char c) { return c >= 'a' && c <= 'z'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isKeyChar(char c)
{
    return isLcAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '*' || c == '/';
}

bool allKeyChars(QByteArrayView text)
{
    for (const char c : text) {
        if (!isKeyChar(c))
            return false;
    }
    return true;
}

} // namespace

bool TraceState::isValidKey(QByteArrayView key)
{
    const qsizetype at = key.indexOf('@');
    if (at < 0) {
        // simple-key = lcalpha 0*255( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
        return !key.isEmpty() && key.size() <= 256 && isLcAlpha(key.front()) && allKeyChars(key);
    }
    // multi-tenant-key = tenant-id "@" system-id
    const QByteArrayView tenant = key.first(at);
    const QByteArrayView system = key.sliced(at + 1);
    return !tenant.isEmpty() && tenant.size() <= 241
        && (isLcAlpha(tenant.front()) || isDigit(tenant.front())) && allKeyChars(tenant)
        && !system.isEmpty() && system.size() <= 14 && isLcAlpha(system.front())
        && allKeyChars(system);
}

bool TraceState::isValidValue(QByteArrayView value)
{
    // value = 0*255(chr) nblk-chr; chr = %x20 / nblk-chr;
    // nblk-chr = %x21-2B / %x2D-3C / %x3E-7E (no ',' and no '=')
    if (value.isEmpty() || value.size() > 256 || value.back() == ' ')
        return false;
    for (const char c : value) {
        if (c < 0x20 || c > 0x7e || c == ',' || c == '=')
            return false;
    }
    return true;
}

std::optional<TraceState> TraceState::parse(QByteArrayView header)
{
    TraceState state;
    for (const QByteArrayView member : HeaderText::listMembers(header)) {
        const qsizetype eq = member.indexOf('=');
        if (eq < 0)
            return std::nullopt;
        const QByteArrayView key = member.first(eq);
        const QByteArrayView value = member.sliced(eq + 1);
        if (!isValidKey(key) || !isValidValue(value))
            return std::nullopt;
        if (!state.value(key).isNull())
            return std::nullopt; // duplicated key
        if (state.m_members.size() == MaxMembers)
            return std::nullopt;
        state.m_members.append({key.toByteArray(), value.toByteArray()});
    }
    return state;
}

QByteArray TraceState::value(QByteArrayView key) const
{
    for (const Member &member : m_members) {
        if (member.first == key)
            return member.second;
    }
    return {};
}

bool TraceState::set(const QByteArray &key, const QByteArray &value)
{
    if (!isValidKey(key) || !isValidValue(value))
        return false;
    remove(key);
    m_members.prepend({key, value});
    if (m_members.size() > MaxMembers)
        m_members.removeLast();
    return true;
}

void TraceState::remove(QByteArrayView key)
{
    m_members.removeIf([key](const Member &member) { return member.first == key; });
}

QByteArray TraceState::toHeader() const
{
    QByteArray header;
    for (const Member &member : m_members) {
        if (!header.isEmpty())
            header += ',';
        header += member.first + '=' + member.second;
    }
    return header;
}

} // namespace traceflow::sdk
