// Candidate sites for new facilities: points laid along the walking network, and which of them are too
// close to each other to be built together.
#pragma once

#include "core/analysis.h"

#include <cstdint>
#include <vector>

namespace hcgis::sites {

/// Candidate sites in the working CRS, each with its district and (network mode) its snap to the network.
struct Candidates {
    std::vector<double> x, y;
    std::vector<int> district;
    std::vector<Snap> at;  // on the network (network mode)
};

/// Points every `spacing` metres along each road segment, inside the built-up area, outside parks and
/// water, inside some district.
Candidates along_roads(Analysis& a, double spacing);

/// conflicts[j]: candidates closer to j than `sep`.
std::vector<std::vector<std::int32_t>> spacing_conflicts(const Candidates& c, double sep);

}  // namespace hcgis::sites
