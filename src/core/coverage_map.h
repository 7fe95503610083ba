// What `hcgis coverage` draws: the catchment of every facility, their union, and every resident with the
// distance to the facility that serves it best.
#pragma once

#include "core/analysis.h"
#include "core/walk_coverage.h"

#include <optional>
#include <string>
#include <vector>

namespace hcgis {

struct CoverageOptions {
    std::string facility = "fitness";   // "fitness", "parks" or "toilets"
    std::optional<double> minutes;      // one walking time for every facility instead of its own radius
    double half_width_m = 50.0;         // catchments: roads buffered by this much
};

struct CoverageMap {
    std::string facility;
    Measure mode = Measure::None;        // Network or Straight
    double half_width_m = 0;
    std::vector<double> budget;          // metres, per facility
    std::vector<geos::GeomPtr> catchment;  // per facility (empty polygon when it reaches nothing)
    geos::GeomPtr all;                   // the union of the catchments
    WalkCoverage residents;              // per resident: covered, distance, serving facility (-1: none near)
    std::vector<std::pair<std::string, double>> timings;  // seconds per stage, for profiling
};

/// Computes the coverage map of `options.facility` for the project behind `analysis`, on the network or in
/// a straight line as the analysis's ScorecardOptions::coverage_mode says. Distances to
/// residents are reported up to twice the largest budget. Throws InputError when the project
/// lacks the facility or residents layer, or roads in Network mode.
CoverageMap coverage_map(Analysis& analysis, const CoverageOptions& options);

}  // namespace hcgis
