// Care for the elderly (Z13, C17):
//   eldercare_beds_per_1000         care-home beds ÷ residents aged 60+ × 1000 (beds of 养老机构; every
//                                   feature's beds when the layer maps no kind)
//   homecare_center_coverage        urban communities with a standardised home-care centre ÷ urban ones
//   homecare_center_coverage_rural  the same for rural communities (the plan: 80 % urban, 40 % rural)
#pragma once

#include "core/analysis.h"
#include "core/scorecard.h"

namespace hcgis::indicators {

void compute_care(Analysis& analysis, Scorecard& card);

}  // namespace hcgis::indicators
