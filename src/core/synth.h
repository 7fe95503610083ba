// A deterministic synthetic city of any size, for tests, benchmarks and demonstrations: a mosaic of
// sub-districts, built-up blobs, a street lattice whose ways share vertices at junctions (with some links
// missing), residents clustered in the built-up area, and every facility layer with the attributes the
// indicators read. Coordinates are in the working CRS (EPSG:4549, near Lianyungang).
#pragma once

#include "core/city.h"

#include <cstdint>

namespace hcgis {

struct SynthOptions {
    int districts = 20;
    std::int64_t residents = 10000;      // resident points
    std::uint64_t seed = 1;
    double district_size_m = 2000.0;     // cell side of the district mosaic
    double street_spacing_m = 150.0;     // street lattice
    double missing_link_share = 0.04;    // street links left out
};

/// Generates the city. Each layer carries, in `numbers` and `texts`, exactly the fields its role maps in
/// a project (`population`, `class` ...; word-valued fields such as toilet classes as words), so that
/// writing it out and reading it back gives the same city. Deterministic for a given options.
City synth_city(const SynthOptions& options);

/// Turns the class words of the toilets and fitness layers into the codes io makes of them (core/codes.h),
/// for work on the city in memory without a round trip through files (tests, benchmarks).
void code_classes(City& city);

}  // namespace hcgis
