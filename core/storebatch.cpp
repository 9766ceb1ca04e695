// SPDX-License-Identifier: MIT
#include "storebatch.h"

#include "ddsketch.h"

#include <QtEndian>

#include <algorithm>
#include <cstring>
#include <iterator>

namespace traceflow {

namespace {
// A trace id as integers, ordered exactly as TraceId's operator< (tag, then the bytes
// lexicographically), with the span's index last: a plain sort of these is a stable sort of
// the spans by trace id, without a memcmp per comparison.
struct SortKey
{
    std::uint64_t high;
    std::uint64_t low;
    std::uint32_t tag;
    std::uint32_t index;

    friend bool operator<(const SortKey &a, const SortKey &b)
    {
        if (a.tag != b.tag)
            return a.tag < b.tag;
        if (a.high != b.high)
            return a.high < b.high;
        if (a.low != b.low)
            return a.low < b.low;
        return a.index < b.index;
    }
};

SortKey sortKey(const TraceId &id, std::uint32_t index)
{
    std::uint64_t words[2];
    std::memcpy(words, id.bytes(), sizeof words);
    return {qFromBigEndian(words[0]), qFromBigEndian(words[1]),
            std::uint32_t(id.encoding()) << 6 | std::uint32_t(id.size()), index};
}
// True when each trace's spans are adjacent: no trace id starts two runs. Linear in the
// spans (plus a sort of the run starts), so a file of 100k traces costs no more than a request.
bool groupedByTrace(const std::vector<Span> &spans)
{
    std::vector<SortKey> starts;
    for (std::size_t i = 0; i < spans.size(); ++i) {
        if (i == 0 || spans[i].traceId != spans[i - 1].traceId)
            starts.push_back(sortKey(spans[i].traceId, 0));
    }
    std::sort(starts.begin(), starts.end());
    return std::adjacent_find(starts.begin(), starts.end(),
                              [](const SortKey &a, const SortKey &b) {
                                  return a.tag == b.tag && a.high == b.high && a.low == b.low;
                              })
        == starts.end();
}
} // namespace

StoreBatch::StoreBatch(std::vector<Span> spans)
{
    if (spans.empty())
        return;
    Part part;
    // Exporters usually send a trace's spans together; sort only when they are interleaved.
    if (!groupedByTrace(spans)) {
        std::vector<SortKey> order;
        order.reserve(spans.size());
        for (std::size_t i = 0; i < spans.size(); ++i)
            order.push_back(sortKey(spans[i].traceId, std::uint32_t(i)));
        std::sort(order.begin(), order.end());
        part.spans.reserve(spans.size());
        for (const SortKey &key : order)
            part.spans.push_back(std::move(spans[key.index]));
    } else {
        part.spans = std::move(spans);
    }
    part.prepared.resize(part.spans.size());
    for (std::size_t i = 0; i < part.spans.size(); ++i) {
        const Span &s = part.spans[i];
        part.prepared[i].heapBytes = s.memoryBytes() - sizeof(Span);
        part.prepared[i].logDuration = DDSketch::sample(double(s.durationNs)).log;
    }
    m_size = part.spans.size();
    m_parts.push_back(std::move(part));
}

void StoreBatch::append(StoreBatch &&other)
{
    if (m_parts.empty()) {
        m_parts = std::move(other.m_parts);
    } else {
        m_parts.insert(m_parts.end(), std::make_move_iterator(other.m_parts.begin()),
                       std::make_move_iterator(other.m_parts.end()));
    }
    m_size += other.m_size;
    other.m_parts.clear();
    other.m_size = 0;
}

std::vector<Span> StoreBatch::takeSpans()
{
    std::vector<Span> spans;
    if (m_parts.size() == 1) {
        spans = std::move(m_parts.front().spans);
    } else {
        spans.reserve(m_size);
        for (Part &part : m_parts)
            spans.insert(spans.end(), std::make_move_iterator(part.spans.begin()),
                         std::make_move_iterator(part.spans.end()));
    }
    m_parts.clear();
    m_size = 0;
    return spans;
}

} // namespace traceflow
