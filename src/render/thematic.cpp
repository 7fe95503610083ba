#include "render/thematic.h"

namespace hcgis::render {

Thematic make_thematic(const Scorecard& card, const IndicatorDef& def, const Style& style) {
    Thematic t;
    std::optional<double> target;
    for (const auto& d : card.districts) {
        auto it = d.values.find(def.id);
        if (it == d.values.end()) {
            t.values.push_back(std::nullopt);
            continue;
        }
        t.values.push_back(it->second.value);
        if (!target) target = it->second.target;
    }
    if (!target) target = def.target;
    const QString unit_zh = QString::fromStdString(def.unit_zh);
    t.title = QString::fromStdString(def.name_zh) + (unit_zh.isEmpty() ? "" : "（" + unit_zh + "）");
    t.unit = def.unit;
    t.target = target;
    t.at_least = def.op == Op::AtLeast;
    t.style = style;
    return t;
}

std::string thematic_mode(const Scorecard& card, const std::string& id) {
    for (const auto& d : card.districts)
        if (auto it = d.values.find(id); it != d.values.end() && !it->second.mode.empty()) return it->second.mode;
    return {};
}

std::vector<std::string> layers_for_indicator(const std::string& id) {
    if (id.starts_with("toilet")) return {"toilets", "builtup"};
    if (id.starts_with("fitness")) return {"fitness", "residents"};
    if (id.starts_with("park")) return {"parks", "residents"};
    if (id.starts_with("sports")) return {"sports"};
    if (id.starts_with("eldercare")) return {"eldercare"};
    if (id.starts_with("gp_per") || id.starts_with("public_health") || id.starts_with("tcm") || id.starts_with("vaccination"))
        return {"clinics"};
    if (id.starts_with("farmers")) return {"markets"};
    if (id.starts_with("health_trail")) return {"trails"};
    if (id.starts_with("homecare") || id.starts_with("gp_studio") || id == "healthy_villages" ||
        id == "healthy_communities" || id.starts_with("vector"))
        return {"communities"};  // healthy_enterprises is a district attribute: no layer counts it
    return {};
}

}  // namespace hcgis::render
