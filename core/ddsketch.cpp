// SPDX-License-Identifier: MIT
#include "ddsketch.h"

#include <QtGlobal>

#include <algorithm>
#include <cmath>
#include <limits>

namespace traceflow {

namespace {

// The sketch holds nanosecond durations: positive values below 1 ns count in the 1 ns bucket
// and values above 1e19 ns (beyond qint64) in the top bucket, so one stray value can never make
// the dense bins span more than ~4,400 buckets at the default accuracy (~220,000 at the finest).
constexpr double MinIndexedValue = 1.0;
constexpr double MaxIndexedValue = 1e19;
// Finer accuracies would make the bin span (and memory) explode; coarser ones are meaningless.
constexpr double FinestAccuracy = 1e-4;
constexpr double CoarsestAccuracy = 0.5;

} // namespace

DDSketch::DDSketch(double relativeAccuracy)
    : m_relativeAccuracy(std::clamp(relativeAccuracy, FinestAccuracy, CoarsestAccuracy))
    , m_gamma((1 + m_relativeAccuracy) / (1 - m_relativeAccuracy))
{
    Q_ASSERT(relativeAccuracy >= FinestAccuracy && relativeAccuracy <= CoarsestAccuracy);
    // The store makes a default sketch per new key and minute: spare it the logarithm.
    static const double defaultInverseLogGamma =
        1.0 / std::log((1 + DefaultAccuracy) / (1 - DefaultAccuracy));
    m_inverseLogGamma = m_relativeAccuracy == DefaultAccuracy ? defaultInverseLogGamma
                                                              : 1.0 / std::log(m_gamma);
}

DDSketch::Sample DDSketch::sample(double value)
{
    const double clamped = std::min(std::max(value, MinIndexedValue), MaxIndexedValue);
    return {value, std::log(clamped)};
}

int DDSketch::indexOf(Sample value) const
{
    return int(std::ceil(value.log * m_inverseLogGamma));
}

double DDSketch::valueOf(int index) const
{
    // The midpoint (in relative terms) of (gamma^(i-1), gamma^i]: within relativeAccuracy of both.
    return 2.0 * std::pow(m_gamma, index) / (m_gamma + 1.0);
}

void DDSketch::add(Sample sample, std::uint64_t count)
{
    const double value = sample.value;
    if (count == 0 || std::isnan(value))
        return;
    m_count += count;
    m_sum += value * double(count);
    if (value <= 0) {
        m_zeroCount += count;
        return;
    }
    const int index = indexOf(sample);
    if (index < m_offset || index >= m_offset + int(m_bins.size()))
        grow(index);
    // Contract: a single bucket holds fewer than 2^32 values (far above any store's capacity).
    Q_ASSERT(m_bins[index - m_offset] + count <= std::numeric_limits<std::uint32_t>::max());
    m_bins[std::size_t(index - m_offset)] += std::uint32_t(count);
}

bool DDSketch::remove(Sample sample, std::uint64_t count)
{
    const double value = sample.value;
    if (count == 0 || std::isnan(value) || count > m_count)
        return false;
    if (value <= 0) {
        if (m_zeroCount < count)
            return false;
        m_zeroCount -= count;
    } else {
        const int index = indexOf(sample);
        if (index < m_offset || index >= m_offset + int(m_bins.size()))
            return false;
        std::uint32_t &bin = m_bins[std::size_t(index - m_offset)];
        if (bin < count)
            return false;
        bin -= std::uint32_t(count);
        if (bin == 0 && (index == m_offset || index == m_offset + int(m_bins.size()) - 1))
            trim();
    }
    m_count -= count;
    // An empty sketch must compare equal to a fresh one: drop the rounding residue of the sum.
    m_sum = m_count == 0 ? 0.0 : m_sum - value * double(count);
    return true;
}

void DDSketch::merge(const DDSketch &other)
{
    Q_ASSERT(other.m_gamma == m_gamma);
    if (other.m_count == 0)
        return;
    if (!other.m_bins.empty()) {
        grow(other.m_offset);
        grow(other.m_offset + int(other.m_bins.size()) - 1);
        const std::size_t shift = std::size_t(other.m_offset - m_offset);
        for (std::size_t i = 0; i < other.m_bins.size(); ++i)
            m_bins[shift + i] += other.m_bins[i];
    }
    m_zeroCount += other.m_zeroCount;
    m_count += other.m_count;
    m_sum += other.m_sum;
}

void DDSketch::clear()
{
    std::vector<std::uint32_t>().swap(m_bins);
    m_offset = 0;
    m_zeroCount = 0;
    m_count = 0;
    m_sum = 0;
}

// Extends the bins to cover index; bins only ever span indexes that hold (or held) values.
void DDSketch::grow(int index)
{
    if (m_bins.empty()) {
        m_offset = index;
        m_bins.assign(1, 0);
        return;
    }
    if (index < m_offset) {
        m_bins.insert(m_bins.begin(), std::size_t(m_offset - index), 0);
        m_offset = index;
    } else if (index >= m_offset + int(m_bins.size())) {
        m_bins.resize(std::size_t(index - m_offset + 1), 0);
    }
}

// Drops empty buckets at both ends (and the spare capacity once it dominates), so a sketch
// whose values are removed shrinks back with them.
void DDSketch::trim()
{
    const auto first = std::find_if(m_bins.begin(), m_bins.end(), [](auto c) { return c != 0; });
    if (first == m_bins.end()) {
        std::vector<std::uint32_t>().swap(m_bins);
        m_offset = 0;
        return;
    }
    const auto last = std::find_if(m_bins.rbegin(), m_bins.rend(), [](auto c) { return c != 0; });
    m_bins.erase(last.base(), m_bins.end());
    m_offset += int(first - m_bins.begin());
    m_bins.erase(m_bins.begin(), first);
    if (m_bins.capacity() > 2 * m_bins.size() + 64)
        m_bins.shrink_to_fit();
}

double DDSketch::quantile(double q) const
{
    if (m_count == 0 || std::isnan(q))
        return 0;
    // DDSketch's rank rule: the lower value of rank q * (count - 1).
    const double rank = std::clamp(q, 0.0, 1.0) * double(m_count - 1);
    if (double(m_zeroCount) > rank)
        return 0;
    double running = double(m_zeroCount);
    for (std::size_t i = 0; i < m_bins.size(); ++i) {
        running += m_bins[i];
        if (running > rank)
            return valueOf(m_offset + int(i));
    }
    return max();
}

double DDSketch::min() const
{
    if (m_zeroCount > 0 || m_bins.empty())
        return 0;
    return valueOf(m_offset);
}

double DDSketch::max() const
{
    if (m_bins.empty())
        return 0;
    return valueOf(m_offset + int(m_bins.size()) - 1);
}

std::size_t DDSketch::memoryBytes() const
{
    return sizeof(DDSketch) + m_bins.capacity() * sizeof(std::uint32_t);
}

bool operator==(const DDSketch &a, const DDSketch &b)
{
    // The sum is a floating-point accumulation whose rounding depends on the order of adds,
    // merges and removes, so equality means the same accuracy and the same bucket counts.
    return a.m_gamma == b.m_gamma && a.m_count == b.m_count && a.m_zeroCount == b.m_zeroCount
        && a.m_offset == b.m_offset && a.m_bins == b.m_bins;
}

} // namespace traceflow
