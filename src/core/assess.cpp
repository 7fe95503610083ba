#include "core/assess.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <set>

namespace hcgis {
namespace {

// How to close the gap of each indicator. For a ratio rule, value = num / den × scale and the gap is the
// rise of the numerator that reaches the target with the denominator unchanged; without num, the gap is
// the plain difference between value and target.
struct GapRule {
    const char* id;
    const char* num;  // detail key, or nullptr for a difference
    const char* den;
    double scale;
    const char* unit;
    bool whole;       // counted in whole units (rounded up)
    const char* text; // "{}" takes the amount with its unit
};

constexpr GapRule rules[] = {
    {"toilet_density", "toilets_class_1_to_3_in_builtup", "builtup_km2", 1, "座", true, "还需新增三类及以上公厕 {}"},
    {"toilet_class2_share", "toilets_class_1_to_2_in_builtup", "toilets_in_builtup", 1, "座", true,
     "还需将 {} 公厕提升至二类及以上"},
    {"toilet_below_class3", nullptr, nullptr, 1, "座", true, "还需改造三类以下公厕 {}"},
    {"toilet_cleaners_needed", nullptr, nullptr, 1, "名", true, "还需配备公厕保洁员 {}"},
    {"fitness_10min_coverage", "covered_population", "residents_population", 1, "人", true,
     "还有 {}未进入10分钟体育健身圈"},
    {"fitness_10min_coverage_elderly", "covered_population", "residents_population", 1, "人", true,
     "还有 {}（60岁以上）未进入10分钟体育健身圈"},
    {"sports_area_per_capita", "sports_area_m2", "population", 1, "m²", false, "还需体育场地 {}"},
    {"park_green_per_capita", "park_area_m2", "population", 1, "m²", false, "还需公园绿地 {}"},
    {"park_service_coverage", "covered_population", "residents_population", 1, "人", true,
     "还有 {}未进入公园绿地服务半径"},
    {"eldercare_beds_per_1000", "beds", "elderly", 1000, "张", true, "还需养老床位 {}"},
    {"homecare_center_coverage", "communities_with_center", "communities", 1, "个", true,
     "还需 {}城市社区建成标准化居家养老服务中心"},
    {"homecare_center_coverage_rural", "communities_with_center", "communities", 1, "个", true,
     "还需 {}农村社区建成标准化居家养老服务中心"},
    {"gp_per_10k", "gps", "population", 10000, "名", true, "还需全科医生 {}"},
    {"public_health_staff_per_10k", "public_health_staff", "population", 10000, "名", true, "还需公共卫生人员 {}"},
    {"gp_studio_share", "with_gp_studio", "urban_communities", 1, "个", true, "还需 {}城市社区开设全科医生工作室"},
    {"tcm_pavilion_share", "with_tcm_pavilion", "stations_and_village_clinics", 1, "个", true,
     "还需 {}村卫生室或社区卫生服务站建成中医阁"},
    {"tcm_service_share_village", "offering_tcm", "village_clinics", 1, "个", true, "还需 {}村卫生室能提供中医药服务"},
    {"vaccination_clinic_standard_share", "standardised", "vaccination_clinics", 1, "个", true,
     "还需 {}预防接种门诊达到标准化"},
    {"food_sampling_per_1000", "food_samples", "population", 1000, "批次", true, "还需食品抽检 {}"},
    {"vector_demo_communities", nullptr, nullptr, 1, "个", true, "还需建成病媒防制标准化示范小区 {}"},
    {"healthy_villages", nullptr, nullptr, 1, "个", true, "还需创成省级健康村 {}"},
    {"healthy_communities", nullptr, nullptr, 1, "个", true, "还需创成健康社区 {}"},
    {"healthy_enterprises", nullptr, nullptr, 1, "家", true, "还需创成健康企业 {}"},
    {"health_trail_km", nullptr, nullptr, 1, "km", false, "还需健康步道 {}"},
    {"farmers_market_per_township", "townships_with_one", "townships", 1, "个", true, "还需 {}街道建成规范化农贸市场"},
};

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
    const GapRule* rule = nullptr;
    for (const auto& r : rules)
        if (def.id == r.id) rule = &r;
    if (!rule) return std::nullopt;

    double amount = 0;
    if (rule->num) {
        const auto num = v.get(rule->num), den = v.get(rule->den);
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

void assess_scorecard(Scorecard& card, const Catalog& catalog) {
    std::set<std::string> unknown;
    auto one = [&](AreaResult& area, bool is_total) {
        for (auto& [id, v] : area.values) {
            const IndicatorDef* def = catalog.find(id);
            if (!def) {
                unknown.insert(id);
                continue;
            }
            Assessment a = assess(*def, v.value, is_total ? std::string() : area.name);
            if (v.data_target) {
                IndicatorDef own = *def;
                own.target = v.data_target;
                own.district_targets.clear();
                own.zone_total_only = false;
                a = assess(own, v.value, "");
            }
            v.target = a.target;
            v.pass = a.pass;
            v.gap = (a.pass == false) ? gap_for(*def, v, *a.target) : std::nullopt;
        }
    };
    for (auto& d : card.districts) one(d, false);
    one(card.total, true);
    if (catalog.all().empty()) return;  // no catalog at all: values without targets, nothing to warn about
    for (const auto& id : unknown)
        card.warnings.push_back(fmt::format("indicator \"{}\" is not in the catalog: no target, name or unit", id));
}

}  // namespace hcgis
