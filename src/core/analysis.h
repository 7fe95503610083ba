// Shared state of one indicator run: the district index, where each point of each layer falls, and the
// built-up area. Indicator families read it; it computes each piece once, on first use.
#pragma once

#include "core/builtup.h"
#include "core/city.h"
#include "core/point_in_district.h"
#include "core/scorecard.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace hcgis {

class Analysis {
public:
    /// Indexes the districts of `city`, which must outlive the Analysis.
    explicit Analysis(const City& city);

    const City& city() const { return city_; }
    const DistrictIndex& index() const { return index_; }

    /// District of every feature of the point layer `role` (DistrictIndex::outside where none).
    const std::vector<int>& district_of(const std::string& role);

    /// Built-up area per district (computed on first call).
    const BuiltUp& builtup();

    /// The accounting of every layer, and warnings for points outside every district.
    void report_layers(Scorecard& card);

private:
    const City& city_;
    DistrictIndex index_;
    std::map<std::string, std::vector<int>> assigned_;
    std::unique_ptr<BuiltUp> builtup_;
};

/// Computes every indicator the project's layers allow. Indicators whose layers are missing are
/// reported as null with the reason ("not computed: no toilets layer").
Scorecard compute_scorecard(const City& city);

}  // namespace hcgis
