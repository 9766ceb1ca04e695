// SPDX-License-Identifier: MIT
#include "utf8text.h"

#include <algorithm>
#include <array>

namespace traceflow {

namespace {
constexpr std::array<std::pair<StatusCode, std::string_view>, 3> StatusNames{
    {{StatusCode::Unset, "unset"}, {StatusCode::Ok, "ok"}, {StatusCode::Error, "error"}}};
constexpr std::array<std::pair<SpanKind, std::string_view>, 6> KindNames{
    {{SpanKind::Unspecified, "unspecified"},
     {SpanKind::Internal, "internal"},
     {SpanKind::Server, "server"},
     {SpanKind::Client, "client"},
     {SpanKind::Producer, "producer"},
     {SpanKind::Consumer, "consumer"}}};
} // namespace

bool Utf8Text::isAscii(std::string_view text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; });
}

bool Utf8Text::equalsIgnoreCase(std::string_view a, std::string_view b)
{
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [&](char x, char y) { return lower(x) == lower(y); });
}

StringPool::Id Utf8Text::intern(std::string_view text)
{
    StringPool &pool = StringPool::instance();
    return startsWithBom(text) ? pool.intern(toQString(text)) : pool.intern(text);
}

bool Utf8Text::statusFromName(std::string_view text, StatusCode *status)
{
    if (!isAscii(text))
        return traceflow::statusFromName(toQString(text), status);
    for (const auto &[s, name] : StatusNames) {
        if (equalsIgnoreCase(text, name)) {
            *status = s;
            return true;
        }
    }
    return false;
}

SpanKind Utf8Text::spanKindFromName(std::string_view text)
{
    if (!isAscii(text))
        return traceflow::spanKindFromName(toQString(text));
    for (const auto &[k, name] : KindNames) {
        if (equalsIgnoreCase(text, name))
            return k;
    }
    return SpanKind::Unspecified;
}

} // namespace traceflow
