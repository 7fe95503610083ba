// Internal to hcgis_io: what an opt-in repair (--repair) changed or left out of a layer, and leaving
// features out of a layer's columns. Not for use outside src/io/.
#pragma once

#include "core/city.h"

#include <cpl_port.h>

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace hcgis::io::detail {

/// Features an opt-in repair changed or left out, for one warning per kind of repair and layer.
class RepairLog {
public:
    /// Invalid polygon `fid` made valid (GEOS's `reason`), its area in m² before and after.
    void repaired(GIntBig fid, const std::string& reason, double before, double after);
    /// The open rings of polygon `fid` closed.
    void closed(GIntBig fid);
    /// Feature `fid` left out because it `why` ("has no geometry (null or empty)").
    void left_out(GIntBig fid, const std::string& why);
    /// Appends the warnings for layer `label` to `warnings` (nothing when it is null or nothing was done).
    void report(const std::string& label, std::vector<std::string>* warnings) const;

private:
    std::size_t repaired_ = 0, closed_ = 0;
    GIntBig first_closed_ = 0;
    double change_ = 0;
    std::string examples_;
    std::map<std::string, std::pair<std::size_t, GIntBig>> left_out_;  // why -> count, first fid
};

/// Keeps the features of `layer` whose `keep` is non-zero, in every column (points, geometries, fids,
/// attributes).
void keep_features(Layer& layer, const std::vector<int>& keep);

}  // namespace hcgis::io::detail
