// SPDX-License-Identifier: MIT
#include "httpguard.h"

#include <QTest>

using namespace traceflow;

namespace {

struct Run
{
    QList<HttpGuard::Events> events; // every non-empty event set, in order
    qint64 fedBytes = 0;             // bytes the guard had to look at
    bool failed = false;
    bool idle = false;
    qint64 requests = 0;
};

// Drives a guard the way GuardedTcpServer does, with the stream cut into pieces of `step`
// bytes (a fragment boundary may fall anywhere).
Run drive(const QByteArray &stream, qint64 step, qint64 maxBody = 1000)
{
    HttpGuard guard(maxBody, 256);
    Run run;
    for (qint64 at = 0; at < stream.size() && !guard.failed(); at += step) {
        const qint64 end = std::min<qint64>(stream.size(), at + step);
        qint64 offset = at;
        while (offset < end && !guard.failed()) {
            HttpGuard::Events e = HttpGuard::None;
            if (const qint64 skippable = guard.skippable(); skippable > 0) {
                const qint64 n = std::min(skippable, end - offset);
                e = guard.skip(n);
                offset += n;
            } else {
                qint64 used = 0;
                e = guard.feed(stream.constData() + offset, end - offset, &used);
                run.fedBytes += used;
                offset += used;
            }
            if (e != HttpGuard::None)
                run.events.append(e);
        }
    }
    run.failed = guard.failed();
    run.idle = guard.idle();
    run.requests = guard.requestCount();
    return run;
}

QByteArray post(const QByteArray &body, const QByteArray &extra = {})
{
    return "POST /api/spans HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\n" + extra + "\r\n" + body;
}

QByteArray chunked(const QList<QByteArray> &chunks, const QByteArray &trailer = {})
{
    QByteArray out = "POST /v1/traces HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (const QByteArray &c : chunks)
        out += QByteArray::number(c.size(), 16) + ";ext=1\r\n" + c + "\r\n";
    return out + "0\r\n" + trailer + "\r\n";
}

constexpr auto Head = HttpGuard::HeadComplete;
constexpr auto Done = HttpGuard::RequestComplete;

} // namespace

