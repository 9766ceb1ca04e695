// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <variant>

namespace traceflow {

// A typed attribute value as OpenTelemetry defines it: a string, int64, double or bool, or a
// homogeneous array of one of those. This is the exchange form; Attributes stores it compactly.
class AttributeValue
{
public:
    enum class Type : std::uint8_t {
        Empty,
        String,
        Bool,
        Int,
        Double,
        StringArray,
        BoolArray,
        IntArray,
        DoubleArray
    };

    AttributeValue() = default;
    AttributeValue(const QString &v) : m_value(v) {}
    AttributeValue(const char16_t *v) : m_value(QString::fromUtf16(v)) {}
    AttributeValue(bool v) : m_value(v) {}
    AttributeValue(int v) : m_value(static_cast<qint64>(v)) {}
    AttributeValue(qint64 v) : m_value(v) {}
    AttributeValue(double v) : m_value(v) {}
    AttributeValue(const QStringList &v) : m_value(v) {}
    AttributeValue(const QList<bool> &v) : m_value(v) {}
    AttributeValue(const QList<qint64> &v) : m_value(v) {}
    AttributeValue(const QList<double> &v) : m_value(v) {}

    Type type() const { return static_cast<Type>(m_value.index()); }
    bool isEmpty() const { return type() == Type::Empty; }
    bool isArray() const { return type() >= Type::StringArray; }

    QString toString() const; // every type rendered as text; arrays as [a, b]
    bool toBool() const;
    qint64 toInt() const;
    double toDouble() const; // ints widen; bools 0/1; strings parsed, 0 when not numeric
    QStringList toStringList() const;
    QList<bool> toBoolList() const;
    QList<qint64> toIntList() const;
    QList<double> toDoubleList() const;

    friend bool operator==(const AttributeValue &a, const AttributeValue &b)
    {
        return a.m_value == b.m_value;
    }
    friend bool operator!=(const AttributeValue &a, const AttributeValue &b) { return !(a == b); }

private:
    std::variant<std::monostate, QString, bool, qint64, double, QStringList, QList<bool>,
                 QList<qint64>, QList<double>>
        m_value;
};

} // namespace traceflow
