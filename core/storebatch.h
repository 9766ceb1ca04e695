// SPDX-License-Identifier: MIT
#pragma once

#include "span.h"

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

namespace traceflow {

// Spans made ready for TraceStore::insert on the thread that decoded them, so the store's one
// writer does less work, and touches less memory, under its lock: each trace's spans are
// adjacent, and each span's heap bytes and duration logarithm are taken while its memory is
// still in this core's cache. Batches prepared apart are appended as parts, without moving
// their spans; a trace in two parts then forms two runs, which the store takes like two
// inserts (the same spans, figures and service graph).
class StoreBatch
{
public:
    // What the store needs of a span besides the span itself.
    struct Prepared
    {
        std::size_t heapBytes = 0; // Span::memoryBytes() - sizeof(Span)
        double logDuration = 0;    // DDSketch::sample(durationNs).log
    };

    StoreBatch() = default;
    // One part: the spans grouped by trace id, kept in order when each trace's spans are
    // adjacent already, otherwise stably sorted by trace id.
    explicit StoreBatch(std::vector<Span> spans);

    // A moved-from batch is empty.
    StoreBatch(StoreBatch &&other) noexcept
        : m_parts(std::move(other.m_parts)), m_size(std::exchange(other.m_size, 0))
    {
        other.m_parts.clear();
    }
    StoreBatch &operator=(StoreBatch &&other) noexcept
    {
        m_parts = std::move(other.m_parts);
        other.m_parts.clear();
        m_size = std::exchange(other.m_size, 0);
        return *this;
    }

    // Moves other's parts to the end, leaving other empty.
    void append(StoreBatch &&other);
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    std::size_t partCount() const { return m_parts.size(); }
    const std::vector<Span> &spans(std::size_t part) const { return m_parts[part].spans; }
    // All spans, part after part, leaving the batch empty.
    std::vector<Span> takeSpans();

    // For the store: a part's spans and their prepared figures, index for index.
    std::span<Span> mutableSpans(std::size_t part) { return m_parts[part].spans; }
    std::span<Prepared> prepared(std::size_t part) { return m_parts[part].prepared; }

private:
    struct Part
    {
        std::vector<Span> spans;
        std::vector<Prepared> prepared;
    };
    std::vector<Part> m_parts; // none empty
    std::size_t m_size = 0;
};

} // namespace traceflow
