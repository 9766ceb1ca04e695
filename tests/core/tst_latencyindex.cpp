// SPDX-License-Identifier: MIT
#include "latencyindex.h"
#include "stringpool.h"

#include <QTest>

#include <cmath>

using namespace traceflow;

namespace {

constexpr qint64 Minute = LatencyIndex::BucketNs;
constexpr qint64 Base = 28'333'333 * Minute; // a bucket start in 2023
constexpr qint64 Ms = 1'000'000;

struct SpanRow
{
    const char *service;
    const char *operation;
    qint64 startNs;
    qint64 durationNs;
    bool error;
};

// Spread over three services, four operations and three minutes (0, 1 and 2 after Base).
const std::vector<SpanRow> Spans = {
    {"payment", "charge", Base + Minute + 5, 50 * Ms, false},        // 0
    {"frontend", "GET /", Base, 10 * Ms, false},                     // 1
    {"frontend", "GET /", Base + Minute - 1, 20 * Ms, true},         // 2
    {"frontend", "GET /cart", Base + Minute + 30, 30 * Ms, false},   // 3
    {"checkout", "place", Base + 7, 100 * Ms, false},                // 4
    {"checkout", "place", Base + 2 * Minute, 200 * Ms, true},        // 5
    {"checkout", "place", Base + 2 * Minute + 59, 300 * Ms, true},   // 6
};

StringPool::Id id(const QString &name)
{
    return name.isEmpty() ? 0 : StringPool::instance().intern(QStringView(name));
}

void apply(LatencyIndex &index, const SpanRow &s, bool adding)
{
    const StringPool::Id service = id(QString::fromUtf8(s.service));
    const StringPool::Id operation = id(QString::fromUtf8(s.operation));
    if (adding)
        index.add(service, operation, s.startNs, s.durationNs, s.error);
    else
        index.remove(service, operation, s.startNs, s.durationNs, s.error);
}

LatencyIndex indexOf(const QList<int> &spans)
{
    LatencyIndex index;
    for (int i : spans)
        apply(index, Spans[std::size_t(i)], true);
    return index;
}

const QList<int> AllSpans{0, 1, 2, 3, 4, 5, 6};

bool sameStats(const LatencyIndex::Stats &a, const LatencyIndex::Stats &b)
{
    return a.count == b.count && a.errors == b.errors && a.sketch == b.sketch;
}

bool sameRows(const std::vector<LatencyIndex::Row> &a, const std::vector<LatencyIndex::Row> &b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto &x, const auto &y) {
        return x.service == y.service && x.operation == y.operation && sameStats(x.stats, y.stats);
    });
}

} // namespace

class TstLatencyIndex : public QObject
{
    Q_OBJECT

private slots:
    void snapshotRows()
    {
        const LatencyIndex index = indexOf(AllSpans);
        const LatencyIndex::Snapshot snap = index.snapshot();
        QCOMPARE(snap.total.count, std::uint64_t(7));
        QCOMPARE(snap.total.errors, std::uint64_t(3));
        QCOMPARE(snap.total.errorRate(), 3.0 / 7.0);
        QVERIFY(std::abs(snap.total.quantileMs(0.5) - 50.0) <= 0.5); // ranks 10,20,30,50,...

        QCOMPARE(snap.services.size(), std::size_t(3));
        const QStringList services{QStringLiteral("checkout"), QStringLiteral("frontend"),
                                   QStringLiteral("payment")};
        const std::uint64_t serviceCounts[] = {3, 3, 1};
        const std::uint64_t serviceErrors[] = {2, 1, 0};
        for (std::size_t i = 0; i < 3; ++i) {
            QCOMPARE(snap.services[i].service, services[qsizetype(i)]);
            QVERIFY(snap.services[i].operation.isEmpty());
            QCOMPARE(snap.services[i].stats.count, serviceCounts[i]);
            QCOMPARE(snap.services[i].stats.errors, serviceErrors[i]);
            QCOMPARE(snap.services[i].stats.sketch.count(), serviceCounts[i]);
        }
        QVERIFY(std::abs(snap.services[0].stats.quantileMs(0.5) - 200.0) <= 2.0);
        QCOMPARE(snap.services[0].stats.errorRate(), 2.0 / 3.0);

        const QStringList operations{QStringLiteral("checkout/place"),
                                     QStringLiteral("frontend/GET /"),
                                     QStringLiteral("frontend/GET /cart"),
                                     QStringLiteral("payment/charge")};
        const std::uint64_t operationCounts[] = {3, 2, 1, 1};
        QCOMPARE(snap.operations.size(), std::size_t(4));
        for (std::size_t i = 0; i < 4; ++i) {
            const auto &row = snap.operations[i];
            QCOMPARE(row.service + QLatin1Char('/') + row.operation, operations[qsizetype(i)]);
            QCOMPARE(row.stats.count, operationCounts[i]);
        }
        QCOMPARE(snap.operations[1].stats.errorRate(), 0.5);
        QVERIFY(std::abs(snap.operations[1].stats.quantileMs(1.0) - 20.0) <= 0.2);
    }

