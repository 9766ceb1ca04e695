// SPDX-License-Identifier: MIT
#pragma once

#include "span.h"
#include "storebatch.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace traceflow {

class TraceStore;

// Decoded spans on their way into the store. Decoders push and answer at once; one worker
// thread takes what is queued and inserts it, so the store's exclusive lock is taken by one
// thread only, and for batches of a few thousand spans rather than per request. Bounded by a
// span count: a push that would overflow it is refused (the caller answers 429/503), except
// into an empty queue, so a batch larger than the whole capacity is still taken when the
// collector is idle. The batch being inserted counts as queued until it is in the store.
class IngestQueue
{
public:
    // onInserted, when set, runs on the worker thread after each insert with the span count.
    IngestQueue(TraceStore &store, std::size_t capacitySpans,
                std::function<void(std::size_t)> onInserted = {});
    ~IngestQueue(); // inserts what is queued, then stops the worker
    IngestQueue(const IngestQueue &) = delete;
    IngestQueue &operator=(const IngestQueue &) = delete;

    // Takes the spans (leaving the vector empty) or returns false and leaves them. Prepares
    // them on the caller's thread (see StoreBatch): the one worker is the collector's
    // bottleneck, the callers are many.
    bool tryPush(std::vector<Span> &spans);
    // Blocks until everything pushed so far is in the store; lets held batches go first.
    void flush();
    // While held, pushes are taken (up to the capacity) but not stored: the desktop app holds
    // new spans until its stored traces are loaded, so they go in after them. Stopping stores
    // what is held.
    void setHeld(bool held);
    bool isHeld() const;
    // Stores batches through insert instead of TraceStore::insert (the tail sampler's way in);
    // set it before the first push.
    void setInserter(std::function<void(std::vector<Span>)> insert) { m_insert = std::move(insert); }
    // Shows every pushed batch to tap just before it is stored (the ClickHouse write-through);
    // one call per pushed batch, so several per insert when the worker merged some. Set it
    // before the first push.
    void setTap(std::function<void(const std::vector<Span> &)> tap) { m_tap = std::move(tap); }

    std::size_t queuedSpans() const;
    std::size_t queuedBatches() const;
    std::size_t capacity() const { return m_capacity; }

private:
    void run();

    TraceStore &m_store;
    const std::size_t m_capacity;
    std::function<void(std::size_t)> m_onInserted;
    std::function<void(std::vector<Span>)> m_insert;
    std::function<void(const std::vector<Span> &)> m_tap;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;    // worker: work or stop
    std::condition_variable m_drained; // flush(): the queue went empty
    std::deque<StoreBatch> m_batches;
    std::size_t m_spans = 0;    // queued + being inserted
    std::size_t m_inFlight = 0; // batches taken by the worker, not yet inserted
    bool m_stop = false;
    bool m_held = false;
    std::thread m_worker;
};

} // namespace traceflow
