#include "io/source.h"

#include "io/pg_target.h"

#include "io/error.h"
#include "io/source_path.h"

#include <fmt/format.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

namespace hcgis::io::detail {

void register_drivers() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0");  // no size limit on GeoJSON objects
    });
}

namespace {

/// The open options a source needs, and whether GDAL will hand out its text bytes as stored.
struct OpenOptions {
    std::vector<std::string> options;
    bool shapefile = false;
    bool raw = false;
};

OpenOptions open_options(const LayerSpec& spec, const std::filesystem::path& path) {
    OpenOptions o;
    const std::string ext = lower_ext(path);
    o.shapefile = ext == ".shp" || ext == ".dbf";
    if (ext == ".csv") {
        // The x/y columns stay as fields too: GDAL 3.6's CSV reader with KEEP_GEOM_COLUMNS=NO crashes on
        // some files with repeated column names (found by fuzz/fuzz_loader.cpp; fuzz/regressions/loader/).
        o.options = {"X_POSSIBLE_NAMES=x,lon,lng,long,longitude,经度", "Y_POSSIBLE_NAMES=y,lat,latitude,纬度",
                     "AUTODETECT_TYPE=YES"};
        o.raw = true;  // GDAL's CSV driver passes the bytes on as they are
    }
    if (o.shapefile && (!spec.encoding.empty() || (!has_cpg(path) && dbf_code_page(path) == 0))) {
        // The declared encoding is applied here rather than by GDAL so that a wrong one can be caught; with
        // neither .cpg nor code page, GDAL would take the bytes for ISO-8859-1 and garble GBK.
        o.options.push_back("ENCODING=");
        o.raw = true;
    }
    return o;
}

/// The source of `spec` as messages and reports name it: a PostgreSQL connection without its password.
std::string shown(const LayerSpec& spec) {
    const std::string source = spec.source.string();
    return is_pg(source) ? pg_display(source) : source;
}

/// Throws InputError "role: path: what" for the source of `spec` that does not open.
[[noreturn]] void fail_open(const LayerSpec& spec, const std::string& what) {
    throw InputError(fmt::format("{}: {}: {}", spec.role, shown(spec), what));
}

/// Fails when the file on disk behind the source exists but may not be read: GDAL says no more than "not
/// recognised" then.
void check_readable(const LayerSpec& spec) {
    const std::string file = local_file(spec.source.string());
    std::error_code ec;
    if (!file.empty() && std::filesystem::exists(file, ec) && ::access(file.c_str(), R_OK) != 0)
        fail_open(spec, fmt::format("cannot open: {} (check the file's permissions)", std::strerror(errno)));
}

/// Fails saying why GDAL did not open `path` (the source of `spec`): no such file, a folder, a file in
/// no format GDAL reads, or what GDAL says.
[[noreturn]] void fail_unopened(const LayerSpec& spec, const std::string& path) {
    const std::string why = gdal_error();
    const std::string file = local_file(path);
    if (file.empty())  // a connection string (PG:...) or a network file system
        fail_open(spec, fmt::format("cannot open: {}", why.empty() ? "not a vector data set GDAL can read" : why));
    VSIStatBufL st;
    if (VSIStatL(path.c_str(), &st) != 0) {
        std::error_code ec;
        if (file != path && std::filesystem::exists(file, ec))
            fail_open(spec, fmt::format("cannot open: no such file in {}", file));
        fail_open(spec, "cannot open: no such file");
    }
    if (VSI_ISDIR(st.st_mode)) fail_open(spec, "is a folder, not a data file");
    fail_open(spec, fmt::format("GDAL cannot read this file ({})", why.empty() ? "not a recognised vector format" : why));
}

/// Opens the dataset at `path`, the source of `spec`, into `s`, or fails saying why. With `cache` (and no
/// open options), a dataset opened before is taken from it (returns true then) and one opened is kept.
bool open_dataset(Source& s, const LayerSpec& spec, const std::string& path, const std::vector<std::string>& options,
                  DatasetCache* cache) {
    if (cache) {
        const auto u = cache->uses.find(spec.source.string());
        const int left = u == cache->uses.end() ? 0 : --u->second;  // roles after this one that name it
        if (!options.empty()) {
            cache = nullptr;
        } else if (auto it = cache->open.find(path); it != cache->open.end()) {
            s.ds = it->second;
            s.shared = true;
            if (left <= 0) cache->open.erase(it);  // the source keeps it while it reads
            return true;
        } else if (left <= 0) {
            cache = nullptr;
        }
    }
    std::vector<const char*> raw_options;
    for (const auto& o : options) raw_options.push_back(o.c_str());
    raw_options.push_back(nullptr);
    CPLErrorReset();
    // GDAL's own lines stay unprinted: its reason goes into the one line that names the role and source.
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDataset* ds = GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, raw_options.data(), nullptr);
    CPLPopErrorHandler();
    if (!ds) fail_unopened(spec, path);
    s.ds = std::shared_ptr<GDALDataset>(ds, GDALDatasetUniquePtrDeleter());
    if (s.ds->GetLayerCount() == 0) fail_open(spec, "holds no vector layer");
    // The OSM driver reads its layers in one pass over the file: a layer does not rewind for a second role.
    if (cache && !EQUAL(s.ds->GetDriverName(), "OSM")) {
        cache->open.emplace(path, s.ds);
        s.shared = true;
    }
    return false;
}

