// Parks (Z6, C4): park_green_per_capita and park_service_coverage, and what other code needs of parks.
//   park_green_per_capita   park green area (union, clipped to the district) ÷ the district's population
//   park_service_coverage   share of residents within a park's service radius: 500 m for parks of at least
//                           5000 m², 300 m for 2000-5000 m², smaller parks not counted (GB/T 50563-2010);
//                           straight line from the park's edge, 0 inside it
#pragma once

#include "core/analysis.h"
#include "core/scorecard.h"

#include <span>
#include <vector>

namespace hcgis::indicators {

/// Service radius (m) of a park of `area_m2`; 0 when it is too small to count.
double park_service_radius(double area_m2);

/// Service radius of every feature of a parks layer, sized by the park it belongs to: features that
/// overlap or touch are one park (their union), so a park mapped in two pieces is sized as one.
std::vector<double> park_radii(std::span<const geos::GeomPtr> parks);

/// Where a park is entered from the walking network: on every road segment that comes within `access_m`
/// of it (a path into it, a street along its fence), the segment's point nearest to the park, its leg the
/// distance to the park; a park no road comes near is entered where the network comes nearest to it.
std::vector<Snap> park_entrances(const WalkGraph& graph, const GEOSGeometry* park, double access_m = 30.0);

}  // namespace hcgis::indicators
