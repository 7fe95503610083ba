#include "core/indicators/indicator.h"

#include "core/codes.h"
#include "core/indicators/common.h"

#include <cmath>

namespace hcgis::indicators {
namespace {

struct Counts {
    double builtup_m2 = 0;
    std::size_t in_builtup = 0;    // every public toilet in the built-up area
    std::size_t class1to3 = 0;     // class III or better
    std::size_t class1to2 = 0;     // class II or better
    std::size_t below3 = 0;        // below class III
};

void emit(Scorecard& card, int d, const Counts& c, bool has_class) {
    const double km2 = c.builtup_m2 / 1e6;
    Value density = km2 > 0 ? Value::of(static_cast<double>(c.class1to3) / km2)
                            : Value::none(Reason::of(Reason::Code::NoBuiltup));
    density.with(details::builtup_km2, km2).with(details::toilets_class_1_to_3_in_builtup, static_cast<double>(c.class1to3));
    card.set("toilet_density", d, std::move(density));

    if (!has_class) {
        card.set("toilet_class2_share", d, Value::none(no_field("toilets", "class")));
        card.set("toilet_below_class3", d, Value::none(no_field("toilets", "class")));
        return;
    }
    Value share = c.in_builtup > 0
                      ? Value::of(static_cast<double>(c.class1to2) / static_cast<double>(c.in_builtup))
                      : Value::none(Reason::of(Reason::Code::NoToiletsInBuiltup));
    share.with(details::toilets_class_1_to_2_in_builtup, static_cast<double>(c.class1to2))
        .with(details::toilets_in_builtup, static_cast<double>(c.in_builtup));
    card.set("toilet_class2_share", d, std::move(share));
    card.set("toilet_below_class3", d,
             Value::of(static_cast<double>(c.below3)).with(details::toilets_in_builtup, static_cast<double>(c.in_builtup)));
}

// Z5: one cleaner per toilet of class II or better, one per two toilets below class II (rounded up),
// over every public toilet of the district; held against the cleaners the data says are staffed.
void compute_cleaners(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const Layer& toilets = *city.layer("toilets");
    const auto cls = toilets.numbers.find("class");
    if (cls == toilets.numbers.end()) {
        not_computed(card, city.districts.size(), {"toilet_cleaners_needed"}, no_field("toilets", "class"));
        return;
    }
    const auto good = analysis.sum_points("toilets", [&](std::size_t i) { return cls->second[i] <= 2 ? 1.0 : 0.0; });
    const auto rest = analysis.sum_points("toilets", [&](std::size_t i) { return cls->second[i] > 2 ? 1.0 : 0.0; });
    const auto staffed_col = toilets.numbers.find("cleaners");
    std::vector<double> staffed;
    if (staffed_col != toilets.numbers.end())
        staffed = analysis.sum_points("toilets", [&](std::size_t i) { return staffed_col->second[i]; });
    for (int d = -1; d < static_cast<int>(city.districts.size()); ++d) {
        const std::size_t k = slot(good, d);
        // The total is the sum of the districts' needs (each district rounds its own half cleaners up).
        double needed = 0;
        if (d >= 0) {
            needed = good[k] + std::ceil(rest[k] / 2.0);
        } else {
            for (std::size_t j = 0; j + 1 < good.size(); ++j) needed += good[j] + std::ceil(rest[j] / 2.0);
        }
        Value v = Value::of(needed).with(details::toilets_class_1_to_2, good[k]).with(details::toilets_below_class_2, rest[k]);
        if (!staffed.empty()) {
            v.with(details::cleaners_staffed, staffed[k]);
            v.data_target = staffed[k];
        }
        card.set("toilet_cleaners_needed", d, std::move(v));
    }
}

void compute(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const Layer* toilets = city.layer("toilets");
    if (!toilets) {
        not_computed(card, city.districts.size(),
                     {"toilet_density", "toilet_class2_share", "toilet_below_class3", "toilet_cleaners_needed"},
                     no_layer("toilets"));
        return;
    }
    const BuiltUp& builtup = analysis.builtup();
    const std::vector<int>& where = analysis.district_of("toilets");
    const auto cls = toilets->numbers.find("class");
    const bool has_class = cls != toilets->numbers.end();

    std::vector<Counts> counts(city.districts.size());
    for (std::size_t d = 0; d < counts.size(); ++d) counts[d].builtup_m2 = builtup.area_m2[d];
    for (std::size_t i = 0; i < toilets->size(); ++i) {
        if (where[i] == DistrictIndex::outside) continue;  // counted in the layer's warnings
        if (!builtup.contains(toilets->x[i], toilets->y[i])) continue;
        Counts& c = counts[static_cast<std::size_t>(where[i])];
        // Without a class every toilet counts as class III (DESIGN.md).
        const double k = has_class ? cls->second[i] : 3.0;
        ++c.in_builtup;
        if (k < codes::toilet_below_class_3) ++c.class1to3;
        if (k <= 2) ++c.class1to2;
        if (k >= codes::toilet_below_class_3) ++c.below3;
    }
    Counts total;
    for (std::size_t d = 0; d < counts.size(); ++d) {
        emit(card, static_cast<int>(d), counts[d], has_class);
        total.builtup_m2 += counts[d].builtup_m2;
        total.in_builtup += counts[d].in_builtup;
        total.class1to3 += counts[d].class1to3;
        total.class1to2 += counts[d].class1to2;
        total.below3 += counts[d].below3;
    }
    emit(card, -1, total, has_class);
    compute_cleaners(analysis, card);
}

}  // namespace

extern const Family toilet{
    {{"toilet_density",
      {"toilets", "builtup"},
      GapRule{&details::toilets_class_1_to_3_in_builtup, &details::builtup_km2, 1, "座", true, "还需新增三类及以上公厕 {}"}},
     {"toilet_class2_share",
      {"toilets", "builtup"},
      GapRule{&details::toilets_class_1_to_2_in_builtup, &details::toilets_in_builtup, 1, "座", true,
              "还需将 {} 公厕提升至二类及以上"}},
     {"toilet_below_class3", {"toilets", "builtup"}, GapRule{nullptr, nullptr, 1, "座", true, "还需改造三类以下公厕 {}"}},
     {"toilet_cleaners_needed", {"toilets", "builtup"}, GapRule{nullptr, nullptr, 1, "名", true, "还需配备公厕保洁员 {}"}}},
    compute};

}  // namespace hcgis::indicators
