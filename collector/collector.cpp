// SPDX-License-Identifier: MIT
#include "collector.h"

#include "clickhousereader.h"
#include "clickhousesink.h"
#include "filestore.h"
#include "guardedtcpserver.h"
#include "ingestqueue.h"
#include "ingestroutes.h"
#include "queryroutes.h"
#include "routecontext.h"
#include "samplingdriver.h"
#include "storereader.h"
#include "tracestore.h"
#include "zipkinroutes.h"

#include <QHttpServer>
#include <QHttpServerResponder>
#include <QTcpSocket>

#include <nlohmann/json.hpp>

namespace traceflow {

namespace {
constexpr int DrainPollMs = 20;

// Equal-time comparison, so the answer time says nothing about how much of a token matched.
bool sameSecret(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}
} // namespace

Collector::Collector(const CollectorConfig &config, TraceStore &store, QObject *parent)
    : QObject(parent), m_config(config), m_store(store)
{
    m_queue = std::make_unique<IngestQueue>(
        store, static_cast<std::size_t>(config.maxQueuedSpans),
        [this](std::size_t count) { Q_EMIT spansStored(static_cast<qint64>(count)); });
    if (config.clickhouse.enabled()) {
        m_sink = std::make_unique<ClickHouseSink>(config.clickhouse);
        if (!config.sampling) // with tail sampling: what the sampler keeps (below)
            m_queue->setTap([this](const std::vector<Span> &spans) { m_sink->push(spans); });
    }
    if (config.storage == StorageKind::ClickHouse && config.clickhouse.enabled())
        m_reader = std::make_unique<ClickHouseReader>(config.clickhouse);
    else
        m_reader = std::make_unique<StoreReader>(store);
    if (config.sampling) {
        m_sampling = new SamplingDriver(*config.sampling, store, this);
        m_queue->setInserter([this](std::vector<Span> spans) { m_sampling->insert(std::move(spans)); });
        // Never push(), which waits while the sink's queue is full: the kept spans come from
        // the decision timer in this thread, and a wait there stops decisions (pending traces
        // pile up), the API and ingestion alike, with nobody to push back on. What the queue
        // cannot take goes to the spill folder (or is counted as dropped when that is full).
        if (m_sink)
            m_sampling->setKeptTap(
                [this](const std::vector<Span> &spans) { m_sink->pushOrSpill(spans); });
    }
    installRoutes();
    m_pool.setExpiryTimeout(-1); // keep the decoding threads: requests come all the time
    m_networkPool.setMaxThreadCount(8); // concurrent ClickHouse queries per collector
    m_drainTimer.setInterval(DrainPollMs);
    connect(&m_drainTimer, &QTimer::timeout, this, &Collector::checkDrained);
}

Collector::~Collector()
{
    stop();
    m_pool.waitForDone(); // its work uses the store, the queue and the metrics
    m_networkPool.waitForDone();
}

void Collector::installRoutes()
{
    RouteContext context{m_store, *m_queue, m_metrics, m_config, m_sampling};
    context.reader = m_reader.get();
    context.storageError = [this] {
        const FileStore *fileStore = m_fileStore.load();
        return fileStore ? fileStore->writeError() : QString();
    };
    IngestRoutes::install(m_router, context);
    QueryRoutes::install(m_router, context);
    ZipkinRoutes::install(m_router, context);
    m_router.add(HttpRouter::Method::Get, QStringLiteral("/health"),
                 [](const QHttpServerRequest &, const QStringList &) {
                     return HttpReply::json(200, nlohmann::json{{"status", "ok"}});
                 },
                 /*open=*/true);
    m_router.add(HttpRouter::Method::Get, QStringLiteral("/metrics"),
                 [this](const QHttpServerRequest &, const QStringList &) {
                     const FileStore *fileStore = m_fileStore.load();
                     return HttpReply::raw(
                         200, QByteArrayLiteral("text/plain; version=0.0.4"),
                         m_metrics.prometheus(gauges()) +
                             (m_sampling ? m_sampling->prometheus() : QByteArray()) +
                             (m_sink ? m_sink->prometheus() : QByteArray()) +
                             (fileStore ? fileStore->prometheus() : QByteArray()));
                 });
}

GuardedTcpServer *Collector::listen(quint16 port, const QString &what)
{
    auto *server = new GuardedTcpServer(m_config.maxBodyBytes, this);
    if (!server->listen(m_config.bindAddress, port)) {
        m_error = QStringLiteral("cannot listen on %1:%2 (%3): %4")
                      .arg(m_config.bindAddress.toString())
                      .arg(port)
                      .arg(what, server->errorString());
        delete server;
        return nullptr;
    }
    connect(server, &GuardedTcpServer::requestRefused, this,
            [this](int status) { m_metrics.addRefused(status); });
    return server;
}

bool Collector::start()
{
    if (m_running)
        return true;
    m_error.clear();
    if (m_config.storage == StorageKind::ClickHouse && !m_sink) {
        m_error = QStringLiteral("--storage clickhouse needs --clickhouse-url (or "
                                 "TRACEFLOW_CLICKHOUSE_URL)");
        Q_EMIT errorOccurred(m_error);
        return false;
    }
    if (m_sink && !m_sinkStarted) {
        if (!m_sink->start(&m_error)) {
            Q_EMIT errorOccurred(m_error);
            return false;
        }
        m_sinkStarted = true;
    }
    GuardedTcpServer *api = listen(m_config.apiPort, QStringLiteral("api"));
    GuardedTcpServer *otlp = nullptr;
    if (api && m_config.otlpPort != 0 && m_config.otlpPort == m_config.apiPort)
        otlp = api; // one port serving both roles
    else if (api)
        otlp = listen(m_config.otlpPort, QStringLiteral("otlp"));
    if (!api || !otlp) {
        delete api;
        Q_EMIT errorOccurred(m_error);
        return false;
    }
    m_apiPort = api->serverPort();
    m_otlpPort = otlp->serverPort();

    m_http = new QHttpServer(this);
    m_http->setMissingHandler(
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            dispatch(request, std::move(responder));
        });
    m_servers = {api};
    if (otlp != api)
        m_servers.append(otlp);
    for (GuardedTcpServer *server : std::as_const(m_servers))
        m_http->bind(server); // reparents the server to m_http
    m_running = true;
    return true;
}

