// SPDX-License-Identifier: MIT
#include "clockskew.h"

namespace traceflow {

qint64 clockSkewShift(qint64 parentStartNs, qint64 parentDurationNs, qint64 childStartNs,
                      qint64 childDurationNs)
{
    if (childDurationNs > parentDurationNs) {
        // Async work or a parent that timed out: all we can tell is it cannot start first.
        return childStartNs < parentStartNs ? parentStartNs - childStartNs : 0;
    }
    if (childStartNs >= parentStartNs
        && childStartNs + childDurationNs <= parentStartNs + parentDurationNs)
        return 0;
    const qint64 latency = (parentDurationNs - childDurationNs) / 2;
    return parentStartNs + latency - childStartNs;
}

int adjustClockSkew(std::vector<AssembledSpan> &spans, const std::vector<int> &roots)
{
    int adjusted = 0;
    std::vector<int> stack(roots.rbegin(), roots.rend());
    while (!stack.empty()) {
        const int i = stack.back();
        stack.pop_back();
        AssembledSpan &s = spans[i];
        if (s.parent < 0 || s.orphan) {
            s.skewNs = 0;
        } else {
            const AssembledSpan &p = spans[s.parent];
            s.skewNs = p.span.serviceId == s.span.serviceId
                ? p.skewNs
                : clockSkewShift(p.startNs(), p.span.durationNs, s.span.startNs,
                                 s.span.durationNs);
        }
        if (s.skewNs != 0)
            ++adjusted;
        stack.insert(stack.end(), s.children.rbegin(), s.children.rend());
    }
    return adjusted;
}

} // namespace traceflow
