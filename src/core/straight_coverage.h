// Straight-line coverage: which residents lie within a facility's service radius.
#pragma once

#include "core/geos.h"

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace hcgis {

/// For every resident (rx, ry): the straight distance to the nearest facility point (fx, fy) whose
/// own `radius` reaches it, or +infinity when none does. Facilities are binned in a uniform grid of the
/// largest radius, so each resident looks at 9 cells at most.
std::vector<double> point_coverage(std::span<const double> fx, std::span<const double> fy,
                                   std::span<const double> radius, std::span<const double> rx,
                                   std::span<const double> ry);

/// For every resident: 1 when some polygon lies within that polygon's `radius` of it (distance from the
/// polygon's edge; 0 inside), else 0. Polygons with radius <= 0 serve nobody; a radius that is not
/// finite throws std::invalid_argument. The polygons are not copied and must outlive the call.
std::vector<std::uint8_t> polygon_coverage(std::span<const geos::GeomPtr> polygons, std::span<const double> radius,
                                           std::span<const double> rx, std::span<const double> ry);

}  // namespace hcgis
