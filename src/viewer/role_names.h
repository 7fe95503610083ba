// The names the viewer gives layers and catchments, in the current language (QCoreApplication::translate
// with the context "hcgis::viewer::role").
#pragma once

#include <QString>

#include <string>

namespace hcgis::viewer {

/// The name of layer role `role` ("toilets" → 公厕 / Toilets; "districts", "catchments" too), or the role
/// itself when it has none.
QString role_name(const std::string& role);
/// The name of the catchments of `facility` ("fitness", "parks", "toilets"), or `facility` itself.
QString catchments_name(const std::string& facility);

}  // namespace hcgis::viewer