void Collector::setIngestHeld(bool held)
{
    m_queue->setHeld(held);
}

void Collector::stop()
{
    if (!m_running)
        return;
    for (const QPointer<GuardedTcpServer> &server : std::as_const(m_servers)) {
        if (server)
            server->close();
    }
    finishStop();
}

void Collector::shutdown()
{
    if (!m_running) {
        Q_EMIT stopped();
        return;
    }
    if (m_drainTimer.isActive())
        return; // already shutting down
    for (const QPointer<GuardedTcpServer> &server : std::as_const(m_servers)) {
        if (server)
            server->close(); // no new connections; open ones carry on
    }
    m_shutdownClock.start();
    m_drainTimer.start();
    checkDrained();
}

void Collector::checkDrained()
{
    int busy = 0;
    for (const QPointer<GuardedTcpServer> &server : std::as_const(m_servers)) {
        if (server)
            busy += server->busyConnectionCount();
    }
    const bool idle = busy == 0 && m_pendingWork == 0 && m_replies.pending() == 0;
    if (idle || m_shutdownClock.elapsed() >= m_config.shutdownGraceMs)
        finishStop();
}

void Collector::finishStop()
{
    m_drainTimer.stop();
    m_pool.waitForDone();
    m_networkPool.waitForDone();
    for (const QPointer<GuardedTcpServer> &server : std::as_const(m_servers)) {
        if (server)
            server->closeConnections();
    }
    m_servers.clear();
    if (m_http) {
        // Later, so that connections closing now can still write what they owe.
        m_http->deleteLater();
        m_http = nullptr;
    }
    m_queue->flush();
    // Pending traces get their decision now, so the store (and its file) and ClickHouse end
    // with what the sampler keeps rather than traces it never judged.
    if (m_sampling)
        m_sampling->decidePending();
    // What ClickHouse cannot take now stays in the spill folder for the next start.
    if (m_sink && m_sink->counters().up)
        m_sink->flush(std::min(m_config.shutdownGraceMs, m_config.clickhouse.timeoutMs));
    const bool wasRunning = m_running;
    m_running = false;
    if (wasRunning)
        Q_EMIT stopped();
}

CollectorMetrics::Gauges Collector::gauges() const
{
    CollectorMetrics::Gauges g;
    g.store = m_store.counters();
    g.limits = m_store.limits();
    g.queuedSpans = m_queue->queuedSpans();
    g.queuedBatches = m_queue->queuedBatches();
    g.queueCapacity = m_queue->capacity();
    for (const QPointer<GuardedTcpServer> &server : m_servers) {
        if (server) {
            g.networkBytes += server->bytesReceived();
            g.connections += server->connectionCount();
        }
    }
    return g;
}

