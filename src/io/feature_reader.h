// Internal to hcgis_io: the one loop of the loader, every feature of a source read into a Layer in the
// working CRS and checked against its role. Not for use outside src/io/.
#pragma once

#include "core/city.h"
#include "io/fields.h"
#include "io/load.h"
#include "io/project.h"
#include "io/source.h"

#include <ogr_spatialref.h>

#include <string>
#include <vector>

namespace hcgis::io::detail {

/// What the features of one source are read against.
struct ReadPlan {
    const LayerSpec& spec;
    const RoleSpec& role;
    const OGRSpatialReference& from;  // the source's CRS
    const std::vector<FieldBinding>& fields;
    const LoadOptions& options;
};

/// Reads every feature `s` gives into `layer` (appending to its columns), transformed by `ct` into the
/// working CRS. A feature without usable geometry is left out and counted as rejected under --repair
/// (never a district), and stops the load otherwise; what --repair did goes to `warnings` when given.
/// Throws InputError naming the source and the feature on any other bad geometry or attribute.
void read_features(const Source& s, const ReadPlan& plan, OGRCoordinateTransformation& ct, Layer& layer,
                   std::vector<std::string>* warnings);

}  // namespace hcgis::io::detail