class TstHttpGuard : public QObject
{
    Q_OBJECT

private slots:
    void framing_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QList<HttpGuard::Events>>("events");
        QTest::addColumn<bool>("failed");
        QTest::addColumn<qint64>("requests");
        using L = QList<HttpGuard::Events>;
        QTest::addRow("get without body") << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\n\r\n") << L{Head | Done} << false << qint64(1);
        QTest::addRow("post with content-length") << post(QByteArray(600, 'x')) << L{Head, Done} << false << qint64(1);
        QTest::addRow("body exactly at the limit") << post(QByteArray(1000, 'x')) << L{Head, Done} << false << qint64(1);
        QTest::addRow("declared body over the limit")
            << QByteArray("POST /api/spans HTTP/1.1\r\nContent-Length: 1001\r\n\r\n") << L{Head | HttpGuard::BodyTooLarge} << true << qint64(0);
        QTest::addRow("huge declared body") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n") << L{Head | HttpGuard::BodyTooLarge} << true << qint64(0);
        QTest::addRow("two keep-alive requests") << post("abc") + post("defg") << L{Head, Done, Head, Done} << false << qint64(2);
        QTest::addRow("blank lines between requests") << post("abc") + "\r\n\r\n" + post("d") << L{Head, Done, Head, Done} << false << qint64(2);
        QTest::addRow("lf-only line ends") << QByteArray("GET / HTTP/1.1\nHost: x\n\n") << L{Head | Done} << false << qint64(1);
        QTest::addRow("chunked body") << chunked({QByteArray(300, 'a'), QByteArray(300, 'b')}) << L{Head, Done} << false << qint64(1);
        QTest::addRow("chunked with trailers") << chunked({"xyz"}, "Checksum: 1\r\n") << L{Head, Done} << false << qint64(1);
        QTest::addRow("chunked over the limit") << chunked({QByteArray(600, 'a'), QByteArray(600, 'b')}) << L{Head, HttpGuard::BodyTooLarge} << true << qint64(0);
        QTest::addRow("chunked then content-length") << chunked({"a"}) + post("bc") << L{Head, Done, Head, Done} << false << qint64(2);
        QTest::addRow("head too large") << "GET / HTTP/1.1\r\nX: " + QByteArray(300, 'h') + "\r\n\r\n" << L{HttpGuard::HeadTooLarge} << true << qint64(0);
        QTest::addRow("not http") << QByteArray("hello there\r\n\r\n") << L{HttpGuard::BadRequest} << true << qint64(0);
        QTest::addRow("negative content-length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << L{HttpGuard::BadRequest} << true << qint64(0);
        QTest::addRow("conflicting content-lengths") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1, 2\r\n\r\nab") << L{HttpGuard::BadRequest} << true << qint64(0);
        QTest::addRow("equal content-lengths") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 2, 2\r\n\r\nab") << L{Head, Done} << false << qint64(1);
        QTest::addRow("unknown transfer coding") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") << L{HttpGuard::BadRequest} << true << qint64(0);
        QTest::addRow("bad chunk size") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << L{Head, HttpGuard::BadRequest} << true << qint64(0);
        QTest::addRow("missing chunk terminator") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n") << L{Head, HttpGuard::BadRequest} << true << qint64(0);
    }
    void framing()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QList<HttpGuard::Events>, events);
        QFETCH(bool, failed);
        QFETCH(qint64, requests);
        // Whole, byte by byte, and in every other fragment size up to 40 bytes.
        for (qint64 step : {qint64(stream.size()), qint64(1), qint64(2), qint64(3), qint64(7),
                            qint64(13), qint64(40)}) {
            const Run run = drive(stream, std::max<qint64>(1, step));
            QVERIFY2(run.events == events, qPrintable(QStringLiteral("step %1").arg(step)));
            QCOMPARE(run.failed, failed);
            QCOMPARE(run.requests, requests);
            if (!failed)
                QVERIFY(run.idle);
        }
    }

    // Content-Length bodies are counted, never looked at.
    void bodiesAreSkippedNotRead()
    {
        const QByteArray body(900, 'x');
        const Run run = drive(post(body), 10'000);
        QCOMPARE(run.requests, qint64(1));
        QCOMPARE(run.fedBytes, qint64(post(body).size() - body.size()));
    }

    void headFields()
    {
        HttpGuard guard(1000);
        const QByteArray head = "PUT /x?y=1 HTTP/1.1\r\nexpect: 100-Continue\r\ncontent-length:  12 \r\n\r\n";
        qint64 used = 0;
        QCOMPARE(guard.feed(head.constData(), head.size(), &used), HttpGuard::Events(Head));
        QCOMPARE(used, head.size());
        QCOMPARE(guard.head().method, QByteArray("PUT"));
        QCOMPARE(guard.head().target, QByteArray("/x?y=1"));
        QCOMPARE(guard.head().contentLength, qint64(12));
        QVERIFY(guard.head().expectContinue);
        QVERIFY(!guard.head().chunked);
        QVERIFY(!guard.idle());
        QCOMPARE(guard.skippable(), qint64(12));
        QCOMPARE(guard.skip(12), HttpGuard::Events(Done));
        QVERIFY(guard.idle());
    }

    void failedGuardConsumesNothing()
    {
        HttpGuard guard(10);
        const QByteArray head = "POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n";
        qint64 used = 0;
        QVERIFY(guard.feed(head.constData(), head.size(), &used) & HttpGuard::BodyTooLarge);
        QVERIFY(guard.failed());
        QCOMPARE(guard.feed("GET / HTTP/1.1\r\n\r\n", 18, &used), HttpGuard::Events(HttpGuard::None));
        QCOMPARE(used, qint64(0));
    }
};

QTEST_GUILESS_MAIN(TstHttpGuard)
#include "tst_httpguard.moc"
