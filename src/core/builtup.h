// The built-up area (建成区) of each district: district ∩ union of the `builtup` polygons.
#pragma once

#include "core/city.h"
#include "core/geos.h"

#include <span>
#include <vector>

namespace hcgis {

struct BuiltUp {
    /// False when the project has no builtup layer: then every district counts as wholly built-up.
    bool from_layer = false;
    geos::StrTree tree;                         // the builtup polygons (of the Layer, not copied)
    std::vector<geos::PreparedPtr> prepared;    // each builtup polygon prepared, by index
    std::vector<double> area_m2;                // per district, area of district ∩ built-up

    /// True when the point (already known to be in some district) lies in the built-up area. Safe on one
    /// thread at a time (prepared geometries are not shared across threads).
    bool contains(double x, double y) const;
};

/// Per district, the area of the district ∩ the union of those `polygons` that reach it (found through
/// `tree`, which indexes `polygons` by position): overlaps counted once, and only nearby polygons unioned.
/// Districts are spread over the cores.
std::vector<double> clipped_union_areas(const Districts& districts, std::span<const geos::GeomPtr> polygons,
                                        const geos::StrTree& tree);

/// Clips the union of `builtup` (overlaps counted once) to every district: per district the union of only
/// the polygons that reach it. `builtup` may be null; when not, it must outlive the result.
/// Throws geos::Error when GEOS fails on invalid input.
BuiltUp compute_builtup(const Districts& districts, const Layer* builtup);

}  // namespace hcgis
