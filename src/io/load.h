// Brings a project's data in once: every layer read through GDAL/OGR, checked against its role, and
// converted to GEOS geometries (lines, polygons) or coordinate arrays (points) in the working CRS.
#pragma once

#include "core/city.h"
#include "io/project.h"

#include <ogr_spatialref.h>

namespace hcgis::io {

/// Loads every layer of `project`. The working CRS is the project's, or chosen from the centre of the
/// districts layer (City::crs_note says which). Throws InputError with one line naming the file, the
/// layer, the feature and the field on any bad input.
City load_city(const Project& project);

/// Loads one layer of `project` into the working CRS `working` (for tools that need a single role).
Layer load_layer(const LayerSpec& spec, const OGRSpatialReference& working);

}  // namespace hcgis::io
