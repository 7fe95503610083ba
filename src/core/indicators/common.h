// Small helpers the indicator families share.
#pragma once

#include "core/analysis.h"
#include "core/scorecard.h"

#include <fmt/format.h>

#include <initializer_list>
#include <optional>
#include <string>

namespace hcgis::indicators {

inline std::string no_layer(const std::string& role) { return "not computed: no " + role + " layer"; }
inline std::string no_field(const std::string& role, const std::string& key) {
    return "not computed: the " + role + " layer maps no " + key + " field";
}

/// Sets `ids` to null with `reason` for every district and the total.
inline void not_computed(Scorecard& card, std::size_t districts, std::initializer_list<const char*> ids,
                         const std::string& reason) {
    for (int d = -1; d < static_cast<int>(districts); ++d)
        for (const char* id : ids) card.set(id, d, Value::none(reason));
}

/// num / den × scale, with both kept as details under their names; null with `zero_reason` when den is 0.
inline Value ratio(double num, double den, double scale, const std::string& num_key, const std::string& den_key,
                   const std::string& zero_reason) {
    Value v = den > 0 ? Value::of(num / den * scale) : Value::none(zero_reason);
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

}  // namespace hcgis::indicators
