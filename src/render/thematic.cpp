#include "render/thematic.h"

#include "core/indicators/indicator.h"

namespace hcgis::render {

Thematic make_thematic(const Scorecard& card, const IndicatorDef& def, const Style& style) {
    Thematic t;
    std::optional<double> target;
    for (const auto& d : card.districts) {
        auto it = d.values.find(def.id);
        if (it == d.values.end()) {
            t.values.push_back(std::nullopt);
            t.targets.push_back(def.target);
            continue;
        }
        t.values.push_back(it->second.value);
        t.targets.push_back(it->second.target);
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

Measure thematic_mode(const Scorecard& card, const std::string& id) {
    for (const auto& d : card.districts)
        if (auto it = d.values.find(id); it != d.values.end() && it->second.mode != Measure::None) return it->second.mode;
    return Measure::None;
}

std::vector<std::string> layers_for_indicator(const std::string& id) {
    const indicators::Indicator* indicator = indicators::find_indicator(id);
    return indicator ? indicator->layers : std::vector<std::string>{};
}

}  // namespace hcgis::render
