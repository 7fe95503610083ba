// Internal to hcgis_io: where a source's bytes are. A project's relative paths, also inside GDAL's
// archive file systems (/vsizip/, /vsigzip/, /vsitar/, ...), are resolved against the project file's
// folder, and the file on disk behind such a path is found for the messages. Not for use outside src/io/.
#pragma once

#include <filesystem>
#include <string>

namespace hcgis::io::detail {

/// The source `text` of a project file in folder `base`: a relative path joined to `base` (normalised),
/// also the archive's path inside /vsizip/, /vsigzip/, /vsitar/, /vsi7z/ and /vsirar/, braced
/// (`/vsizip/{a.zip}/b.shp`) or chained (`/vsitar//vsigzip/a.tar.gz`); absolute paths inside a /vsi
/// prefix, and the other /vsi file systems (/vsicurl/, /vsimem/, ...), as written.
std::filesystem::path resolve_source(const std::filesystem::path& base, const std::string& text);

/// The file on disk that `path` reads: the path itself, or the archive behind a /vsizip/, /vsigzip/, ...
/// path (its first leading part that is a file; the whole when none is); "" for the other /vsi file
/// systems and for connection strings (`PG:...`).
std::string local_file(const std::string& path);

}  // namespace hcgis::io::detail
