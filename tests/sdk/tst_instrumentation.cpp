// SPDX-License-Identifier: MIT
// The QHttpServer and QNetworkAccessManager helpers over real HTTP on loopback: context
// propagation, span kinds, parent links, HTTP attributes and error status.
#include "httpclienttracing.h"
#include "httpservertracing.h"
#include "memoryexporter.h"
#include "scope.h"
#include "simplespanprocessor.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QTest>
#include <QThread>

#include <future>
#include <memory>
#include <stdexcept>

using namespace traceflow::sdk;

class TstInstrumentation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void request_data();
    void request();
    void incomingContext_data();
    void incomingContext();
    void asyncSendEndsSpanOnFinish();

private:
    QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
    }

    std::shared_ptr<MemoryExporter> m_serverSpans = std::make_shared<MemoryExporter>();
    std::shared_ptr<MemoryExporter> m_clientSpans = std::make_shared<MemoryExporter>();
    std::unique_ptr<Tracer> m_client;
    std::unique_ptr<QThread> m_serverThread;
    quint16 m_port = 0;
};

void TstInstrumentation::initTestCase()
{
    m_client = std::make_unique<Tracer>(QStringLiteral("client"),
                                        std::make_shared<SimpleSpanProcessor>(m_clientSpans));
    const Tracer server(QStringLiteral("server"),
                        std::make_shared<SimpleSpanProcessor>(m_serverSpans));
    std::promise<quint16> port;
    // The server runs on its own thread: the test thread blocks in sendAndWait().
    m_serverThread.reset(QThread::create([server, &port] {
        QHttpServer http;
        using Method = QHttpServerRequest::Method;
        HttpServerTracing::route(http, server, QStringLiteral("/ok"), Method::Get,
                                 [server](const QHttpServerRequest &) {
            Span work = server.startSpan(QStringLiteral("work"));
            work.setAttribute(QStringLiteral("user"), Context::current().baggage().value(u"user"));
            return QHttpServerResponse(QByteArray("fine"));
        });
        HttpServerTracing::route(http, server, QStringLiteral("/missing"), Method::Get,
                                 [](const QHttpServerRequest &) {
            return QHttpServerResponse(QHttpServerResponse::StatusCode::NotFound);
        });
        HttpServerTracing::route(http, server, QStringLiteral("/fail"), Method::Get,
                                 [](const QHttpServerRequest &) {
            return QHttpServerResponse(QHttpServerResponse::StatusCode::ServiceUnavailable);
        });
        HttpServerTracing::route(http, server, QStringLiteral("/throw"), Method::Get,
                                 [](const QHttpServerRequest &) -> QHttpServerResponse {
            throw std::runtime_error("handler failed");
        });
        HttpServerTracing::route(http, server, QStringLiteral("/echo"), Method::Post,
                                 [](const QHttpServerRequest &request) {
            return QHttpServerResponse(request.body());
        });
        auto *tcp = new QTcpServer;
        tcp->listen(QHostAddress::LocalHost, 0);
        http.bind(tcp);
        port.set_value(tcp->serverPort());
        QEventLoop loop; // QThread::quit() exits every event loop running on the thread
        loop.exec();
    }));
    m_serverThread->start();
    m_port = port.get_future().get();
    QVERIFY(m_port != 0);
}

void TstInstrumentation::cleanupTestCase()
{
    m_serverThread->quit();
    m_serverThread->wait();
}

void TstInstrumentation::init()
{
    m_serverSpans->clear();
    m_clientSpans->clear();
}

void TstInstrumentation::request_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("serverError");
    QTest::addColumn<bool>("clientError");
    QTest::addRow("200") << QStringLiteral("/ok") << QByteArray("GET") << 200 << false << false;
    QTest::addRow("404 is not a server error") << QStringLiteral("/missing") << QByteArray("GET")
                                               << 404 << false << true;
    QTest::addRow("503") << QStringLiteral("/fail") << QByteArray("GET") << 503 << true << true;
    QTest::addRow("handler throws") << QStringLiteral("/throw") << QByteArray("GET") << 500 << true
                                    << true;
    QTest::addRow("POST with body") << QStringLiteral("/echo") << QByteArray("POST") << 200 << false
                                    << false;
}

