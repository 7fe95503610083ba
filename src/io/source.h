// Internal to hcgis_io (the loader's first step): a source opened through GDAL, the name messages use for
// it, and how its text bytes become UTF-8. Not for use outside src/io/.
#pragma once

#include "io/project.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hcgis::io::detail {

/// GDAL's last error message on one line.
std::string gdal_error();

/// `names` joined by ", " for a message: the first `most` of them, then "and N more" for the rest (a
/// layer of 200 fields would otherwise make a message of kilobytes).
std::string list_names(const std::vector<std::string>& names, std::size_t most = 12);

/// How a source's text bytes become UTF-8.
struct TextDecoder {
    std::string encoding;  // "" : GDAL hands out UTF-8 already (it is checked); else converted from this
    std::string declared;  // the project's "encoding", for messages

    /// `raw` as UTF-8; nullopt when the bytes are not valid in the encoding.
    std::optional<std::string> decode(std::string_view raw) const;
    /// The encoding's name for messages ("UTF-8", "GB18030").
    std::string name() const;
};

/// An open source layer, with the name messages use for it. Owns the dataset (with a DatasetCache, shares
/// it with the cache); `layer` belongs to it.
struct Source {
    std::shared_ptr<GDALDataset> ds;
    OGRLayer* layer = nullptr;
    std::string label;  // `path` or `path (layer "name")`
    bool raw_text = false;  // GDAL gives the bytes as stored; `text` converts them
    bool shared = false;    // the dataset is shared through a DatasetCache: other roles may read its layers
    TextDecoder text;

    /// Throw InputError "label: what" (and "feature fid: " before `what`).
    [[noreturn]] void fail(const std::string& what) const;
    [[noreturn]] void fail(GIntBig fid, const std::string& what) const;

    /// Field `index` of `f` as UTF-8 text; fails naming the feature and field when it cannot be decoded.
    std::string text_of(OGRFeature& f, int index) const;
    /// The bytes `raw` of field `index` of feature `fid` as UTF-8 text; fails like text_of() above.
    std::string text_of(std::string_view raw, GIntBig fid, int index) const;
    /// The name of field `index`, decoded like the values (as stored when it cannot be).
    std::string field_name(int index) const;
    /// Index of the field called `name` (UTF-8), or -1.
    int field_index(const std::string& name) const;
};

/// Datasets opened for one load, by path, so that the layers of one file (a GeoPackage of the whole city)
/// open it once: opening a GeoPackage costs about 2 ms, each time. Only a source named by more than one
/// role (`uses`, counted before the load) is kept, only while a role still to come names it, and only when
/// opened without open options and not by the OSM driver (whose layers are read in one pass over the file
/// and do not rewind). A layer taken from a kept dataset again has its filter, ignored fields and reading
/// reset first; its sources are to be read one after another, never two at once.
struct DatasetCache {
    std::map<std::string, int> uses;  // LayerSpec::source -> roles still to open it
    std::map<std::string, std::shared_ptr<GDALDataset>> open;  // by the path opened
};

/// Opens the source of `spec` with its layer and "where" filter, and settles how its text is decoded
/// (warnings about the encoding go to `warnings`; without it, the text is taken as it comes). Throws
/// InputError naming the source when it does not open, lacks the layer or the filter is not OGR SQL.
/// With `cache`, a dataset it holds is reused and one opened is kept there.
Source open_source(const LayerSpec& spec, std::vector<std::string>* warnings = nullptr, DatasetCache* cache = nullptr);

/// Sets `s`, opened by open_source() from a shared dataset (Source::shared) and kept while other roles'
/// layers of the dataset were read, to read as open_source() left it: that layer may have been read for
/// another role since, so its filter, ignored fields and reading are reset and its "where" filter applied
/// again. Nothing for a source of its own.
void reselect(Source& s, const LayerSpec& spec);

/// Registers GDAL's drivers, once for the process (thread-safe).
void register_drivers();

/// The code page byte (LDID) of the DBF beside shapefile `shp`; 0 when there is none or it cannot be read.
int dbf_code_page(const std::filesystem::path& shp);

/// True when shapefile `shp` has a .cpg file beside it.
bool has_cpg(const std::filesystem::path& shp);

/// Settles how `s`, whose bytes come raw, is decoded: the declared encoding (checked against the bytes:
/// UTF-8 text declared as GBK is refused), or, undeclared, UTF-8 when every string is UTF-8, else GBK
/// (GB18030, its superset) when that reads them all, with a warning. Looks at the field names and the
/// string values of the first few thousand features. Throws InputError when neither reads the text.
void settle_encoding(Source& s, const LayerSpec& spec, bool shapefile, std::vector<std::string>& warnings);

}  // namespace hcgis::io::detail
