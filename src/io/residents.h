// Internal to hcgis_io: the residents role from what planners have. Points with population are read as
// any point layer; polygons with population (社区, 里, census units) and population rasters (GeoTIFF,
// ASCII grid, any GDAL raster) are read here and spread into weighted points by core/spread.h.
// Not for use outside src/io/.
#pragma once

#include "core/city.h"
#include "core/spread.h"
#include "io/project.h"
#include "io/source.h"

#include <ogr_spatialref.h>

#include <future>
#include <optional>
#include <string>
#include <vector>

namespace hcgis::io::detail {

enum class ResidentsForm { Points, Polygons, Raster };

/// Whether the residents source `spec` opens as a raster, found out on another thread (on this one when
/// none is to be had): opening a GeoPackage as a raster to learn that it holds none costs about as much as
/// opening it, which the working CRS's set-up and the districts can hide. Quiet: nothing is reported.
std::future<bool> probe_raster(const LayerSpec& spec);

/// What the residents source holds: a raster, a polygon layer, or points (anything else: the point
/// reader refuses it feature by feature as today). `raster`: probe_raster()'s answer for `spec`, else the
/// raster is probed here. Vector data is opened once (through `cache` when given, so that a file other
/// roles read too is opened once for all): its Source (with the opening's warnings in `warnings`) is put in
/// `opened` for the reader, so that a GeoJSON is not parsed twice; read it after reselect() when it shares
/// its dataset.
ResidentsForm residents_form(const LayerSpec& spec, std::vector<std::string>* warnings, std::optional<Source>& opened,
                             DatasetCache* cache = nullptr, std::future<bool>* raster = nullptr);

/// The role spec a polygon residents layer is read with: polygons, population, elderly and name.
const RoleSpec& residents_polygon_role();

/// The spreading options of the project's residents layer; `raster` spreads each cell alone.
SpreadOptions spread_options(const LayerSpec& spec, bool raster);

/// The weight layers of `city` (buildings, builtup, roads) for spreading.
SpreadWeights spread_weights(const City& city);

/// `polygons` (read with residents_polygon_role) as population units.
PopulationUnits polygon_units(Layer& polygons);

/// The cells of band `spec.band` of the raster `spec.source` as population units in the working CRS
/// (each cell a quadrilateral of its four corners transformed); nodata cells are counted in `account`
/// and left out. `from` gets the raster's CRS. Throws InputError naming the source and the cell on a
/// negative value, and the source when it does not open or has no CRS.
PopulationUnits raster_units(const LayerSpec& spec, const OGRSpatialReference& working, OGRSpatialReference& from,
                             PopulationAccount& account);

}  // namespace hcgis::io::detail