    void series_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<QString>("operation");
        QTest::addColumn<qint64>("fromNs");
        QTest::addColumn<qint64>("toNs");
        QTest::addColumn<QList<qint64>>("minutes"); // bucket starts, as minutes after Base
        QTest::addColumn<QList<int>>("counts");
        QTest::addColumn<QList<int>>("errors");
        const QString none;
        const qint64 end = Base + 10 * Minute;
        QTest::addRow("system, all minutes")
            << none << none << Base << end << QList<qint64>{0, 1, 2} << QList<int>{3, 2, 2}
            << QList<int>{1, 0, 2};
        QTest::addRow("system, one minute") << none << none << Base + Minute << Base + Minute
                                            << QList<qint64>{1} << QList<int>{2} << QList<int>{0};
        QTest::addRow("system, from mid-minute skips that bucket")
            << none << none << Base + 1 << end << QList<qint64>{1, 2} << QList<int>{2, 2}
            << QList<int>{0, 2};
        QTest::addRow("system, inverted range") << none << none << end << Base << QList<qint64>{}
                                                << QList<int>{} << QList<int>{};
        QTest::addRow("service frontend")
            << QStringLiteral("frontend") << none << Base << end << QList<qint64>{0, 1}
            << QList<int>{2, 1} << QList<int>{1, 0};
        QTest::addRow("service checkout")
            << QStringLiteral("checkout") << none << Base << end << QList<qint64>{0, 2}
            << QList<int>{1, 2} << QList<int>{0, 2};
        QTest::addRow("operation GET /cart")
            << QStringLiteral("frontend") << QStringLiteral("GET /cart") << Base << end
            << QList<qint64>{1} << QList<int>{1} << QList<int>{0};
        QTest::addRow("operation of another service")
            << QStringLiteral("payment") << QStringLiteral("place") << Base << end
            << QList<qint64>{} << QList<int>{} << QList<int>{};
    }
    void series()
    {
        QFETCH(QString, service);
        QFETCH(QString, operation);
        QFETCH(qint64, fromNs);
        QFETCH(qint64, toNs);
        QFETCH(QList<qint64>, minutes);
        QFETCH(QList<int>, counts);
        QFETCH(QList<int>, errors);
        const LatencyIndex index = indexOf(AllSpans);
        const auto points = index.series(id(service), id(operation), fromNs, toNs);
        QCOMPARE(qsizetype(points.size()), minutes.size());
        for (std::size_t i = 0; i < points.size(); ++i) {
            const qsizetype j = qsizetype(i);
            QCOMPARE(points[i].bucketStartNs, Base + minutes[j] * Minute);
            QCOMPARE(points[i].stats.count, std::uint64_t(counts[j]));
            QCOMPARE(points[i].stats.errors, std::uint64_t(errors[j]));
            QCOMPARE(points[i].stats.sketch.count(), std::uint64_t(counts[j]));
        }
    }

    // After removing spans the index must equal one built from the remaining spans only.
    void removeMatchesRebuild_data()
    {
        QTest::addColumn<QList<int>>("removed");
        QTest::addColumn<QList<qint64>>("minutes");
        QTest::addRow("nothing") << QList<int>{} << QList<qint64>{0, 1, 2};
        QTest::addRow("minute 1 empties and its bucket goes")
            << QList<int>{0, 3} << QList<qint64>{0, 2};
        QTest::addRow("a whole service goes") << QList<int>{4, 5, 6} << QList<qint64>{0, 1};
        QTest::addRow("an error span") << QList<int>{2} << QList<qint64>{0, 1, 2};
        QTest::addRow("everything") << AllSpans << QList<qint64>{};
    }
    void removeMatchesRebuild()
    {
        QFETCH(QList<int>, removed);
        QFETCH(QList<qint64>, minutes);
        LatencyIndex index = indexOf(AllSpans);
        QList<int> kept;
        for (int i : AllSpans) {
            if (removed.contains(i))
                apply(index, Spans[std::size_t(i)], false);
            else
                kept.append(i);
        }
        const LatencyIndex rebuilt = indexOf(kept);
        const auto snap = index.snapshot();
        const auto expected = rebuilt.snapshot();
        QVERIFY(sameStats(snap.total, expected.total));
        QVERIFY(sameRows(snap.services, expected.services));
        QVERIFY(sameRows(snap.operations, expected.operations));

        QCOMPARE(qsizetype(index.bucketCount()), minutes.size());
        const auto points = index.series(0, 0, Base - Minute, Base + 10 * Minute);
        QCOMPARE(qsizetype(points.size()), minutes.size());
        for (std::size_t i = 0; i < points.size(); ++i)
            QCOMPARE(points[i].bucketStartNs, Base + minutes[qsizetype(i)] * Minute);
        const auto rebuiltPoints = rebuilt.series(0, 0, Base - Minute, Base + 10 * Minute);
        QCOMPARE(rebuiltPoints.size(), points.size());
        for (std::size_t i = 0; i < points.size(); ++i)
            QVERIFY(sameStats(points[i].stats, rebuiltPoints[i].stats));
        if (kept.isEmpty())
            QCOMPARE(index.memoryBytes(), LatencyIndex().memoryBytes());
        else
            QVERIFY(index.memoryBytes() <= indexOf(AllSpans).memoryBytes());
    }

    // Adds and removes interleaved in runs sharing a service/operation and minute (the store's
    // pattern, which the index serves from remembered entries), including removals it must
    // refuse and entries and minutes that empty and come back: always equal to a rebuild.
    void interleavedMatchesRebuild_data()
    {
        QTest::addColumn<unsigned>("seed");
        QTest::addColumn<int>("runLength");
        for (unsigned seed : {1u, 7u, 42u})
            for (int run : {1, 4})
                QTest::addRow("seed %u, runs of %d", seed, run) << seed << run;
    }
    void interleavedMatchesRebuild()
    {
        QFETCH(unsigned, seed);
        QFETCH(int, runLength);
        struct Held
        {
            StringPool::Id service, operation;
            qint64 startNs, durationNs;
            bool error, root;
        };
        const StringPool::Id services[] = {id(QStringLiteral("frontend")),
                                           id(QStringLiteral("checkout"))};
        const StringPool::Id operations[] = {id(QStringLiteral("GET /")),
                                             id(QStringLiteral("place"))};
        std::uint64_t state = seed;
        auto next = [&state](std::uint64_t n) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            return (state >> 33) % n;
        };
        auto rebuilt = [](const std::vector<Held> &held) {
            LatencyIndex index;
            for (const Held &h : held)
                index.add(h.service, h.operation, h.startNs, h.durationNs, h.error, h.root);
            return index;
        };
        LatencyIndex index;
        std::vector<Held> held;
        for (int step = 0; step < 400; ++step) {
            const bool adding = held.empty() || next(3) != 0;
            const auto service = services[next(2)];
            const auto operation = operations[next(2)];
            const qint64 start = Base + qint64(next(3)) * Minute + qint64(next(1000));
            for (int k = 0; k < runLength; ++k) {
                if (adding) {
                    const Held h{service,      operation,   start, qint64(1 + next(4)) * Ms,
                                 next(4) == 0, next(5) == 0};
                    index.add(h.service, h.operation, h.startNs, h.durationNs, h.error, h.root);
                    held.push_back(h);
                } else if (next(8) == 0) {
                    // Never added (no such duration): refused, the held figures stay.
                    index.remove(service, operation, start, 999 * Ms, false, false);
                } else if (!held.empty()) {
                    // Prefer a span of the run's key and minute, as a trace's spans come.
                    std::size_t i = next(held.size());
                    for (std::size_t j = 0; j < held.size(); ++j) {
                        const Held &c = held[(i + j) % held.size()];
                        if (c.service == service && c.operation == operation &&
                            c.startNs / Minute == start / Minute) {
                            i = (i + j) % held.size();
                            break;
                        }
                    }
                    const Held h = held[i];
                    index.remove(h.service, h.operation, h.startNs, h.durationNs, h.error, h.root);
                    held.erase(held.begin() + std::ptrdiff_t(i));
                }
            }
            if (step % 50 != 49)
                continue;
            const LatencyIndex expected = rebuilt(held);
            const auto snap = index.snapshot();
            const auto want = expected.snapshot();
            QVERIFY(sameStats(snap.total, want.total));
            QCOMPARE(snap.total.roots, want.total.roots);
            QVERIFY(sameRows(snap.services, want.services));
            QVERIFY(sameRows(snap.operations, want.operations));
            QCOMPARE(index.bucketCount(), expected.bucketCount());
            for (StringPool::Id s : services) {
                for (StringPool::Id o : operations) {
                    const auto got = index.series(s, o, Base, Base + 3 * Minute);
                    const auto exp = expected.series(s, o, Base, Base + 3 * Minute);
                    QCOMPARE(got.size(), exp.size());
                    for (std::size_t i = 0; i < got.size(); ++i) {
                        QCOMPARE(got[i].bucketStartNs, exp[i].bucketStartNs);
                        QVERIFY(sameStats(got[i].stats, exp[i].stats));
                        QCOMPARE(got[i].stats.roots, exp[i].stats.roots);
                    }
                }
            }
        }
        for (const Held &h : held)
            index.remove(h.service, h.operation, h.startNs, h.durationNs, h.error, h.root);
        QCOMPARE(index.bucketCount(), std::size_t(0));
        QCOMPARE(index.memoryBytes(), LatencyIndex().memoryBytes());
    }

    // An entry emptied by remove() and added again right after (same key and minute, the
    // entries the index remembers between calls) counts in its fresh entry.
    void entryComesBackAfterEmptying_data()
    {
        QTest::addColumn<bool>("otherKeyInMinute");
        QTest::addColumn<bool>("keyInOtherMinute"); // so the totals keep the entry
        QTest::addRow("minute empties too") << false << false;
        QTest::addRow("minute keeps another key") << true << false;
        QTest::addRow("totals keep the key") << true << true;
    }
    void entryComesBackAfterEmptying()
    {
        QFETCH(bool, otherKeyInMinute);
        QFETCH(bool, keyInOtherMinute);
        const StringPool::Id s = id(QStringLiteral("frontend"));
        const StringPool::Id a = id(QStringLiteral("GET /"));
        const StringPool::Id b = id(QStringLiteral("GET /cart"));
        LatencyIndex index;
        if (keyInOtherMinute)
            index.add(s, a, Base + Minute, 40 * Ms, false, false);
        if (otherKeyInMinute)
            index.add(s, b, Base + 1, 5 * Ms, false, false);
        index.add(s, a, Base + 2, 10 * Ms, true, true);
        index.remove(s, a, Base + 2, 10 * Ms, true, true);
        index.add(s, a, Base + 3, 20 * Ms, false, false);
        index.add(s, a, Base + 4, 30 * Ms, false, false);
        LatencyIndex expected;
        if (keyInOtherMinute)
            expected.add(s, a, Base + Minute, 40 * Ms, false, false);
        if (otherKeyInMinute)
            expected.add(s, b, Base + 1, 5 * Ms, false, false);
        expected.add(s, a, Base + 3, 20 * Ms, false, false);
        expected.add(s, a, Base + 4, 30 * Ms, false, false);
        QVERIFY(sameRows(index.snapshot().operations, expected.snapshot().operations));
        const auto got = index.series(s, a, Base, Base);
        QCOMPARE(got.size(), std::size_t(1));
        QVERIFY(sameStats(got[0].stats, expected.series(s, a, Base, Base)[0].stats));
        QCOMPARE(got[0].stats.roots, std::uint64_t(0));
        index.remove(s, a, Base + 3, 20 * Ms, false, false);
        index.remove(s, a, Base + 4, 30 * Ms, false, false);
        QCOMPARE(index.series(s, a, Base, Base).size(), std::size_t(0));
        QCOMPARE(index.bucketCount(), std::size_t(otherKeyInMinute) + keyInOtherMinute);
    }

    void removeOfUnknownSpanIsIgnored_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<qint64>("startNs");
        QTest::addColumn<qint64>("durationNs");
        QTest::addColumn<bool>("error");
        QTest::addRow("unknown service") << QStringLiteral("nobody") << Base << 10 * Ms << false;
        QTest::addRow("unknown minute") << QStringLiteral("frontend") << Base + 9 * Minute
                                        << 10 * Ms << false;
        QTest::addRow("duration never seen") << QStringLiteral("frontend") << Base << 7777 * Ms
                                             << false;
    }
    void removeOfUnknownSpanIsIgnored()
    {
        QFETCH(QString, service);
        QFETCH(qint64, startNs);
        QFETCH(qint64, durationNs);
        QFETCH(bool, error);
        LatencyIndex index = indexOf(AllSpans);
        index.remove(id(service), id(QStringLiteral("GET /")), startNs, durationNs, error);
        const LatencyIndex untouched = indexOf(AllSpans);
        QVERIFY(sameRows(index.snapshot().operations, untouched.snapshot().operations));
        const auto points = index.series(0, 0, Base, Base + 10 * Minute);
        QCOMPARE(points.size(), std::size_t(3));
        QCOMPARE(points[0].stats.count, std::uint64_t(3));
    }

    void negativeStartUsesFloorBucket()
    {
        LatencyIndex index;
        const StringPool::Id service = id(QStringLiteral("legacy"));
        index.add(service, 0, -1, 5 * Ms, false);
        index.add(service, 0, 0, 6 * Ms, false);
        const auto points = index.series(service, 0, -Minute, 0);
        QCOMPARE(points.size(), std::size_t(2));
        QCOMPARE(points[0].bucketStartNs, -Minute);
        QCOMPARE(points[1].bucketStartNs, qint64(0));
        index.clear();
        QVERIFY(index.snapshot().services.empty());
        QCOMPARE(index.memoryBytes(), LatencyIndex().memoryBytes());
    }
};

QTEST_GUILESS_MAIN(TstLatencyIndex)
#include "tst_latencyindex.moc"
