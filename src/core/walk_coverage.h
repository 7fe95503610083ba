// Coverage by walking: which residents reach a facility within its walking budget, how far the nearest
// one is, and which it is, from one multi-source search over the walking graph.
#pragma once

#include "core/walk_graph.h"

#include <cstdint>
#include <span>
#include <vector>

namespace hcgis {

struct WalkCoverage {
    std::vector<std::uint8_t> covered;    // 1 where some facility lies within its own budget
    std::vector<double> distance;         // walking distance to the facility that serves best; +inf if beyond report range
    std::vector<std::int32_t> facility;   // index of that facility, -1 where none within report range
};

/// Facilities at `facilities` (snapped), each with its walking `budget` in metres; residents at
/// `residents` (snapped). A resident is covered when leg + path + leg to some facility f is at most
/// budget[f]; with different budgets, the facility that serves "best" is the one with the most budget
/// to spare. Distances are reported up to `report_extra` metres beyond the budget.
WalkCoverage walk_coverage(const WalkGraph& graph, std::span<const Snap> facilities, std::span<const double> budget,
                           std::span<const Snap> residents, double report_extra = 0);

/// The search's sources for facilities with budgets: cost = distance - budget[f], so a point is within
/// some facility's budget when its cost is <= 0 (facilities off the network or with no budget left out).
std::vector<WalkGraph::Source> walk_sources(std::span<const Snap> facilities, std::span<const double> budget);

/// Only `walk_coverage(...).covered` (report_extra 0), without the distances and facilities, which
/// spares writing 12 bytes a resident that a coverage share never reads.
std::vector<std::uint8_t> walk_covered(const WalkGraph& graph, std::span<const Snap> facilities,
                                       std::span<const double> budget, std::span<const Snap> residents);

}  // namespace hcgis
