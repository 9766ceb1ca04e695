// SPDX-License-Identifier: MIT
#include "attributes.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <mutex>
#include <unordered_map>

namespace traceflow {

namespace {
constexpr std::size_t HeaderWords = 2;
constexpr std::size_t EntryWords = 3;
// Distinct string values a key may put into the pool before its values are kept per span.
constexpr std::uint32_t MaxPooledValuesPerKey = 1024;
// Strings longer than this are never pooled: long values are rarely repeated exactly.
constexpr std::size_t MaxPooledValueBytes = 96;

enum class ArrayElement : std::uint8_t { String, Bool, Int, Double };

// Decides whether a new string value of a key may enter the pool.
class PoolAdmission
{
public:
    static PoolAdmission &instance()
    {
        static PoolAdmission admission;
        return admission;
    }
    bool admit(StringPool::Id key)
    {
        std::lock_guard lock(m_mutex);
        std::uint32_t &n = m_distinct[key];
        if (n >= MaxPooledValuesPerKey)
            return false;
        ++n;
        return true;
    }

private:
    std::mutex m_mutex;
    std::unordered_map<StringPool::Id, std::uint32_t> m_distinct;
};

// Keys whose values this thread saw refused by PoolAdmission. A refused key stays refused, so
// their values (request ids, URLs...) skip the pool lookup and the admission lock: they are kept
// in the span. One of them that was pooled before the key filled up is then stored inline too,
// which is equal by value (Attributes compares and matches values, not ids).
class SaturatedKeys
{
public:
    bool contains(StringPool::Id key) const { return m_slots[key % Slots] == key; }
    void insert(StringPool::Id key) { m_slots[key % Slots] = key; }

private:
    static constexpr std::size_t Slots = 256;
    StringPool::Id m_slots[Slots] = {};
};

thread_local SaturatedKeys t_saturatedKeys;

void appendRaw(std::string &blob, const void *data, std::size_t size)
{
    blob.append(static_cast<const char *>(data), size);
}

void appendString(std::string &blob, const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    const auto n = static_cast<std::uint32_t>(utf8.size());
    appendRaw(blob, &n, sizeof n);
    blob.append(utf8.constData(), utf8.size());
}

template<typename T>
T readRaw(const char *&p)
{
    T value;
    std::memcpy(&value, p, sizeof value);
    p += sizeof value;
    return value;
}

QString readString(const char *&p)
{
    const auto n = readRaw<std::uint32_t>(p);
    QString s = QString::fromUtf8(p, static_cast<qsizetype>(n));
    p += n;
    return s;
}
} // namespace

struct Attributes::Encoder
{
    struct Entry
    {
        StringPool::Id key;
        Kind kind;
        std::uint64_t payload;
    };
    std::vector<Entry> entries;
    std::string blob;

    void add(StringPool::Id key, const AttributeValue &v)
    {
        Entry e{key, Kind::Bool, 0};
        switch (v.type()) {
        case AttributeValue::Type::Empty:
            return;
        case AttributeValue::Type::Bool:
            e.payload = v.toBool() ? 1 : 0;
            break;
        case AttributeValue::Type::Int: {
            e.kind = Kind::Int;
            const qint64 i = v.toInt();
            std::memcpy(&e.payload, &i, sizeof i);
            break;
        }
        case AttributeValue::Type::Double: {
            e.kind = Kind::Double;
            const double d = v.toDouble();
            std::memcpy(&e.payload, &d, sizeof d);
            break;
        }
        case AttributeValue::Type::String:
            addString(e, v.toString());
            break;
        default:
            addArray(e, v);
            break;
        }
        entries.push_back(e);
    }

