// SPDX-License-Identifier: MIT
#pragma once

#include "stringpool.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <vector>

namespace traceflow {

class AssembledTrace;
struct AssembledSpan;
class Attributes;

// Find in trace: which spans match a query typed into the trace view's find box.
// The query is split on whitespace; a span matches when every term does (so more words
// narrow the result). A term, case-insensitively, matches
// - "key=value": an attribute (span or resource) named key whose value contains value;
// - anything else: a substring of the service, operation, an attribute key or value (span,
//   resource or event), an event name, or a prefix of the span id.
// An empty query matches nothing. Results of name lookups are cached per interned string,
// so finding in a 100k-span trace costs a few hash probes per span.
class SpanFinder
{
public:
    explicit SpanFinder(const QString &query);

    bool isEmpty() const { return m_terms.isEmpty(); }
    bool matches(const AssembledSpan &span) const;
    // Indexes into trace.spans, ascending.
    std::vector<int> findAll(const AssembledTrace &trace) const;

private:
    struct Term
    {
        QString text;  // lowercase: the whole term, or the value part of key=value
        QString key;   // lowercase key of a key=value term, else empty
        mutable QHash<StringPool::Id, bool> pooled; // cached: does this name contain text?
    };

    bool termMatches(const Term &term, const AssembledSpan &span) const;
    bool pooledContains(const Term &term, StringPool::Id id) const;
    bool attributesMatch(const Term &term, const Attributes &attributes) const;

    QList<Term> m_terms;
};

} // namespace traceflow
