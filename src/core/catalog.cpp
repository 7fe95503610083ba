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
