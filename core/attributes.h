// SPDX-License-Identifier: MIT
#pragma once

#include "attributevalue.h"
#include "stringpool.h"

#include <QString>
#include <QStringView>

#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace traceflow {

// An ordered set of key -> AttributeValue pairs, stored in one heap block so that a span with
// eight attributes costs about a hundred bytes. Keys are interned; string values are interned
// while their key has few distinct values (service names, HTTP methods, status codes) and kept
// inline in the block once a key proves high-cardinality (request ids, URLs), so the pool stays
// bounded. Copies are deep; the block is immutable between edits.
class Attributes
{
public:
    using Item = std::pair<QString, AttributeValue>;

    Attributes() = default;
    // Later items replace earlier ones with the same key; empty keys are skipped.
    explicit Attributes(const std::vector<Item> &items);
    Attributes(std::initializer_list<Item> items) : Attributes(std::vector<Item>(items)) {}

    // An item as a JSON decoder reads it: the key and, for a string value, the text are views
    // of valid UTF-8 in the parser's buffer, so decoding makes no QString for them.
    struct Utf8Item
    {
        std::string_view key;
        AttributeValue value; // used when !isText
        std::string_view text;
        bool isText = false;
    };
    // The same set as Attributes(items) with each key and text converted by QString::fromUtf8.
    static Attributes fromUtf8(const std::vector<Utf8Item> &items);
    Attributes(const Attributes &other);
    Attributes &operator=(const Attributes &other);
    Attributes(Attributes &&) noexcept = default;
    Attributes &operator=(Attributes &&) noexcept = default;

    int size() const;
    bool isEmpty() const { return size() == 0; }

    QString keyAt(int index) const;
    StringPool::Id keyIdAt(int index) const;
    AttributeValue valueAt(int index) const;
    // -1 when absent.
    int indexOf(QStringView key) const;
    int indexOf(StringPool::Id key) const;
    bool contains(QStringView key) const { return indexOf(key) >= 0; }
    AttributeValue value(QStringView key) const;
    // Query matching without allocating: true when the value at index, rendered as text, equals
    // the text whose pool id (0 if never pooled) and UTF-8 bytes are given.
    bool valueEquals(int index, StringPool::Id pooled, std::string_view utf8,
                     QStringView text) const;

    void insert(const QString &key, const AttributeValue &value);
    void remove(QStringView key);
    std::vector<Item> items() const;

    // Heap bytes held by this set (for the store's byte budget).
    std::size_t heapBytes() const;

    friend bool operator==(const Attributes &a, const Attributes &b);
    friend bool operator!=(const Attributes &a, const Attributes &b) { return !(a == b); }

private:
    enum class Kind : std::uint8_t { Bool, Int, Double, PooledString, InlineString, BlobString,
                                     Array };
    struct Encoder;

    std::size_t blockWords() const;
    const std::uint32_t *entry(int index) const;
    const char *blob() const;
    std::string_view blobString(const std::uint32_t *e) const;

    // Layout in 32-bit words: [count][blob bytes][count x (key<<8|kind, lo, hi)][blob...]
    std::unique_ptr<std::uint32_t[]> m_block;
};

} // namespace traceflow
