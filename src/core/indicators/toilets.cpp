#include "core/indicators/toilets.h"

#include <fmt/format.h>

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
                            : Value::none("no built-up area in this district");
    density.with("builtup_km2", km2).with("toilets_class_1_to_3_in_builtup", static_cast<double>(c.class1to3));
    card.set("toilet_density", d, std::move(density));

    if (!has_class) {
        card.set("toilet_class2_share", d, Value::none("not computed: the toilets layer maps no class field"));
        card.set("toilet_below_class3", d, Value::none("not computed: the toilets layer maps no class field"));
        return;
    }
    Value share = c.in_builtup > 0
                      ? Value::of(static_cast<double>(c.class1to2) / static_cast<double>(c.in_builtup))
                      : Value::none("no public toilets in the built-up area");
    share.with("toilets_class_1_to_2_in_builtup", static_cast<double>(c.class1to2))
        .with("toilets_in_builtup", static_cast<double>(c.in_builtup));
    card.set("toilet_class2_share", d, std::move(share));
    card.set("toilet_below_class3", d,
             Value::of(static_cast<double>(c.below3)).with("toilets_in_builtup", static_cast<double>(c.in_builtup)));
}

}  // namespace

void compute_toilets(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const Layer* toilets = city.layer("toilets");
    if (!toilets) {
        for (int d = -1; d < static_cast<int>(city.districts.size()); ++d)
            for (const char* id : {"toilet_density", "toilet_class2_share", "toilet_below_class3"})
                card.set(id, d, Value::none("not computed: no toilets layer"));
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
        if (k < toilet_below_class3_code) ++c.class1to3;
        if (k <= 2) ++c.class1to2;
        if (k >= toilet_below_class3_code) ++c.below3;
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
}

}  // namespace hcgis::indicators
