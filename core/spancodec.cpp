// SPDX-License-Identifier: MIT
#include "spancodec.h"

#include <QHash>

#include <cstring>

namespace traceflow {

namespace {
enum class IdForm : quint8 { Empty, Hex, Text, SameTrace };
// Attribute value tags; booleans carry their value in the tag.
enum class ValueTag : quint8 { Empty, String, False, True, Int, Double, Strings, Bools, Ints,
                               Doubles };
constexpr quint8 HasDetails = 1;

quint64 zigzag(qint64 v) { return (quint64(v) << 1) ^ quint64(v >> 63); }
qint64 unzigzag(quint64 v) { return qint64(v >> 1) ^ -qint64(v & 1); }

// The body is written first and the string table is put in front of it at the end, so the
// table only holds strings the spans use.
class Writer
{
public:
    QByteArray body;

    void byte(quint8 b) { body.append(char(b)); }
    void varint(quint64 v)
    {
        char buf[10];
        int n = 0;
        while (v >= 0x80) {
            buf[n++] = char(v | 0x80);
            v >>= 7;
        }
        buf[n++] = char(v);
        body.append(buf, n);
    }
    void fixed64(quint64 v)
    {
        char buf[8];
        std::memcpy(buf, &v, 8); // little-endian hosts only (x86-64, arm64)
        body.append(buf, 8);
    }
    void string(const QString &s) { varint(stringIndex(s)); }
    void pooled(StringPool::Id id)
    {
        auto it = m_pooled.constFind(id);
        if (it == m_pooled.constEnd())
            it = m_pooled.insert(id, stringIndex(StringPool::instance().string(id)));
        varint(*it);
    }
    template<std::size_t N> void id(const BasicId<N> &id)
    {
        if (id.isEmpty()) {
            byte(quint8(IdForm::Empty));
        } else if (id.isHex()) {
            byte(quint8(IdForm::Hex));
            byte(quint8(id.size()));
            body.append(reinterpret_cast<const char *>(id.bytes()), qsizetype(id.size()));
        } else {
            byte(quint8(IdForm::Text));
            string(id.toString());
        }
    }
    void attributes(const Attributes &attributes);
    QByteArray finish();

private:
    quint32 stringIndex(const QString &s)
    {
        auto it = m_index.constFind(s);
        if (it != m_index.constEnd())
            return *it;
        const auto index = quint32(m_strings.size());
        m_index.insert(s, index);
        m_strings.append(s);
        return index;
    }

    QHash<QString, quint32> m_index;
    QHash<StringPool::Id, quint32> m_pooled;
    QStringList m_strings;
};

void Writer::attributes(const Attributes &attributes)
{
    const int count = attributes.size();
    varint(quint64(count));
    for (int i = 0; i < count; ++i) {
        pooled(attributes.keyIdAt(i));
        const AttributeValue v = attributes.valueAt(i);
        switch (v.type()) {
        case AttributeValue::Type::Empty: byte(quint8(ValueTag::Empty)); break;
        case AttributeValue::Type::String:
            byte(quint8(ValueTag::String));
            string(v.toString());
            break;
        case AttributeValue::Type::Bool:
            byte(quint8(v.toBool() ? ValueTag::True : ValueTag::False));
            break;
        case AttributeValue::Type::Int:
            byte(quint8(ValueTag::Int));
            varint(zigzag(v.toInt()));
            break;
        case AttributeValue::Type::Double: {
            byte(quint8(ValueTag::Double));
            const double d = v.toDouble();
            quint64 bits;
            std::memcpy(&bits, &d, 8);
            fixed64(bits);
            break;
        }
        case AttributeValue::Type::StringArray: {
            byte(quint8(ValueTag::Strings));
            const QStringList list = v.toStringList();
            varint(quint64(list.size()));
            for (const QString &s : list)
                string(s);
            break;
        }
        case AttributeValue::Type::BoolArray: {
            byte(quint8(ValueTag::Bools));
            const QList<bool> list = v.toBoolList();
            varint(quint64(list.size()));
            for (bool b : list)
                byte(b ? 1 : 0);
            break;
        }
        case AttributeValue::Type::IntArray: {
            byte(quint8(ValueTag::Ints));
            const QList<qint64> list = v.toIntList();
            varint(quint64(list.size()));
            for (qint64 n : list)
                varint(zigzag(n));
            break;
        }
        case AttributeValue::Type::DoubleArray: {
            byte(quint8(ValueTag::Doubles));
            const QList<double> list = v.toDoubleList();
            varint(quint64(list.size()));
            for (double d : list) {
                quint64 bits;
                std::memcpy(&bits, &d, 8);
                fixed64(bits);
            }
            break;
        }
        }
    }
}

QByteArray Writer::finish()
{
    QByteArray spanBody;
    spanBody.swap(body);
    byte(SpanCodec::Version);
    varint(quint64(m_strings.size()));
    for (const QString &s : std::as_const(m_strings)) {
        const QByteArray utf8 = s.toUtf8();
        varint(quint64(utf8.size()));
        body.append(utf8);
    }
    body.append(spanBody);
    return std::move(body);
}

// Bounds-checked reading: any overrun sets m_ok to false and yields zeroes from then on.
class Reader
{
public:
    explicit Reader(QByteArrayView data) : m_p(data.data()), m_end(data.data() + data.size()) {}

