// The union of many polygons on every core: the polygons cut into groups of neighbours (west to east),
// each group unioned on a core of its own, and the groups' results joined.
#pragma once

#include "core/geos.h"

#include <span>

namespace hcgis {

/// The union of `polygons` (Polygons or MultiPolygons, empty ones allowed), the same point set as
/// geos::unary_union() of them: they are sorted by the x of their envelopes' centres and cut into
/// `groups` runs of equal count (fewer when there are not 8 a run), each unioned on a thread of its own;
/// in the join only the parts of a run's union whose envelope meets another run's parts take part in
/// an overlay, the others are passed through as they are. The caller keeps ownership of the polygons.
/// Throws geos::Error.
geos::GeomPtr union_on_cores(std::span<const GEOSGeometry* const> polygons, std::size_t groups);

}  // namespace hcgis
