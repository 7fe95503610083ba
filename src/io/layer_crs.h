// Internal to hcgis_io: the CRS a source layer comes in, its name in reports, and where the districts
// lie (to choose the working CRS). Not for use outside src/io/.
#pragma once

#include "io/project.h"
#include "io/source.h"
#include "io/web_map_offsets.h"

#include <ogr_spatialref.h>

#include <string>

namespace hcgis::io::detail {

/// The CRS of the source layer (traditional axis order): the one the project declares for it, else its
/// own. Throws InputError naming the source when it has none or the declared one is not a CRS.
OGRSpatialReference source_srs(const Source& s, const LayerSpec& spec);

/// "EPSG:4326" when the CRS has (or is identified with) an authority code, else its name.
std::string crs_label(const OGRSpatialReference& srs);

/// Centre of the extent of the districts layer `spec` in WGS 84 longitude/latitude. Throws InputError
/// naming the source when it does not open, is empty or its centre cannot be transformed.
LonLat districts_centre(const LayerSpec& spec);

}  // namespace hcgis::io::detail
