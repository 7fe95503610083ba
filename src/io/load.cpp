#include "io/load.h"

#include "io/crs.h"
#include "io/error.h"
#include "io/web_map_offsets.h"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <charconv>
#include <cmath>
#include <mutex>
#include <set>

namespace hcgis::io {
namespace {

/// GDAL's last error message on one line.
std::string gdal_error() {
    std::string m = CPLGetLastErrorMsg();
    for (char& c : m)
        if (c == '\n' || c == '\r') c = ' ';
    return m;
}

void register_drivers() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0");  // no size limit on GeoJSON objects
    });
}

std::string lower_ext(const std::filesystem::path& p) {
    std::string e = p.extension().string();
    for (char& ch : e) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return e;
}

/// An open source layer, with the name messages use for it.
struct Source {
    GDALDatasetUniquePtr ds;
    OGRLayer* layer = nullptr;
    std::string label;  // `path` or `path (layer "name")`

    [[noreturn]] void fail(const std::string& what) const { throw InputError(label + ": " + what); }
    [[noreturn]] void fail(GIntBig fid, const std::string& what) const {
        throw InputError(fmt::format("{}: feature {}: {}", label, fid, what));
    }
};

Source open_source(const LayerSpec& spec) {
    register_drivers();
    const std::string path = spec.source.string();
    std::vector<std::string> options;
    const std::string ext = lower_ext(spec.source);
    if (ext == ".csv") {
        options = {"X_POSSIBLE_NAMES=x,lon,lng,long,longitude,经度", "Y_POSSIBLE_NAMES=y,lat,latitude,纬度",
                   "KEEP_GEOM_COLUMNS=NO", "AUTODETECT_TYPE=YES"};
    }
    if ((ext == ".shp" || ext == ".dbf") && !spec.encoding.empty()) options.push_back("ENCODING=" + spec.encoding);
    std::vector<const char*> raw;
    for (const auto& o : options) raw.push_back(o.c_str());
    raw.push_back(nullptr);

    Source s;
    s.label = path;
    CPLErrorReset();
    s.ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, raw.data(), nullptr));
    if (!s.ds) {
        std::string why = gdal_error();
        if (why.empty()) why = "not a vector data set GDAL can read";
        s.fail(fmt::format("cannot open: {}", why));
    }
    if (s.ds->GetLayerCount() == 0) s.fail("holds no vector layer");
    if (!spec.layer.empty()) {
        s.layer = s.ds->GetLayerByName(spec.layer.c_str());
        if (!s.layer) {
            std::string names;
            for (int i = 0; i < s.ds->GetLayerCount(); ++i)
                names += std::string(i ? ", " : "") + s.ds->GetLayer(i)->GetName();
            s.fail(fmt::format("no layer \"{}\" (it has: {})", spec.layer, names));
        }
    } else {
        s.layer = s.ds->GetLayer(0);
    }
    if (s.ds->GetLayerCount() > 1 || !spec.layer.empty())
        s.label = fmt::format("{} (layer \"{}\")", path, s.layer->GetName());
    if (!spec.where.empty()) {
        CPLErrorReset();
        if (s.layer->SetAttributeFilter(spec.where.c_str()) != OGRERR_NONE)
            s.fail(fmt::format("invalid \"where\" filter \"{}\": {}", spec.where, gdal_error()));
    }
    return s;
}

/// The CRS of the source layer: its own, or the one the project declares for it.
OGRSpatialReference source_srs(const Source& s, const LayerSpec& spec) {
    if (!spec.crs.empty()) return make_srs(spec.crs, s.label);
    const OGRSpatialReference* srs = s.layer->GetSpatialRef();
    if (!srs) s.fail("has no CRS; declare it with \"crs\" on the layer in the project file");
    OGRSpatialReference copy(*srs);
    copy.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return copy;
}

const char* kind_name(GeomKind k) {
    switch (k) {
        case GeomKind::Point: return "points";
        case GeomKind::Line: return "lines";
        case GeomKind::Polygon: return "polygons";
    }
    return "";
}

bool kind_matches(OGRwkbGeometryType t, GeomKind k) {
    switch (wkbFlatten(t)) {
        case wkbPoint: return k == GeomKind::Point;
        case wkbLineString:
        case wkbMultiLineString: return k == GeomKind::Line;
        case wkbPolygon:
        case wkbMultiPolygon: return k == GeomKind::Polygon;
        default: return false;
    }
}

