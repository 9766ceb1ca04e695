// SPDX-License-Identifier: MIT
#include "tracequery.h"

#include <cmath>

namespace traceflow {

std::optional<TagFilter> TagFilter::parse(QStringView text, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<TagFilter> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    TagFilter f;
    // The first operator wins, so values may contain '=' or ':' ("url:http://h/?a=b").
    qsizetype split = -1;
    qsizetype valueAt = -1;
    for (qsizetype i = 0; i < text.size() && split < 0; ++i) {
        const QChar c = text[i];
        const QChar next = i + 1 < text.size() ? text[i + 1] : QChar();
        if (c == u'!' && next == u'=') {
            f.op = Op::NotEquals;
            split = i;
            valueAt = i + 2;
        } else if (c == u'=' && next == u'~') {
            f.op = Op::Matches;
            split = i;
            valueAt = i + 2;
        } else if (c == u'=' || c == u':') {
            // "key:value" is the TraceFlow/Jaeger API form of "key=value".
            split = i;
            valueAt = i + 1;
        }
    }
    if (split < 0)
        f.op = Op::Exists;
    f.key = (split < 0 ? text : text.left(split)).trimmed().toString();
    if (f.key.isEmpty())
        return fail(QStringLiteral("tag filter \"%1\" has no key").arg(text));
    if (valueAt >= 0)
        f.value = text.mid(valueAt).trimmed().toString();
    if (f.op == Op::Matches) {
        f.regex = QRegularExpression(f.value);
        if (!f.regex.isValid())
            return fail(QStringLiteral("tag filter \"%1\": invalid regular expression: %2")
                            .arg(text, f.regex.errorString()));
    }
    return f;
}

std::optional<qint64> parseDurationNs(QStringView text)
{
    text = text.trimmed();
    struct Unit
    {
        const char16_t *suffix;
        double ns;
    };
    // Longest suffixes first so "ms" is not read as "s".
    static constexpr Unit Units[] = {{u"ns", 1},           {u"us", 1e3},  {u"\u00b5s", 1e3},
                                     {u"ms", 1e6},         {u"s", 1e9},   {u"m", 60e9},
                                     {u"h", 3600e9}};
    double scale = 1e6; // a bare number is milliseconds
    for (const Unit &u : Units) {
        const QStringView suffix(u.suffix);
        if (text.endsWith(suffix, Qt::CaseInsensitive)) {
            scale = u.ns;
            text.chop(suffix.size());
            break;
        }
    }
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok || value < 0 || !std::isfinite(value) || value * scale > 9.2e18)
        return std::nullopt;
    return static_cast<qint64>(std::llround(value * scale));
}

std::optional<TraceSort> traceSortFromName(QStringView name)
{
    static constexpr std::pair<const char16_t *, TraceSort> Names[] = {
        {u"newest", TraceSort::Newest},   {u"oldest", TraceSort::Oldest},
        {u"slowest", TraceSort::Slowest}, {u"fastest", TraceSort::Fastest},
        {u"most_spans", TraceSort::MostSpans}};
    for (const auto &[n, sort] : Names) {
        if (name.compare(QStringView(n), Qt::CaseInsensitive) == 0)
            return sort;
    }
    return std::nullopt;
}

} // namespace traceflow
