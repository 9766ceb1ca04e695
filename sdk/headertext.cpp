// SPDX-License-Identifier: MIT
#include "headertext.h"

namespace traceflow::sdk {

QByteArrayView HeaderText::trimOws(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

QList<QByteArrayView> HeaderText::listMembers(QByteArrayView header)
{
    QList<QByteArrayView> members;
    for (qsizetype from = 0; from <= header.size();) {
        qsizetype comma = header.indexOf(',', from);
        if (comma < 0)
            comma = header.size();
        const QByteArrayView member = trimOws(header.sliced(from, comma - from));
        from = comma + 1;
        if (!member.isEmpty())
            members.append(member);
    }
    return members;
}

int HeaderText::lowerHexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

} // namespace traceflow::sdk