void TstInstrumentation::request()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, verb);
    QFETCH(int, status);
    QFETCH(bool, serverError);
    QFETCH(bool, clientError);

    QNetworkAccessManager manager;
    Span root = m_client->startSpan(QStringLiteral("root"));
    Baggage baggage;
    baggage.set(QStringLiteral("user"), QStringLiteral("alice"));
    HttpClientTracing::Result result;
    {
        const Scope scope(Context(root.context(), baggage));
        result = HttpClientTracing::sendAndWait(manager, *m_client, QNetworkRequest(url(path)), verb,
                                                verb == "POST" ? QByteArray("payload") : QByteArray());
    }
    root.end();
    QCOMPARE(result.status, status);
    if (verb == "POST")
        QCOMPARE(result.body, QByteArray("payload"));

    const QString name = QString::fromLatin1(verb) + u' ' + path;
    const SpanData client = m_clientSpans->span(name);
    const SpanData server = m_serverSpans->span(name);
    QCOMPARE(client.kind, SpanKind::Client);
    QCOMPARE(server.kind, SpanKind::Server);
    QCOMPARE(client.traceId, root.context().traceId);
    QCOMPARE(client.parentSpanId, root.context().spanId);
    QCOMPARE(server.traceId, root.context().traceId);
    QCOMPARE(server.parentSpanId, client.spanId);
    QVERIFY(server.parentIsRemote);
    QCOMPARE(attributeValue(server.attributes, u"http.request.method").toString(),
             QString::fromLatin1(verb));
    QCOMPARE(attributeValue(server.attributes, u"url.path").toString(), path);
    QCOMPARE(attributeValue(server.attributes, u"http.route").toString(), path);
    QCOMPARE(attributeValue(server.attributes, u"server.port").toInt(), m_port);
    QCOMPARE(attributeValue(server.attributes, u"http.response.status_code").toInt(), status);
    QCOMPARE(attributeValue(client.attributes, u"http.response.status_code").toInt(), status);
    QCOMPARE(attributeValue(client.attributes, u"url.full").toString(), url(path).toString());
    QCOMPARE(server.status == StatusCode::Error, serverError);
    QCOMPARE(client.status == StatusCode::Error, clientError);
    if (path == u"/ok") {
        const SpanData work = m_serverSpans->span(QStringLiteral("work"));
        QCOMPARE(work.parentSpanId, server.spanId);
        QCOMPARE(work.traceId, root.context().traceId);
        QCOMPARE(attributeValue(work.attributes, u"user").toString(), QStringLiteral("alice"));
    }
    if (path == u"/throw")
        QCOMPARE(server.events.front().name, QStringLiteral("exception"));
}

void TstInstrumentation::incomingContext_data()
{
    QTest::addColumn<QByteArray>("traceparent");
    QTest::addColumn<bool>("continued");
    QTest::addRow("valid") << QByteArray("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                           << true;
    QTest::addRow("invalid starts a new trace")
        << QByteArray("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01") << false;
    QTest::addRow("absent starts a new trace") << QByteArray() << false;
}

void TstInstrumentation::incomingContext()
{
    QFETCH(QByteArray, traceparent);
    QFETCH(bool, continued);
    QNetworkAccessManager manager;
    QNetworkRequest request(url(QStringLiteral("/ok")));
    if (!traceparent.isEmpty())
        request.setRawHeader("traceparent", traceparent);
    QNetworkReply *reply = manager.get(request);
    QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000));
    delete reply;
    const SpanData server = m_serverSpans->span(QStringLiteral("GET /ok"));
    QVERIFY(server.spanId.isValid());
    QCOMPARE(server.parentSpanId.isValid(), continued);
    QCOMPARE(server.traceId.toHex() == "4bf92f3577b34da6a3ce929d0e0e4736", continued);
}

void TstInstrumentation::asyncSendEndsSpanOnFinish()
{
    QNetworkAccessManager manager;
    QNetworkReply *reply = HttpClientTracing::send(manager, *m_client,
                                                   QNetworkRequest(url(QStringLiteral("/ok"))), "GET");
    QCOMPARE(m_clientSpans->spans().size(), 0);
    QVERIFY(QTest::qWaitFor([this] { return m_clientSpans->spans().size() == 1; }, 10000));
    QCOMPARE(reply->readAll(), QByteArray("fine"));
    delete reply;
    QVERIFY(!m_clientSpans->spans().front().parentSpanId.isValid());
}

QTEST_GUILESS_MAIN(TstInstrumentation)
#include "tst_instrumentation.moc"
