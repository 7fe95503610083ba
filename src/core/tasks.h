// The responsible units' task list (责任单位任务清单): for each unit the catalog names, the gaps it owns.
#pragma once

#include "core/catalog.h"
#include "core/scorecard.h"

#include <string>
#include <vector>

namespace hcgis {

/// One failing indicator in one area, owned by a unit.
struct Task {
    std::string indicator;  // id
    std::string district;   // the district's name, or "" for the whole area
    Gap gap;                // its amount and words (amount 0 and empty text when the assessment gave none)
};

/// A responsible unit and what it still has to do; no tasks = all its indicators pass (已达标).
struct UnitTasks {
    std::string unit;
    std::vector<Task> tasks;  // by indicator in report order, then districts in layer order, the total last
};

/// The units named in `responsible` ("区住建局, 各街道" → 区住建局, 各街道; separators , ， 、), trimmed.
std::vector<std::string> responsible_units(const std::string& responsible);

/// Every unit responsible for an indicator of `card`, in order of first mention, each with a task per value
/// that fails (pass == false) in a district or in the total. A value of a zone-total-only indicator counts
/// in the total only.
std::vector<UnitTasks> task_list(const Scorecard& card, const Catalog& catalog);

}  // namespace hcgis
