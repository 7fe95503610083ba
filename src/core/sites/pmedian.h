// p-median: N new sites that minimise the residents' total walking distance to their nearest facility,
// existing facilities included. Distances are capped: a resident's walk counts at most `cap` metres (its
// walk to the nearest existing facility, or the cap when none is that near), so that only the pairs of a
// resident and a candidate nearer than that enter the model and it stays finite and sparse.
//
// Solved as the savings each resident gets, max Σ_i w_i·(base_i − min(base_i, d_ij over chosen j)):
//   greedy (lazy, CELF) then the fast interchange (Teitz–Bart swaps, Whitaker's bookkeeping) as the warm
//   start and the fallback; a Lagrangian bound (the assignment rows relaxed); and, where the model is
//   small enough, CBC on the strong formulation (y_ij ≤ x_j, Σ_j y_ij ≤ 1, Σ x_j ≤ N) for the proven optimum.
#pragma once

#include "core/sites/cover_solve.h"
#include "core/sites/coverage_sets.h"

#include <cstdint>
#include <span>
#include <vector>

namespace hcgis::sites {

struct MedianInput {
    const CoverageSets* sets = nullptr;     // with distance: each candidate's residents within the cap
    std::span<const double> weights;        // per resident
    std::span<const double> base;           // per resident: walk to the nearest existing facility, at most the cap
    std::span<const std::uint8_t> allowed;  // per candidate; empty = all
    /// conflicts[j]: candidates that may not be chosen with j (symmetric); nullptr = none.
    const std::vector<std::vector<std::int32_t>>* conflicts = nullptr;
    std::span<const double> tie_break;      // per candidate; on equal saving the larger wins; may be empty
    int count = 1;
    /// CBC only on models of at most this many (resident group, candidate) pairs; larger ones keep the
    /// interchange's answer with the Lagrangian bound.
    std::size_t exact_pairs = 300000;
};

struct MedianSolution {
    std::vector<std::int32_t> chosen;  // candidate indices, ranked: each saving the most given those before
    std::vector<double> saving;        // weighted metres each saves, given those before
    double base_total = 0;             // Σ w·base over the residents
    double value = 0;                  // Σ w·walk after
    double bound = 0;                  // lower bound on the optimum of Σ w·walk (exact runs)
    bool solved = false;               // a bound was computed (exact mode)
    bool cbc = false;                  // CBC ran on the model
    bool proven = false;
    bool cancelled = false;
    std::size_t rows = 0, columns = 0, pairs = 0;  // the model: resident groups, candidates, pairs
    std::size_t residents = 0;                     // residents some candidate brings nearer
    /// How far the value may be from the optimum, as a share of it (0 when proven).
    double gap() const;
};

/// Solves the p-median. Deterministic when CBC finishes (or does not run).
MedianSolution solve_median(const MedianInput& in, const CoverSolveOptions& options);

}  // namespace hcgis::sites
