// SPDX-License-Identifier: MIT
#include "samplingpredicates.h"

#include <algorithm>
#include <limits>

namespace traceflow {

std::uint64_t SamplingPredicates::fnv1a64(const void *data, std::size_t size, std::uint64_t state)
{
    constexpr std::uint64_t Prime = 1099511628211ull;
    const auto *bytes = static_cast<const unsigned char *>(data);
    for (std::size_t i = 0; i < size; ++i) {
        state ^= bytes[i];
        state *= Prime;
    }
    return state;
}

std::uint64_t SamplingPredicates::traceHash(std::uint64_t saltState, const TraceId &id)
{
    if (id.isHex()) {
        unsigned char bytes[16] = {};
        const std::size_t size = std::min<std::size_t>(id.size(), 16);
        std::copy_n(id.bytes(), size, bytes + 16 - size);
        return fnv1a64(bytes, sizeof bytes, saltState);
    }
    const std::string text = id.toStdString();
    return fnv1a64(text.data(), text.size(), saltState);
}

std::uint64_t SamplingPredicates::threshold(double percentage)
{
    if (percentage <= 0)
        return 0;
    if (percentage >= 100)
        return std::numeric_limits<std::uint64_t>::max();
    // long double holds 2^64 - 1 exactly on x86-64; rounding may still reach 2^64 just below 100.
    const long double max = static_cast<long double>(std::numeric_limits<std::uint64_t>::max());
    const long double scaled = max * static_cast<long double>(percentage) / 100.0L;
    return scaled >= max ? std::numeric_limits<std::uint64_t>::max()
                         : static_cast<std::uint64_t>(scaled);
}

bool SamplingPredicates::sampledAt(std::uint64_t hash, double percentage, std::uint64_t threshold)
{
    return percentage > 0 && hash <= threshold;
}

qint64 SamplingPredicates::durationMs(const std::vector<Span> &spans)
{
    if (spans.empty())
        return 0;
    qint64 first = std::numeric_limits<qint64>::max();
    qint64 last = std::numeric_limits<qint64>::min();
    for (const Span &span : spans) {
        first = std::min(first, span.startNs);
        last = std::max(last, span.endNs());
    }
    return (last - first) / 1'000'000;
}

QStringView SamplingPredicates::traceStateValue(QStringView traceState, QStringView key)
{
    qsizetype start = 0;
    while (start <= traceState.size()) {
        qsizetype end = traceState.indexOf(u',', start);
        if (end < 0)
            end = traceState.size();
        // List members may be padded with spaces or tabs (W3C trace-context, "OWS").
        const QStringView member = traceState.sliced(start, end - start).trimmed();
        const qsizetype eq = member.indexOf(u'=');
        if (eq > 0 && member.first(eq) == key)
            return member.sliced(eq + 1);
        start = end + 1;
    }
    return {};
}

} // namespace traceflow
