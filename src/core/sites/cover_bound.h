// Bounds on the optimum of a covering model by Lagrangian relaxation: an upper bound for maximal covering,
// a lower bound for set covering (subgradient steps), for the parts
// the solver could not finish: cheap (a pass over the model per step) and valid whatever the step.
#pragma once

#include "core/sites/cover_model.h"

#include <chrono>
#include <functional>
#include <vector>
#include <span>

namespace hcgis::sites {

/// The spacing conflicts among `cols` as cliques (model columns pairwise in conflict, at most one of
/// which may be chosen), every conflicting pair in one at least: the same choices as a constraint per
/// pair, and a far tighter relaxation (pairs allow half of every column). Deterministic. Empty where
/// there is no conflict, and where growing them would cost far more than the pairs (hundreds of
/// conflicts a column): then the pairs stand as they are.
std::vector<std::vector<std::int32_t>> conflict_cliques(const CoverModel& m, std::span<const std::int32_t> cols);

/// Maximal covering over `cols` and the rows `rows` (which only they reach), at most limit(g) columns of
/// each group g: an upper bound on the weight covered, by Lagrangian relaxation of "a row counts only
/// when a chosen column reaches it" and of the `cliques` (at most one column of each; null: the spacing
/// conflicts are left out of the bound). `best` is a value reached (it sets the step sizes); the steps
/// end at `stop`. When `better` is given, a choice built from the multipliers (conflicts respected) that
/// covers more than `best` goes there.
double max_cover_bound(const CoverModel& m, std::span<const std::int32_t> cols, std::span<const std::int32_t> rows,
                       const std::function<int(std::int32_t)>& limit, double best,
                       std::chrono::steady_clock::time_point stop = std::chrono::steady_clock::time_point::max(),
                       const std::vector<std::vector<std::int32_t>>* cliques = nullptr, std::vector<std::int32_t>* better = nullptr,
                       int steps = 1500);

/// Set covering over `cols` and the rows `rows` (which only they reach): a lower bound on the fewest
/// columns whose rows weigh at least `target`, by Lagrangian relaxation of "a row counts only when a chosen
/// column reaches it" (each step a fractional knapsack over the rows), until `stop`. `best` is a count
/// reached; when `better` is given, answers built from the multipliers that need fewer sites go there.
double min_cover_bound(const CoverModel& m, std::span<const std::int32_t> cols, std::span<const std::int32_t> rows, double target,
                       double best, std::chrono::steady_clock::time_point stop = std::chrono::steady_clock::time_point::max(),
                       std::vector<std::int32_t>* better = nullptr, int steps = 600);

}  // namespace hcgis::sites
