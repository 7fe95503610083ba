#include "io/source_path.h"

#include <functional>
#include <string_view>

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

}  // namespace

fs::path resolve_source(const fs::path& base, const std::string& text) {
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
