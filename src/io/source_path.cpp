#include "io/source_path.h"

#include "io/pg_target.h"
#include "io/source.h"

#include <cpl_vsi.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <string_view>
#include <vector>

namespace hcgis::io::detail {
namespace {

namespace fs = std::filesystem;

/// GDAL's file systems that read an archive or compressed file (chainable, and with `{...}` braces).
constexpr std::string_view archive_prefixes[] = {"/vsizip/", "/vsigzip/", "/vsitar/", "/vsi7z/", "/vsirar/"};

/// Index of the '}' closing the '{' at text[0], or npos.
std::size_t closing_brace(std::string_view text) {
    int depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{') ++depth;
        else if (text[i] == '}' && --depth == 0) return i;
    }
    return std::string_view::npos;
}

/// `path` with the path on disk inside its archive prefixes replaced by `on_disk(that path)`: for
/// `/vsizip/a.zip/b.shp` the callback gets `a.zip/b.shp`, for `/vsizip/{a.zip}/b.shp` it gets `a.zip`.
/// Paths of the other /vsi file systems come back unchanged, without a call.
std::string map_disk_part(std::string_view path, const std::function<std::string(std::string_view)>& on_disk) {
    for (std::string_view prefix : archive_prefixes) {
        if (!path.starts_with(prefix)) continue;
        const std::string_view rest = path.substr(prefix.size());
        if (rest.starts_with("/vsi")) return std::string(prefix) + map_disk_part(rest, on_disk);
        if (!rest.starts_with('{')) return std::string(prefix) + on_disk(rest);
        const std::size_t close = closing_brace(rest);
        if (close == std::string_view::npos) return std::string(path);
        return std::string(prefix) + "{" + map_disk_part(rest.substr(1, close - 1), on_disk) + "}" +
               std::string(rest.substr(close + 1));
    }
    if (path.starts_with("/vsi")) return std::string(path);
    return on_disk(path);
}

/// The first leading part of `path` that is a file on disk (the archive of `a.zip/b/c.shp`), or `path`.
std::string first_file_in(std::string_view path) {
    fs::path prefix;
    for (const fs::path& part : fs::path(path)) {
        prefix /= part;
        std::error_code ec;
        if (fs::is_regular_file(prefix, ec)) return prefix.string();
    }
    return std::string(path);
}

/// The extensions of the files GDAL reads vector data from (not their sidecars), in lower case.
constexpr std::string_view data_extensions[] = {".shp", ".geojson", ".json", ".geojsonl", ".geojsons", ".gpkg",
                                                ".fgb", ".csv", ".kml", ".gml", ".gpx", ".sqlite", ".tab", ".mif",
                                                ".osm", ".pbf", ".gdb"};

/// The data files in the zip at `zip` ("a.shp", "data/b.geojson", "c.gdb"), as the zip lists them; all its
/// entries go to `entries`. False when GDAL cannot read the zip.
bool list_zip(const std::string& zip, std::vector<std::string>& data_files, std::vector<std::string>& entries) {
    char** list = VSIReadDirRecursive(("/vsizip/{" + zip + "}").c_str());
    if (!list) return false;
    for (char** e = list; *e; ++e) {
        std::string entry = *e;
        const bool folder = entry.ends_with('/');
        if (folder) entry.pop_back();
        const std::string name = fs::path(entry).filename().string();
        if (entry.starts_with("__MACOSX") || name.starts_with("._")) continue;
        const std::string ext = lower_ext(entry);
        const bool data = std::find(std::begin(data_extensions), std::end(data_extensions), ext) != std::end(data_extensions);
        if (!folder) entries.push_back(entry);
        if (data && folder == (ext == ".gdb")) data_files.push_back(entry);  // a file GDB is a folder
    }
    CSLDestroy(list);
    std::sort(data_files.begin(), data_files.end());
    std::sort(entries.begin(), entries.end());
    return true;
}

}  // namespace

std::string lower_ext(const fs::path& path) {
    std::string e = path.extension().string();
    for (char& ch : e) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return e;
}

ZipMember zip_member(const std::string& zip, const std::string& layer) {
    std::error_code ec;
    if (!fs::exists(zip, ec)) return {"", "cannot open: no such file"};
    std::vector<std::string> data, entries;
    if (!list_zip(zip, data, entries)) return {"", "GDAL cannot read this file (not a zip archive it can open)"};
    auto member = [&](const std::string& m, bool by_layer) { return ZipMember{"/vsizip/{" + zip + "}/" + m, "", by_layer}; };
    if (data.size() == 1) return member(data.front(), false);
    if (data.empty())
        return {"", entries.empty() ? "is an empty zip archive"
                                    : fmt::format("holds no vector data file (it holds: {})", list_names(entries))};
    for (const auto& m : data) {
        const fs::path p(m);
        if (!layer.empty() && (p.stem() == layer || p.filename() == layer || m == layer)) return member(m, true);
    }
    if (!layer.empty())
        return {"", fmt::format("holds no data file \"{}\" (it holds {}: {})", layer, data.size(), list_names(data))};
    return {"", fmt::format("holds {} data files ({}); name the one to read with \"layer\" (its file name without "
                            "the extension)",
                            data.size(), list_names(data))};
}

fs::path resolve_source(const fs::path& base, const std::string& text) {
    if (is_pg(text)) return text;  // a PostgreSQL connection string, no path
    if (!text.starts_with("/vsi")) return (base / text).lexically_normal();
    return map_disk_part(text, [&](std::string_view p) {
        return fs::path(p).is_absolute() ? std::string(p) : (base / p).lexically_normal().string();
    });
}

std::string local_file(const std::string& path) {
    if (!path.starts_with("/vsi")) return path.find(':') == std::string::npos ? path : "";
    std::string file;
    map_disk_part(path, [&](std::string_view p) {
        file = first_file_in(p);
        return std::string(p);
    });
    return file;
}

}  // namespace hcgis::io::detail
