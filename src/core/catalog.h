// The plan's indicators as data: names, unit, direction, targets, plan item and responsible unit.
// The catalog is read from data/indicators.json by io; formulas live in code (core/indicators/).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hcgis {

enum class Op { AtLeast, AtMost };

/// The machine unit of an indicator's value, as the catalog names it ("ratio" is a share 0..1).
enum class Unit { Ratio, Count, Km, PerKm2, M2PerPerson, Per1000, Per1000Elderly, Per10k };

/// The catalog's name of `u` ("ratio", "per km²" ...).
const char* unit_name(Unit u);
/// The unit the catalog names `name`, or nullopt.
std::optional<Unit> parse_unit(const std::string& name);
/// Every unit's catalog name, for messages.
std::string unit_names();

struct IndicatorDef {
    std::string id;
    std::string name_zh;
    std::string name_en;
    Unit unit = Unit::Count;  // machine unit of the value
    std::string unit_zh;  // how a report shows it: "座/km²", "%", "m²/人", "座"
    Op op = Op::AtLeast;
    std::optional<double> target;       // the zone's target, the default (for a ratio: 0..1)
    std::optional<double> city_target;  // the city plan's, kept as a second target
    std::map<std::string, double> district_targets;  // per sub-district name, where the plan sets one
    bool zone_total_only = false;  // a target for the zone as a whole only, not per district
    std::string plan;              // "Z5, C11"
    std::string responsible;       // "区住建局, 各街道"
    std::string note;
};

/// Result of holding a value against its target.
struct Assessment {
    std::optional<double> target;  // nullopt: no target applies here
    std::optional<bool> pass;      // nullopt: no value or no target
};

/// Holds `value` of `def` against the target that applies to `district` ("" = the whole area).
Assessment assess(const IndicatorDef& def, std::optional<double> value, const std::string& district);

/// ">=" or "<=".
const char* op_symbol(Op op);

class Catalog {
public:
    Catalog() = default;
    explicit Catalog(std::vector<IndicatorDef> defs);

    /// The definition of `id`, or nullptr.
    const IndicatorDef* find(const std::string& id) const;
    const std::vector<IndicatorDef>& all() const { return defs_; }

private:
    std::vector<IndicatorDef> defs_;
};

}  // namespace hcgis
