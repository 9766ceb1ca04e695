// SPDX-License-Identifier: MIT
// The socket guard in front of a real QHttpServer, in process: an oversized body is refused
// before QHttpServer sees the request at all (so it never buffers it).
#include "guardedtcpserver.h"
#include "httptestclient.h"

#include <QHttpServer>
#include <QHttpServerResponder>
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <functional>
#include <thread>

using namespace traceflow;

namespace {
constexpr qint64 Limit = 1000;

QByteArray post(qint64 declaredLength, const QByteArray &extra = {})
{
    return "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(declaredLength)
        + "\r\n" + extra + "\r\n";
}
} // namespace

class TstGuardedTcpServer : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_handled = 0;
        m_http = std::make_unique<QHttpServer>();
        m_http->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            ++m_handled;
            m_lastBodySize = request.body().size();
            responder.write(QByteArray("ok"), QByteArray("text/plain"));
        });
        m_server = new GuardedTcpServer(Limit);
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
        m_http->bind(m_server);
    }
    void cleanup() { m_http.reset(); }

    void bodies_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("handled");
        QTest::addRow("small body") << post(5) + "hello" << 200 << 1;
        QTest::addRow("body at the limit") << post(Limit) + QByteArray(Limit, 'x') << 200 << 1;
        QTest::addRow("declared over the limit, no body sent") << post(Limit + 1) << 413 << 0;
        QTest::addRow("declared over the limit, body sent") << post(5000) + QByteArray(5000, 'x') << 413 << 0;
        QTest::addRow("chunked over the limit")
            << QByteArray("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n") + QByteArray(1000, 'a')
                   + "\r\n1\r\nb\r\n0\r\n\r\n" << 413 << 0;
        QTest::addRow("malformed framing") << QByteArray("POST /x HTTP/1.1\r\nContent-Length: x\r\n\r\n") << 400 << 0;
    }
    void bodies()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(int, handled);
        QSignalSpy refused(m_server, &GuardedTcpServer::requestRefused);
        const HttpTestResponse r = exchange(request);
        QCOMPARE(r.status, status);
        QCOMPARE(m_handled, handled);
        QCOMPARE(refused.count(), status == 200 ? 0 : 1);
        if (status != 200)
            QVERIFY(r.json()["error"].is_string());
    }

    // The guard follows every request of a keep-alive connection, not just the first.
    void laterRequestOnTheSameConnection()
    {
        std::atomic<int> first{0}, second{0};
        runClient([&](HttpTestClient &client) {
            client.sendRaw(post(2) + "ok");
            first = client.readResponse().status;
            client.sendRaw(post(Limit * 10));
            second = client.readResponse().status;
        });
        QCOMPARE(first.load(), 200);
        QCOMPARE(second.load(), 413);
        QCOMPARE(m_handled, 1);
    }

    void expectContinue()
    {
        std::atomic<int> interim{0}, final{0};
        runClient([&](HttpTestClient &client) {
            client.sendRaw(post(4, "Expect: 100-continue\r\n"));
            interim = client.readResponse().status;
            client.sendRaw("abcd");
            final = client.readResponse().status;
        });
        QCOMPARE(interim.load(), 100);
        QCOMPARE(final.load(), 200);
        QCOMPARE(m_lastBodySize, qsizetype(4));
    }

    // A request being received counts as in flight (graceful shutdown waits for it).
    void busyWhileReceiving()
    {
        std::atomic<int> step{0};
        std::atomic<int> status{0};
        std::thread client([&] {
            HttpTestClient c(m_server->serverPort());
            c.sendRaw(post(10) + "12345");
            step = 1;
            while (step.load() != 2)
                std::this_thread::yield();
            c.sendRaw("67890");
            status = c.readResponse().status;
        });
        QTRY_COMPARE(step.load(), 1);
        QTRY_COMPARE(m_server->busyConnectionCount(), 1);
        step = 2;
        QTRY_COMPARE(status.load(), 200);
        client.join();
        QCOMPARE(m_server->busyConnectionCount(), 0);
        QVERIFY(m_server->bytesReceived() >= quint64(post(10).size() + 10));
    }

private:
    // The client blocks, so it runs in a thread while this one runs the server's event loop.
    void runClient(const std::function<void(HttpTestClient &)> &body)
    {
        std::atomic<bool> done{false};
        std::thread client([&] {
            HttpTestClient c(m_server->serverPort());
            body(c);
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), 10000);
        client.join();
    }
    HttpTestResponse exchange(const QByteArray &request)
    {
        HttpTestResponse response;
        runClient([&](HttpTestClient &client) {
            client.sendRaw(request);
            response = client.readResponse(5000);
        });
        return response;
    }

    std::unique_ptr<QHttpServer> m_http;
    GuardedTcpServer *m_server = nullptr; // owned by m_http
    int m_handled = 0;
    qsizetype m_lastBodySize = 0;
};

QTEST_GUILESS_MAIN(TstGuardedTcpServer)
#include "tst_guardedtcpserver.moc"
