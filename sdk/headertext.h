// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QList>

namespace traceflow::sdk {

// The lexical pieces the W3C Trace Context and Baggage headers share.
class HeaderText
{
public:
    // The text without the optional white space (spaces and tabs) around it.
    static QByteArrayView trimOws(QByteArrayView text);
    // The members of a comma-separated list header (tracestate, baggage), each trimmed of
    // OWS, in order; empty and whitespace-only members are left out, as both specifications
    // allow them.
    static QList<QByteArrayView> listMembers(QByteArrayView header);
    // The value of a lowercase hex digit; -1 for anything else, uppercase digits included
    // (W3C Trace Context forbids them).
    static int lowerHexDigit(char c);
};

} // namespace traceflow::sdk
