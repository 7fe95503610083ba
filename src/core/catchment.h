// The catchment of a facility on the walking network: the road parts reachable within its budget
// (edges cut where the budget runs out), buffered by a declared half-width.
//
// The ends where the budget runs out are cut square, not rounded (a place beyond such an end walks onto
// the part of the road that is out of reach), and junctions reached with a half-width to spare get a
// round disk; those reached with less get a disk of what is left (catchment_parts), so the outer corner
// of a bend is not cut off. So every place in the polygon lies at most `half_width` from a reachable road
// point, and its walking distance (INDICATORS.md) stays within budget + half_width wherever roads are
// further apart than twice the half-width.
//
// A catchment is drawn from its parts alone: a rectangle along every reached piece of a segment (flat
// ends) and a regular 12-gon inscribed in the disk of every junction that gets one, its vertices at fixed
// angles (every 30°, from east). So two catchments draw the same junction and the same road with the same
// vertices whichever facility reaches them, and the union of many catchments is that of their merged
// parts (catchments_union), which needs neither GEOS's retries nor the catchments' polygons.
#pragma once

#include "core/geos.h"
#include "core/parallel.h"
#include "core/walk_graph.h"

#include <cstdint>
#include <span>
#include <vector>

namespace hcgis {

/// What a catchment is drawn from.
struct CatchmentParts {
    struct Piece {
        std::int32_t seg;
        double t0, t1;  // fractions along the segment (from its node a), t0 < t1
    };
    struct Disk {
        std::int32_t node;  // the junction
        double radius;      // of the circle its 12-gon's vertices lie on: the half-width, or less (below)
    };
    std::vector<Piece> pieces;  // by segment, then t0; the pieces of one segment apart
    std::vector<Disk> disks;    // by junction, one a junction
};

/// Road parts reachable from `source` within `budget` metres (the source's leg included), as a
/// MultiLineString in the graph's CRS; empty when the leg alone exceeds the budget.
geos::GeomPtr reachable_roads(const WalkGraph& graph, const Snap& source, double budget);

/// The parts of the catchment of `source`: the reachable road pieces (pieces that end inside their
/// segment end square), and a disk at every junction that a whole reached segment meets or that a cut piece
/// leaves. A junction a cut piece leaves with less than a half-width of budget to spare (s metres) gets a
/// smaller disk, of radius s / cos 15° (its 12-gon holds the circle of radius s, so every place nearer the
/// junction than the budget left is in; a place in it walks at most √2 times its radius beyond the
/// junction's cost, within budget + half-width), none when s is under a metre. Empty when nothing is
/// reachable.
CatchmentParts catchment_parts(const WalkGraph& graph, const Snap& source, double budget, double half_width);

/// The parts of all of `parts` at once (a park's entrances): pieces of a segment that overlap or touch
/// merged, disks once, each the largest given for its junction (12-gons of one centre lie one inside
/// the other). The catchment of the merged parts is the union of the catchments of the parts.
CatchmentParts merge_parts(std::span<const CatchmentParts> parts);

/// The polygon of `parts`: their rectangles and 12-gons unioned, leaving out the 12-gons the rectangles
/// hold already (a junction whose reached pieces, each at least the disk's radius long, leave no angle
/// over 180° between them: a lattice's crossings, straight runs). Empty polygon for no parts.
geos::GeomPtr catchment_polygon(const WalkGraph& graph, const CatchmentParts& parts, double half_width);

/// catchment_polygon(catchment_parts(…)).
geos::GeomPtr catchment(const WalkGraph& graph, const Snap& source, double budget, double half_width);

/// The union of the catchments of `parts` (the same point set as the union of their catchment_polygon()s,
/// up to floating point): the parts merged, drawn cell by cell (cells of about 128 pieces, in Morton
/// order) and the cells unioned by union_in_order() on `cores` (`held` as there). Empty polygon for no parts.
geos::GeomPtr catchments_union(const WalkGraph& graph, std::span<const CatchmentParts> parts, double half_width,
                               std::size_t cores, const CoresHeld& held = {});

}  // namespace hcgis
