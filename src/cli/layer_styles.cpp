// The QGIS styles of cli/layer_styles.h as render makes them (QColor, QXmlStreamWriter): in the module
// hcgis-qt.so, which the executable's cli/layer_styles_lazy.cpp calls (cli/qt_module.h).
#include "cli/qt_module.h"

#include "render/qgis_style.h"
#include "render/style.h"
#include "render/symbols.h"
#include "render/thematic.h"

#include <algorithm>
#include <cstdint>

namespace hcgis::cli::qt_styles {

std::vector<io::SavedStyle> export_styles(const Scorecard& card, const Catalog& catalog, const std::string& default_id) {
    std::vector<io::SavedStyle> out;
    std::size_t chosen = SIZE_MAX;
    for (const auto& id : card.ids) {
        const IndicatorDef* def = catalog.find(id);
        if (!def) continue;
        const render::Thematic t = render::make_thematic(card, *def, render::default_style(*def));
        const bool any = std::any_of(t.values.begin(), t.values.end(), [](const auto& v) { return v.has_value(); });
        if (id == default_id || (chosen == SIZE_MAX && any && default_id.empty())) chosen = out.size();
        out.push_back({"districts", id, render::graduated_qml(t, id), render::graduated_sld(t, id, "districts"),
                       t.title.toStdString(), false});
    }
    if (chosen == SIZE_MAX && !out.empty()) chosen = 0;
    if (chosen != SIZE_MAX) out[chosen].use_as_default = true;
    return out;
}

io::DistrictClasses district_classes(const Scorecard& card, const Catalog& catalog) {
    io::DistrictClasses out;
    for (const auto& id : card.ids) {
        const IndicatorDef* def = catalog.find(id);
        if (!def) continue;
        auto classes = render::target_classes(render::make_thematic(card, *def, render::default_style(*def)));
        if (!classes.empty()) out[id] = std::move(classes);
    }
    return out;
}

std::vector<io::SavedStyle> coverage_styles() {
    const render::Style style;
    return {{"catchments", "hcgis", render::catchments_qml(style), "", "服务范围", true},
            {"residents", "hcgis", render::coverage_residents_qml(style), "", "居民点覆盖", true}};
}

std::vector<io::SavedStyle> suggest_styles(const std::string& facility) {
    return {{"suggested_" + facility, "hcgis", render::sites_qml(facility), "", "建议选址（按序号）", true}};
}

std::vector<io::SavedStyle> city_styles(const City& city) {
    std::vector<io::SavedStyle> out = {{"districts", "hcgis", render::outline_qml(render::Style{}), "", "街道", true}};
    for (const auto& [role, layer] : city.layers) {
        if (layer.kind != GeomKind::Point || render::categories(role).front().label[0] == '\0') continue;
        out.push_back({role, "hcgis", render::points_qml(role, "class"), "", render::categories(role).back().label, true});
    }
    return out;
}

}  // namespace hcgis::cli::qt_styles
