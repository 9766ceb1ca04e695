// SPDX-License-Identifier: MIT
#include "spantree.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace traceflow {

namespace {

// Marks span and everything below it as reached, without recursion.
void markSubtree(const std::vector<AssembledSpan> &spans, int span, std::vector<char> &reached,
                 std::vector<int> &stack)
{
    stack.assign(1, span);
    while (!stack.empty()) {
        const int i = stack.back();
        stack.pop_back();
        if (reached[i])
            continue;
        reached[i] = 1;
        for (int child : spans[i].children) {
            if (!reached[child])
                stack.push_back(child);
        }
    }
}

} // namespace

std::vector<int> linkSpanTree(std::vector<AssembledSpan> &spans)
{
    const int n = int(spans.size());
    const auto earlier = [&spans](int a, int b) {
        const qint64 sa = spans[a].span.startNs;
        const qint64 sb = spans[b].span.startNs;
        return sa != sb ? sa < sb : a < b;
    };

    std::unordered_map<SpanId, int> firstById;
    firstById.reserve(spans.size());
    for (int i = 0; i < n; ++i) {
        if (!spans[i].span.spanId.isEmpty())
            firstById.try_emplace(spans[i].span.spanId, i);
    }

    std::vector<int> realRoots;
    std::vector<int> orphans;
    for (int i = 0; i < n; ++i) {
        AssembledSpan &s = spans[i];
        s.parent = -1;
        s.children.clear();
        s.orphan = false;
        if (s.span.parentSpanId.isEmpty()) {
            realRoots.push_back(i);
            continue;
        }
        const auto it = firstById.find(s.span.parentSpanId);
        if (it == firstById.end()) {
            s.orphan = true;
            orphans.push_back(i);
        } else {
            s.parent = it->second; // may be i itself: a 1-cycle, broken below
        }
    }
    for (int i = 0; i < n; ++i) {
        if (spans[i].parent >= 0)
            spans[spans[i].parent].children.push_back(i);
    }

    // Whatever the roots and orphans do not reach hangs off a parent cycle: following parent
    // links from such a span always ends up going round one cycle.
    std::vector<char> reached(spans.size(), 0);
    std::vector<int> stack;
    for (int root : realRoots)
        markSubtree(spans, root, reached, stack);
    for (int orphan : orphans)
        markSubtree(spans, orphan, reached, stack);

    std::vector<int> walkOf(spans.size(), -1);
    for (int start = 0; start < n; ++start) {
        if (reached[start])
            continue;
        int v = start;
        while (walkOf[v] != start && !reached[v] && spans[v].parent >= 0) {
            walkOf[v] = start;
            v = spans[v].parent;
        }
        if (reached[v] || walkOf[v] != start)
            continue; // cannot happen for a consistent link set; keeps the loop safe
        int cut = v;
        for (int c = spans[v].parent; c != v; c = spans[c].parent) {
            if (earlier(c, cut))
                cut = c;
        }
        std::vector<int> &siblings = spans[spans[cut].parent].children;
        siblings.erase(std::find(siblings.begin(), siblings.end(), cut));
        spans[cut].parent = -1;
        spans[cut].orphan = true;
        orphans.push_back(cut);
        markSubtree(spans, cut, reached, stack);
    }

    if (n == 0)
        return {};
    std::sort(realRoots.begin(), realRoots.end(), earlier);
    const int primary = !realRoots.empty()
        ? realRoots.front()
        : *std::min_element(orphans.begin(), orphans.end(), earlier);
    std::sort(orphans.begin(), orphans.end());
    for (int orphan : orphans) {
        if (orphan == primary)
            continue;
        spans[orphan].parent = primary;
        spans[primary].children.push_back(orphan);
    }
    if (realRoots.empty())
        return {primary};
    return realRoots;
}

int orderPreorder(std::vector<AssembledSpan> &spans, std::vector<int> &roots)
{
    const auto earlier = [&spans](int a, int b) {
        const qint64 sa = spans[a].startNs();
        const qint64 sb = spans[b].startNs();
        return sa != sb ? sa < sb : a < b;
    };
    for (AssembledSpan &s : spans)
        std::sort(s.children.begin(), s.children.end(), earlier);

    std::vector<int> order;
    order.reserve(spans.size());
    std::vector<int> newIndex(spans.size(), -1);
    std::vector<std::pair<int, int>> stack; // (span, depth)
    int maxDepth = 0;
    for (int root : roots) {
        stack.emplace_back(root, 0);
        while (!stack.empty()) {
            const auto [i, depth] = stack.back();
            stack.pop_back();
            newIndex[i] = int(order.size());
            order.push_back(i);
            spans[i].depth = depth;
            maxDepth = std::max(maxDepth, depth);
            const std::vector<int> &children = spans[i].children;
            for (auto it = children.rbegin(); it != children.rend(); ++it)
                stack.emplace_back(*it, depth + 1);
        }
    }

    // A linked forest reaches every span exactly once; anything else is a caller bug.
    Q_ASSERT(order.size() == spans.size());
    std::vector<AssembledSpan> ordered;
    ordered.reserve(order.size());
    for (int old : order) {
        AssembledSpan s = std::move(spans[old]);
        if (s.parent >= 0)
            s.parent = newIndex[s.parent];
        for (int &child : s.children)
            child = newIndex[child];
        ordered.push_back(std::move(s));
    }
    spans = std::move(ordered);
    for (int &root : roots)
        root = newIndex[root];
    return maxDepth;
}

} // namespace traceflow
