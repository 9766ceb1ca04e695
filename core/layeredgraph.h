// SPDX-License-Identifier: MIT
#pragma once

#include <utility>
#include <vector>

namespace traceflow {

// The combinatorial half of a layered (Sugiyama) drawing of a directed graph: cycles broken
// by reversing DFS back edges, layers by longest path from the sources, long edges split by
// dummy nodes, and an order within each layer from barycenter sweeps that keeps the order
// with the fewest crossings. Every step is deterministic for the same input and terminates
// on any graph (cycles, self-loops, duplicate edges, isolated nodes).
class LayeredGraph
{
public:
    // nodeCount real nodes; edges as (from, to) indexes. Self-loops and edges naming a node
    // outside [0, nodeCount) take no part in layering (their chain is empty).
    static LayeredGraph build(int nodeCount, const std::vector<std::pair<int, int>> &edges,
                              int sweeps = 12);

    int nodeCount = 0;   // real nodes: [0, nodeCount)
    int vertexCount = 0; // real nodes then dummies
    std::vector<int> layer;              // per vertex, 0 = leftmost
    std::vector<std::vector<int>> order; // per layer, vertexes top to bottom
    std::vector<int> position;           // per vertex, its index in order[layer]
    // Per input edge: the vertexes it passes, from its DAG tail to its DAG head (so from the
    // left layer to the right one); empty for self-loops and bad edges.
    std::vector<std::vector<int>> chains;
    std::vector<bool> reversed; // per input edge: drawn against its direction (a back edge)
    int crossings = 0;          // edge crossings of the chosen order

    bool isDummy(int vertex) const { return vertex >= nodeCount; }
    int layerCount() const { return static_cast<int>(order.size()); }
    // Segments between adjacent layers as (left vertex, right vertex), for each layer pair.
    std::vector<std::vector<std::pair<int, int>>> segments() const;

private:
    void breakCycles(const std::vector<std::pair<int, int>> &edges,
                     std::vector<std::pair<int, int>> &dag);
    void assignLayers(const std::vector<std::pair<int, int>> &dag);
    void splitLongEdges(const std::vector<std::pair<int, int>> &dag);
    void orderLayers(int sweeps);
    int countCrossings() const;
};

} // namespace traceflow