/// Clears what reading `s.layer` for another role may have left on it: its filter, ignored fields and
/// reading position.
void reset_layer(Source& s) {
    s.layer->SetAttributeFilter(nullptr);
    s.layer->SetIgnoredFields(nullptr);
    s.layer->ResetReading();
}

/// Applies the "where" filter of `spec`, if any, to `s.layer`.
void apply_where(Source& s, const LayerSpec& spec) {
    if (spec.where.empty()) return;
    CPLErrorReset();
    if (s.layer->SetAttributeFilter(spec.where.c_str()) != OGRERR_NONE)
        s.fail(fmt::format("invalid \"where\" filter \"{}\": {}", spec.where, gdal_error()));
}

/// Chooses the layer "layer" names (else the first) and applies the "where" filter. When "layer" named the
/// file in a zip (`file_named`), a file of one layer needs no layer of that name. A layer of a dataset
/// read before (`reused`) may have been read for another role: its filter, ignored fields and reading are
/// reset first.
void choose_layer(Source& s, const LayerSpec& spec, bool file_named, bool reused) {
    if (!spec.layer.empty()) {
        s.layer = s.ds->GetLayerByName(spec.layer.c_str());
        if (!s.layer && file_named && s.ds->GetLayerCount() == 1) s.layer = s.ds->GetLayer(0);
        if (!s.layer) {
            std::vector<std::string> names;
            for (int i = 0; i < s.ds->GetLayerCount(); ++i) names.emplace_back(s.ds->GetLayer(i)->GetName());
            s.fail(fmt::format("no layer \"{}\" (it has: {})", spec.layer, list_names(names)));
        }
    } else {
        s.layer = s.ds->GetLayer(0);
    }
    if (s.ds->GetLayerCount() > 1 || !spec.layer.empty())
        s.label = fmt::format("{} (layer \"{}\")", shown(spec), s.layer->GetName());
    if (reused) reset_layer(s);
    apply_where(s, spec);
}

}  // namespace

std::string gdal_error() {
    std::string m = CPLGetLastErrorMsg();
    for (char& c : m)
        if (c == '\n' || c == '\r') c = ' ';
    return m;
}

std::string list_names(const std::vector<std::string>& names, std::size_t most) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < most; ++i) out += (i ? ", " : "") + names[i];
    if (names.size() > most) out += fmt::format(" and {} more", names.size() - most);
    return out;
}

void Source::fail(const std::string& what) const { throw InputError(label + ": " + what); }

void Source::fail(GIntBig fid, const std::string& what) const {
    throw InputError(fmt::format("{}: feature {}: {}", label, fid, what));
}

void reselect(Source& s, const LayerSpec& spec) {
    if (!s.shared) return;
    reset_layer(s);
    apply_where(s, spec);
}

Source open_source(const LayerSpec& spec, std::vector<std::string>* warnings, DatasetCache* cache) {
    register_drivers();
    Source s;
    s.label = shown(spec);
    check_readable(spec);
    std::string path = spec.source.string();
    bool file_named = false;
    if (!path.starts_with("/vsi") && lower_ext(path) == ".zip") {
        // GDAL opens a zip only through /vsizip/, and by itself only when it holds a single file.
        ZipMember m = zip_member(path, spec.layer);
        if (!m.error.empty()) fail_open(spec, m.error);
        path = std::move(m.path);
        file_named = m.chosen_by_layer;
    }
    const OpenOptions o = open_options(spec, path);
    const bool reused = open_dataset(s, spec, path, o.options, cache);
    choose_layer(s, spec, file_named, reused);
    s.raw_text = o.raw;
    if (o.raw && warnings) settle_encoding(s, spec, o.shapefile, *warnings);
    if (!o.raw && !spec.encoding.empty() && warnings && !o.shapefile)
        warnings->push_back(fmt::format("{}: \"encoding\" applies to shapefiles and CSV; GDAL gives this format's "
                                        "text as UTF-8, so \"encoding\": \"{}\" was ignored",
                                        s.label, spec.encoding));
    return s;
}

}  // namespace hcgis::io::detail
