// Public toilet indicators (INDICATORS.md, plan items Z5 and C11):
//   toilet_density       toilets of class III or better in the built-up area ÷ built-up km²
//   toilet_class2_share  toilets of class I or II ÷ all toilets in the built-up area
//   toilet_below_class3  toilets below class III in the built-up area (to be upgraded)
//   toilet_cleaners_needed  cleaners the district's toilets need, against those staffed (Z5)
#pragma once

#include "core/analysis.h"
#include "core/scorecard.h"

namespace hcgis::indicators {

/// Adds the toilet indicators for every district and the total to `card`. Without a toilets layer
/// they are null with a reason; without a mapped class, density counts every toilet as class III and the
/// two class indicators are null.
void compute_toilets(Analysis& analysis, Scorecard& card);

}  // namespace hcgis::indicators
