// Small helpers the indicator families share.
#pragma once

#include "core/analysis.h"
#include "core/indicators/details.h"
#include "core/reason.h"
#include "core/scorecard.h"

#include <initializer_list>
#include <optional>
#include <string>

namespace hcgis::indicators {

inline Reason no_layer(const std::string& role) { return Reason::no_layer(role); }
inline Reason no_field(const std::string& role, const std::string& key) { return Reason::no_field(role, key); }

/// Sets `ids` to null with `reason` for every district and the total.
inline void not_computed(Scorecard& card, std::size_t districts, std::initializer_list<const char*> ids,
                         const Reason& reason) {
    for (int d = -1; d < static_cast<int>(districts); ++d)
        for (const char* id : ids) card.set(id, d, Value::none(reason));
}

/// num / den × scale, with both kept as details under their names; null with `zero_reason` when den is 0.
inline Value ratio(double num, double den, double scale, const Detail& num_key, const Detail& den_key,
                   Reason::Code zero_reason) {
    Value v = den > 0 ? Value::of(num / den * scale) : Value::none(Reason::of(zero_reason));
    return v.with(num_key, num).with(den_key, den);
}

/// Value of a district column at district d, or for d < 0 the sum over districts; nullopt when the
/// layer maps none (a column is all or nothing).
inline std::optional<double> district_value(const std::vector<std::optional<double>>& column, int d) {
    if (d >= 0) return column[static_cast<std::size_t>(d)];
    double sum = 0;
    for (const auto& v : column) {
        if (!v) return std::nullopt;
        sum += *v;
    }
    return sum;
}

/// Population of district d (d < 0: the sum over districts); nullopt when the layer maps none.
inline std::optional<double> population(const City& city, int d) { return district_value(city.districts.population, d); }

/// Residents aged 60+, likewise.
inline std::optional<double> elderly(const City& city, int d) { return district_value(city.districts.elderly, d); }

/// Index into per-district vectors whose last entry is the total.
inline std::size_t slot(const std::vector<double>& v, int d) {
    return d < 0 ? v.size() - 1 : static_cast<std::size_t>(d);
}

/// Among the points of layer `role` that `member` selects, the share for which number `flag` is set; null
/// with a NoField reason when the layer lacks one of `needs`.
template <class Member>
void point_share(Analysis& analysis, Scorecard& card, const char* id, const char* role,
                 std::initializer_list<const char*> needs, Member member, const char* flag, const Detail& num_key,
                 const Detail& den_key, Reason::Code none_reason) {
    const std::size_t n = analysis.city().districts.size();
    const Layer& layer = *analysis.city().layer(role);
    for (const char* key : needs)
        if (!layer.has_number(key)) return not_computed(card, n, {id}, no_field(role, key));
    const auto& f = layer.numbers.at(flag);
    const auto all = analysis.sum_points(role, [&](std::size_t i) { return member(i) ? 1.0 : 0.0; });
    const auto with = analysis.sum_points(role, [&](std::size_t i) { return member(i) && f[i] > 0 ? 1.0 : 0.0; });
    for (int d = -1; d < static_cast<int>(n); ++d)
        card.set(id, d, ratio(with[slot(all, d)], all[slot(all, d)], 1.0, num_key, den_key, none_reason));
}

/// The area of the union of layer `role`'s polygons in each district ÷ its population (`area_made`: that
/// area per district, the total last, already made).
void area_per_capita(Analysis& analysis, Scorecard& card, const char* id, const char* role, const Detail& area_key,
                     const std::vector<double>* area_made = nullptr);

/// The sum of clinics' number `key` per 10,000 residents (GPs, public-health staff).
void clinic_staff_per_10k(Analysis& analysis, Scorecard& card, const char* id, const Detail& key);

/// How many communities have the flag `flag`, per district and in all.
void community_count(Analysis& analysis, Scorecard& card, const char* id, const char* flag);

/// The column `key` of the districts layer, or nullptr when the project maps none.
const std::vector<double>* district_column(const City& city, const char* key);

}  // namespace hcgis::indicators
