// SPDX-License-Identifier: MIT
#include "coretestsupport.h"
#include "ingestqueue.h"
#include "tracestore.h"

#include <QTest>
#include <QThread>

#include <algorithm>
#include <atomic>

using namespace traceflow;

namespace {
constexpr qint64 T0 = 1'710'000'000'000'000'000;

// Times in ms from T0; every span is an "op" with an unset status.
Span makeSpan(const char *trace, const char *id, const char *parent, const char *service,
              qint64 startMs, qint64 durationMs)
{
    return CoreTestSupport::makeSpan(trace, id, parent, service, u"op", T0 + startMs * 1'000'000,
                                     durationMs * 1'000'000, StatusCode::Unset);
}

// Two requests as SDKs send them (grouped by service, so traces interleave), sharing trace t1.
std::vector<Span> firstRequest()
{
    return {makeSpan("t1", "a", "", "gateway", 0, 50), makeSpan("t2", "x", "", "gateway", 1, 9),
            makeSpan("t1", "b", "a", "orders", 2, 20), makeSpan("t2", "y", "x", "orders", 3, 4)};
}
std::vector<Span> secondRequest()
{
    return {makeSpan("t1", "c", "b", "db", 5, 6), makeSpan("t3", "z", "", "gateway", 9, 3),
            makeSpan("t1", "d", "a", "pay", 30, 10)};
}
} // namespace

class TstIngestQueue : public QObject
{
    Q_OBJECT

private slots:
    // The worker merges queued requests into one insert without sorting them again: the store
    // must hold what it would after inserting all spans at once.
    void mergedRequestsMatchOneInsert()
    {
        TraceStore store;
        std::atomic<std::size_t> inserted{0};
        std::atomic<int> taps{0};
        {
            IngestQueue queue(store, 1000, [&inserted](std::size_t n) { inserted += n; });
            queue.setTap([&taps](const std::vector<Span> &) { ++taps; });
            std::vector<Span> first = firstRequest();
            std::vector<Span> second = secondRequest();
            QVERIFY(queue.tryPush(first));
            QVERIFY(queue.tryPush(second));
            QVERIFY(first.empty());
            QVERIFY(second.empty());
            queue.flush();
            QCOMPARE(queue.queuedSpans(), std::size_t(0));
        }
        QCOMPARE(inserted.load(), std::size_t(7));
        QCOMPARE(taps.load(), 2); // once per pushed request, merged or not

        TraceStore expected;
        std::vector<Span> all = firstRequest();
        for (Span &s : secondRequest())
            all.push_back(std::move(s));
        expected.insert(std::move(all));

        QCOMPARE(store.counters().traces, expected.counters().traces);
        QCOMPARE(store.counters().spans, expected.counters().spans);
        for (const char *trace : {"t1", "t2", "t3"}) {
            const TraceId id = TraceId::fromString(std::string_view(trace));
            QCOMPARE(store.summary(id)->spanCount, expected.summary(id)->spanCount);
            QCOMPARE(store.summary(id)->durationNs, expected.summary(id)->durationNs);
        }
        QCOMPARE(store.serviceGraph(std::nullopt, std::nullopt),
                 expected.serviceGraph(std::nullopt, std::nullopt));
        QCOMPARE(store.dependencies().size(), std::size_t(3)); // gateway->orders, orders->db, gateway->pay
    }

    void refusedPushLeavesTheSpans()
    {
        TraceStore store;
        IngestQueue queue(store, 5);
        std::atomic<bool> release{false};
        // Hold the worker inside the first insert so the queue stays full.
        queue.setInserter([&release, &store](std::vector<Span> spans) {
            while (!release.load())
                QThread::msleep(1);
            store.insert(std::move(spans));
        });
        std::vector<Span> first = firstRequest();
        QVERIFY(queue.tryPush(first));
        std::vector<Span> second = secondRequest();
        QVERIFY(!queue.tryPush(second)); // 4 queued + 3 > 5
        QCOMPARE(second, secondRequest()); // untouched, in its order
        release = true;
        queue.flush();
        QCOMPARE(store.counters().spans, std::uint64_t(4));
    }

    // Held: pushes are taken up to the capacity but wait; released, they go in, in order.
    // Stopping stores what is held.
    void heldSpansWaitForRelease_data()
    {
        QTest::addColumn<bool>("stopWhileHeld");
        QTest::addRow("released") << false;
        QTest::addRow("stopped while held") << true;
    }
    void heldSpansWaitForRelease()
    {
        QFETCH(bool, stopWhileHeld);
        TraceStore store;
        {
            IngestQueue queue(store, 6);
            queue.setHeld(true);
            QVERIFY(queue.isHeld());
            std::vector<Span> first = firstRequest();
            QVERIFY(queue.tryPush(first));
            std::vector<Span> second = secondRequest();
            QVERIFY(!queue.tryPush(second)); // 4 held + 3 > 6: refused, not dropped
            QThread::msleep(50);             // time enough for a worker that ignored the hold
            QCOMPARE(store.counters().spans, std::uint64_t(0));
            QCOMPARE(queue.queuedSpans(), std::size_t(4));
            if (!stopWhileHeld) { // else ~IngestQueue stores what is held
                queue.setHeld(false);
                QTRY_COMPARE(store.counters().spans, std::uint64_t(4));
                QVERIFY(queue.tryPush(second));
                queue.flush();
            }
        }
        QCOMPARE(store.counters().spans, std::uint64_t(stopWhileHeld ? 4 : 7));
    }
};

QTEST_GUILESS_MAIN(TstIngestQueue)
#include "tst_ingestqueue.moc"
