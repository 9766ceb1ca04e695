// SPDX-License-Identifier: MIT
#include "attributevalue.h"

namespace traceflow {

namespace {
template<typename T>
QString joined(const QList<T> &items)
{
    QStringList parts;
    parts.reserve(items.size());
    for (const T &item : items)
        parts.append(AttributeValue(item).toString());
    return u'[' + parts.join(u", ") + u']';
}
} // namespace

QString AttributeValue::toString() const
{
    switch (type()) {
    case Type::Empty:
        return {};
    case Type::String:
        return std::get<QString>(m_value);
    case Type::Bool:
        return std::get<bool>(m_value) ? QStringLiteral("true") : QStringLiteral("false");
    case Type::Int:
        return QString::number(std::get<qint64>(m_value));
    case Type::Double:
        return QString::number(std::get<double>(m_value), 'g', 17);
    case Type::StringArray:
        return joined(std::get<QStringList>(m_value));
    case Type::BoolArray:
        return joined(std::get<QList<bool>>(m_value));
    case Type::IntArray:
        return joined(std::get<QList<qint64>>(m_value));
    case Type::DoubleArray:
        return joined(std::get<QList<double>>(m_value));
    }
    return {};
}

bool AttributeValue::toBool() const
{
    switch (type()) {
    case Type::Bool:
        return std::get<bool>(m_value);
    case Type::Int:
        return std::get<qint64>(m_value) != 0;
    case Type::Double:
        return std::get<double>(m_value) != 0.0;
    case Type::String:
        return std::get<QString>(m_value).compare(u"true", Qt::CaseInsensitive) == 0;
    default:
        return false;
    }
}

qint64 AttributeValue::toInt() const
{
    switch (type()) {
    case Type::Int:
        return std::get<qint64>(m_value);
    case Type::Double:
        return static_cast<qint64>(std::get<double>(m_value));
    case Type::Bool:
        return std::get<bool>(m_value) ? 1 : 0;
    case Type::String:
        return std::get<QString>(m_value).toLongLong();
    default:
        return 0;
    }
}

double AttributeValue::toDouble() const
{
    switch (type()) {
    case Type::Double:
        return std::get<double>(m_value);
    case Type::Int:
        return static_cast<double>(std::get<qint64>(m_value));
    case Type::Bool:
        return std::get<bool>(m_value) ? 1.0 : 0.0;
    case Type::String:
        return std::get<QString>(m_value).toDouble();
    default:
        return 0.0;
    }
}

QStringList AttributeValue::toStringList() const
{
    return type() == Type::StringArray ? std::get<QStringList>(m_value) : QStringList();
}
QList<bool> AttributeValue::toBoolList() const
{
    return type() == Type::BoolArray ? std::get<QList<bool>>(m_value) : QList<bool>();
}
QList<qint64> AttributeValue::toIntList() const
{
    return type() == Type::IntArray ? std::get<QList<qint64>>(m_value) : QList<qint64>();
}
QList<double> AttributeValue::toDoubleList() const
{
    return type() == Type::DoubleArray ? std::get<QList<double>>(m_value) : QList<double>();
}

} // namespace traceflow
