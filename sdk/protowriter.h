// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace traceflow::sdk {

// A minimal protocol-buffers wire-format writer: enough for OTLP. It writes every field it
// is given (proto3 omission of default values is the caller's choice, and a oneof member
// must be written even when it holds its default).
class ProtoWriter
{
public:
    enum class WireType : quint8 { Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5 };

    void writeVarint(quint32 field, quint64 value);
    // int64/int32/enum fields: negative values take ten bytes (two's complement).
    void writeInt64(quint32 field, qint64 value) { writeVarint(field, quint64(value)); }
    void writeBool(quint32 field, bool value) { writeVarint(field, value ? 1 : 0); }
    void writeFixed64(quint32 field, quint64 value);
    void writeFixed32(quint32 field, quint32 value);
    void writeDouble(quint32 field, double value);
    void writeBytes(quint32 field, QByteArrayView bytes);
    void writeString(quint32 field, const QString &text) { writeBytes(field, text.toUtf8()); }
    void writeMessage(quint32 field, const ProtoWriter &message) { writeBytes(field, message.m_data); }

    const QByteArray &data() const { return m_data; }
    bool isEmpty() const { return m_data.isEmpty(); }

    static void appendVarint(QByteArray &out, quint64 value);

private:
    void writeTag(quint32 field, WireType type);

    QByteArray m_data;
};

} // namespace traceflow::sdk
