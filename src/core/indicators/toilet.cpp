#include "core/indicators/toilet.h"

#include "core/indicators/indicator.h"

#include "core/codes.h"
#include "core/indicators/common.h"

#include <cmath>

namespace hcgis::indicators {
namespace {

void emit(Scorecard& card, int d, const ToiletCounts& c, bool has_class) {
    const double km2 = c.builtup_m2 / 1e6;
    Value density = km2 > 0 ? Value::of(c.class1to3 / km2) : Value::none(Reason::of(Reason::Code::NoBuiltup));
    density.with(details::builtup_km2, km2).with(details::toilets_class_1_to_3_in_builtup, c.class1to3);
    card.set("toilet_density", d, std::move(density));

    if (!has_class) {
        card.set("toilet_class2_share", d, Value::none(no_field("toilets", "class")));
        card.set("toilet_below_class3", d, Value::none(no_field("toilets", "class")));
        return;
    }
    Value share = c.in_builtup > 0 ? Value::of(c.class1to2 / c.in_builtup)
                                   : Value::none(Reason::of(Reason::Code::NoToiletsInBuiltup));
    share.with(details::toilets_class_1_to_2_in_builtup, c.class1to2).with(details::toilets_in_builtup, c.in_builtup);
    card.set("toilet_class2_share", d, std::move(share));
    card.set("toilet_below_class3", d, Value::of(c.below3).with(details::toilets_in_builtup, c.in_builtup));
}

// Z5: one cleaner per toilet of class II or better, one per two toilets below class II (rounded up),
// over every public toilet of the district; held against the cleaners the data says are staffed.
void emit_cleaners(Scorecard& card, const ToiletTally& tally) {
    const std::size_t n = tally.districts.size();
    if (!tally.has_class) {
        not_computed(card, n, {"toilet_cleaners_needed"}, no_field("toilets", "class"));
        return;
    }
    ToiletCounts total;
    double total_needed = 0;
    for (int d = 0; d <= static_cast<int>(n); ++d) {
        const bool is_total = d == static_cast<int>(n);
        const ToiletCounts& c = is_total ? total : tally.districts[static_cast<std::size_t>(d)];
        // The total is the sum of the districts' needs (each district rounds its own half cleaners up).
        const double needed = is_total ? total_needed : c.good + std::ceil(c.rest / 2.0);
        if (!is_total) {
            total_needed += needed;
            total.good += c.good;
            total.rest += c.rest;
            total.staffed += c.staffed;
        }
        Value v = Value::of(needed).with(details::toilets_class_1_to_2, c.good).with(details::toilets_below_class_2, c.rest);
        if (tally.has_staffed) {
            v.with(details::cleaners_staffed, c.staffed);
            v.data_target = c.staffed;
        }
        card.set("toilet_cleaners_needed", is_total ? -1 : d, std::move(v));
    }
}

void compute(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const Layer* toilets = city.layer("toilets");
    if (!toilets) return not_computed_toilets(card, city.districts.size());
    emit_toilets(card, tally_toilets(analysis, *toilets, analysis.district_of("toilets")));
}

}  // namespace

void not_computed_toilets(Scorecard& card, std::size_t districts) {
    not_computed(card, districts, {"toilet_density", "toilet_class2_share", "toilet_below_class3", "toilet_cleaners_needed"},
                 no_layer("toilets"));
}

void tally_toilet(ToiletTally& tally, int d, bool in_builtup, double cls, double staffed, int sign) {
    if (d == DistrictIndex::outside) return;  // counted in the layer's warnings
    ToiletCounts& c = tally.districts[static_cast<std::size_t>(d)];
    const double s = sign;
    // Without a class every toilet counts as class III (DESIGN.md).
    const double k = tally.has_class ? cls : 3.0;
    if (tally.has_class) {
        (k <= 2 ? c.good : c.rest) += s;
        c.staffed += s * staffed;
    }
    if (!in_builtup) return;
    c.in_builtup += s;
    if (k < codes::toilet_below_class_3) c.class1to3 += s;
    if (k <= 2) c.class1to2 += s;
    if (k >= codes::toilet_below_class_3) c.below3 += s;
}

ToiletTally tally_toilets(Analysis& analysis, const Layer& toilets, const std::vector<int>& where) {
    const City& city = analysis.city();
    const BuiltUp& builtup = analysis.builtup();
    ToiletTally tally;
    const auto cls = toilets.numbers.find("class");
    const auto staffed = toilets.numbers.find("cleaners");
    tally.has_class = cls != toilets.numbers.end();
    tally.has_staffed = staffed != toilets.numbers.end();
    tally.districts.resize(city.districts.size());
    for (std::size_t d = 0; d < tally.districts.size(); ++d) tally.districts[d].builtup_m2 = builtup.area_m2[d];
    for (std::size_t i = 0; i < toilets.size(); ++i) {
        if (where[i] == DistrictIndex::outside) continue;
        tally_toilet(tally, where[i], builtup.contains(toilets.x[i], toilets.y[i]), tally.has_class ? cls->second[i] : 3.0,
                     tally.has_staffed ? staffed->second[i] : 0.0, +1);
    }
    return tally;
}

void emit_toilets(Scorecard& card, const ToiletTally& tally) {
    ToiletCounts total;
    for (std::size_t d = 0; d < tally.districts.size(); ++d) {
        const ToiletCounts& c = tally.districts[d];
        emit(card, static_cast<int>(d), c, tally.has_class);
        total.builtup_m2 += c.builtup_m2;
        total.in_builtup += c.in_builtup;
        total.class1to3 += c.class1to3;
        total.class1to2 += c.class1to2;
        total.below3 += c.below3;
    }
    emit(card, -1, total, tally.has_class);
    emit_cleaners(card, tally);
}

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
