// What `hcgis coverage` draws: the catchment of every facility, their union, and every resident with the
// distance to the facility that serves it best.
#pragma once

#include "core/analysis.h"
#include "core/stage_clock.h"
#include "core/walk_coverage.h"

#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

namespace hcgis {

struct CoverageMap;

struct CoverageOptions {
    std::string facility = "fitness";   // "fitness", "parks" or "toilets"
    std::optional<double> minutes;      // one walking time for every facility instead of its own radius
    double half_width_m = 50.0;         // catchments: roads buffered by this much
    /// Called on the calling thread as soon as every resident's service is known, before the catchments
    /// are drawn: the map then holds facility, mode, half_width_m, budget and residents (not catchment or
    /// all), which are not changed again. A caller writes the residents out meanwhile on a thread of its
    /// own (hcgis coverage).
    std::function<void(const CoverageMap&)> residents_ready;
    /// Called on the calling thread as soon as every catchment is drawn, before their union: the map then
    /// holds `catchment` too, which is not changed again (the caller writes them out meanwhile).
    std::function<void(const CoverageMap&)> catchments_ready;
    /// Cores the caller's own work started by residents_ready takes meanwhile (hcgis coverage: 1, its
    /// writer): the catchments are drawn on that many threads fewer (at least one), so that the writer has a
    /// core to itself and the union, which comes after them, gets every core when it is done.
    unsigned cores_taken = 0;
    /// When it has a state: ready once that work is done. The union's last cores_taken threads wait for it
    /// (on the network; the writer, which outlasts the catchments, keeps its core), or for the union to
    /// have nothing left for them.
    std::shared_future<void> taken_until;
};

struct CoverageMap {
    std::string facility;
    Measure mode = Measure::None;        // Network or Straight
    double half_width_m = 0;
    std::vector<double> budget;          // metres, per facility
    std::vector<geos::GeomPtr> catchment;  // per facility (empty polygon when it reaches nothing)
    geos::GeomPtr all;                   // the union of the catchments
    WalkCoverage residents;              // per resident: covered, distance, serving facility (-1: none near)
    std::vector<StageTime> timings;  // per stage, for profiling (CPU: of the whole process, every core)
};

/// Computes the coverage map of `options.facility` for the project behind `analysis`, on the network or in
/// a straight line as the analysis's ScorecardOptions::coverage_mode says. Distances to
/// residents are reported up to twice the largest budget. Throws InputError when the project
/// lacks the facility or residents layer, or roads in Network mode.
CoverageMap coverage_map(Analysis& analysis, const CoverageOptions& options);
/// The same into `map` (reset first), which options.residents_ready is given: what it reads there stays
/// in place after the call, for as long as the caller keeps `map`.
void coverage_map(Analysis& analysis, const CoverageOptions& options, CoverageMap& map);

}  // namespace hcgis
