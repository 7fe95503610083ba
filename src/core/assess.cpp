#include "core/assess.h"

#include "core/indicators/indicator.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <set>

namespace hcgis {
namespace {

std::string thousands(long long n) {
    const std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out = n < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace

std::string format_amount(double amount, const std::string& unit) {
    if (unit == "m²") {
        if (amount >= 10000.0) return fmt::format("{:.1f} 万 m²", amount / 10000.0);
        return fmt::format("{:.0f} m²", std::ceil(amount));
    }
    if (unit == "km") return fmt::format("{:.1f} km", amount);
    return thousands(static_cast<long long>(std::llround(amount))) + " " + unit;
}

std::optional<Gap> gap_for(const IndicatorDef& def, const Value& v, double target) {
    if (!v.value) return std::nullopt;
    const indicators::Indicator* indicator = indicators::find_indicator(def.id);
    if (!indicator || !indicator->gap) return std::nullopt;
    const indicators::GapRule* rule = &*indicator->gap;

    double amount = 0;
    if (rule->num) {
        const auto num = v.get(*rule->num), den = v.get(*rule->den);
        if (!num || !den) return std::nullopt;
        const double need = target * *den / rule->scale;
        amount = def.op == Op::AtLeast ? need - *num : *num - need;
    } else {
        amount = def.op == Op::AtLeast ? target - *v.value : *v.value - target;
    }
    if (rule->whole) amount = std::ceil(amount - 1e-9);
    if (amount <= 0) return std::nullopt;
    Gap g;
    g.amount = amount;
    g.unit = rule->unit;
    g.text = fmt::format(fmt::runtime(rule->text), format_amount(amount, rule->unit));
    return g;
}

void assess_value(const IndicatorDef& def, Value& v, const std::string& district) {
    Assessment a = assess(def, v.value, district);
    if (v.data_target) {
        IndicatorDef own = def;
        own.target = v.data_target;
        own.district_targets.clear();
        own.zone_total_only = false;
        a = assess(own, v.value, "");
    }
    v.target = a.target;
    v.pass = a.pass;
    v.gap = (a.pass == false) ? gap_for(def, v, *a.target) : std::nullopt;
}

void assess_scorecard(Scorecard& card, const Catalog& catalog) {
    std::set<std::string> unknown;
    auto one = [&](AreaResult& area, bool is_total) {
        for (auto& [id, v] : area.values) {
            const IndicatorDef* def = catalog.find(id);
            if (!def) {
                unknown.insert(id);
                continue;
            }
            assess_value(*def, v, is_total ? std::string() : area.name);
        }
    };
    for (auto& d : card.districts) one(d, false);
    one(card.total, true);
    if (catalog.all().empty()) return;  // no catalog at all: values without targets, nothing to warn about
    for (const auto& id : unknown)
        card.warnings.push_back(fmt::format("indicator \"{}\" is not in the catalog: no target, name or unit", id));
}

}  // namespace hcgis
