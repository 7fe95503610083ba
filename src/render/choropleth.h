// One indicator as a choropleth: the districts' fills by class or against the target, the class edges,
// and the legend group that explains them.
#pragma once

#include "render/legend.h"
#include "render/style.h"

#include <QColor>
#include <QString>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace hcgis::render {

/// One indicator as a choropleth.
struct Thematic {
    QString title;                              // legend title, with unit
    std::vector<std::optional<double>> values;  // per district; nullopt = no data
    Unit unit = Unit::Count;                    // Unit::Ratio values are shown as percentages
    std::optional<double> target;               // for Method::Target: the legend's goal
    /// Each district's own target as the scorecard assessed it (a plan may set one per district, or one
    /// for the zone as a whole, which leaves the districts without); empty = `target` for every district.
    std::vector<std::optional<double>> targets;
    bool at_least = true;
    Style style;
};

/// A value as a map shows it: a ratio as a percentage, whole counts, trailing zeros dropped ("15", "3.5",
/// "33.3 %").
QString number_text(double v, Unit unit);

struct Choropleth {
    std::vector<QColor> fills;   // per district
    std::vector<double> edges;   // class edges; empty for target-based classes
    LegendGroup legend;          // titled by the thematic, the highest class first, no data last
};

/// Classifies the values of `t` for `districts` districts: by the target (fail, near, pass) when its style
/// says so and there is a target, else by class edges of the style's method (natural breaks standing in
/// for a target that is missing) in its palette. Districts without a value take the no-data colour.
Choropleth classify_districts(const Thematic& t, std::size_t districts);

/// Each district's class against its own target, as classify_districts() colours it: 0 fail, 1 near,
/// 2 pass (target_class()), nullopt where it has no value or no target (unjudged). Empty unless `t` is
/// classed by target.
std::vector<std::optional<int>> target_classes(const Thematic& t);

/// Whether one target cannot stand for the districts' own: `t` is classed by target and its districts'
/// targets differ, or a district with a value has none. Styles for other software (QGIS, MapLibre) then
/// colour each district by its class attribute (`<id>_class`, target_classes()) instead of its value.
bool judged_per_district(const Thematic& t);

}  // namespace hcgis::render