bool parse_number(std::string_view text, double& out) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    if (text.empty()) return false;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(out);
}

/// Trimmed copy of `text`.
std::string trimmed(std::string text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    std::size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    return text.substr(i);
}

/// 1 or 0 for the usual ways data says yes and no; -1 for anything else.
int parse_flag(const std::string& raw) {
    std::string t = trimmed(raw);
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* yes : {"1", "1.0", "true", "yes", "y", "t", "是", "有"})
        if (t == yes) return 1;
    for (const char* no : {"0", "0.0", "false", "no", "n", "f", "否", "无"})
        if (t == no) return 0;
    return -1;
}

struct FieldBinding {
    std::string key;     // role key: "class"
    std::string field;   // source field: "CLASS"
    FieldSpec spec;
    int index;
};

std::vector<FieldBinding> bind_fields(const Source& s, const LayerSpec& spec, const RoleSpec& role) {
    OGRFeatureDefn* defn = s.layer->GetLayerDefn();
    std::vector<FieldBinding> out;
    for (const FieldSpec& fs : role.fields) {
        const std::string key = fs.key;
        auto it = spec.fields.find(key);
        if (it == spec.fields.end()) {
            // An unmapped name or code is taken from a field of that very name when the data has one.
            const bool implied = fs.type == FieldType::Text && (key == "name" || key == "code");
            const int idx = implied ? defn->GetFieldIndex(key.c_str()) : -1;
            if (idx >= 0) out.push_back({key, key, fs, idx});
            continue;
        }
        const int idx = defn->GetFieldIndex(it->second.c_str());
        if (idx < 0 && s.layer->GetFeatureCount(TRUE) == 0) continue;  // an empty layer has no fields to check
        if (idx < 0) {
            std::string have;
            for (int i = 0; i < defn->GetFieldCount(); ++i)
                have += std::string(i ? ", " : "") + defn->GetFieldDefn(i)->GetNameRef();
            s.fail(fmt::format("field \"{}\" (mapped as {}.{}) does not exist; the layer has: {}", it->second,
                               spec.role, key, have.empty() ? "no fields" : have));
        }
        out.push_back({key, it->second, fs, idx});
    }
    return out;
}

}  // namespace

