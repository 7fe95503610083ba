// The catchment of a facility on the walking network: the road parts reachable within its budget
// (edges cut where the budget runs out), buffered by a declared half-width.
//
// The ends where the budget runs out are cut square, not rounded (a place beyond such an end walks onto
// the part of the road that is out of reach), and junctions reached with a half-width to spare get a
// round disk. So every place in the polygon lies at most `half_width` from a reachable road point, and
// its walking distance (INDICATORS.md) stays within budget + half_width wherever roads are further apart
// than twice the half-width.
#pragma once

#include "core/geos.h"
#include "core/walk_graph.h"

namespace hcgis {

/// Road parts reachable from `source` within `budget` metres (the source's leg included), as a
/// MultiLineString in the graph's CRS; empty when the leg alone exceeds the budget.
geos::GeomPtr reachable_roads(const WalkGraph& graph, const Snap& source, double budget);

/// The catchment polygon of `source`: reachable_roads() buffered by `half_width`, with square ends where
/// the budget runs out. Empty when nothing is reachable.
geos::GeomPtr catchment(const WalkGraph& graph, const Snap& source, double budget, double half_width);

}  // namespace hcgis
