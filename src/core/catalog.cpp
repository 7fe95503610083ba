#include "core/catalog.h"
#include "core/error.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hcgis {

Assessment assess(const IndicatorDef& def, std::optional<double> value, const std::string& district) {
    Assessment a;
    if (!district.empty()) {
        if (auto it = def.district_targets.find(district); it != def.district_targets.end())
            a.target = it->second;
        else if (!def.zone_total_only && def.district_targets.empty())
            a.target = def.target;
    } else {
        a.target = def.target;
    }
    if (a.target && value) {
        // A relative tolerance keeps 0.3 == 3/10 from failing on rounding.
        const double eps = 1e-9 * std::max(1.0, std::abs(*a.target));
        a.pass = def.op == Op::AtLeast ? *value >= *a.target - eps : *value <= *a.target + eps;
    }
    return a;
}

const char* op_symbol(Op op) { return op == Op::AtLeast ? ">=" : "<="; }

namespace {

constexpr std::pair<Unit, const char*> unit_table[] = {
    {Unit::Ratio, "ratio"},         {Unit::Count, "count"},    {Unit::Km, "km"},
    {Unit::PerKm2, "per km²"},      {Unit::M2PerPerson, "m²/person"}, {Unit::Per1000, "per 1000"},
    {Unit::Per1000Elderly, "per 1000 elderly"}, {Unit::Per10k, "per 10k"}};

}  // namespace

const char* unit_name(Unit u) {
    for (const auto& [unit, name] : unit_table)
        if (unit == u) return name;
    return "";
}

std::optional<Unit> parse_unit(const std::string& name) {
    for (const auto& [unit, n] : unit_table)
        if (name == n) return unit;
    return std::nullopt;
}

std::string unit_names() {
    std::string out;
    for (const auto& [unit, name] : unit_table) out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

Catalog::Catalog(std::vector<IndicatorDef> defs) : defs_(std::move(defs)) {
    for (std::size_t i = 0; i < defs_.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (defs_[i].id == defs_[j].id) throw InputError("indicator \"" + defs_[i].id + "\" defined twice");
}

const IndicatorDef* Catalog::find(const std::string& id) const {
    for (const auto& d : defs_)
        if (d.id == id) return &d;
    return nullptr;
}

}  // namespace hcgis
