// SPDX-License-Identifier: MIT
#include "gzipcodec.h"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace traceflow {

namespace {
constexpr qsizetype Chunk = 256 * 1024;
// zlib counts in uInt; feed it at most this much at a time.
constexpr qsizetype MaxStep = std::numeric_limits<uInt>::max() / 2;
} // namespace

GzipCodec::Result GzipCodec::inflate(QByteArrayView compressed, qsizetype limit, QByteArray *out, QString *error)
{
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 32) != Z_OK) {
        *error = QStringLiteral("cannot initialise zlib");
        return Result::Corrupt;
    }
    out->clear();
    // A typical ratio for span payloads; grown as needed, never past limit + 1.
    out->reserve(std::min(limit + 1, std::max<qsizetype>(Chunk, compressed.size() * 4)));
    qsizetype consumed = 0;
    int rc = Z_OK;
    Result result = Result::Ok;
    while (rc != Z_STREAM_END) {
        if (zs.avail_in == 0) {
            if (consumed == compressed.size()) {
                *error = QStringLiteral("truncated gzip body");
                result = Result::Corrupt;
                break;
            }
            const qsizetype step = std::min(compressed.size() - consumed, MaxStep);
            zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data() + consumed));
            zs.avail_in = static_cast<uInt>(step);
            consumed += step;
        }
        const qsizetype have = out->size();
        if (have > limit) {
            *error = QStringLiteral("decompressed body exceeds %1 bytes").arg(limit);
            result = Result::TooLarge;
            break;
        }
        // Room for at most limit + 1 bytes, which is enough to notice the overflow.
        const qsizetype room = std::min(Chunk, limit + 1 - have);
        out->resize(have + room);
        zs.next_out = reinterpret_cast<Bytef *>(out->data() + have);
        zs.avail_out = static_cast<uInt>(room);
        rc = ::inflate(&zs, Z_NO_FLUSH);
        out->resize(have + room - static_cast<qsizetype>(zs.avail_out));
        if (rc == Z_BUF_ERROR && zs.avail_in == 0)
            continue; // needs more input
        if (rc != Z_OK && rc != Z_STREAM_END) {
            *error = QStringLiteral("invalid gzip body: %1")
                         .arg(QString::fromUtf8(zs.msg ? zs.msg : "corrupt data"));
            result = Result::Corrupt;
            break;
        }
    }
    if (result == Result::Ok && out->size() > limit) {
        *error = QStringLiteral("decompressed body exceeds %1 bytes").arg(limit);
        result = Result::TooLarge;
    }
    inflateEnd(&zs);
    if (result != Result::Ok)
        out->clear();
    return result;
}

QByteArray GzipCodec::compress(QByteArrayView data, int level)
{
    z_stream zs{};
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out;
    out.resize(static_cast<qsizetype>(deflateBound(&zs, static_cast<uLong>(data.size()))));
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(rc == Z_STREAM_END ? static_cast<qsizetype>(zs.total_out) : 0);
    deflateEnd(&zs);
    return out;
}

} // namespace traceflow
