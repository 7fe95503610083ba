// Solving a shrunk covering model (cover_model.h): greedy with swaps as the warm start and the fallback,
// then CBC for the proven optimum or, within the time limit, the best found with its bound.
//   maximal covering: the most weight with at most limit[g] columns of each group g (one group: N sites;
//                     one group per district: the toilet quotas)
//   set covering:     the fewest columns whose rows weigh at least `target`
// Where the model falls apart (every row must be covered, or a limit per group), each component is a
// problem of its own.
#pragma once

#include "core/sites/cover_model.h"
#include "core/stage_clock.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hcgis::sites {

struct CoverTask {
    const CoverModel* model = nullptr;
    bool min_sites = false;        // set covering; else maximal covering
    double target = 0;             // set covering: weight to reach (at most the model's weight_total)
    std::vector<int> limit;        // maximal covering: per group (a model without groups uses limit[0])
};

struct CoverSolveOptions {
    bool exact = true;             // false: greedy and swaps only (no bound)
    double time_limit_s = 10;      // for the bounds and CBC over all the problems together
    /// When the time limit started (the run's start, so that the whole run honours it); default: the call.
    std::optional<std::chrono::steady_clock::time_point> started;
    /// Told what is being done; returning false stops the solving (the best found so far is kept).
    /// Called from worker threads, one call at a time.
    std::function<bool(const std::string&)> progress;
};

struct CoverSolution {
    std::vector<std::int32_t> columns;  // chosen, each adding the most weight given those before it
    double value = 0;                   // weight covered (maximal covering) or columns chosen (set covering)
    double bound = 0;                   // proven bound on the optimum (exact runs)
    bool solved = false;                // CBC ran
    bool proven = false;                // the value is proven optimal
    bool cancelled = false;             // progress returned false
    int problems = 0;                   // independent problems solved
    /// For --profile: each pass's wall and CPU time, and where the parts were proven.
    std::vector<StageTime> timings;
    /// How far the value may be from the optimum, as a share of it (0 when proven).
    double gap() const;
};

/// Solves `task`. Deterministic when CBC finishes within the time limit.
CoverSolution solve_cover(const CoverTask& task, const CoverSolveOptions& options);

}  // namespace hcgis::sites
