// SPDX-License-Identifier: MIT
#include "protoreader.h"

namespace {

bool readVarint(const QByteArray &data, qsizetype &pos, quint64 &value)
{
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= data.size())
            return false;
        const auto byte = quint8(data[pos++]);
        value |= quint64(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0)
            return true;
    }
    return false;
}

quint64 readLittleEndian(const QByteArray &data, qsizetype pos, int size)
{
    quint64 value = 0;
    for (int i = 0; i < size; ++i)
        value |= quint64(quint8(data[pos + i])) << (8 * i);
    return value;
}

} // namespace

QList<ProtoField> ProtoReader::fields(const QByteArray &message, bool *ok)
{
    QList<ProtoField> out;
    qsizetype pos = 0;
    bool good = true;
    while (good && pos < message.size()) {
        quint64 tag = 0;
        if (!readVarint(message, pos, tag)) {
            good = false;
            break;
        }
        ProtoField field;
        field.number = quint32(tag >> 3);
        field.wireType = int(tag & 7);
        switch (field.wireType) {
        case 0:
            good = readVarint(message, pos, field.integer);
            break;
        case 1:
            good = pos + 8 <= message.size();
            if (good) {
                field.integer = readLittleEndian(message, pos, 8);
                pos += 8;
            }
            break;
        case 5:
            good = pos + 4 <= message.size();
            if (good) {
                field.integer = readLittleEndian(message, pos, 4);
                pos += 4;
            }
            break;
        case 2: {
            quint64 length = 0;
            good = readVarint(message, pos, length) && pos + qsizetype(length) <= message.size();
            if (good) {
                field.bytes = message.mid(pos, qsizetype(length));
                pos += qsizetype(length);
            }
            break;
        }
        default:
            good = false;
        }
        good = good && field.number != 0;
        if (good)
            out.append(field);
    }
    if (ok)
        *ok = good;
    return good ? out : QList<ProtoField>();
}

QList<ProtoField> ProtoReader::all(const QList<ProtoField> &fields, quint32 number)
{
    QList<ProtoField> out;
    for (const ProtoField &field : fields) {
        if (field.number == number)
            out.append(field);
    }
    return out;
}

ProtoField ProtoReader::first(const QList<ProtoField> &fields, quint32 number)
{
    for (const ProtoField &field : fields) {
        if (field.number == number)
            return field;
    }
    return {};
}

QList<ProtoField> ProtoReader::sub(const QList<ProtoField> &fields, quint32 number)
{
    return ProtoReader::fields(first(fields, number).bytes);
}