    void addString(Entry &e, const QString &s)
    {
        const QByteArray utf8 = s.toUtf8();
        addUtf8(e, std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
    }

    void addUtf8(Entry &e, std::string_view view)
    {
        if (view.size() <= 7) {
            // Up to 7 bytes live in the payload; the 8th byte holds the length.
            e.kind = Kind::InlineString;
            std::memcpy(&e.payload, view.data(), view.size());
            e.payload |= static_cast<std::uint64_t>(view.size()) << 56;
            return;
        }
        StringPool::Id id = 0;
        if (view.size() <= MaxPooledValueBytes && !t_saturatedKeys.contains(e.key)) {
            StringPool &pool = StringPool::instance();
            id = pool.find(view);
            if (!id) {
                if (PoolAdmission::instance().admit(e.key))
                    id = pool.intern(view);
                else
                    t_saturatedKeys.insert(e.key);
            }
        }
        if (id) {
            e.kind = Kind::PooledString;
            e.payload = id;
            return;
        }
        e.kind = Kind::BlobString;
        e.payload = static_cast<std::uint64_t>(view.size()) << 32 | blob.size();
        blob.append(view);
    }

    void addArray(Entry &e, const AttributeValue &v)
    {
        e.kind = Kind::Array;
        const std::size_t start = blob.size();
        std::uint32_t n = 0;
        auto header = [&](ArrayElement type, qsizetype count) {
            blob.push_back(static_cast<char>(type));
            n = static_cast<std::uint32_t>(count);
            appendRaw(blob, &n, sizeof n);
        };
        switch (v.type()) {
        case AttributeValue::Type::StringArray: {
            const QStringList list = v.toStringList();
            header(ArrayElement::String, list.size());
            for (const QString &s : list)
                appendString(blob, s);
            break;
        }
        case AttributeValue::Type::BoolArray: {
            const QList<bool> list = v.toBoolList();
            header(ArrayElement::Bool, list.size());
            for (bool b : list)
                blob.push_back(b ? 1 : 0);
            break;
        }
        case AttributeValue::Type::IntArray: {
            const QList<qint64> list = v.toIntList();
            header(ArrayElement::Int, list.size());
            for (qint64 i : list)
                appendRaw(blob, &i, sizeof i);
            break;
        }
        default: {
            const QList<double> list = v.toDoubleList();
            header(ArrayElement::Double, list.size());
            for (double d : list)
                appendRaw(blob, &d, sizeof d);
            break;
        }
        }
        e.payload = static_cast<std::uint64_t>(blob.size() - start) << 32 | start;
    }

    std::unique_ptr<std::uint32_t[]> finish() const
    {
        if (entries.empty())
            return {};
        const std::size_t words =
            HeaderWords + entries.size() * EntryWords + (blob.size() + 3) / 4;
        auto block = std::make_unique_for_overwrite<std::uint32_t[]>(words);
        block[words - 1] = 0; // the blob's padding, so that equal sets are equal blocks
        block[0] = static_cast<std::uint32_t>(entries.size());
        block[1] = static_cast<std::uint32_t>(blob.size());
        std::uint32_t *e = block.get() + HeaderWords;
        for (const Entry &entry : entries) {
            e[0] = entry.key << 8 | static_cast<std::uint32_t>(entry.kind);
            e[1] = static_cast<std::uint32_t>(entry.payload);
            e[2] = static_cast<std::uint32_t>(entry.payload >> 32);
            e += EntryWords;
        }
        std::memcpy(e, blob.data(), blob.size());
        return block;
    }
};

namespace {
// Keeps the last value of each key, in the order keys first appeared.
std::vector<Attributes::Item> lastValuePerKey(const std::vector<Attributes::Item> &items)
{
    std::vector<Attributes::Item> out;
    for (const Attributes::Item &item : items) {
        auto same = [&](const Attributes::Item &o) { return o.first == item.first; };
        if (auto it = std::find_if(out.begin(), out.end(), same); it != out.end())
            it->second = item.second;
        else
            out.push_back(item);
    }
    return out;
}
} // namespace

Attributes::Attributes(const std::vector<Item> &items)
{
    Encoder encoder;
    encoder.entries.reserve(items.size());
    StringPool &pool = StringPool::instance();
    for (const Item &item : items) {
        if (item.first.isEmpty() || item.second.isEmpty())
            continue;
        const StringPool::Id key = pool.intern(item.first);
        auto same = [key](const Encoder::Entry &e) { return e.key == key; };
        if (std::any_of(encoder.entries.begin(), encoder.entries.end(), same)) {
            // Duplicate keys are rare in real input: redo the whole set with the last values.
            *this = Attributes(lastValuePerKey(items));
            return;
        }
        encoder.add(key, item.second);
    }
    m_block = encoder.finish();
}

namespace {
// QString::fromUtf8 drops a leading byte order mark, so text starting with one takes the
// QString path: both paths must give the same set.
bool startsWithBom(std::string_view s)
{
    return s.size() >= 3 && s.compare(0, 3, "\xEF\xBB\xBF") == 0;
}

QString fromUtf8View(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

Attributes viaQString(const std::vector<Attributes::Utf8Item> &items)
{
    std::vector<Attributes::Item> converted;
    converted.reserve(items.size());
    for (const Attributes::Utf8Item &item : items) {
        converted.emplace_back(fromUtf8View(item.key),
                               item.isText ? AttributeValue(fromUtf8View(item.text)) : item.value);
    }
    return Attributes(converted);
}
} // namespace

Attributes Attributes::fromUtf8(const std::vector<Utf8Item> &items)
{
    // Decoders call this once or more per span: the scratch buffers are kept per thread.
    thread_local Encoder encoder;
    encoder.entries.clear();
    encoder.blob.clear();
    StringPool &pool = StringPool::instance();
    for (const Utf8Item &item : items) {
        if (startsWithBom(item.key) || (item.isText && startsWithBom(item.text)))
            return viaQString(items);
        if (item.key.empty() || (!item.isText && item.value.isEmpty()))
            continue;
        const StringPool::Id key = pool.intern(item.key);
        auto same = [key](const Encoder::Entry &e) { return e.key == key; };
        if (std::any_of(encoder.entries.begin(), encoder.entries.end(), same))
            return viaQString(items); // duplicate keys: the QString path's rules apply
        if (item.isText) {
            Encoder::Entry e{key, Kind::Bool, 0};
            encoder.addUtf8(e, item.text);
            encoder.entries.push_back(e);
        } else {
            encoder.add(key, item.value);
        }
    }
    Attributes out;
    out.m_block = encoder.finish();
    return out;
}

std::size_t Attributes::blockWords() const
{
    if (!m_block)
        return 0;
    return HeaderWords + m_block[0] * EntryWords + (m_block[1] + 3) / 4;
}

Attributes::Attributes(const Attributes &other)
{
    *this = other;
}

Attributes &Attributes::operator=(const Attributes &other)
{
    if (this == &other)
        return *this;
    const std::size_t words = other.blockWords();
    if (words == 0) {
        m_block.reset();
        return *this;
    }
    m_block = std::make_unique<std::uint32_t[]>(words);
    std::memcpy(m_block.get(), other.m_block.get(), words * sizeof(std::uint32_t));
    return *this;
}

int Attributes::size() const
{
    return m_block ? static_cast<int>(m_block[0]) : 0;
}

const std::uint32_t *Attributes::entry(int index) const
{
    return m_block.get() + HeaderWords + static_cast<std::size_t>(index) * EntryWords;
}

const char *Attributes::blob() const
{
    return reinterpret_cast<const char *>(m_block.get() + HeaderWords + m_block[0] * EntryWords);
}

std::string_view Attributes::blobString(const std::uint32_t *e) const
{
    return {blob() + e[1], e[2]};
}

StringPool::Id Attributes::keyIdAt(int index) const
{
    return entry(index)[0] >> 8;
}

QString Attributes::keyAt(int index) const
{
    return StringPool::instance().string(keyIdAt(index));
}

AttributeValue Attributes::valueAt(int index) const
{
    const std::uint32_t *e = entry(index);
    const std::uint64_t payload = static_cast<std::uint64_t>(e[2]) << 32 | e[1];
    switch (static_cast<Kind>(e[0] & 0xff)) {
    case Kind::Bool:
        return AttributeValue(payload != 0);
    case Kind::Int: {
        qint64 i;
        std::memcpy(&i, &payload, sizeof i);
        return AttributeValue(i);
    }
    case Kind::Double: {
        double d;
        std::memcpy(&d, &payload, sizeof d);
        return AttributeValue(d);
    }
    case Kind::PooledString:
        return AttributeValue(StringPool::instance().string(e[1]));
    case Kind::InlineString: {
        const auto n = static_cast<qsizetype>(payload >> 56);
        char bytes[8];
        std::memcpy(bytes, &payload, sizeof bytes);
        return AttributeValue(QString::fromUtf8(bytes, n));
    }
    case Kind::BlobString: {
        const std::string_view s = blobString(e);
        return AttributeValue(QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())));
    }
    case Kind::Array:
        break;
    }
    const char *p = blob() + e[1];
    const auto type = static_cast<ArrayElement>(*p++);
    const auto n = readRaw<std::uint32_t>(p);
    switch (type) {
    case ArrayElement::String: {
        QStringList list;
        for (std::uint32_t i = 0; i < n; ++i)
            list.append(readString(p));
        return AttributeValue(list);
    }
    case ArrayElement::Bool: {
        QList<bool> list;
        for (std::uint32_t i = 0; i < n; ++i)
            list.append(*p++ != 0);
        return AttributeValue(list);
    }
    case ArrayElement::Int: {
        QList<qint64> list;
        for (std::uint32_t i = 0; i < n; ++i)
            list.append(readRaw<qint64>(p));
        return AttributeValue(list);
    }
    case ArrayElement::Double: {
        QList<double> list;
        for (std::uint32_t i = 0; i < n; ++i)
            list.append(readRaw<double>(p));
        return AttributeValue(list);
    }
    }
    return {};
}

int Attributes::indexOf(StringPool::Id key) const
{
    if (!key)
        return -1;
    const int n = size();
    for (int i = 0; i < n; ++i) {
        if (keyIdAt(i) == key)
            return i;
    }
    return -1;
}

int Attributes::indexOf(QStringView key) const
{
    if (isEmpty())
        return -1;
    return indexOf(StringPool::instance().find(key));
}

AttributeValue Attributes::value(QStringView key) const
{
    const int i = indexOf(key);
    return i < 0 ? AttributeValue() : valueAt(i);
}

bool Attributes::valueEquals(int index, StringPool::Id pooled, std::string_view utf8,
                             QStringView text) const
{
    const std::uint32_t *e = entry(index);
    switch (static_cast<Kind>(e[0] & 0xff)) {
    case Kind::PooledString:
        return pooled != 0 && e[1] == pooled;
    case Kind::InlineString: {
        const std::uint64_t payload = static_cast<std::uint64_t>(e[2]) << 32 | e[1];
        const auto n = static_cast<std::size_t>(payload >> 56);
        char bytes[8];
        std::memcpy(bytes, &payload, sizeof bytes);
        return std::string_view(bytes, n) == utf8;
    }
    case Kind::BlobString:
        return blobString(e) == utf8;
    case Kind::Int: {
        bool ok = false;
        const qint64 wanted = text.toLongLong(&ok);
        return ok && valueAt(index).toInt() == wanted;
    }
    case Kind::Bool:
        return (text == u"true" && (e[1] != 0)) || (text == u"false" && e[1] == 0);
    default:
        return valueAt(index).toString() == text;
    }
}

void Attributes::insert(const QString &key, const AttributeValue &value)
{
    std::vector<Item> all = items();
    all.emplace_back(key, value);
    *this = Attributes(all);
}

void Attributes::remove(QStringView key)
{
    std::vector<Item> all = items();
    std::erase_if(all, [key](const Item &i) { return i.first == key; });
    *this = Attributes(all);
}

std::vector<Attributes::Item> Attributes::items() const
{
    std::vector<Item> out;
    const int n = size();
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        out.emplace_back(keyAt(i), valueAt(i));
    return out;
}

std::size_t Attributes::heapBytes() const
{
    const std::size_t words = blockWords();
    // malloc rounds up to 16 bytes and keeps an 8-byte header.
    return words ? ((words * 4 + 8 + 15) / 16) * 16 : 0;
}

bool operator==(const Attributes &a, const Attributes &b)
{
    if (a.size() != b.size())
        return false;
    for (int i = 0; i < a.size(); ++i) {
        if (a.keyIdAt(i) != b.keyIdAt(i) || a.valueAt(i) != b.valueAt(i))
            return false;
    }
    return true;
}

} // namespace traceflow
