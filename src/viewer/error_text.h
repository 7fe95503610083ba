// What the viewer says of an exception: the one line of an hcgis error as it is (bad input, a failed or
// refused write), and anything else as an internal error, so a planner knows it is not their data.
#pragma once

#include <QString>

#include <exception>

namespace hcgis::viewer {

QString error_text(const std::exception& e);

}  // namespace hcgis::viewer
