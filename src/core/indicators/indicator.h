// An indicator is one unit: its computation, the rule that tells its gap, the layers a map of it shows
// and why it may not be computed live together in one file of core/indicators/, named by the longest
// prefix of the indicator's id that is a file there (toilet_density → toilet.cpp, public_health_staff_per_10k
// → public_health.cpp, health_trail_km → health_trail.cpp). Each file defines one Family; families.cpp
// lists them. Adding an indicator touches its file, the catalog (data/indicators.json) and a test.
#pragma once

#include "core/analysis.h"
#include "core/scorecard.h"

#include <optional>
#include <string>
#include <vector>

namespace hcgis::indicators {

/// How to close an indicator's gap. With `num`, value = num / den × scale and the gap is the rise of the
/// numerator that reaches the target with the denominator unchanged; without it, the plain difference
/// between value and target.
struct GapRule {
    const Detail* num = nullptr;
    const Detail* den = nullptr;
    double scale = 1;
    const char* unit = "";  // "座", "m²", "人" ...
    bool whole = true;      // counted in whole units (rounded up)
    const char* text = "";  // "{}" takes the amount with its unit
};

/// One indicator of the catalog.
struct Indicator {
    const char* id;
    std::vector<std::string> layers;  // roles a map of it shows, besides the districts
    std::optional<GapRule> gap;       // none: a failing value has no amount to tell
};

/// Indicators computed together from the same layers.
struct Family {
    std::vector<Indicator> indicators;
    /// Sets every indicator of the family for every district and the total (null with a Reason where it
    /// cannot be computed).
    void (*compute)(Analysis& analysis, Scorecard& card);
    /// For a family that reads the residents: computes, before they are read, what it needs without them
    /// and keeps it (Analysis::keep, under its first indicator's id) for compute to take; nullptr for none.
    /// It must not read the residents, and keeps nothing when it fails (Analysis::prepare). A family that
    /// never reads the residents needs none: prepare() computes it whole.
    void (*prepare)(Analysis& analysis) = nullptr;
};

/// True when a family reads the residents: when a map of one of its indicators shows them.
bool reads_residents(const Family& family);

/// Every family, in the order they are computed.
const std::vector<const Family*>& families();

/// The indicator `id`, or nullptr when no family computes it.
const Indicator* find_indicator(const std::string& id);

}  // namespace hcgis::indicators
