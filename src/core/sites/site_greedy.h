// Choosing sites: greedy covering with lazy evaluation (CELF) and a swap-improvement pass.
//
// Maximal covering (MCLP): choose `count` sites that add the most resident weight not yet served.
// Set covering (LSCP): add sites until the served weight reaches a target, fewest first-come.
// Existing facilities stay fixed: the residents they serve are marked `already` and add nothing.
#pragma once

#include "core/sites/coverage_sets.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace hcgis::sites {

struct GreedyOptions {
    std::optional<int> count;              // MCLP: this many sites (placed even where they add nobody)
    std::optional<double> target_weight;   // LSCP: stop once this much weight is served
    std::span<const std::uint8_t> already; // residents served by existing facilities; may be empty
    std::span<const double> tie_break;     // per candidate; on equal gain the larger wins; may be empty
    /// conflicts[j]: candidates that may not be chosen once j is (closer than the minimum spacing).
    const std::vector<std::vector<std::int32_t>>* conflicts = nullptr;
    std::span<const std::uint8_t> allowed; // per candidate; empty = all allowed
    bool swap = true;                      // improve an MCLP answer by exchanging sites
    /// MCLP: also start from the 2nd, 3rd ... best first site and keep the best answer after swaps
    /// (greedy and swaps alone can stop a few per cent short of the optimum).
    int starts = 4;
};

struct GreedyResult {
    std::vector<std::int32_t> chosen;  // candidate indices, in the order chosen (after swaps: final set)
    std::vector<double> gain;          // weight each added, given those before it
    double served = 0;                 // weight served by existing and chosen sites together
    double total = 0;                  // all weight
    std::size_t evaluations = 0;       // gain computations (CELF saves most of them)
};

/// Runs the greedy (and for MCLP the swap pass and the extra starts). Deterministic: ties go to the larger
/// tie_break, then the lower candidate index.
GreedyResult greedy_cover(const CoverageSets& sets, std::span<const double> weights, const GreedyOptions& options);

}  // namespace hcgis::sites
