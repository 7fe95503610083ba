// From a scorecard to what the map shows: the choropleth of one indicator and the layers worth seeing
// with it. Shared by `hcgis map` and the viewer.
#pragma once

#include "core/catalog.h"
#include "core/scorecard.h"
#include "render/map_renderer.h"

#include <string>
#include <vector>

namespace hcgis::render {

/// The choropleth of indicator `def` from `card` in `style`; the target is the one the assessment used.
Thematic make_thematic(const Scorecard& card, const IndicatorDef& def, const Style& style);

/// How indicator `id` was measured in `card` (None where distance plays no part).
Measure thematic_mode(const Scorecard& card, const std::string& id);

/// Layers that show what indicator `id` counts (toilets for toilet density, residents for coverage ...).
std::vector<std::string> layers_for_indicator(const std::string& id);

}  // namespace hcgis::render
