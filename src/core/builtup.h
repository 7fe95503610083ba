// The built-up area (建成区) of each district: district ∩ union of the `builtup` polygons.
#pragma once

#include "core/city.h"
#include "core/geos.h"

#include <vector>

namespace hcgis {

struct BuiltUp {
    /// False when the project has no builtup layer: then every district counts as wholly built-up.
    bool from_layer = false;
    geos::GeomPtr all;                // union of the builtup polygons (null when !from_layer)
    geos::PreparedPtr all_prepared;   // prepared `all`; declared after it, destroyed before it
    std::vector<double> area_m2;      // per district, area of district ∩ built-up

    /// True when the point (already known to be in some district) lies in the built-up area.
    bool contains(double x, double y) const;
};

/// Unions `builtup` (overlaps counted once) and clips it to every district. `builtup` may be null.
/// Throws geos::Error when GEOS fails on invalid input.
BuiltUp compute_builtup(const Districts& districts, const Layer* builtup);

}  // namespace hcgis
