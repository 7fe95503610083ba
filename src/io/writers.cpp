#include "io/writers.h"

#include "io/crs.h"
#include "io/error.h"
#include "io/project.h"

#include <nlohmann/json.hpp>

#include <fstream>

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace hcgis::io {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

void add_field(OGRLayer* layer, const std::string& name, OGRFieldType type, const std::string& file,
               OGRFieldSubType sub = OFSTNone) {
    OGRFieldDefn f(name.c_str(), type);
    f.SetSubType(sub);
    if (layer->CreateField(&f) != OGRERR_NONE)
        throw InputError(fmt::format("{}: cannot create field \"{}\": {}", file, name, CPLGetLastErrorMsg()));
}

/// Owned OGR geometry of `g` (GEOS -> WKB -> OGR).
std::unique_ptr<OGRGeometry> to_ogr(const GEOSGeometry* g, const std::string& file) {
    std::size_t size = 0;
    GEOSWKBWriter* w = GEOSWKBWriter_create_r(geos::ctx());
    unsigned char* wkb = GEOSWKBWriter_write_r(geos::ctx(), w, g, &size);
    GEOSWKBWriter_destroy_r(geos::ctx(), w);
    if (!wkb) throw InputError(fmt::format("{}: cannot encode a geometry", file));
    OGRGeometry* og = nullptr;
    const OGRErr err = OGRGeometryFactory::createFromWkb(wkb, nullptr, &og, size);
    GEOSFree_r(geos::ctx(), wkb);
    if (err != OGRERR_NONE || !og) throw InputError(fmt::format("{}: cannot convert a geometry", file));
    return std::unique_ptr<OGRGeometry>(og);
}

/// A new GeoJSON (RFC 7946) or GeoPackage file at `out`, replacing one that exists.
GDALDatasetUniquePtr create_dataset(const std::filesystem::path& out, bool& geojson) {
    GDALAllRegister();
    const std::string file = out.string();
    const std::string ext = lower(out.extension().string());
    geojson = ext == ".geojson" || ext == ".json";
    if (!geojson && ext != ".gpkg")
        throw InputError(fmt::format("{}: unknown output format \"{}\" (expected .geojson or .gpkg)", file, ext));
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(geojson ? "GeoJSON" : "GPKG");
    if (!driver) throw InputError(fmt::format("{}: GDAL has no {} driver", file, geojson ? "GeoJSON" : "GPKG"));
    std::error_code ec;
    std::filesystem::remove(out, ec);
    GDALDatasetUniquePtr ds(driver->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw InputError(fmt::format("{}: cannot create: {}", file, CPLGetLastErrorMsg()));
    return ds;
}

/// A layer in the working CRS (GeoJSON: RFC 7946, so GDAL writes WGS 84 with 7 decimals). A GeoPackage
/// layer gets its spatial index from end(), in one go.
OGRLayer* create_layer(GDALDataset& ds, const std::string& name, const City& city, OGRwkbGeometryType type,
                       bool geojson, const std::string& id_field, const std::string& file) {
    std::vector<const char*> lco;
    if (!geojson) lco.push_back("SPATIAL_INDEX=NO");  // built at the end by end()
    const std::string id_opt = "ID_FIELD=" + id_field;
    if (geojson) {
        lco = {"RFC7946=YES", "COORDINATE_PRECISION=7", "WRITE_BBOX=NO"};
        if (!id_field.empty()) lco.push_back(id_opt.c_str());
    }
    lco.push_back(nullptr);
    OGRSpatialReference srs = make_srs(city.crs, file);
    OGRLayer* layer = ds.CreateLayer(name.c_str(), &srs, type, const_cast<char**>(lco.data()));
    if (!layer) throw InputError(fmt::format("{}: cannot create layer {}: {}", file, name, CPLGetLastErrorMsg()));
    return layer;
}

/// Scoped settings for writing many features to a GeoPackage: a large SQLite page cache and no fsync per
/// transaction (the file is new; a crash leaves nothing worth keeping).
struct BulkLoad {
    CPLConfigOptionSetter cache{"OGR_SQLITE_CACHE", "1024", false};
    CPLConfigOptionSetter sync{"OGR_SQLITE_SYNCHRONOUS", "OFF", false};
};

void begin(GDALDataset& ds) {
    if (ds.TestCapability(ODsCTransactions)) ds.StartTransaction();
}

/// Commits, then gives a GeoPackage layer its R-tree in one statement. SQLite's R-tree takes about 10 s
/// per million entries, so a layer of more than 100,000 features (hcgis reads them in sequence and
/// indexes them itself) goes without.
void end(GDALDataset& ds, OGRLayer* layer, std::size_t features) {
    if (ds.TestCapability(ODsCTransactions)) ds.CommitTransaction();
    if (std::string(ds.GetDriverName()) != "GPKG" || features > 100'000) return;
    const std::string sql = fmt::format("SELECT CreateSpatialIndex('{}', '{}')", layer->GetName(), layer->GetGeometryColumn());
    ds.ReleaseResultSet(ds.ExecuteSQL(sql.c_str(), nullptr, nullptr));
}

void write_feature(OGRLayer* layer, OGRFeature& f, const std::string& file) {
    if (layer->CreateFeature(&f) != OGRERR_NONE)
        throw InputError(fmt::format("{}: cannot write a feature: {}", file, CPLGetLastErrorMsg()));
}

/// Closes `ds`, reporting a failure of the final flush (GDAL 3.6 tells it only through the error state).
void finish(GDALDatasetUniquePtr& ds, const std::string& file) {
    CPLErrorReset();
    ds.reset();
    if (CPLGetLastErrorType() >= CE_Failure)
        throw InputError(fmt::format("{}: cannot finish writing: {}", file, CPLGetLastErrorMsg()));
}

}  // namespace

void export_districts(const City& city, const Scorecard& card, const Catalog& catalog,
                      const std::filesystem::path& out) {
    const std::string file = out.string();
    bool geojson = false;
    GDALDatasetUniquePtr ds = create_dataset(out, geojson);
    const bool have_codes = std::all_of(city.districts.code.begin(), city.districts.code.end(),
                                        [](const std::string& c) { return !c.empty(); });
    OGRLayer* layer = create_layer(*ds, "districts", city, wkbMultiPolygon, geojson, have_codes ? "code" : "", file);

    add_field(layer, "name", OFTString, file);
    add_field(layer, "code", OFTString, file);
    add_field(layer, "population", OFTReal, file);
    for (const auto& id : card.ids) {
        add_field(layer, id, OFTReal, file);
        add_field(layer, id + "_target", OFTReal, file);
        add_field(layer, id + "_pass", OFTInteger, file, OFSTBoolean);
        add_field(layer, id + "_gap", OFTString, file);
    }
    (void)catalog;  // targets and gaps are already in the scorecard; names stay in the catalog

    begin(*ds);
    for (std::size_t d = 0; d < city.districts.size(); ++d) {
        OGRFeature feature(layer->GetLayerDefn());
        const AreaResult& area = card.districts[d];
        feature.SetField("name", area.name.c_str());
        if (!area.code.empty()) feature.SetField("code", area.code.c_str());
        if (city.districts.population[d]) feature.SetField("population", *city.districts.population[d]);
        for (const auto& id : card.ids) {
            auto it = area.values.find(id);
            if (it == area.values.end()) continue;
            const Value& v = it->second;
            if (v.value) feature.SetField(id.c_str(), *v.value);
            else feature.SetFieldNull(feature.GetFieldIndex(id.c_str()));
            if (v.target) feature.SetField((id + "_target").c_str(), *v.target);
            if (v.pass) feature.SetField((id + "_pass").c_str(), *v.pass ? 1 : 0);
            if (v.gap) feature.SetField((id + "_gap").c_str(), v.gap->text.c_str());
        }
        // Promoted to MultiPolygon so every feature has the layer's type.
        feature.SetGeometryDirectly(
            OGRGeometryFactory::forceToMultiPolygon(to_ogr(city.districts.geom[d].get(), file).release()));
        write_feature(layer, feature, file);
    }
    end(*ds, layer, city.districts.size());
    finish(ds, file);
}

std::vector<std::filesystem::path> write_coverage(const City& city, const CoverageMap& map,
                                                  const std::filesystem::path& out) {
    const std::string file = out.string();
    const Layer& facilities = *city.layer(map.facility);
    const Layer& residents = *city.layer("residents");
    std::vector<std::filesystem::path> written{out};
    const BulkLoad bulk;
    bool geojson = false;
    GDALDatasetUniquePtr ds = create_dataset(out, geojson);

    OGRLayer* areas = create_layer(*ds, "catchments", city, wkbMultiPolygon, geojson, "", file);
    add_field(areas, "kind", OFTString, file);
    add_field(areas, "facility", OFTString, file);
    add_field(areas, "facility_fid", OFTInteger64, file);
    add_field(areas, "name", OFTString, file);
    add_field(areas, "budget_m", OFTReal, file);
    add_field(areas, "mode", OFTString, file);
    add_field(areas, "half_width_m", OFTReal, file);
    const auto names = facilities.texts.find("name");
    auto put_area = [&](const GEOSGeometry* g, const char* kind, std::optional<std::size_t> k) {
        OGRFeature f(areas->GetLayerDefn());
        f.SetField("kind", kind);
        f.SetField("facility", map.facility.c_str());
        if (k) {
            f.SetField("facility_fid", static_cast<GIntBig>(facilities.fid[*k]));
            if (names != facilities.texts.end()) f.SetField("name", names->second[*k].c_str());
            f.SetField("budget_m", map.budget[*k]);
        }
        f.SetField("mode", map.mode.c_str());
        if (map.mode == "network") f.SetField("half_width_m", map.half_width_m);
        if (!geos::is_empty(g)) f.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(to_ogr(g, file).release()));
        write_feature(areas, f, file);
    };
    begin(*ds);
    for (std::size_t k = 0; k < map.catchment.size(); ++k) put_area(map.catchment[k].get(), "facility", k);
    put_area(map.all.get(), "union", std::nullopt);
    end(*ds, areas, map.catchment.size() + 1);

    // Residents: a layer of their own in a GeoPackage; a second file beside a GeoJSON (one layer a file).
    GDALDatasetUniquePtr second;
    std::filesystem::path res_path = out;
    GDALDataset* target = ds.get();
    if (geojson) {
        res_path = out.parent_path() / (out.stem().string() + "-residents" + out.extension().string());
        bool unused = false;
        second = create_dataset(res_path, unused);
        target = second.get();
        written.push_back(res_path);
    }
    const std::string res_file = res_path.string();
    OGRLayer* people = create_layer(*target, "residents", city, wkbPoint, geojson, "", res_file);
    add_field(people, "resident_fid", OFTInteger64, res_file);
    add_field(people, "population", OFTReal, res_file);
    add_field(people, "walk_m", OFTReal, res_file);
    add_field(people, "facility_fid", OFTInteger64, res_file);
    add_field(people, "covered", OFTInteger, res_file, OFSTBoolean);
    const auto pop = residents.numbers.find("population");
    begin(*target);
    for (std::size_t i = 0; i < residents.size(); ++i) {
        OGRFeature f(people->GetLayerDefn());
        f.SetField("resident_fid", static_cast<GIntBig>(residents.fid[i]));
        f.SetField("population", pop != residents.numbers.end() ? pop->second[i] : 1.0);
        if (std::isfinite(map.residents.distance[i])) f.SetField("walk_m", map.residents.distance[i]);
        if (map.residents.facility[i] >= 0)
            f.SetField("facility_fid",
                       static_cast<GIntBig>(facilities.fid[static_cast<std::size_t>(map.residents.facility[i])]));
        f.SetField("covered", map.residents.covered[i] ? 1 : 0);
        f.SetGeometryDirectly(new OGRPoint(residents.x[i], residents.y[i]));
        write_feature(people, f, res_file);
    }
    end(*target, people, residents.size());
    if (second) finish(second, res_file);
    finish(ds, file);
    return written;
}

void write_suggestions(const City& city, const sites::SuggestResult& result, const std::filesystem::path& out) {
    const std::string file = out.string();
    bool geojson = false;
    GDALDatasetUniquePtr ds = create_dataset(out, geojson);
    OGRLayer* layer = create_layer(*ds, "suggested_" + result.facility, city, wkbPoint, geojson, "", file);
    add_field(layer, "rank", OFTInteger, file);
    add_field(layer, "facility", OFTString, file);
    add_field(layer, "district", OFTString, file);
    add_field(layer, "new_residents_covered", OFTReal, file);
    add_field(layer, "coverage_after", OFTReal, file);
    add_field(layer, "nearest_existing_m", OFTReal, file);
    add_field(layer, "service_m", OFTReal, file);
    add_field(layer, "mode", OFTString, file);
    add_field(layer, "explanation", OFTString, file);
    begin(*ds);
    for (const auto& s : result.sites) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("rank", s.rank);
        f.SetField("facility", result.facility.c_str());
        f.SetField("district", city.districts.name[static_cast<std::size_t>(s.district)].c_str());
        f.SetField("new_residents_covered", s.new_residents);
        f.SetField("coverage_after", s.coverage_after);
        if (s.nearest_existing_m >= 0) f.SetField("nearest_existing_m", s.nearest_existing_m);
        f.SetField("service_m", result.budget_m);
        f.SetField("mode", result.mode.c_str());
        f.SetField("explanation", s.note.c_str());
        f.SetGeometryDirectly(new OGRPoint(s.x, s.y));
        write_feature(layer, f, file);
    }
    end(*ds, layer, result.sites.size());
    finish(ds, file);
}

