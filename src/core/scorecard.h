// What the indicator computations produce: one value per indicator for every district and the total.
#pragma once

#include "core/city.h"
#include "core/measure.h"
#include "core/reason.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hcgis {

/// What it takes to close a failing indicator, in words a planner acts on.
struct Gap {
    double amount = 0;     // in `unit`
    std::string unit;      // "座", "m²", "人", "张" ...
    std::string text;      // "还需新增三类及以上公厕 7 座"
};

/// A count or area behind a value, by the name the reports give it. Computations and gap rules name the
/// same constant (core/indicators/details.h), so they cannot disagree on a spelling.
struct Detail {
    const char* name;
};

/// One indicator's value for one area. A value that cannot be computed is nullopt with a reason,
/// never zero. `detail` holds the counts and areas behind the value, for the report and the gap.
struct Value {
    std::optional<double> value;
    Reason reason;
    std::vector<std::pair<std::string, double>> detail;
    Measure mode = Measure::None;           // how it was measured, where that varies
    std::optional<double> data_target;      // a target the data itself sets (staffed cleaners), else none

    // Filled by assess_scorecard() from the catalog:
    std::optional<double> target;
    std::optional<bool> pass;
    std::optional<Gap> gap;

    static Value of(double v) { return Value{v, {}, {}, {}, {}, {}, {}, {}}; }
    static Value none(Reason why) { return Value{std::nullopt, std::move(why), {}, {}, {}, {}, {}, {}}; }
    Value& with(const Detail& key, double v) {
        detail.emplace_back(key.name, v);
        return *this;
    }
    /// The detail `key`, or nullopt.
    std::optional<double> get(const Detail& key) const { return get(std::string_view(key.name)); }
    std::optional<double> get(std::string_view name) const {
        for (const auto& [k, v] : detail)
            if (k == name) return v;
        return std::nullopt;
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
    std::string crs;  // the CRS the layer came in ("EPSG:4326"), before reprojection to the working CRS
};

struct Scorecard {
    std::vector<std::string> ids;        // indicator ids computed, in report order
    std::vector<AreaResult> districts;   // in the order of the districts layer
    AreaResult total;                    // the whole area (the union of the districts)
    std::vector<std::string> warnings;
    std::vector<std::string> notes;      // what loading did that is no problem: reprojections, repairs' log
    std::vector<LayerReport> layers;
    std::vector<std::pair<std::string, double>> timings;  // seconds per stage, for profiling

    /// Records `v` for indicator `id` of district `d` (or the total when d < 0), adding `id` to ids.
    void set(const std::string& id, int d, Value v);
};

}  // namespace hcgis
