// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace traceflow {

// gzip (Content-Encoding: gzip) with zlib. Inflation is bounded: a body that would grow past
// the limit is refused as soon as it does, so a small compressed bomb costs at most `limit`
// bytes of memory and the time to produce them.
class GzipCodec
{
public:
    enum class Result { Ok, TooLarge, Corrupt };

    // Accepts gzip and zlib streams (zlib's automatic header detection). On failure *out is
    // empty and *error says why.
    static Result inflate(QByteArrayView compressed, qsizetype limit, QByteArray *out,
                          QString *error);
    // A gzip stream.
    static QByteArray compress(QByteArrayView data, int level = 6);
};

} // namespace traceflow
