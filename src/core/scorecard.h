// What the indicator computations produce: one value per indicator for every district and the total.
#pragma once

#include "core/city.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hcgis {

/// One indicator's value for one area. A value that cannot be computed is nullopt with a reason,
/// never zero. `detail` holds the counts and areas behind the value, for the report.
struct Value {
    std::optional<double> value;
    std::string reason;
    std::vector<std::pair<std::string, double>> detail;

    static Value of(double v) { return Value{v, {}, {}}; }
    static Value none(std::string why) { return Value{std::nullopt, std::move(why), {}}; }
    Value& with(std::string key, double v) {
        detail.emplace_back(std::move(key), v);
        return *this;
    }
};

struct AreaResult {
    std::string name;
    std::string code;
    std::map<std::string, Value> values;  // by indicator id
};

/// A layer's feature accounting, for the report: read = in_district + outside + rejected.
struct LayerReport {
    std::string role;
    std::string source;
    LayerAccount account;
};

struct Scorecard {
    std::vector<std::string> ids;        // indicator ids computed, in report order
    std::vector<AreaResult> districts;   // in the order of the districts layer
    AreaResult total;                    // the whole area (the union of the districts)
    std::vector<std::string> warnings;
    std::vector<LayerReport> layers;

    /// Records `v` for indicator `id` of district `d` (or the total when d < 0), adding `id` to ids.
    void set(const std::string& id, int d, Value v);
};

}  // namespace hcgis
