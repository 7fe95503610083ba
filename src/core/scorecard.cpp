#include "core/scorecard.h"

#include <algorithm>

namespace hcgis {

void Scorecard::set(const std::string& id, int d, Value v) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    AreaResult& area = d < 0 ? total : districts.at(static_cast<std::size_t>(d));
    area.values[id] = std::move(v);
}

}  // namespace hcgis
