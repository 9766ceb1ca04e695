// SPDX-License-Identifier: MIT
#pragma once

#include "span.h"

#include <QString>
#include <QStringList>

#include <algorithm>
#include <vector>

namespace traceflow {

// What a decoder made of one request body or file. A body that cannot be decoded at all is
// reported by the decoder's return value; a batch whose single spans fail validation keeps
// the valid spans here and counts the others (they are rejected alone).
struct DecodedBatch
{
    std::vector<Span> spans;
    int rejected = 0;
    QStringList errors; // one line per rejected span, at most MaxErrors kept

    static constexpr int MaxErrors = 20;
    void reject(const QString &why)
    {
        ++rejected;
        if (errors.size() < MaxErrors)
            errors.append(why);
    }
    // Room for more spans, growing geometrically: a decoder that adds them one trace or scope
    // at a time would reallocate for every one with exact reserves.
    void reserveMore(std::size_t more)
    {
        if (const std::size_t wanted = spans.size() + more; wanted > spans.capacity())
            spans.reserve(std::max(wanted, spans.capacity() * 2));
    }
};

} // namespace traceflow