    bool ok() const { return m_ok; }
    bool atEnd() const { return m_p == m_end; }
    quint8 byte()
    {
        if (!need(1))
            return 0;
        return quint8(*m_p++);
    }
    quint64 varint()
    {
        quint64 v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!need(1))
                return 0;
            const auto b = quint8(*m_p++);
            v |= quint64(b & 0x7f) << shift;
            if (!(b & 0x80))
                return v;
        }
        m_ok = false;
        return 0;
    }
    quint64 fixed64()
    {
        quint64 v = 0;
        if (need(8)) {
            std::memcpy(&v, m_p, 8);
            m_p += 8;
        }
        return v;
    }
    QByteArrayView bytes(quint64 n)
    {
        if (!need(n))
            return {};
        const QByteArrayView view(m_p, qsizetype(n));
        m_p += n;
        return view;
    }
    // A count of items each taking at least one byte: larger than what is left is malformed.
    quint64 count()
    {
        const quint64 n = varint();
        if (n > quint64(m_end - m_p))
            m_ok = false;
        return m_ok ? n : 0;
    }
    void fail() { m_ok = false; }

private:
    bool need(quint64 n)
    {
        if (m_ok && quint64(m_end - m_p) >= n)
            return true;
        m_ok = false;
        return false;
    }

    const char *m_p;
    const char *m_end;
    bool m_ok = true;
};

class Decoder
{
public:
    explicit Decoder(QByteArrayView blob) : m_in(blob) {}
    bool run(std::vector<Span> *out);

private:
    const QString &string()
    {
        const quint64 i = m_in.varint();
        if (i >= quint64(m_strings.size())) {
            m_in.fail();
            return m_empty;
        }
        return m_strings[qsizetype(i)];
    }
    StringPool::Id pooled()
    {
        const quint64 i = m_in.varint();
        if (i >= quint64(m_strings.size())) {
            m_in.fail();
            return 0;
        }
        StringPool::Id &id = m_pooled[std::size_t(i)];
        if (id == 0 && !m_strings[qsizetype(i)].isEmpty())
            id = StringPool::instance().intern(m_strings[qsizetype(i)]);
        return id;
    }
    template<std::size_t N> BasicId<N> id(const TraceId *previousTrace = nullptr)
    {
        switch (IdForm(m_in.byte())) {
        case IdForm::Empty: return {};
        case IdForm::Hex: {
            const quint8 size = m_in.byte();
            if (size != N && size != N / 2) {
                m_in.fail();
                return {};
            }
            const QByteArrayView raw = m_in.bytes(size);
            return m_in.ok() ? BasicId<N>::fromBytes(raw.data(), size) : BasicId<N>();
        }
        case IdForm::Text: return BasicId<N>::fromString(QStringView(string()));
        case IdForm::SameTrace:
            if constexpr (N == 16) {
                if (previousTrace)
                    return *previousTrace;
            }
            break;
        }
        m_in.fail();
        return {};
    }
    Attributes attributes();
    AttributeValue value();

