// Walking coverage decided block by block.
//
// A resident's cost is leg + c(q): q its snap (the nearest point of the nearest segment), c the least
// cost along the network to q from the multi-source search (walk_coverage.h: cost = distance - budget).
// For a block of the plane (the bounding box of some residents) every segment that can hold one of its
// residents' snaps is known from bounds, and with it the cost of every point of the block lies between
//   min over those segments s of (distance from the block to s + least c on the part of s the block projects to)
// and
//   least over them of the largest distance from the block to s (a point's snap is no farther than the
//   segment that gives it) + max over them of the largest c on that part.
// A block whose upper bound is below -margin is covered throughout, one whose lower bound is above
// +margin not at all; the others are split in four (a quadtree over their residents) down to a few
// residents, which are bounded one by one the same way and, where even that leaves it open (their cost
// within the margin of 0, or too close to call), snapped and costed exactly as walk_covered() does. So
// the flags are walk_covered()'s on the snapped residents exactly, bit for bit.
#pragma once

#include "core/walk_graph.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace hcgis {

/// Points bucketed by square blocks of a grid aligned with the walking graph's snap grid (a counting
/// sort; nothing is snapped). Built once for a layer, read by any number of
/// walk_covered() calls on the same graph; the graph and the coordinates must outlive it.
struct PointBlocks {
    PointBlocks(const WalkGraph& graph, std::span<const double> x, std::span<const double> y);

    struct Point {
        double x, y;
        std::int32_t index;  // in the layer
    };
    const WalkGraph* graph = nullptr;
    std::span<const double> x, y;
    std::size_t count = 0;             // points in all
    std::unique_ptr<Point[]> points;   // the points on the grid, block by block
    std::vector<std::int32_t> offset;  // block k holds points[offset[k] .. offset[k + 1])
    std::vector<std::int32_t> apart;   // points off the blocks' grid (far off the network, or not finite)
    double magnitude = 0;              // the largest |coordinate| of the points on the grid and of the nodes
};

/// How a walk_covered() call on blocks settled its points, counted once a point and search.
struct BlockStats {
    std::size_t by_block = 0;  // settled by the bounds of a block of several points
    std::size_t by_point = 0;  // settled by their own bounds (a few points left in a block)
    std::size_t snapped = 0;   // snapped and costed exactly
    std::size_t blocks = 0;    // blocks bounded
};

/// The multi-source searches walk_covered() settles points against, one a budget of the same
/// facilities (walk_coverage.h: cost = distance - budget). They need only the graph and the facilities,
/// so they can be made before the points are read, and serve any number of PointBlocks built on the
/// same graph. Copies share the searches; the graph must outlive them.
class WalkSearches {
public:
    WalkSearches(const WalkGraph& graph, std::span<const Snap> facilities, std::span<const std::vector<double>> budgets);
    /// The number of budgets.
    std::size_t size() const;
    const WalkGraph& graph() const;

private:
    struct Impl;
    std::shared_ptr<const Impl> impl_;
    friend std::vector<std::vector<std::uint8_t>> walk_covered(const WalkSearches&, const PointBlocks&, BlockStats*,
                                                               std::size_t);
};

/// walk_covered() against searches made beforehand: the flags of the first `first_budgets` budgets (all
/// of them by default), exactly as walk_covered(graph, facilities, budgets, points) gives them. Throws
/// std::invalid_argument when `points` were built on another graph.
std::vector<std::vector<std::uint8_t>> walk_covered(const WalkSearches& searches, const PointBlocks& points,
                                                    BlockStats* stats = nullptr, std::size_t first_budgets = SIZE_MAX);

/// The same flags as walk_covered(graph, facilities, budget, snaps of the points) for every point of
/// `points` (indexed as the layer), snapping only the points bounds cannot settle. `points` must have
/// been built on `graph` (throws std::invalid_argument otherwise). `stats`, when given, receives the counts.
std::vector<std::uint8_t> walk_covered(const WalkGraph& graph, std::span<const Snap> facilities,
                                       std::span<const double> budget, const PointBlocks& points,
                                       BlockStats* stats = nullptr);

/// The same for several budgets of the same facilities at once (one result a budget, in order): the
/// blocks' geometry is worked out once for all of them.
std::vector<std::vector<std::uint8_t>> walk_covered(const WalkGraph& graph, std::span<const Snap> facilities,
                                                    std::span<const std::vector<double>> budgets,
                                                    const PointBlocks& points, BlockStats* stats = nullptr);

}  // namespace hcgis
