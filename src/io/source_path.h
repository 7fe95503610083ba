// Internal to hcgis_io: where a source's bytes are. A project's relative paths, also inside GDAL's
// archive file systems (/vsizip/, /vsigzip/, /vsitar/, ...), are resolved against the project file's
// folder, the file on disk behind such a path is found for the messages, and a plain .zip is looked into
// for the data file it holds. Not for use outside src/io/.
#pragma once

#include <filesystem>
#include <string>

namespace hcgis::io::detail {

/// The source `text` of a project file in folder `base`: a relative path joined to `base` (normalised),
/// also the archive's path inside /vsizip/, /vsigzip/, /vsitar/, /vsi7z/ and /vsirar/, braced
/// (`/vsizip/{a.zip}/b.shp`) or chained (`/vsitar//vsigzip/a.tar.gz`); absolute paths inside a /vsi
/// prefix, and the other /vsi file systems (/vsicurl/, /vsimem/, ...), as written; a `PG:` connection
/// string as written.
std::filesystem::path resolve_source(const std::filesystem::path& base, const std::string& text);

/// The file on disk that `path` reads: the path itself, or the archive behind a /vsizip/, /vsigzip/, ...
/// path (its first leading part that is a file; the whole when none is); "" for the other /vsi file
/// systems and for connection strings (`PG:...`).
std::string local_file(const std::string& path);

/// The extension of `path` in lower case (".shp"; "" when none).
std::string lower_ext(const std::filesystem::path& path);

/// The data file to read in the zip archive at `zip` (a path on disk, not /vsi).
struct ZipMember {
    std::string path;              // "/vsizip/{zip}/member" for GDAL; "" when `error` says why there is none
    std::string error;             // what to say after "role: zip: "
    bool chosen_by_layer = false;  // "layer" named the file among several (not a layer inside it)
};

/// The one data file of `zip` (a shapefile, GeoJSON, GeoPackage, ... in any folder of it; sidecars such as
/// .dbf or .prj and macOS's __MACOSX copies do not count), or among several the one whose file name
/// without extension (or file name, or path in the zip) is `layer`.
ZipMember zip_member(const std::string& zip, const std::string& layer);

}  // namespace hcgis::io::detail
