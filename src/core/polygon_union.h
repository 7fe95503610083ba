// The union of many polygons on every core: the polygons cut into groups of neighbours (west to east),
// each group unioned on a core of its own, and the groups' results joined.
#pragma once

#include "core/geos.h"
#include "core/parallel.h"

#include <functional>
#include <span>

namespace hcgis {

/// The union of `polygons` (Polygons or MultiPolygons, empty ones allowed), the same point set as
/// geos::unary_union() of them: they are sorted by the x of their envelopes' centres and cut into
/// `groups` runs of equal count (fewer when there are not 8 a run), each unioned on a thread of its own;
/// in the join only the parts of a run's union whose envelope meets another run's parts take part in
/// an overlay, the others are passed through as they are. The caller keeps ownership of the polygons.
/// Throws geos::Error.
geos::GeomPtr union_on_cores(std::span<const GEOSGeometry* const> polygons, std::size_t groups);

/// The union of the polygons `draw(i)` makes for i in [0, n) (Polygons or MultiPolygons, empty ones
/// allowed), given in a spatial order (polygons near in the order lie near on the map: cells in Morton
/// order): runs of the order are drawn and unioned on every core, each run by halves recursively; in every
/// merge of two halves only the polygons of each whose envelope meets one of the other's take part in an
/// overlay, the others are passed through as they are (GEOS's cascaded union overlays them all at every
/// level). The same point set as geos::unary_union() of them. `draw` runs on several threads at once.
/// `held.count` of the `cores` threads (at most all but one) start only when `held.done` is ready, or when
/// no run is left for them. Throws geos::Error, or what `draw` throws.
geos::GeomPtr union_in_order(std::size_t n, const std::function<geos::GeomPtr(std::size_t)>& draw, std::size_t cores,
                             const CoresHeld& held = {});

}  // namespace hcgis
