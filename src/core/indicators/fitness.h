// The 10-minute fitness circle (10分钟体育健身圈, Z10, C40): the share of residents, weighted by their
// population, within a 10-minute walk of a fitness site.
//
// On the walking network whenever the project has roads (ScorecardOptions::coverage_mode Auto), else, or
// when asked, in a straight line; the value's mode says which. The walk is walk_minutes at the project's
// speed; when the fitness layer maps a class, each site serves its own radius instead (GB 50180-2018
// appendix B: 300 m small fitness points, 500 m multi-sport grounds, 1000 m sports centres).
// fitness_10min_coverage_elderly does the same for residents aged 60+ (the residents layer's elderly
// count) at the elderly walking speed: the same minutes cover less ground.
#pragma once

#include "core/analysis.h"
#include "core/scorecard.h"
#include "core/walk_blocks.h"

#include <cstdint>
#include <vector>

namespace hcgis::indicators {

/// Service radius (m) of a fitness site of class `code` (core/codes.h).
double fitness_class_radius(double code);

/// Walking (or straight-line) budget in metres of every fitness site at `speed_m_per_min`.
std::vector<double> fitness_budgets(const City& city, double speed_m_per_min);

/// The same for the sites of `fitness` (a layer of the fitness role, not necessarily the city's).
std::vector<double> fitness_budgets(const City& city, const Layer& fitness, double speed_m_per_min);

/// A resident farther than this from every walkable road is beyond the roads layer (metres).
inline constexpr double off_network_m = 300.0;

/// Sets `id` for every district and the total to the share of `weights` that `covered` marks; on a network
/// the project declares partial (City::walk_network_partial), a district most of whose residents
/// lie beyond off_network_m of the roads gets no value (Reason OffNetwork), and then the total neither
/// (PartialNetwork).
void coverage_values(Analysis& analysis, Scorecard& card, const char* id, const std::vector<std::uint8_t>& covered,
                     const std::vector<double>& weights, Measure mode, double radius_m);

/// Per district (the total last), the weight of the residents beyond off_network_m of the roads where the
/// project declares its network partial and `mode` is Network; empty otherwise (nobody is off the network).
std::vector<double> off_network_sums(Analysis& analysis, const std::vector<double>& weights, Measure mode);

/// The same from sums already made: `in` and `all` per district, the total last; `off` as
/// off_network_sums() gives it (empty: nobody off the network).
void coverage_values(Scorecard& card, const char* id, const std::vector<double>& in, const std::vector<double>& all,
                     Measure mode, double radius_m, const std::vector<double>& off = {});

/// Per resident, 1 where some point of `facilities` lies within its own `budget` (on the network, where the
/// analysis measures there, from the sites snapped at `snaps`; else in a straight line, `snaps` unused).
std::vector<std::uint8_t> covered_by(Analysis& analysis, const Layer& facilities, const std::vector<Snap>& snaps,
                                     const std::vector<double>& budget);

/// The same for several budgets at once, one result a budget. On the network it decides the residents
/// block by block (walk_blocks.h) unless their snaps are already made or will be needed (a network
/// declared partial); the flags are the same either way. `searches`, when given, are those of `snaps`
/// with `budgets` made beforehand (they may hold more budgets after these), for the blocks to be settled
/// against.
std::vector<std::vector<std::uint8_t>> covered_by(Analysis& analysis, const Layer& facilities, const std::vector<Snap>& snaps,
                                                  const std::vector<std::vector<double>>& budgets,
                                                  const WalkSearches* searches = nullptr);

/// The family's computation (both indicators) over `fitness` in place of the city's layer (nullptr: none).
void compute_fitness(Analysis& analysis, Scorecard& card, const Layer* fitness);

}  // namespace hcgis::indicators