namespace {

// Writes the attribute columns of one layer; returns the keys written.
void fill_fields(OGRLayer* layer, const std::map<std::string, std::vector<double>>& numbers,
                 const std::map<std::string, std::vector<std::string>>& texts, const std::string& file) {
    for (const auto& [k, _] : numbers) add_field(layer, k, OFTReal, file);
    for (const auto& [k, _] : texts) add_field(layer, k, OFTString, file);
}

void set_fields(OGRFeature& f, std::size_t i, const std::map<std::string, std::vector<double>>& numbers,
                const std::map<std::string, std::vector<std::string>>& texts) {
    for (const auto& [k, v] : numbers) f.SetField(k.c_str(), v[i]);
    for (const auto& [k, v] : texts) f.SetField(k.c_str(), v[i].c_str());
}

}  // namespace

std::filesystem::path write_city(const City& city, const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    const BulkLoad bulk;
    const std::filesystem::path gpkg = dir / "city.gpkg";
    const std::string file = gpkg.string();
    bool geojson = false;
    GDALDatasetUniquePtr ds = create_dataset(gpkg, geojson);
    nlohmann::json layers = nlohmann::json::object();

    {  // districts
        std::map<std::string, std::vector<double>> numbers = city.districts.numbers;
        std::map<std::string, std::vector<std::string>> texts = city.districts.texts;
        texts["name"] = city.districts.name;
        texts["code"] = city.districts.code;
        for (auto [key, col] : {std::pair{"population", &city.districts.population}, std::pair{"elderly", &city.districts.elderly}}) {
            if (col->empty() || !col->front()) continue;
            auto& out = numbers[key];
            for (const auto& v : *col) out.push_back(v.value_or(0.0));
        }
        OGRLayer* layer = create_layer(*ds, "districts", city, wkbMultiPolygon, false, "", file);
        fill_fields(layer, numbers, texts, file);
        begin(*ds);
        for (std::size_t d = 0; d < city.districts.size(); ++d) {
            OGRFeature f(layer->GetLayerDefn());
            set_fields(f, d, numbers, texts);
            f.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(to_ogr(city.districts.geom[d].get(), file).release()));
            write_feature(layer, f, file);
        }
        end(*ds, layer, city.districts.size());
        nlohmann::json fields = nlohmann::json::object();
        for (const auto& [k, _] : numbers) fields[k] = k;
        for (const auto& [k, _] : texts) fields[k] = k;
        layers["districts"] = {{"source", "city.gpkg"}, {"layer", "districts"}, {"fields", fields}};
    }
    for (const auto& [role, l] : city.layers) {
        const OGRwkbGeometryType type = l.kind == GeomKind::Point   ? wkbPoint
                                        : l.kind == GeomKind::Line ? wkbMultiLineString
                                                                   : wkbMultiPolygon;
        OGRLayer* layer = create_layer(*ds, role, city, type, false, "", file);
        fill_fields(layer, l.numbers, l.texts, file);
        begin(*ds);
        for (std::size_t i = 0; i < l.size(); ++i) {
            OGRFeature f(layer->GetLayerDefn());
            set_fields(f, i, l.numbers, l.texts);
            if (l.kind == GeomKind::Point) {
                f.SetGeometryDirectly(new OGRPoint(l.x[i], l.y[i]));
            } else {
                OGRGeometry* g = to_ogr(l.geoms[i].get(), file).release();
                f.SetGeometryDirectly(l.kind == GeomKind::Line ? OGRGeometryFactory::forceToMultiLineString(g)
                                                               : OGRGeometryFactory::forceToMultiPolygon(g));
            }
            write_feature(layer, f, file);
        }
        end(*ds, layer, l.size());
        nlohmann::json entry = {{"source", "city.gpkg"}, {"layer", role}};
        nlohmann::json fields = nlohmann::json::object();
        if (const RoleSpec* spec = find_role(role))
            for (const FieldSpec& fs : spec->fields)
                if (l.numbers.count(fs.key) || l.texts.count(fs.key)) fields[fs.key] = fs.key;
        if (!fields.empty()) entry["fields"] = fields;
        layers[role] = entry;
    }
    finish(ds, file);

    nlohmann::json project = {{"name", city.name},
                              {"attribution", city.attribution},
                              {"crs", city.crs},
                              {"walk_speed_m_per_min", city.walk_speed_m_per_min},
                              {"layers", layers}};
    const std::filesystem::path pfile = dir / "project.json";
    std::ofstream out(pfile, std::ios::binary);
    out << project.dump(2) << "\n";
    if (!out) throw InputError(fmt::format("{}: cannot write", pfile.string()));
    return pfile;
}

}  // namespace hcgis::io
