// How evenly an indicator is spread across sub-districts, counted over residents: the plan sets targets per
// district, but a district that passes on average can leave many people out.
#pragma once

#include <optional>
#include <vector>

namespace hcgis {

/// A district's value and the residents it stands for.
struct WeightedValue {
    double value = 0;
    double weight = 0;  // residents (or elderly residents)
};

/// The Gini coefficient of the values over the residents: every resident gets the value of their district,
/// G = Σi Σj wi wj |vi − vj| / (2 W² μ), μ the resident-weighted mean, W the residents. 0 when everyone has
/// the same value; (n − 1)/n when one of n equally populous districts has everything. nullopt without
/// residents or when μ is 0. Entries with a weight ≤ 0 are left out.
std::optional<double> gini(const std::vector<WeightedValue>& values);

/// The resident-weighted mean and standard deviation of the values (nullopt without residents).
struct Spread {
    double mean = 0;
    double sd = 0;
};
std::optional<Spread> weighted_spread(const std::vector<WeightedValue>& values);

}  // namespace hcgis