Layer load_layer(const LayerSpec& spec, const OGRSpatialReference& working) {
    const RoleSpec* role = find_role(spec.role);
    if (!role) throw InputError(fmt::format("unknown role \"{}\"", spec.role));
    Source s = open_source(spec);
    const OGRSpatialReference from = source_srs(s, spec);
    TransformPtr ct = make_transform(from, working, s.label);
    const std::vector<FieldBinding> fields = bind_fields(s, spec, *role);
    const bool offset = spec.coords == "gcj02" || spec.coords == "bd09";
    if (offset && (role->kind != GeomKind::Point || !from.IsGeographic()))
        s.fail(fmt::format("\"coords\": \"{}\" applies to point layers in longitude/latitude only", spec.coords));

    Layer layer;
    layer.role = spec.role;
    layer.source = s.label;
    layer.kind = role->kind;
    for (const auto& f : fields) {
        if (f.spec.type == FieldType::Text) layer.texts[f.key];
        else layer.numbers[f.key];
    }

    s.layer->ResetReading();
    for (auto& feature : *s.layer) {
        const GIntBig fid = feature->GetFID();
        ++layer.account.read;
        OGRGeometry* g = feature->GetGeometryRef();
        if (!g || g->IsEmpty()) s.fail(fid, "has no geometry (null or empty)");
        if (!kind_matches(g->getGeometryType(), role->kind))
            s.fail(fid, fmt::format("geometry is {}, a {} layer needs {}", OGRGeometryTypeToName(g->getGeometryType()),
                                    spec.role, kind_name(role->kind)));
        g->flattenTo2D();
        if (from.IsGeographic()) {
            // Longitude first (traditional GIS order): a latitude beyond ±90 means the pair is swapped.
            OGREnvelope env;
            g->getEnvelope(&env);
            if (std::max(std::abs(env.MinY), std::abs(env.MaxY)) > 90.0 && std::max(std::abs(env.MinX), std::abs(env.MaxX)) <= 90.0)
                s.fail(fid, fmt::format("coordinates ({}, {}) look like latitude, longitude (swapped): the source must "
                                        "give longitude first",
                                        env.MinX, env.MinY));
        }

        for (const auto& f : fields) {
            const bool set = feature->IsFieldSetAndNotNull(f.index);
            if (f.spec.type == FieldType::Text) {
                layer.texts[f.key].emplace_back(set ? feature->GetFieldAsString(f.index) : "");
                continue;
            }
            if (!set) s.fail(fid, fmt::format("field \"{}\" is empty", f.field));
            const OGRFieldType ftype = feature->GetFieldDefnRef(f.index)->GetType();
            const bool numeric = ftype == OFTInteger || ftype == OFTInteger64 || ftype == OFTReal;
            // A number stored as 3.00000000000 (a DBF real with decimals) reads as the word "3".
            const bool as_word = f.spec.type == FieldType::Words || f.spec.type == FieldType::Flag;
            const std::string text = !numeric ? std::string(feature->GetFieldAsString(f.index))
                                     : as_word ? fmt::format("{}", feature->GetFieldAsDouble(f.index))
                                               : std::string();
            double v = 0;
            if (f.spec.type == FieldType::Words) {
                const std::string t = trimmed(text);
                bool found = false;
                for (const auto& [word, code] : *f.spec.words)
                    if (t == word) {
                        v = code;
                        found = true;
                        break;
                    }
                if (!found)
                    s.fail(fid, fmt::format("field \"{}\" is \"{}\", expected {}", f.field, text, f.spec.expected));
            } else if (f.spec.type == FieldType::Flag) {
                const int flag = parse_flag(text);
                if (flag < 0)
                    s.fail(fid, fmt::format("field \"{}\" is \"{}\", expected 1/0, true/false, yes/no or 是/否",
                                            f.field, text));
                v = flag;
            } else {
                if (numeric) v = feature->GetFieldAsDouble(f.index);
                else if (!parse_number(text, v))
                    s.fail(fid, fmt::format("field \"{}\" is \"{}\", expected a number", f.field, text));
                if (!std::isfinite(v)) s.fail(fid, fmt::format("field \"{}\" is not a finite number", f.field));
                if (v < 0) s.fail(fid, fmt::format("field \"{}\" is negative ({})", f.field, v));
            }
            layer.numbers[f.key].push_back(v);
        }
        layer.fid.push_back(fid);

        if (role->kind == GeomKind::Point) {
            const auto* p = g->toPoint();
            double x = p->getX(), y = p->getY();
            if (!std::isfinite(x) || !std::isfinite(y)) s.fail(fid, "has a non-finite coordinate");
            if (offset) {
                const LonLat w = spec.coords == "gcj02" ? gcj02_to_wgs84({x, y}) : bd09_to_wgs84({x, y});
                x = w.lon;
                y = w.lat;
            }
            layer.x.push_back(x);
            layer.y.push_back(y);
            continue;
        }
        if (g->transform(ct.get()) != OGRERR_NONE) s.fail(fid, "cannot be transformed to the working CRS");
        std::vector<unsigned char> wkb(g->WkbSize());
        g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        geos::GeomPtr geom = geos::from_wkb(wkb);
        if (role->kind == GeomKind::Polygon && !geos::is_valid(geom.get()))
            s.fail(fid, fmt::format("invalid polygon: {}", geos::validity_reason(geom.get())));
        layer.geoms.push_back(std::move(geom));
    }

    if (!layer.x.empty()) {
        // One batched call for all points: PROJ is far faster this way than point by point.
        std::vector<int> ok(layer.x.size());
        if (!ct->Transform(static_cast<int>(layer.x.size()), layer.x.data(), layer.y.data(), nullptr, ok.data())) {
            for (std::size_t i = 0; i < ok.size(); ++i)
                if (!ok[i]) s.fail(layer.fid[i], "cannot be transformed to the working CRS");
        }
        for (std::size_t i = 0; i < ok.size(); ++i)
            if (!ok[i] || !std::isfinite(layer.x[i]) || !std::isfinite(layer.y[i]))
                s.fail(layer.fid[i], "cannot be transformed to the working CRS");
    }
    return layer;
}

