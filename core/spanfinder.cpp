// SPDX-License-Identifier: MIT
#include "spanfinder.h"

#include "assembledtrace.h"

namespace traceflow {

SpanFinder::SpanFinder(const QString &query)
{
    const QStringList words = query.split(QChar(u' '), Qt::SkipEmptyParts);
    for (const QString &word : words) {
        const QString lower = word.trimmed().toLower();
        if (lower.isEmpty())
            continue;
        Term term;
        const qsizetype eq = lower.indexOf(u'=');
        if (eq > 0) {
            term.key = lower.left(eq);
            term.text = lower.mid(eq + 1);
        } else {
            term.text = lower;
        }
        m_terms.append(term);
    }
}

bool SpanFinder::matches(const AssembledSpan &span) const
{
    if (m_terms.isEmpty())
        return false;
    for (const Term &term : m_terms) {
        if (!termMatches(term, span))
            return false;
    }
    return true;
}

std::vector<int> SpanFinder::findAll(const AssembledTrace &trace) const
{
    std::vector<int> found;
    if (m_terms.isEmpty())
        return found;
    for (std::size_t i = 0; i < trace.spans.size(); ++i) {
        if (matches(trace.spans[i]))
            found.push_back(int(i));
    }
    return found;
}

bool SpanFinder::termMatches(const Term &term, const AssembledSpan &s) const
{
    const Span &span = s.span;
    if (!term.key.isEmpty())
        return attributesMatch(term, span.attributes) || attributesMatch(term, span.resource());
    if (pooledContains(term, span.serviceId) || pooledContains(term, span.operationId))
        return true;
    if (span.spanId.toString().startsWith(term.text, Qt::CaseInsensitive))
        return true;
    if (attributesMatch(term, span.attributes) || attributesMatch(term, span.resource()))
        return true;
    for (const SpanEvent &event : span.events()) {
        if (event.name.contains(term.text, Qt::CaseInsensitive)
            || attributesMatch(term, event.attributes))
            return true;
    }
    return false;
}

bool SpanFinder::pooledContains(const Term &term, StringPool::Id id) const
{
    const auto it = term.pooled.constFind(id);
    if (it != term.pooled.constEnd())
        return it.value();
    const bool found = StringPool::instance().string(id).contains(term.text, Qt::CaseInsensitive);
    term.pooled.insert(id, found);
    return found;
}

bool SpanFinder::attributesMatch(const Term &term, const Attributes &attributes) const
{
    for (int i = 0; i < attributes.size(); ++i) {
        const StringPool::Id key = attributes.keyIdAt(i);
        if (!term.key.isEmpty()) {
            if (attributes.keyAt(i).compare(term.key, Qt::CaseInsensitive) == 0
                && attributes.valueAt(i).toString().contains(term.text, Qt::CaseInsensitive))
                return true;
            continue;
        }
        if (pooledContains(term, key)
            || attributes.valueAt(i).toString().contains(term.text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace traceflow
