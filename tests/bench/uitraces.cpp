// SPDX-License-Identifier: MIT
#include "uitraces.h"

#include <QDateTime>
#include <QStringList>

#include <array>
#include <deque>
#include <random>

namespace traceflow {

namespace {

constexpr qint64 Ms = 1'000'000;

SpanId numericId(quint64 n)
{
    std::array<unsigned char, 8> bytes{};
    for (int i = 0; i < 8; ++i)
        bytes[std::size_t(i)] = static_cast<unsigned char>(n >> (56 - 8 * i));
    return SpanId::fromBytes(bytes.data(), bytes.size());
}

const TraceId CheckoutTrace = TraceId::fromHex(std::string_view("4bf92f3577b34da6a3ce929d0e0e4736"));

} // namespace

std::vector<Span> UiTraces::checkout()
{
    const qint64 t0 = QDateTime(QDate(2024, 5, 14), QTime(9, 41, 7, 250), Qt::UTC).toMSecsSinceEpoch() * Ms;
    QSharedDataPointer<SpanOrigin> origins[3];
    const char *services[3] = {"checkout", "inventory", "payment"};
    for (int i = 0; i < 3; ++i) {
        origins[i] = new SpanOrigin;
        origins[i]->resource.insert(QStringLiteral("service.name"), QString::fromUtf8(services[i]));
        origins[i]->resource.insert(QStringLiteral("host.name"), QStringLiteral("%1-7f9c").arg(QString::fromUtf8(services[i])));
        origins[i]->resource.insert(QStringLiteral("telemetry.sdk.name"), QStringLiteral("traceflow-sdk"));
        origins[i]->scopeName = QStringLiteral("traceflow.demo");
        origins[i]->scopeVersion = QStringLiteral("0.1.0");
    }
    std::vector<Span> spans;
    const auto add = [&](int id, int parent, int service, const char *operation, SpanKind kind,
                         double startMs, double durationMs) -> Span & {
        Span s;
        s.traceId = CheckoutTrace;
        s.spanId = numericId(0xa1b2c3d400000000ull + quint64(id));
        if (parent > 0)
            s.parentSpanId = numericId(0xa1b2c3d400000000ull + quint64(parent));
        s.setService(QString::fromUtf8(services[service]));
        s.setOperation(QString::fromUtf8(operation));
        s.kind = kind;
        s.startNs = t0 + qint64(startMs * Ms);
        s.durationNs = qint64(durationMs * Ms);
        s.setOrigin(origins[service]);
        spans.push_back(s);
        return spans.back();
    };
    Span &root = add(1, 0, 0, "POST /checkout", SpanKind::Server, 0, 182.4);
    root.attributes.insert(QStringLiteral("http.method"), QStringLiteral("POST"));
    root.attributes.insert(QStringLiteral("http.route"), QStringLiteral("/checkout"));
    root.attributes.insert(QStringLiteral("http.status_code"), qint64(502));
    root.attributes.insert(QStringLiteral("user.id"), QStringLiteral("u-20417"));
    root.status = StatusCode::Error;
    root.setStatusMessage(QStringLiteral("payment failed"));
    add(2, 1, 0, "validate cart", SpanKind::Internal, 1.2, 6.1).attributes.insert(QStringLiteral("cart.items"), qint64(3));
    add(3, 1, 0, "GET /inventory/reserve", SpanKind::Client, 8.0, 51.5);
    Span &reserve = add(4, 3, 1, "POST /reserve", SpanKind::Server, 9.1, 49.2);
    reserve.attributes.insert(QStringLiteral("sku.count"), qint64(3));
    Span &select = add(5, 4, 1, "SELECT stock", SpanKind::Client, 11.0, 14.8);
    select.attributes.insert(QStringLiteral("db.system"), QStringLiteral("postgresql"));
    select.attributes.insert(QStringLiteral("db.statement"), QStringLiteral("SELECT qty FROM stock WHERE sku = ANY($1)"));
    add(6, 4, 1, "UPDATE stock", SpanKind::Client, 27.5, 22.3).attributes.insert(QStringLiteral("db.system"), QStringLiteral("postgresql"));
    add(7, 4, 1, "publish stock.reserved", SpanKind::Producer, 51.0, 4.2).addLink({CheckoutTrace, numericId(0xa1b2c3d400000000ull + 2), QString(), {}});
    add(8, 1, 0, "POST /payment/charge", SpanKind::Client, 62.0, 112.6).status = StatusCode::Error;
    Span &charge = add(9, 8, 2, "POST /charge", SpanKind::Server, 63.4, 109.9);
    charge.status = StatusCode::Error;
    charge.setStatusMessage(QStringLiteral("card declined by issuer"));
    charge.attributes.insert(QStringLiteral("payment.amount"), 129.9);
    charge.attributes.insert(QStringLiteral("payment.currency"), QStringLiteral("EUR"));
    charge.addEvent({t0 + qint64(64.0 * Ms), QStringLiteral("fraud check started"), {}});
    charge.addEvent({t0 + qint64(170.1 * Ms), QStringLiteral("card declined"),
                     {{QStringLiteral("decline.code"), QStringLiteral("insufficient_funds")}}});
    add(10, 9, 2, "fraud score", SpanKind::Internal, 64.5, 31.2);
    add(11, 9, 2, "load customer", SpanKind::Client, 66.0, 12.0).attributes.insert(QStringLiteral("db.system"), QStringLiteral("redis"));
    Span &bank = add(12, 9, 2, "POST bank /authorize", SpanKind::Client, 97.0, 72.6);
    bank.status = StatusCode::Error;
    bank.setStatusMessage(QStringLiteral("402 Payment Required"));
    add(13, 1, 0, "render receipt", SpanKind::Internal, 175.3, 3.4);
    add(14, 1, 0, "send confirmation", SpanKind::Producer, 178.8, 3.1).addEvent({t0 + qint64(180 * Ms), QStringLiteral("queued"), {}});
    return spans;
}

std::vector<Span> UiTraces::synthetic(int count, unsigned seed)
{
    static const QStringList services = {
        QStringLiteral("frontend"), QStringLiteral("checkout"), QStringLiteral("inventory"),
        QStringLiteral("payment"), QStringLiteral("shipping"), QStringLiteral("recommendation"),
        QStringLiteral("ads"), QStringLiteral("postgres")};
    static const QStringList operations = {
        QStringLiteral("GET /api/products"), QStringLiteral("POST /api/cart"), QStringLiteral("SELECT"),
        QStringLiteral("render"), QStringLiteral("cache lookup"), QStringLiteral("grpc Quote"),
        QStringLiteral("publish"), QStringLiteral("resolve"), QStringLiteral("serialize"),
        QStringLiteral("HTTP GET"), QStringLiteral("compute price"), QStringLiteral("auth check")};
    std::mt19937 random(seed);
    const auto uniform = [&random](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };

    std::vector<Span> spans;
    spans.reserve(std::size_t(count));
    const TraceId trace = TraceId::fromHex(std::string_view("00000000000000000000000000c0ffee"));
    const qint64 t0 = 1'715'680'000'000'000'000;
    struct Pending { int index; int depth; };
    std::deque<Pending> queue;
    const auto add = [&](int parent, int service, qint64 start, qint64 duration) {
        Span s;
        s.traceId = trace;
        s.spanId = numericId(quint64(spans.size()) + 1);
        if (parent >= 0)
            s.parentSpanId = spans[std::size_t(parent)].spanId;
        s.setService(services[service]);
        s.setOperation(operations[uniform(0, int(operations.size()) - 1)]);
        s.startNs = start;
        s.durationNs = duration;
        s.kind = SpanKind(uniform(1, 5));
        if (uniform(0, 99) == 0)
            s.status = StatusCode::Error;
        if (uniform(0, 19) == 0)
            s.addEvent({start + duration / 2, QStringLiteral("checkpoint"), {}});
        spans.push_back(std::move(s));
        return int(spans.size()) - 1;
    };
    queue.push_back({add(-1, 0, t0, 4'000 * Ms), 0});
    while (!queue.empty() && int(spans.size()) < count) {
        const Pending p = queue.front();
        queue.pop_front();
        const Span parent = spans[std::size_t(p.index)];
        const int children = p.depth >= 12 ? 0 : p.depth == 0 ? 40 : uniform(1, 6);
        qint64 cursor = parent.startNs + parent.durationNs / 50;
        const qint64 slot = parent.durationNs * 9 / 10 / std::max(1, children);
        for (int c = 0; c < children && int(spans.size()) < count; ++c) {
            const bool parallel = uniform(0, 3) == 0;
            const qint64 duration = std::max<qint64>(1000, slot * uniform(40, 95) / 100);
            const int service = uniform(0, 2) == 0 ? uniform(0, int(services.size()) - 1)
                                                   : services.indexOf(parent.service());
            const int child = add(p.index, service, cursor, duration);
            queue.push_back({child, p.depth + 1});
            if (!parallel)
                cursor += slot;
        }
        if (queue.empty() && int(spans.size()) < count)
            queue.push_back({0, 0}); // widen the root again until count is reached
    }
    return spans;
}

} // namespace traceflow
