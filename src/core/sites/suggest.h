// Suggesting sites for new public toilets and fitness places that close the gap to the plan's targets.
//
// Candidates come from the project's `candidates` layer (vacant plots, say) or are laid along the walking
// network inside the built-up area every `spacing_m`, never inside a park or water. Existing facilities
// stay and count as coverage already. Coverage is by walking distance on the network when the project has
// roads, else in a straight line.
//   fitness --count N      maximal covering: N sites adding the most residents within the walk
//   fitness --to-target    set covering: sites until coverage reaches the target share of the residents
//                          any site could reach; the rest are reported as unreachable
//   toilets --to-target    per district, ceil(target density × built-up km²) − existing toilets of class
//                          III or better, placed to serve the most residents not yet within the toilet
//                          radius, no two closer than the minimum spacing
//   toilets --count N      N toilets over the whole area (or the district asked for)
//   --count N --objective distance
//                          p-median: N sites minimising the residents' total walk to their nearest
//                          facility (existing ones count), each walk counted up to a cap (max_walk_m)
#pragma once

#include "core/analysis.h"
#include "core/stage_clock.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hcgis::sites {

struct SuggestOptions {
    std::string facility = "fitness";        // "fitness" or "toilets"
    std::optional<int> count;                // --count N
    bool to_target = false;                  // --to-target
    std::string objective = "coverage";      // "coverage" (residents within the walk) or "distance" (p-median)
    /// p-median: a walk counts at most this far (default: twice the service distance, at least the
    /// 10-minute walk), which keeps the model finite.
    std::optional<double> max_walk_m;
    std::optional<std::string> district;     // only this district
    double spacing_m = 100.0;                // generated candidates: one every this many metres of road
    std::optional<double> min_separation_m;  // new sites at least this far apart (toilets: the toilet radius)
    double coverage_target = 1.0;            // fitness --to-target: share of reachable residents
    double toilet_density_target = 5.0;      // per km² of built-up area (the catalog's toilet_density)
    bool exact = true;                       // CBC from the greedy's answer; false: greedy and swaps only
    double time_limit_s = 10;                // for the solver (the best found is kept)
    /// When the time limit began (the command's start, so that the whole run honours it); default: when
    /// suggest_sites is called.
    std::optional<std::chrono::steady_clock::time_point> started;
    /// Told what the run is doing at each stage (for a progress line); returning false stops the solver,
    /// keeping the best answer found. Called from the solver's worker threads too, one call at a time.
    /// May be empty.
    std::function<bool(const std::string&)> progress;
    /// The facilities of the kind that count as built, instead of the project's layer of `facility`: the
    /// viewer passes its layer with the sites already proposed appended, so that a suggestion adds to the
    /// proposal instead of repeating it. Must outlive the call; null: the project's layer.
    const Layer* existing = nullptr;
};

/// How good the answer is: the solver's proof, or its bound and the gap.
struct SolveReport {
    bool exact = false;                      // CBC ran (else the greedy's answer, no bound)
    bool proven = false;                     // proven optimal
    bool cancelled = false;                  // stopped by the progress callback
    bool min_sites = false;                  // value and bound count sites; else resident weight newly served
    bool distance = false;                   // p-median: value and bound are Σ residents × metres walked (capped)
    double value = 0, bound = 0, gap = 0;    // gap: share of the optimum the answer may be from it
    int problems = 0;                        // independent problems (components) solved
    std::size_t rows = 0, columns = 0;       // the shrunk model: resident groups and candidates kept
    std::size_t residents = 0, dominated = 0;  // residents in the model, candidates dropped as dominated
    /// "最优解", "与最优解差距不超过 0.4 %" or "贪心解（未求下界）".
    std::string text() const;
};

struct SuggestedSite {
    double x = 0, y = 0;                     // working CRS
    int rank = 0;                            // 1 = chosen first
    int district = -1;                       // index into the districts
    double new_residents = 0;                // weight this site adds, given the sites ranked before it
    double coverage_after = 0;               // its district's served share once sites up to this rank are built
    double nearest_existing_m = -1;          // distance to the nearest existing facility of the kind; -1 = far
    double walk_saved = 0;                   // p-median: residents × metres of walking saved, given those before
    std::string note;                        // "新增覆盖居民 3,200 人，距最近健身点 1.4 km"
};

struct DistrictOutcome {
    std::string name;
    int quota = 0;                           // toilets --to-target: sites the density target asks for
    int placed = 0;
    double residents = 0, served_before = 0, served_after = 0;
    double density_before = 0, density_after = 0;  // toilets per km² of built-up area (toilets only)
};

/// p-median: the residents' walk to their nearest facility before and after (each counted up to cap_m),
/// weighted by population, over the residents of the districts (or of the district asked for).
struct WalkStats {
    double cap_m = 0, residents = 0;
    double mean_before = 0, mean_after = 0, p90_before = 0, p90_after = 0;
};

struct SuggestResult {
    std::string facility;
    Measure mode = Measure::None;            // Network or Straight
    double budget_m = 0;                     // a new site's service distance
    std::size_t candidates = 0;
    std::vector<SuggestedSite> sites;
    std::vector<DistrictOutcome> districts;  // one per district (those outside --district untouched)
    double unreachable = 0;                  // resident weight no candidate nor existing site reaches
    SolveReport solve;
    std::optional<WalkStats> walk;           // --objective distance
    std::vector<std::string> notes;          // shortfalls and other remarks, in Chinese
    std::vector<StageTime> timings;          // wall and CPU seconds per stage, for profiling
};

/// Suggests sites. Throws InputError for a project that lacks what the facility needs
/// (residents; districts with a built-up area for toilets), UsageError for options that contradict each other.
SuggestResult suggest_sites(Analysis& analysis, const SuggestOptions& options);

}  // namespace hcgis::sites
