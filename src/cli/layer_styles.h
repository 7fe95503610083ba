// The QGIS styles each command's GeoPackage carries (io/layer_styles.h), made by render from the same hcgis
// styles the map uses: what cli puts between render's QML and io's writers.
#pragma once

#include "core/catalog.h"
#include "core/city.h"
#include "core/scorecard.h"
#include "io/layer_styles.h"
#include "io/writers.h"

#include <map>
#include <string>
#include <vector>

namespace hcgis::cli {

/// export's districts: one graduated style per indicator of `card` that the catalog describes, in its
/// default map style (named by its id, described by its title); `default_id` (or, if empty or absent, the
/// first indicator with a value) is the one QGIS opens.
std::vector<io::SavedStyle> export_styles(const Scorecard& card, const Catalog& catalog, const std::string& default_id);

/// coverage's catchments (the union at the style's transparency) and residents (covered or not).
std::vector<io::SavedStyle> coverage_styles();

/// suggest's layer suggested_<facility>: stars labelled with their rank.
std::vector<io::SavedStyle> suggest_styles(const std::string& facility);

/// The `<id>_class` attributes of the districts (io::DistrictClasses) for every indicator of `card` whose
/// default map style classes it by target: what export_styles()'s QML colours by where the districts'
/// targets differ.
io::DistrictClasses district_classes(const Scorecard& card, const Catalog& catalog);

/// `styles` with their layer renamed as `tables` says (a GeoPackage's layer -> the PostGIS table written).
std::vector<io::SavedStyle> for_tables(std::vector<io::SavedStyle> styles, const std::map<std::string, std::string>& tables);

/// synth's city: the district boundaries, toilets and fitness sites by class, other point layers in their
/// map colours.
std::vector<io::SavedStyle> city_styles(const City& city);

}  // namespace hcgis::cli
