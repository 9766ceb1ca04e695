// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>

// A tiny protobuf wire-format reader for tests: it splits a message into its fields so a
// test can check the encoder's field numbers, wire types and values independently of the
// encoder's own code.
struct ProtoField
{
    quint32 number = 0;
    int wireType = 0;    // 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32
    quint64 integer = 0; // varint, fixed64 and fixed32 values
    QByteArray bytes;    // length-delimited payload
};

class ProtoReader
{
public:
    // Empty list and ok == false when the bytes are not a well-formed message.
    static QList<ProtoField> fields(const QByteArray &message, bool *ok = nullptr);
    static QList<ProtoField> all(const QList<ProtoField> &fields, quint32 number);
    static ProtoField first(const QList<ProtoField> &fields, quint32 number);
    static QList<ProtoField> sub(const QList<ProtoField> &fields, quint32 number);
};
