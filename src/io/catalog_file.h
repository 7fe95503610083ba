// Reads the indicator catalog (data/indicators.json) that planners edit.
#pragma once

#include "core/catalog.h"

#include <filesystem>
#include <string>

namespace hcgis::io {

/// Parses catalog JSON; `file` names it in messages. Throws InputError on a missing or mistyped key.
Catalog parse_catalog(const std::string& text, const std::string& file);
Catalog read_catalog(const std::filesystem::path& file);

/// Where the catalog is when none is named: $HCGIS_CATALOG, else the data/ folder the build came from,
/// else ../share/hcgis/ beside the executable.
std::filesystem::path default_catalog_path();

}  // namespace hcgis::io