bool Collector::authorized(const QHttpServerRequest &request) const
{
    if (m_config.authToken.isEmpty())
        return true;
    const QByteArray value = request.value(QByteArrayLiteral("authorization")).trimmed();
    constexpr QByteArrayView scheme("bearer ");
    if (value.size() <= scheme.size()
        || value.left(scheme.size()).compare(scheme, Qt::CaseInsensitive) != 0)
        return false;
    return sameSecret(value.mid(scheme.size()).trimmed(), m_config.authToken);
}

QList<QPair<QByteArray, QByteArray>> Collector::corsHeaders(const QHttpServerRequest &request) const
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (m_config.corsOrigin.isEmpty())
        return headers;
    headers.append({QByteArrayLiteral("Access-Control-Allow-Origin"), m_config.corsOrigin});
    if (m_config.corsOrigin != "*")
        headers.append({QByteArrayLiteral("Vary"), QByteArrayLiteral("Origin")});
    if (request.method() == HttpRouter::Method::Options) {
        QByteArray allowed = request.value(QByteArrayLiteral("access-control-request-headers"));
        if (allowed.isEmpty())
            allowed = QByteArrayLiteral("Content-Type, Content-Encoding, Authorization");
        headers.append({QByteArrayLiteral("Access-Control-Allow-Methods"),
                        QByteArrayLiteral("GET, POST, OPTIONS")});
        headers.append({QByteArrayLiteral("Access-Control-Allow-Headers"), allowed});
        headers.append({QByteArrayLiteral("Access-Control-Max-Age"), QByteArrayLiteral("86400")});
    } else {
        headers.append({QByteArrayLiteral("Access-Control-Expose-Headers"),
                        QByteArrayLiteral("Retry-After")});
    }
    return headers;
}

HttpReply Collector::route(const QHttpServerRequest &request, QString *routeName)
{
    const HttpRouter::Match match =
        m_router.match(request.method(), request.url().path(QUrl::FullyEncoded));
    if (!match.route) {
        *routeName = QStringLiteral("unmatched");
        if (match.allowed.isEmpty())
            return HttpReply::error(404, QStringLiteral("no such route: %1")
                                             .arg(request.url().path()));
        if (request.method() == HttpRouter::Method::Options && !m_config.corsOrigin.isEmpty()) {
            *routeName = QStringLiteral("preflight");
            return HttpReply::raw(204, {}, {});
        }
        QByteArray allow;
        for (HttpRouter::Method method : match.allowed)
            allow += (allow.isEmpty() ? "" : ", ") + HttpRouter::methodName(method);
        return HttpReply::error(405, QStringLiteral("method not allowed"))
            .addHeader(QByteArrayLiteral("Allow"), allow);
    }
    *routeName = match.route->pattern;
    if (!match.route->open && !authorized(request))
        return HttpReply::error(401, QStringLiteral("missing or wrong bearer token"))
            .addHeader(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer"));
    try {
        return match.route->handler(request, match.captures);
    } catch (const std::exception &e) {
        return HttpReply::error(500, QStringLiteral("internal error: %1")
                                         .arg(QString::fromUtf8(e.what())));
    }
}

// Answers are written straight to the connection (QHttpServerResponder writes nothing when it
// is dropped unused), through the ReplySequencer so that answers computed on the pool keep
// the order of their requests.
void Collector::dispatch(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    QElapsedTimer timer;
    timer.start();
    QString routeName;
    HttpReply reply = route(request, &routeName);
    const QPointer<QTcpSocket> socket = responder.socket();
    const quint64 slot = m_replies.reserve(socket.data());
    auto finish = [this, socket, slot, routeName, timer,
                   cors = corsHeaders(request)](HttpReply done) {
        done.headers += cors;
        m_replies.complete(socket, slot, done.toBytes());
        m_metrics.recordRequest(routeName, done.status, timer.nsecsElapsed());
    };
    if (!reply.work) {
        finish(std::move(reply));
        return;
    }
    ++m_pendingWork;
    QThreadPool &pool = reply.waitsOnNetwork ? m_networkPool : m_pool;
    pool.start([this, work = std::move(reply.work), finish]() {
        HttpReply done;
        try {
            done = work();
        } catch (const std::exception &e) {
            done = HttpReply::error(500, QStringLiteral("internal error: %1")
                                             .arg(QString::fromUtf8(e.what())));
        }
        QMetaObject::invokeMethod(
            this,
            [this, finish, done = std::move(done)]() mutable {
                --m_pendingWork;
                finish(std::move(done));
            },
            Qt::QueuedConnection);
    });
}

} // namespace traceflow