    Reader m_in;
    QStringList m_strings;
    std::vector<StringPool::Id> m_pooled; // interned lazily, per table entry
    std::vector<QSharedDataPointer<SpanOrigin>> m_origins;
    const QString m_empty;
};

AttributeValue Decoder::value()
{
    const auto tag = ValueTag(m_in.byte());
    switch (tag) {
    case ValueTag::Empty: return {};
    case ValueTag::String: return string();
    case ValueTag::False: return false;
    case ValueTag::True: return true;
    case ValueTag::Int: return unzigzag(m_in.varint());
    case ValueTag::Double: {
        const quint64 bits = m_in.fixed64();
        double d;
        std::memcpy(&d, &bits, 8);
        return d;
    }
    case ValueTag::Strings: {
        QStringList list;
        for (quint64 n = m_in.count(); n > 0; --n)
            list.append(string());
        return list;
    }
    case ValueTag::Bools: {
        QList<bool> list;
        for (quint64 n = m_in.count(); n > 0; --n)
            list.append(m_in.byte() != 0);
        return list;
    }
    case ValueTag::Ints: {
        QList<qint64> list;
        for (quint64 n = m_in.count(); n > 0; --n)
            list.append(unzigzag(m_in.varint()));
        return list;
    }
    case ValueTag::Doubles: {
        QList<double> list;
        for (quint64 n = m_in.count(); n > 0; --n) {
            const quint64 bits = m_in.fixed64();
            double d;
            std::memcpy(&d, &bits, 8);
            list.append(d);
        }
        return list;
    }
    }
    m_in.fail();
    return {};
}

Attributes Decoder::attributes()
{
    const quint64 count = m_in.count();
    if (count == 0)
        return {};
    std::vector<Attributes::Item> items;
    items.reserve(count);
    for (quint64 i = 0; i < count && m_in.ok(); ++i) {
        const QString &key = string();
        items.emplace_back(key, value());
    }
    return Attributes(items);
}

bool Decoder::run(std::vector<Span> *out)
{
    if (m_in.byte() != SpanCodec::Version)
        return false;
    const quint64 stringCount = m_in.count();
    m_strings.reserve(qsizetype(stringCount));
    for (quint64 i = 0; i < stringCount && m_in.ok(); ++i) {
        const QByteArrayView utf8 = m_in.bytes(m_in.varint());
        m_strings.append(QString::fromUtf8(utf8));
    }
    m_pooled.assign(std::size_t(m_strings.size()), 0);
    const quint64 originCount = m_in.count();
    for (quint64 i = 0; i < originCount && m_in.ok(); ++i) {
        QSharedDataPointer<SpanOrigin> origin(new SpanOrigin);
        origin->resource = attributes();
        origin->scopeName = string();
        origin->scopeVersion = string();
        m_origins.push_back(std::move(origin));
    }
    const quint64 spanCount = m_in.count();
    const std::size_t before = out->size();
    if (out->capacity() < before + spanCount) // geometric: callers append blob after blob
        out->reserve(std::max<std::size_t>(before + spanCount, out->capacity() * 2));
    qint64 previousStart = 0;
    for (quint64 i = 0; i < spanCount && m_in.ok(); ++i) {
        Span &s = out->emplace_back();
        s.traceId = id<16>(i > 0 ? &(*out)[out->size() - 2].traceId : nullptr);
        s.spanId = id<8>();
        s.parentSpanId = id<8>();
        const quint8 kind = m_in.byte();
        const quint8 status = m_in.byte();
        if (kind > quint8(SpanKind::Consumer) || status > quint8(StatusCode::Error))
            m_in.fail();
        s.kind = SpanKind(kind);
        s.status = StatusCode(status);
        s.serviceId = pooled();
        s.operationId = pooled();
        s.startNs = previousStart + unzigzag(m_in.varint());
        previousStart = s.startNs;
        s.durationNs = unzigzag(m_in.varint());
        if (const quint64 origin = m_in.varint(); origin > 0) {
            if (origin > m_origins.size())
                m_in.fail();
            else
                s.setOrigin(m_origins[origin - 1]);
        }
        s.attributes = attributes();
        if (m_in.byte() & HasDetails) {
            if (const QString &message = string(); !message.isEmpty())
                s.setStatusMessage(message);
            if (const QString &state = string(); !state.isEmpty())
                s.setTraceState(state);
            for (quint64 n = m_in.count(); n > 0 && m_in.ok(); --n) {
                SpanEvent event;
                event.timeNs = s.startNs + unzigzag(m_in.varint());
                event.name = string();
                event.attributes = attributes();
                s.addEvent(std::move(event));
            }
            for (quint64 n = m_in.count(); n > 0 && m_in.ok(); --n) {
                SpanLink link;
                link.traceId = id<16>();
                link.spanId = id<8>();
                link.traceState = string();
                link.attributes = attributes();
                s.addLink(std::move(link));
            }
        }
    }
    if (!m_in.ok() || !m_in.atEnd()) {
        out->resize(before);
        return false;
    }
    return true;
}
} // namespace

