// Community programmes, district tallies, markets and trails:
//   gp_studio_share              urban communities with a GP studio ÷ urban communities (Z17)
//   vector_demo_communities      vector-control demonstration communities built (Z7)
//   healthy_villages             new provincial healthy villages (Z14; targets per district)
//   healthy_communities          new healthy communities (Z14; targets per district)
//   healthy_enterprises          new healthy enterprises, a district attribute (Z14)
//   food_sampling_per_1000       food sample batches (district attribute) ÷ population × 1000 (Z12, C14)
//   farmers_market_per_township  districts with a standardised farmers' market ÷ districts (C6)
//   health_trail_km              length of health trails, clipped to the district, in km (C62)
#pragma once

#include "core/analysis.h"
#include "core/scorecard.h"

namespace hcgis::indicators {

void compute_community(Analysis& analysis, Scorecard& card);

}  // namespace hcgis::indicators
