// The UTF-8 text that core and io give (names, codes, units, gaps) as the QString widgets show.
#pragma once

#include <QString>

#include <string>

namespace hcgis::viewer {

inline QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace hcgis::viewer
