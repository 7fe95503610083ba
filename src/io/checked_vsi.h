// A GDAL virtual file system, "/vsihcgis/", over plain POSIX files that checks every write.
//
// GDAL's own file layer does not report a failed write from every driver (GDAL 3.6's GeoJSON writer ignores
// the result of each write and of the final close), so a full disk left a truncated file behind a run that
// said it succeeded. Every output hcgis writes through GDAL goes through this handler instead: writes are
// buffered, each system call's result is checked, the file is synced to disk on close, and the first
// failure of each file is kept for the writer to report with the system's reason.
#pragma once

#include <optional>
#include <string>

namespace hcgis::io::checked_vsi {

/// The GDAL name of the file at `path` (absolute) through the checked handler, installing the handler on
/// first use.
std::string gdal_name(const std::string& path);

/// The first errno a write, truncate, sync or close of `path` failed with since the last take(), if any;
/// clears it.
std::optional<int> take_error(const std::string& path);

}  // namespace hcgis::io::checked_vsi
