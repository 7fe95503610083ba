// The 10-minute fitness circle (10分钟体育健身圈, Z10, C40): the share of residents, weighted by their
// population, within a 10-minute walk of a fitness site.
#pragma once

#include "core/analysis.h"
#include "core/scorecard.h"

namespace hcgis::indicators {

/// Adds fitness_10min_coverage. Until walking-network distance is available the distance is the
/// straight line (the value's mode says "straight"); the walk is 10 minutes at the project's speed.
void compute_fitness(Analysis& analysis, Scorecard& card);

/// Share of resident population per district (total last) that `covered` marks, as Values with mode.
void coverage_values(Analysis& analysis, Scorecard& card, const char* id, const std::vector<std::uint8_t>& covered,
                     const std::string& mode, double radius_m);

}  // namespace hcgis::indicators
