// SPDX-License-Identifier: MIT
#include "criticalpath.h"

#include <algorithm>
#include <optional>

namespace traceflow {

std::vector<CriticalSection> computeCriticalPath(const std::vector<AssembledSpan> &spans, int root)
{
    std::vector<CriticalSection> path;
    if (root < 0 || root >= int(spans.size()))
        return path;

    // Clip every span of the subtree to its parent, parents first.
    const std::size_t n = spans.size();
    std::vector<qint64> start(n, 0);
    std::vector<qint64> end(n, 0);
    std::vector<char> kept(n, 0);
    std::vector<int> visit;
    std::vector<int> stack{root};
    while (!stack.empty()) {
        const int i = stack.back();
        stack.pop_back();
        visit.push_back(i);
        if (i == root) {
            start[i] = spans[i].startNs();
            end[i] = spans[i].endNs();
            kept[i] = 1;
        } else {
            const int p = spans[i].parent;
            const qint64 cs = spans[i].startNs();
            const qint64 ce = spans[i].endNs();
            if (cs >= start[p]) {
                kept[i] = cs < end[p];
                start[i] = cs;
                end[i] = std::min(ce, end[p]);
            } else {
                kept[i] = ce > start[p];
                start[i] = start[p];
                end[i] = std::min(ce, end[p]);
            }
        }
        if (kept[i])
            stack.insert(stack.end(), spans[i].children.begin(), spans[i].children.end());
    }

    // Each span's kept children, latest end first; a cursor per span walks that list once,
    // because the limit ("ends before the returning child's start") only ever decreases.
    std::vector<int> childBegin(n, 0);
    std::vector<int> childEnd(n, 0);
    std::vector<int> cursor(n, 0);
    std::vector<int> sorted;
    for (int i : visit) {
        if (!kept[i])
            continue;
        childBegin[i] = cursor[i] = int(sorted.size());
        for (int child : spans[i].children) {
            if (kept[child])
                sorted.push_back(child);
        }
        childEnd[i] = int(sorted.size());
        std::stable_sort(sorted.begin() + childBegin[i], sorted.end(),
                         [&end](int a, int b) { return end[a] > end[b]; });
    }

    const auto addSection = [&path](int span, qint64 from, qint64 to) {
        if (from < to)
            path.push_back({span, from, to});
    };
    int current = root;
    std::optional<qint64> returningChildStart;
    while (true) {
        int &next = cursor[current];
        if (returningChildStart) {
            while (next < childEnd[current] && end[sorted[next]] >= *returningChildStart)
                ++next;
        }
        const qint64 sectionEnd = returningChildStart.value_or(end[current]);
        if (next < childEnd[current]) {
            const int child = sorted[next++];
            addSection(current, end[child], sectionEnd);
            current = child;
            returningChildStart.reset();
            continue;
        }
        addSection(current, start[current], sectionEnd);
        if (current == root)
            break;
        returningChildStart = start[current];
        current = spans[current].parent;
    }
    return path;
}

} // namespace traceflow
