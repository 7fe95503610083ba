// Brings a project's data in once: every layer read through GDAL/OGR, checked against its role, and
// converted to GEOS geometries (lines, polygons) or coordinate arrays (points) in the working CRS.
#pragma once

#include "core/city.h"
#include "io/project.h"

#include <ogr_spatialref.h>

#include <string>
#include <vector>

namespace hcgis::io {

struct LoadOptions {
    /// Repair instead of refusing: invalid polygons are made valid with GEOSMakeValid (the area change is
    /// logged), and features without usable geometry (null, empty, non-finite, nothing left after repair)
    /// are left out and counted as rejected. Attribute errors are never repaired: they need a person.
    bool repair = false;
};

/// Work to do while the residents are read (load_city's `meanwhile`): begin() is called once every other
/// layer is in the City and the residents are not yet, end() before load_city changes the City again, on
/// every path once begun, errors too; between the two, load_city leaves the City as it is. Neither is
/// called when the residents are spread over other layers (they are made from those with GEOS), nor when
/// a layer has failed already.
class WhileResidentsLoad {
public:
    virtual ~WhileResidentsLoad() = default;
    virtual void begin(const City& city) = 0;
    /// Waits for what begin() started; must not throw.
    virtual void end() noexcept = 0;
};

/// Loads every layer of `project`. The working CRS is the project's, or chosen from the centre of the
/// districts layer (City::crs_note says which). Throws InputError with one line naming the file, the
/// layer, the feature and the field on any bad input. Repairs, detected encodings and suspected web-map
/// offsets go to City::warnings; reprojections to City::notes.
City load_city(const Project& project, const LoadOptions& options = {});

/// The same into `city` (a City just made), the residents read last while `meanwhile` (when given)
/// works on the rest.
void load_city(const Project& project, const LoadOptions& options, City& city, WhileResidentsLoad* meanwhile);

/// Loads one layer of `project` into the working CRS `working` (for tools that need a single role).
/// What City::warnings would get goes to `warnings` when given.
Layer load_layer(const LayerSpec& spec, const OGRSpatialReference& working, const LoadOptions& options = {},
                 std::vector<std::string>* warnings = nullptr);

}  // namespace hcgis::io
