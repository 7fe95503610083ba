// ColorBrewer palettes (Cynthia A. Brewer, Mark Harrower and The Pennsylvania State University,
// colorbrewer2.org, Apache License 2.0): the published 3- to 9-class schemes.
#pragma once

#include <QColor>

#include <string>
#include <vector>

namespace hcgis::render {

/// `classes` colours of palette `name` (YlGn, OrRd, PuBu, YlOrRd, RdYlGn), light to dark (or red to
/// green), reversed on request. Fewer than 3 classes take the lightest and darkest of the 3-class scheme;
/// more than the scheme has are clamped to its largest. Throws InputError for an unknown name.
std::vector<QColor> palette(const std::string& name, int classes, bool reverse = false);

/// The names palette() knows.
std::vector<std::string> palette_names();

}  // namespace hcgis::render
