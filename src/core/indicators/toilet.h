// Public toilets (Z5): density of class III or better in the built-up area, the class II share, the count
// below class III and the cleaners the classes call for. The per-district tallies are exposed so that a
// what-if (core/whatif.h) can add or take away one toilet and emit the same values without a recount.
#pragma once

#include "core/analysis.h"
#include "core/scorecard.h"

#include <vector>

namespace hcgis::indicators {

/// What one district's toilets add up to.
struct ToiletCounts {
    double builtup_m2 = 0;
    double in_builtup = 0;  // every public toilet in the built-up area
    double class1to3 = 0;   // class III or better, in the built-up area
    double class1to2 = 0;   // class II or better, in the built-up area
    double below3 = 0;      // below class III, in the built-up area
    double good = 0;        // class II or better, anywhere in the district (cleaners)
    double rest = 0;        // below class II, anywhere in the district (cleaners)
    double staffed = 0;     // cleaners the data says are staffed
};

struct ToiletTally {
    std::vector<ToiletCounts> districts;
    bool has_class = false;    // the layer maps `class` (without it every toilet counts as class III)
    bool has_staffed = false;  // the layer maps `cleaners`
};

/// Adds (sign +1) or takes away (-1) one toilet of class `cls` in district `d` (outside: nothing).
void tally_toilet(ToiletTally& tally, int d, bool in_builtup, double cls, double staffed, int sign);

/// The tally of layer `toilets` whose features lie in districts `where`.
ToiletTally tally_toilets(Analysis& analysis, const Layer& toilets, const std::vector<int>& where);

/// Sets the four toilet indicators of every district and the total from `tally`.
void emit_toilets(Scorecard& card, const ToiletTally& tally);

/// The four toilet indicators null for want of a toilets layer.
void not_computed_toilets(Scorecard& card, std::size_t districts);

}  // namespace hcgis::indicators
