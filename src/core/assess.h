// Holding computed values against the plan: target, pass/fail, and the gap in words a planner acts on.
#pragma once

#include "core/catalog.h"
#include "core/scorecard.h"

#include <optional>
#include <string>

namespace hcgis {

/// Fills target, pass and gap of every value in `card` from `catalog` (a value's data_target, where the
/// data sets one, takes the catalog's place). Ids the catalog lacks get a warning and no target.
void assess_scorecard(Scorecard& card, const Catalog& catalog);

/// Fills target, pass and gap of the one value `v` of `def` for `district` ("" = the whole area), as
/// assess_scorecard does for each.
void assess_value(const IndicatorDef& def, Value& v, const std::string& district);

/// What closes the failing value `v` of indicator `def` against `target`: an amount in the indicator's
/// natural unit (toilets, m², residents, beds …) and a Chinese sentence. nullopt when `v` passes or no
/// rule is known for the indicator.
std::optional<Gap> gap_for(const IndicatorDef& def, const Value& v, double target);

/// "12.4 万 m²", "850 m²", "7 座", "3,200 人", "3.5 km".
std::string format_amount(double amount, const std::string& unit);

}  // namespace hcgis
