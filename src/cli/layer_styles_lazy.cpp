// cli/layer_styles.h in the executable: the styles are made by the module hcgis-qt.so (render needs Qt),
// loaded here on the first style asked for, so that a command writes its styles without Qt being loaded
// at its start, nor at all when it writes none.
#include "cli/layer_styles.h"
#include "cli/qt_module.h"

namespace hcgis::cli {

std::vector<io::SavedStyle> export_styles(const Scorecard& card, const Catalog& catalog, const std::string& default_id) {
    return qt_module().export_styles(card, catalog, default_id);
}

io::DistrictClasses district_classes(const Scorecard& card, const Catalog& catalog) {
    return qt_module().district_classes(card, catalog);
}

std::vector<io::SavedStyle> coverage_styles() { return qt_module().coverage_styles(); }

std::vector<io::SavedStyle> suggest_styles(const std::string& facility) { return qt_module().suggest_styles(facility); }

std::vector<io::SavedStyle> city_styles(const City& city) { return qt_module().city_styles(city); }

std::vector<io::SavedStyle> for_tables(std::vector<io::SavedStyle> styles, const std::map<std::string, std::string>& tables) {
    for (auto& s : styles)
        if (const auto it = tables.find(s.layer); it != tables.end()) s.layer = it->second;
    return styles;
}

}  // namespace hcgis::cli