namespace {

/// Centre of the districts layer's extent in WGS 84 longitude/latitude.
LonLat districts_centre(const LayerSpec& spec) {
    Source s = open_source(spec);
    const OGRSpatialReference from = source_srs(s, spec);
    OGREnvelope env;
    if (s.layer->GetExtent(&env, TRUE) != OGRERR_NONE) s.fail("has no extent (is it empty?)");
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    TransformPtr ct = make_transform(from, wgs84, s.label);
    double x = (env.MinX + env.MaxX) / 2, y = (env.MinY + env.MaxY) / 2;
    if (!ct->Transform(1, &x, &y)) s.fail("its centre cannot be transformed to WGS 84");
    return {x, y};
}

}  // namespace

City load_city(const Project& project) {
    City city;
    city.name = project.name;
    city.walk_speed_m_per_min = project.walk_speed_m_per_min;
    city.walk_minutes = project.walk_minutes;
    city.elderly_walk_speed_m_per_min = project.elderly_walk_speed_m_per_min;
    city.walk_exclude_highway = project.walk_exclude_highway;
    city.park_coverage_mode = project.park_coverage_mode;
    city.toilet_service_radius_m = project.toilet_service_radius_m;
    const LayerSpec& dspec = *project.layer("districts");
    if (project.crs) {
        city.crs = *project.crs;
        city.crs_note = "set in the project file";
    } else {
        const LonLat c = districts_centre(dspec);
        WorkingCrs w = auto_working_crs(c.lon, c.lat);
        city.crs = w.id;
        city.crs_note = w.note;
    }
    const OGRSpatialReference working = make_srs(city.crs, project.file.string() + ": crs");
    city.crs_name = working.GetName() ? working.GetName() : city.crs;
    city.attribution = project.attribution;
    if (!working.IsProjected())
        throw InputError(fmt::format("{}: crs \"{}\" is not a projected CRS in metres; areas and distances need one",
                                     project.file.string(), city.crs));

    Layer d = load_layer(dspec, working);
    Districts& out = city.districts;
    out.source = d.source;
    const std::size_t n = d.size();
    if (n == 0) throw InputError(fmt::format("{}: holds no districts", d.source));
    auto text_or = [&](const std::string& key, std::size_t i, std::string fallback) {
        auto it = d.texts.find(key);
        return it != d.texts.end() && !it->second[i].empty() ? it->second[i] : fallback;
    };
    std::set<std::string> seen, seen_codes;
    for (std::size_t i = 0; i < n; ++i) {
        out.name.push_back(text_or("name", i, fmt::format("district {}", d.fid[i])));
        out.code.push_back(text_or("code", i, ""));
        if (!seen.insert(out.name.back()).second)
            throw InputError(fmt::format("{}: feature {}: district name \"{}\" is used twice", d.source, d.fid[i],
                                         out.name.back()));
        if (!out.code.back().empty() && !seen_codes.insert(out.code.back()).second)
            throw InputError(fmt::format("{}: feature {}: district code \"{}\" is used twice", d.source, d.fid[i],
                                         out.code.back()));
        auto opt = [&](const std::string& key) -> std::optional<double> {
            auto it = d.numbers.find(key);
            if (it == d.numbers.end()) return std::nullopt;
            return it->second[i];
        };
        out.population.push_back(opt("population"));
        out.elderly.push_back(opt("elderly"));
    }
    out.geom = std::move(d.geoms);
    out.fid = std::move(d.fid);
    for (auto& [k, v] : d.numbers)
        if (k != "population" && k != "elderly") out.numbers[k] = std::move(v);
    for (auto& [k, v] : d.texts)
        if (k != "name" && k != "code") out.texts[k] = std::move(v);

    for (const auto& [role, spec] : project.layers) {
        if (role == "districts") continue;
        city.layers.emplace(role, load_layer(spec, working));
    }
    if (const Layer* t = city.layer("toilets"); t && !t->has_number("class"))
        city.warnings.push_back("toilets: the layer maps no class field, so every toilet counts as class III and "
                                "the class indicators are not computed");
    return city;
}

}  // namespace hcgis::io
