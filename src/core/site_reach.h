// Which residents one facility site covers, found from the site alone: a bounded search on the walking
// network from the site's snap (WalkGraph::search_local) visiting only the residents snapped to the
// segments it reaches, or in straight mode a uniform grid of the residents. The rule is the one of the
// whole-city computations (walk_coverage, point_coverage): a resident is covered when leg + path + leg
// (on the network) or the straight distance is within the site's budget. For the what-if engine.
#pragma once

#include "core/walk_graph.h"

#include <cstdint>
#include <span>
#include <vector>

namespace hcgis {

class SiteReach {
public:
    /// On the network: the residents' snaps (graph and snaps must outlive this).
    SiteReach(const WalkGraph& graph, std::span<const Snap> residents);
    /// In a straight line: the residents' coordinates (they must outlive this).
    SiteReach(std::span<const double> rx, std::span<const double> ry);

    bool network() const { return graph_ != nullptr; }

    /// Appends to `out` (cleared first) the residents a site at (x, y) with `budget` metres covers,
    /// ascending. Not thread-safe (keeps its search state).
    void covered(double x, double y, double budget, std::vector<std::int32_t>& out);

private:
    void on_segment(std::int32_t seg, const Snap& from, double budget, std::vector<std::int32_t>& out);

    // network
    const WalkGraph* graph_ = nullptr;
    std::span<const Snap> snaps_;
    std::vector<std::int32_t> seg_start_, seg_items_;  // residents by segment (CSR)
    WalkGraph::LocalSearch search_;
    std::vector<std::uint32_t> seg_seen_;
    std::uint32_t stamp_ = 0;
    // straight
    std::span<const double> rx_, ry_;
    double minx_ = 0, miny_ = 0, cell_ = 250;
    std::int64_t nx_ = 0, ny_ = 0;
    std::vector<std::int32_t> cell_start_, cell_items_;
};

}  // namespace hcgis
