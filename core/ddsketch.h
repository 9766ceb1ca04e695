// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <vector>

namespace traceflow {

// A mergeable quantile sketch with a relative-error guarantee (DDSketch, Masson et al. 2019):
// every quantile it returns is within relativeAccuracy of the exact value of that rank.
// Positive values map to logarithmic buckets; zero (and negatives) are counted apart.
// Values can be removed again (bucket counts are exact), so a sketch can follow a store whose
// contents are evicted. Not thread-safe.
class DDSketch
{
public:
    static constexpr double DefaultAccuracy = 0.005;

    // A value with the logarithm that picks its bucket (in a sketch of any accuracy) taken
    // once, so one value can go into several sketches for one std::log, or have it taken on
    // another thread. Adding or removing a sample is bit-identical to doing so with its value.
    struct Sample
    {
        double value = 0;
        double log = 0;
    };
    static Sample sample(double value);

    explicit DDSketch(double relativeAccuracy = DefaultAccuracy);

    void add(double value, std::uint64_t count = 1) { add(sample(value), count); }
    void add(Sample value, std::uint64_t count = 1);
    // Removes values added earlier; removing what was never added is ignored (returns false).
    bool remove(double value, std::uint64_t count = 1) { return remove(sample(value), count); }
    bool remove(Sample value, std::uint64_t count = 1);
    // Adds every value of other; both sketches must have the same relative accuracy.
    void merge(const DDSketch &other);
    void clear();

    // The value at quantile q in [0, 1]; 0 when empty.
    double quantile(double q) const;
    std::uint64_t count() const { return m_count; }
    bool isEmpty() const { return m_count == 0; }
    double relativeAccuracy() const { return m_relativeAccuracy; }
    // Bucket-accurate minimum and maximum (within the relative accuracy).
    double min() const;
    double max() const;
    double sum() const { return m_sum; }
    // Calls visit(value, count) for the zero bucket (value 0) and every non-empty bucket in
    // ascending order; value is the bucket's representative (within relativeAccuracy of all
    // the values it counts). For histograms.
    template<typename Visit>
    void visitBuckets(Visit &&visit) const
    {
        if (m_zeroCount > 0)
            visit(0.0, m_zeroCount);
        for (std::size_t i = 0; i < m_bins.size(); ++i) {
            if (m_bins[i] > 0)
                visit(valueOf(m_offset + int(i)), std::uint64_t(m_bins[i]));
        }
    }
    std::size_t memoryBytes() const;

    // Same accuracy and bucket counts; the floating-point sum is not compared (order-dependent).
    friend bool operator==(const DDSketch &a, const DDSketch &b);

private:
    int indexOf(Sample value) const;
    double valueOf(int index) const;
    void grow(int index);
    void trim();

    double m_relativeAccuracy;
    double m_gamma;
    double m_inverseLogGamma;
    std::vector<std::uint32_t> m_bins; // m_bins[i] counts index m_offset + i
    int m_offset = 0;
    std::uint64_t m_zeroCount = 0;
    std::uint64_t m_count = 0;
    double m_sum = 0;
};

} // namespace traceflow
