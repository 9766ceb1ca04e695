// SPDX-License-Identifier: MIT
#include "utf8text.h"

#include <algorithm>

namespace traceflow {

bool Utf8Text::isAscii(std::string_view text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; });
}

StringPool::Id Utf8Text::intern(std::string_view text)
{
    StringPool &pool = StringPool::instance();
    return startsWithBom(text) ? pool.intern(toQString(text)) : pool.intern(text);
}

namespace {
// ASCII text is Latin-1 as it is: the span.h functions read it without a conversion.
QLatin1StringView latin1(std::string_view ascii)
{
    return QLatin1StringView(ascii.data(), qsizetype(ascii.size()));
}
} // namespace

bool Utf8Text::statusFromName(std::string_view text, StatusCode *status)
{
    return isAscii(text) ? traceflow::statusFromName(latin1(text), status)
                         : traceflow::statusFromName(toQString(text), status);
}

SpanKind Utf8Text::spanKindFromName(std::string_view text)
{
    return isAscii(text) ? traceflow::spanKindFromName(latin1(text))
                         : traceflow::spanKindFromName(toQString(text));
}

} // namespace traceflow