QByteArray SpanCodec::encode(const std::vector<Span> &spans)
{
    std::vector<const Span *> pointers;
    pointers.reserve(spans.size());
    for (const Span &s : spans)
        pointers.push_back(&s);
    return encode(pointers);
}

QByteArray SpanCodec::encode(const Span *const *spans, std::size_t count)
{
    Writer w;
    // Origins first (they are shared by pointer, so a batch has few): index + 1 per span.
    std::vector<const SpanOrigin *> origins;
    std::vector<quint32> originOf(count, 0);
    for (std::size_t i = 0; i < count; ++i) {
        const SpanOrigin *origin = spans[i]->origin().constData();
        if (!origin)
            continue;
        std::size_t k = 0;
        while (k < origins.size() && origins[k] != origin && !(*origins[k] == *origin))
            ++k;
        if (k == origins.size())
            origins.push_back(origin);
        originOf[i] = quint32(k + 1);
    }
    w.varint(origins.size());
    for (const SpanOrigin *origin : origins) {
        w.attributes(origin->resource);
        w.string(origin->scopeName);
        w.string(origin->scopeVersion);
    }
    w.varint(count);
    qint64 previousStart = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const Span &s = *spans[i];
        if (i > 0 && s.traceId == spans[i - 1]->traceId)
            w.byte(quint8(IdForm::SameTrace));
        else
            w.id(s.traceId);
        w.id(s.spanId);
        w.id(s.parentSpanId);
        w.byte(quint8(s.kind));
        w.byte(quint8(s.status));
        w.pooled(s.serviceId);
        w.pooled(s.operationId);
        w.varint(zigzag(s.startNs - previousStart));
        previousStart = s.startNs;
        w.varint(zigzag(s.durationNs));
        w.varint(originOf[i]);
        w.attributes(s.attributes);
        const bool details = !s.statusMessage().isEmpty() || !s.traceState().isEmpty()
            || !s.events().empty() || !s.links().empty();
        w.byte(details ? HasDetails : 0);
        if (!details)
            continue;
        w.string(s.statusMessage());
        w.string(s.traceState());
        w.varint(s.events().size());
        for (const SpanEvent &event : s.events()) {
            w.varint(zigzag(event.timeNs - s.startNs));
            w.string(event.name);
            w.attributes(event.attributes);
        }
        w.varint(s.links().size());
        for (const SpanLink &link : s.links()) {
            w.id(link.traceId);
            w.id(link.spanId);
            w.string(link.traceState);
            w.attributes(link.attributes);
        }
    }
    return w.finish(); // the version and string table go in front
}

bool SpanCodec::decode(QByteArrayView blob, std::vector<Span> *out)
{
    return Decoder(blob).run(out);
}

} // namespace traceflow
