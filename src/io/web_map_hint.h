// Internal to hcgis_io: spotting points copied from a Chinese web map without saying so. Not for use
// outside src/io/.
#pragma once

#include "core/city.h"
#include "core/point_in_district.h"

#include <ogr_spatialref.h>

#include <string>
#include <vector>

namespace hcgis::io::detail {

/// For a point layer that came in longitude/latitude (`from`) and is now in the working CRS: when many of
/// its points lie outside every district of `index` and most of those fall inside once read as GCJ-02
/// (or BD-09), appends a warning with the numbers and the "coords" to declare to `warnings`.
void hint_web_map_offset(const Layer& layer, const OGRSpatialReference& from, const OGRSpatialReference& working,
                         const DistrictIndex& index, std::vector<std::string>& warnings);

}  // namespace hcgis::io::detail
