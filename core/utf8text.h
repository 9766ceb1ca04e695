// SPDX-License-Identifier: MIT
#pragma once

#include "span.h"

#include <QString>

#include <string_view>

namespace traceflow {

// Reading the UTF-8 text of parsed JSON without making QStrings on the decoders' hot paths,
// with the same results as converting it with QString::fromUtf8 first: that conversion drops
// a leading byte order mark, and Qt's case-insensitive compares fold a few non-ASCII letters
// onto ASCII ones (U+017F onto "s"), so only ASCII text takes the fast paths.
class Utf8Text
{
public:
    static bool isAscii(std::string_view text);
    static bool startsWithBom(std::string_view text) { return text.starts_with("\xEF\xBB\xBF"); }
    // The text as QString::fromUtf8 reads it, minus a leading byte order mark.
    static std::string_view withoutBom(std::string_view text)
    {
        return startsWithBom(text) ? text.substr(3) : text;
    }
    static QString toQString(std::string_view text)
    {
        return QString::fromUtf8(text.data(), qsizetype(text.size()));
    }
    // StringPool::intern(QString::fromUtf8(text)), without the QString for most texts.
    static StringPool::Id intern(std::string_view text);
    // statusFromName(QString::fromUtf8(text), status).
    static bool statusFromName(std::string_view text, StatusCode *status);
    // spanKindFromName(QString::fromUtf8(text)).
    static SpanKind spanKindFromName(std::string_view text);
};

} // namespace traceflow
