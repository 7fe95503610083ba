#include "core/tasks.h"

#include <algorithm>
#include <string_view>

namespace hcgis {
namespace {

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

void add_task(std::vector<UnitTasks>& units, const std::string& unit, Task task) {
    auto it = std::find_if(units.begin(), units.end(), [&](const UnitTasks& u) { return u.unit == unit; });
    if (it == units.end()) it = units.insert(units.end(), UnitTasks{unit, {}});
    it->tasks.push_back(std::move(task));
}

}  // namespace

std::vector<std::string> responsible_units(const std::string& responsible) {
    std::vector<std::string> out;
    std::string unit;
    auto flush = [&] {
        const std::string t = trimmed(unit);
        if (!t.empty() && std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
        unit.clear();
    };
    for (std::size_t i = 0; i < responsible.size();) {
        const std::string_view rest = std::string_view(responsible).substr(i);
        if (rest.starts_with(",")) flush(), i += 1;
        else if (rest.starts_with("，") || rest.starts_with("、")) flush(), i += 3;  // both 3 bytes in UTF-8
        else unit += responsible[i++];
    }
    flush();
    return out;
}

std::vector<UnitTasks> task_list(const Scorecard& card, const Catalog& catalog) {
    std::vector<UnitTasks> units;
    for (const std::string& id : card.ids) {
        const IndicatorDef* def = catalog.find(id);
        if (!def) continue;
        const std::vector<std::string> owners = responsible_units(def->responsible);
        for (const auto& unit : owners)
            if (std::none_of(units.begin(), units.end(), [&](const UnitTasks& u) { return u.unit == unit; }))
                units.push_back({unit, {}});
        auto failing = [&](const AreaResult& area, const std::string& district) {
            const auto it = area.values.find(id);
            if (it == area.values.end() || it->second.pass != false) return;
            Task task{id, district, it->second.gap.value_or(Gap{})};
            for (const auto& unit : owners) add_task(units, unit, task);
        };
        if (!def->zone_total_only)
            for (const AreaResult& d : card.districts) failing(d, d.name);
        failing(card.total, "");
    }
    return units;
}

}  // namespace hcgis
