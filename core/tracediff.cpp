// SPDX-License-Identifier: MIT
#include "tracediff.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace traceflow {

namespace {

// A node's identity among its siblings.
struct NodeKey
{
    int parent = -1;
    StringPool::Id service = 0;
    StringPool::Id operation = 0;
    bool orphan = false;
    friend bool operator==(const NodeKey &, const NodeKey &) = default;
};

struct NodeKeyHash
{
    std::size_t operator()(const NodeKey &k) const noexcept
    {
        const std::uint64_t ids = std::uint64_t(k.service) << 32 | k.operation;
        return std::hash<std::uint64_t>()(
                   ids ^ (std::uint64_t(std::uint32_t(k.parent)) * 0x9e3779b97f4a7c15ULL)) ^
               std::size_t(k.orphan);
    }
};

using NodeIndex = std::unordered_map<NodeKey, int, NodeKeyHash>;

// Adds every span of trace to the nodes (creating the paths it brings), on side a or b.
// Spans are in pre-order, so a span's parent already has its node.
void addTrace(const AssembledTrace &trace, bool sideA, std::vector<TraceDiffNode> &nodes,
              NodeIndex &index)
{
    std::vector<int> nodeOfSpan(trace.spans.size(), -1);
    for (std::size_t i = 0; i < trace.spans.size(); ++i) {
        const AssembledSpan &s = trace.spans[i];
        const int parent = s.parent >= 0 ? nodeOfSpan[std::size_t(s.parent)] : -1;
        const NodeKey key{parent, s.span.serviceId, s.span.operationId, s.orphan};
        const auto [it, added] = index.try_emplace(key, int(nodes.size()));
        if (added) {
            TraceDiffNode node;
            node.serviceId = key.service;
            node.operationId = key.operation;
            node.orphan = key.orphan;
            node.parent = parent;
            nodes.push_back(std::move(node));
        }
        nodeOfSpan[i] = it->second;
        TraceDiffSide &side =
            sideA ? nodes[std::size_t(it->second)].a : nodes[std::size_t(it->second)].b;
        const qint64 offset = s.startNs() - trace.startNs;
        side.offsetNs = side.count == 0 ? offset : std::min(side.offsetNs, offset);
        ++side.count;
        side.errors += s.span.isError() ? 1 : 0;
        side.totalNs += s.span.durationNs;
        side.selfNs += s.selfTimeNs;
        side.spans.push_back(int(i));
    }
}

bool comesBefore(const TraceDiffNode &x, const TraceDiffNode &y)
{
    const qint64 ox = x.a.count > 0 ? x.a.offsetNs : x.b.offsetNs;
    const qint64 oy = y.a.count > 0 ? y.a.offsetNs : y.b.offsetNs;
    if (ox != oy)
        return ox < oy;
    const QString sx = x.service();
    const QString sy = y.service();
    if (sx != sy)
        return sx < sy;
    const QString opx = x.operation();
    const QString opy = y.operation();
    if (opx != opy)
        return opx < opy;
    return !x.orphan && y.orphan;
}

} // namespace

DiffPresence TraceDiffNode::presence() const
{
    if (a.count > 0 && b.count > 0)
        return DiffPresence::Both;
    return a.count > 0 ? DiffPresence::OnlyA : DiffPresence::OnlyB;
}

std::optional<double> TraceDiffNode::deltaRatio() const
{
    if (a.totalNs <= 0)
        return std::nullopt;
    return double(deltaNs()) / double(a.totalNs);
}

std::optional<double> TraceDiff::deltaRatio() const
{
    if (durationA <= 0)
        return std::nullopt;
    return double(deltaNs()) / double(durationA);
}

