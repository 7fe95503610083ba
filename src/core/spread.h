// Residents from what planners have: population given per polygon (社区, 里, census units) or per raster
// cell, spread into weighted resident points the indicators use. Computation only: io reads the units
// and the weight layers and hands them in, in the working CRS.
#pragma once

#include "core/city.h"
#include "core/geos.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hcgis {

/// Where a unit's population is taken to live, best first. Auto takes the best the project has; a
/// named one starts there. A unit the chosen weights do not reach (no building inside it) falls to the
/// next: buildings (area × levels) → built-up area → walkable roads (length) → the unit's area.
enum class SpreadBy { Auto, Buildings, Builtup, Roads, Area };

/// "buildings", "builtup", "roads", "area" or "auto".
const char* spread_by_name(SpreadBy by);

/// Units of population: polygons (or raster cells as polygons) in the working CRS.
struct PopulationUnits {
    std::string source;                          // how messages name the layer
    std::vector<geos::GeomPtr> geom;             // Polygon or MultiPolygon
    std::vector<double> population;              // ≥ 0
    std::vector<std::optional<double>> elderly;  // empty, or one per unit (nullopt where the unit has none)
    std::vector<std::int64_t> fid;               // source feature id (or cell number)
    std::vector<std::string> name;               // empty, or one per unit ("" = named by its fid)
};

/// The layers that say where people live inside a unit; any may be absent.
struct SpreadWeights {
    const Layer* buildings = nullptr;  // polygons; number "levels" (floors) when mapped, else 1
    const Layer* builtup = nullptr;    // polygons
    const Layer* roads = nullptr;      // lines; text "highway" when mapped
    std::vector<std::string> exclude_highway;  // road classes nobody walks
};

struct SpreadOptions {
    /// Side of the grid cells the weights are gathered in, in metres; one point per cell (and district)
    /// holding weight. 0: no grid, one point per unit and district (raster cells: their centre or, split
    /// by a district border, one point per piece).
    double cell_m = 50.0;
    SpreadBy by = SpreadBy::Auto;
};

struct SpreadResult {
    /// role "residents", points with numbers "population" (and "elderly" when the units carry it); fid
    /// is the unit's. Every unit's population (and elderly) sums exactly to what it had (up to rounding
    /// of doubles: the last point of a unit takes the remainder).
    Layer residents;
    PopulationAccount account;  // read, dropped, zero and unplaceable (placed and outside are the caller's)
    std::vector<std::string> warnings;
    std::vector<std::string> notes;  // how the units were spread (which weights, how many fell back)
};

/// Spreads every unit's population over its weights, split by `districts` (each piece of a unit in a
/// district, and the piece outside all, gets its own points, so a district receives the share of the
/// weight that lies in it). A unit with population but no area is dropped with a warning naming it.
SpreadResult spread_population(const PopulationUnits& units, std::span<const geos::GeomPtr> districts,
                               const SpreadWeights& weights, const SpreadOptions& options);

}  // namespace hcgis
