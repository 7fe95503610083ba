// Writing results for other systems: the districts with every indicator as attributes.
#pragma once

#include "core/catalog.h"
#include "core/city.h"
#include "core/scorecard.h"

#include <filesystem>

namespace hcgis::io {

/// Writes one feature per district carrying name, code, population and, for every indicator id,
/// `<id>` (null where not computed), `<id>_target`, `<id>_pass` and `<id>_gap`.
/// `.geojson`/`.json`: RFC 7946 through GDAL (WGS 84 lon/lat, counter-clockwise exterior rings, no `crs`
/// member, 7 decimals, the district code as the feature id). `.gpkg`: GeoPackage in the working CRS.
/// Replaces an existing file. Throws InputError when the file cannot be written or the extension is unknown.
void export_districts(const City& city, const Scorecard& card, const Catalog& catalog,
                      const std::filesystem::path& out);

}  // namespace hcgis::io