TraceDiff TraceDiff::compare(const AssembledTrace &a, const AssembledTrace &b)
{
    std::vector<TraceDiffNode> built;
    NodeIndex index;
    index.reserve(a.spans.size() + b.spans.size());
    addTrace(a, true, built, index);
    addTrace(b, false, built, index);

    // Children lists, sorted, then a pre-order walk that renumbers the nodes.
    std::vector<int> tops;
    for (std::size_t i = 0; i < built.size(); ++i) {
        const int parent = built[i].parent;
        (parent < 0 ? tops : built[std::size_t(parent)].children).push_back(int(i));
    }
    const auto order = [&built](int x, int y) {
        return comesBefore(built[std::size_t(x)], built[std::size_t(y)]);
    };
    std::stable_sort(tops.begin(), tops.end(), order);
    for (TraceDiffNode &node : built)
        std::stable_sort(node.children.begin(), node.children.end(), order);

    TraceDiff diff;
    diff.nodes.reserve(built.size());
    std::vector<int> newIndex(built.size(), -1);
    // Iterative: a 10k-span chain must not overflow the stack.
    std::vector<int> stack(tops.rbegin(), tops.rend());
    while (!stack.empty()) {
        const int old = stack.back();
        stack.pop_back();
        TraceDiffNode node = std::move(built[std::size_t(old)]);
        const int at = int(diff.nodes.size());
        newIndex[std::size_t(old)] = at;
        if (node.parent >= 0) {
            node.parent = newIndex[std::size_t(node.parent)];
            node.depth = diff.nodes[std::size_t(node.parent)].depth + 1;
            diff.nodes[std::size_t(node.parent)].children.push_back(at);
        } else {
            diff.roots.push_back(at);
        }
        stack.insert(stack.end(), node.children.rbegin(), node.children.rend());
        node.children.clear();
        diff.nodes.push_back(std::move(node));
    }

    diff.durationA = a.spans.empty() ? 0 : a.durationNs();
    diff.durationB = b.spans.empty() ? 0 : b.durationNs();
    diff.spansA = int(a.spans.size());
    diff.spansB = int(b.spans.size());
    diff.errorsA = a.errorCount;
    diff.errorsB = b.errorCount;
    for (const TraceDiffNode &node : diff.nodes) {
        switch (node.presence()) {
        case DiffPresence::Both:
            ++diff.matched;
            if (node.a.count != node.b.count || node.a.totalNs != node.b.totalNs)
                ++diff.changed;
            break;
        case DiffPresence::OnlyA:
            ++diff.onlyA;
            break;
        case DiffPresence::OnlyB:
            ++diff.onlyB;
            break;
        }
    }
    return diff;
}

bool TraceDiff::isChanged(const TraceDiffNode &node, qint64 minDeltaNs, double minRatio)
{
    if (node.presence() != DiffPresence::Both || node.a.count != node.b.count)
        return true;
    const qint64 delta = node.deltaNs();
    if (delta == 0 || std::abs(delta) < minDeltaNs)
        return false;
    const std::optional<double> ratio = node.deltaRatio();
    return !ratio || std::abs(*ratio) >= minRatio;
}

std::vector<bool> TraceDiff::changedWithAncestors(qint64 minDeltaNs, double minRatio) const
{
    std::vector<bool> keep(nodes.size(), false);
    // Children come after their parents: walking backwards reaches a node's descendants
    // before the node itself.
    for (std::size_t i = nodes.size(); i-- > 0;) {
        if (!keep[i] && !isChanged(nodes[i], minDeltaNs, minRatio))
            continue;
        keep[i] = true;
        if (nodes[i].parent >= 0)
            keep[std::size_t(nodes[i].parent)] = true;
    }
    return keep;
}

double TraceDiff::intensity(const TraceDiffNode &node)
{
    if (node.presence() != DiffPresence::Both)
        return 1.0;
    const qint64 lo = std::min(node.a.totalNs, node.b.totalNs);
    const qint64 hi = std::max(node.a.totalNs, node.b.totalNs);
    if (hi == lo)
        return 0.0;
    if (lo <= 0)
        return 1.0;
    // The fold change on a log scale, square-rooted so that small changes still show.
    const double fold = std::log10(double(hi) / double(lo));
    return std::min(1.0, std::sqrt(fold));
}

qint64 TraceDiff::maxTotalNs() const
{
    qint64 most = 0;
    for (const TraceDiffNode &node : nodes)
        most = std::max({most, node.a.totalNs, node.b.totalNs});
    return most;
}

} // namespace traceflow
