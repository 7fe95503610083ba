// Which residents each candidate site would serve: for every candidate, the residents within its walking
// budget (INDICATORS.md distance), found with one small bounded search per candidate.
#pragma once

#include "core/walk_graph.h"

#include <cstdint>
#include <span>
#include <vector>

namespace hcgis::sites {

/// covers[j] = indices of the residents within `budget` metres' walk of candidate j, ascending.
struct CoverageSets {
    std::vector<std::vector<std::int32_t>> covers;
    std::vector<std::vector<float>> distance;  // when asked: distance[j][k] = metres to covers[j][k]
};

/// Coverage sets of `candidates` over `residents` (both snapped). Uses every core.
CoverageSets walking_sets(const WalkGraph& graph, std::span<const Snap> candidates, std::span<const Snap> residents,
                          double budget, bool with_distance = false);

/// The same in a straight line (for projects without roads).
CoverageSets straight_sets(std::span<const double> cx, std::span<const double> cy, std::span<const double> rx,
                           std::span<const double> ry, double budget, bool with_distance = false);

}  // namespace hcgis::sites
