#include "io/writers.h"

#include "core/proposal.h"
#include "io/scenario_file.h"

#include "core/error.h"
#include "io/gdal_sink.h"
#include "io/output.h"
#include "io/scorecard_tables.h"
#include "io/project.h"
#include "io/source_path.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

namespace hcgis::io {
namespace {

/// Scoped settings for writing many features to a GeoPackage: a large SQLite page cache (SQLite's syncs
/// are off in every GeoPackage GdalSink creates: the file is a temporary one, synced once when complete).
struct BulkLoad {
    CPLConfigOptionSetter cache{"OGR_SQLITE_CACHE", "1024", false};
};

OGRGeometry* as_multipolygon(const GEOSGeometry* g) {
    return OGRGeometryFactory::forceToMultiPolygon(to_ogr(g).release());
}

void write_districts(GdalSink& sink, const City& city, const Scorecard& card, const std::string& name,
                     const DistrictClasses& classes) {
    const bool have_codes = std::all_of(city.districts.code.begin(), city.districts.code.end(),
                                        [](const std::string& c) { return !c.empty(); });
    OGRLayer* layer = sink.layer(name, city, wkbMultiPolygon, have_codes ? "code" : "");
    sink.fields(layer, {
        {"name", OFTString},
        {"code", OFTString},
        {"population", OFTReal}});
    for (const auto& id : card.ids) {
        sink.field(layer, id, OFTReal);
        sink.field(layer, id + "_target", OFTReal);
        sink.field(layer, id + "_pass", OFTInteger, OFSTBoolean);
        sink.field(layer, id + "_gap", OFTString);
        if (classes.count(id)) sink.field(layer, id + "_class", OFTInteger);
    }
    sink.begin();
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
        for (const auto& [id, per_district] : classes)
            if (d < per_district.size() && per_district[d]) feature.SetField((id + "_class").c_str(), *per_district[d]);
        // Promoted to MultiPolygon so every feature has the layer's type.
        feature.SetGeometryDirectly(as_multipolygon(city.districts.geom[d].get()));
        sink.put(layer, feature);
    }
    sink.end(layer, city.districts.size());
}

}  // namespace

void export_districts(const City& city, const Scorecard& card, const Catalog& catalog,
                      const std::filesystem::path& out, const std::vector<SavedStyle>& styles,
                      const DistrictClasses& classes) {
    (void)catalog;  // targets and gaps are already in the scorecard; names stay in the catalog
    AtomicOutputs outs({out});
    export_districts(outs, 0, city, card, styles, classes);
    outs.commit();
}

void export_districts(AtomicOutputs& outs, std::size_t i, const City& city, const Scorecard& card,
                      const std::vector<SavedStyle>& styles, const DistrictClasses& classes) {
    GdalSink sink(outs, i);
    write_districts(sink, city, card, "districts", classes);
    write_layer_styles(sink, styles);
    sink.close();
}

void export_districts(const City& city, const Scorecard& card, const PgTarget& pg, const std::vector<SavedStyle>& styles,
                      const DistrictClasses& classes) {
    GdalSink sink(pg);
    write_districts(sink, city, card, pg.table, classes);
    write_layer_styles(sink, styles);
    sink.close();
}

std::vector<std::string> indicator_tables(const std::string& table) {
    return {table, table + "_total", table + "_tasks", table + "_layers"};
}

void write_indicators(const City& city, const Scorecard& card, const Catalog& catalog, const PgTarget& pg,
                      const std::vector<SavedStyle>& styles, const DistrictClasses& classes) {
    GdalSink sink(pg);
    const auto tables = indicator_tables(pg.table);
    write_districts(sink, city, card, tables[0], classes);
    write_total_table(sink, city, card, catalog, tables[1]);
    write_tasks_table(sink, city, card, catalog, tables[2]);
    write_layers_table(sink, city, card, tables[3]);
    write_layer_styles(sink, styles);
    sink.close();
}

std::vector<std::string> coverage_tables(const std::string& table) { return {table, table + "_residents"}; }

std::vector<std::filesystem::path> coverage_files(const std::filesystem::path& out) {
    const std::string ext = detail::lower_ext(out);
    if (ext != ".geojson" && ext != ".json") return {out};
    return {out, out.parent_path() / (out.stem().string() + "-residents" + out.extension().string())};
}

namespace {

OGRLayer* catchments_layer(GdalSink& sink, const City& city, const std::string& name) {
    OGRLayer* areas = sink.layer(name, city, wkbMultiPolygon);
    sink.fields(areas, {
        {"kind", OFTString},
        {"facility", OFTString},
        {"facility_fid", OFTInteger64},
        {"name", OFTString},
        {"budget_m", OFTReal},
        {"mode", OFTString},
        {"half_width_m", OFTReal}});
    return areas;
}

/// One feature of the catchments layer: facility `k`'s catchment, or the union (no `k`).
void put_area(GdalSink& sink, OGRLayer* areas, const City& city, const CoverageMap& map, const GEOSGeometry* g,
              const char* kind, std::optional<std::size_t> k) {
    const Layer& facilities = *city.layer(map.facility);
    OGRFeature f(areas->GetLayerDefn());
    f.SetField("kind", kind);
    f.SetField("facility", map.facility.c_str());
    if (k) {
        f.SetField("facility_fid", static_cast<GIntBig>(facilities.fid[*k]));
        if (const auto names = facilities.texts.find("name"); names != facilities.texts.end())
            f.SetField("name", names->second[*k].c_str());
        f.SetField("budget_m", map.budget[*k]);
    }
    f.SetField("mode", measure_name(map.mode));
    if (map.mode == Measure::Network) f.SetField("half_width_m", map.half_width_m);
    if (!geos::is_empty(g)) f.SetGeometryDirectly(as_multipolygon(g));
    sink.put(areas, f);
}

/// The facilities' catchments, in a transaction begun here that write_union() ends.
void write_facility_catchments(GdalSink& sink, OGRLayer* areas, const City& city, const CoverageMap& map) {
    sink.begin();
    for (std::size_t k = 0; k < map.catchment.size(); ++k) put_area(sink, areas, city, map, map.catchment[k].get(), "facility", k);
}

/// The catchments' union, after write_facility_catchments(), and the end of its transaction with the
/// layer's index.
void write_union(GdalSink& sink, OGRLayer* areas, const City& city, const CoverageMap& map) {
    put_area(sink, areas, city, map, map.all.get(), "union", std::nullopt);
    sink.end(areas, map.catchment.size() + 1);
}

void write_coverage_residents(GdalSink& sink, const City& city, const CoverageMap& map, const std::string& name) {
    const Layer& facilities = *city.layer(map.facility);
    const Layer& residents = *city.layer("residents");
    OGRLayer* people = sink.layer(name, city, wkbPoint);
    // The fids as 32-bit integers where every one fits: GDAL hands a 64-bit integer to SQLite as text (a
    // fifth of the time a GeoPackage's million residents take).
    auto fits = [](const std::vector<std::int64_t>& fids) {
        return std::all_of(fids.begin(), fids.end(), [](std::int64_t v) {
            return v >= std::numeric_limits<std::int32_t>::min() && v <= std::numeric_limits<std::int32_t>::max();
        });
    };
    const OGRFieldType resident_fid = fits(residents.fid) ? OFTInteger : OFTInteger64;
    const OGRFieldType facility_fid = fits(facilities.fid) ? OFTInteger : OFTInteger64;
    sink.fields(people, {
        {"resident_fid", resident_fid},
        {"population", OFTReal},
        {"walk_m", OFTReal},
        {"facility_fid", facility_fid}});
    sink.field(people, "covered", OFTInteger, OFSTBoolean);
    const auto pop = residents.numbers.find("population");
    // A million features: one feature and one point reused, fields by index (a name is looked up
    // case-insensitively in every call).
    OGRFeatureDefn* defn = people->GetLayerDefn();
    const int i_fid = defn->GetFieldIndex("resident_fid"), i_pop = defn->GetFieldIndex("population"),
              i_walk = defn->GetFieldIndex("walk_m"), i_facility = defn->GetFieldIndex("facility_fid"),
              i_covered = defn->GetFieldIndex("covered");
    OGRFeature f(defn);
    f.SetGeometryDirectly(new OGRPoint(0, 0));
    auto* point = f.GetGeometryRef()->toPoint();
    sink.begin();
    for (std::size_t i = 0; i < residents.size(); ++i) {
        f.SetFID(OGRNullFID);
        f.SetField(i_fid, static_cast<GIntBig>(residents.fid[i]));
        f.SetField(i_pop, pop != residents.numbers.end() ? pop->second[i] : 1.0);
        if (std::isfinite(map.residents.distance[i])) f.SetField(i_walk, map.residents.distance[i]);
        else f.UnsetField(i_walk);
        if (map.residents.facility[i] >= 0)
            f.SetField(i_facility,
                       static_cast<GIntBig>(facilities.fid[static_cast<std::size_t>(map.residents.facility[i])]));
        else f.UnsetField(i_facility);
        f.SetField(i_covered, map.residents.covered[i] ? 1 : 0);
        point->setX(residents.x[i]);
        point->setY(residents.y[i]);
        sink.put(people, f);
    }
    sink.end(people, residents.size());
}

}  // namespace

struct CoverageWriter::Sinks {
    BulkLoad bulk;  // not const: BulkLoad has no user-provided constructor, so a const one would leave Sinks without a default constructor (clang holds to it)
    std::optional<AtomicOutputs> outs;
    std::optional<GdalSink> sink;    // the catchments, and a GeoPackage's residents
    std::optional<GdalSink> second;  // GeoJSON's residents file
    OGRLayer* areas = nullptr;
    std::string residents_name = "residents";
    bool catchments_written = false;  // the facilities' catchments, by catchments()
};

CoverageWriter::CoverageWriter(const City& city, const std::filesystem::path& out, std::vector<SavedStyle> styles)
    : city_(city), styles_(std::move(styles)), files_(coverage_files(out)), s_(std::make_unique<Sinks>()) {
    // GeoJSON holds one layer a file, so the residents go to a second file beside the first; a GeoPackage
    // holds both layers. Neither file replaces anything unless both were written.
    s_->outs.emplace(files_);
    s_->sink.emplace(*s_->outs, 0);
    s_->areas = catchments_layer(*s_->sink, city, "catchments");
    // GDAL creates a GeoPackage table with its first feature: now, so that the catchments stay the first layer.
    if (!s_->sink->geojson() && s_->areas->SyncToDisk() != OGRERR_NONE) s_->sink->fail("cannot create the layer catchments");
    if (files_.size() == 2) s_->second.emplace(*s_->outs, 1);
}

CoverageWriter::CoverageWriter(const City& city, const PgTarget& pg, std::vector<SavedStyle> styles)
    : city_(city), styles_(std::move(styles)), s_(std::make_unique<Sinks>()) {
    s_->sink.emplace(pg);
    s_->areas = catchments_layer(*s_->sink, city, pg.table);
    s_->residents_name = coverage_tables(pg.table)[1];
}

CoverageWriter::~CoverageWriter() = default;

void CoverageWriter::residents(const CoverageMap& map) {
    GdalSink& sink = s_->second ? *s_->second : *s_->sink;
    const GdalErrorTrap::OnThread here(sink.trap());
    write_coverage_residents(sink, city_, map, s_->residents_name);
    // Most of the file is written now (the 1 M city's residents: 60 MB): to disk while the catchments'
    // union is computed, not in the sync at the end.
    if (s_->outs) s_->outs->start_sync(s_->second ? 1 : 0);
}

void CoverageWriter::catchments(const CoverageMap& map) {
    GdalSink& sink = *s_->sink;
    const GdalErrorTrap::OnThread here(sink.trap());
    write_facility_catchments(sink, s_->areas, city_, map);
    s_->catchments_written = true;
}

std::vector<std::filesystem::path> CoverageWriter::finish(const CoverageMap& map) {
    GdalSink& sink = *s_->sink;
    const GdalErrorTrap::OnThread here(sink.trap());
    if (!s_->catchments_written) write_facility_catchments(sink, s_->areas, city_, map);
    write_union(sink, s_->areas, city_, map);
    write_layer_styles(sink, styles_);
    sink.close();
    if (s_->second) s_->second->close();
    if (s_->outs) s_->outs->commit();
    return files_;
}

namespace {

void write_sites(GdalSink& sink, const City& city, const sites::SuggestResult& result, const std::string& name) {
    OGRLayer* layer = sink.layer(name, city, wkbPoint);
    sink.fields(layer, {
        {"rank", OFTInteger},
        {"facility", OFTString},
        {"district", OFTString},
        {"new_residents_covered", OFTReal},
        {"coverage_after", OFTReal},
        {"nearest_existing_m", OFTReal},
        {"service_m", OFTReal},
        {"mode", OFTString},
        {"explanation", OFTString}});
    sink.field(layer, "solution", OFTString);  // 最优解 / 与最优解差距不超过 x % / 贪心解
    sink.field(layer, "solution_gap", OFTReal);
    sink.field(layer, "solution_bound", OFTReal);
    if (result.walk)  // p-median: the walk saved by each site and the residents' walk before and after
        for (const char* f : {"walk_saved_m", "walk_cap_m", "walk_mean_before_m", "walk_mean_after_m", "walk_p90_before_m", "walk_p90_after_m"})
            sink.field(layer, f, OFTReal);
    sink.begin();
    for (const auto& s : result.sites) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("rank", s.rank);
        f.SetField("facility", result.facility.c_str());
        f.SetField("district", city.districts.name[static_cast<std::size_t>(s.district)].c_str());
        f.SetField("new_residents_covered", s.new_residents);
        f.SetField("coverage_after", s.coverage_after);
        if (s.nearest_existing_m >= 0) f.SetField("nearest_existing_m", s.nearest_existing_m);
        f.SetField("service_m", result.budget_m);
        f.SetField("mode", measure_name(result.mode));
        f.SetField("explanation", s.note.c_str());
        f.SetField("solution", result.solve.text().c_str());
        if (result.solve.exact) {
            f.SetField("solution_gap", result.solve.gap);
            f.SetField("solution_bound", result.solve.bound);
        }
        if (const auto& w = result.walk) {
            f.SetField("walk_saved_m", s.walk_saved);
            f.SetField("walk_cap_m", w->cap_m);
            f.SetField("walk_mean_before_m", w->mean_before);
            f.SetField("walk_mean_after_m", w->mean_after);
            f.SetField("walk_p90_before_m", w->p90_before);
            f.SetField("walk_p90_after_m", w->p90_after);
        }
        f.SetGeometryDirectly(new OGRPoint(s.x, s.y));
        sink.put(layer, f);
    }
    sink.end(layer, result.sites.size());
}

}  // namespace

void write_suggestions(const City& city, const sites::SuggestResult& result, const std::filesystem::path& out,
                       const std::vector<SavedStyle>& styles) {
    AtomicOutputs outs({out});
    GdalSink sink(outs, 0);
    write_sites(sink, city, result, "suggested_" + result.facility);
    // A GeoPackage is also a scenario (io/scenario_file.h): the viewer opens it, --scenario counts it.
    if (!sink.geojson()) write_scenario_layers(sink, proposal_of(result, city), scenario_meta(city, "hcgis suggest"));
    write_layer_styles(sink, styles);
    sink.close();
    outs.commit();
}

void write_suggestions(const City& city, const sites::SuggestResult& result, const PgTarget& pg,
                       const std::vector<SavedStyle>& styles) {
    GdalSink sink(pg);
    write_sites(sink, city, result, pg.table);
    write_layer_styles(sink, styles);
    sink.close();
}

namespace {

using Numbers = std::map<std::string, std::vector<double>>;
using Texts = std::map<std::string, std::vector<std::string>>;

void fill_fields(GdalSink& sink, OGRLayer* layer, const Numbers& numbers, const Texts& texts) {
    for (const auto& [k, _] : numbers) sink.field(layer, k, OFTReal);
    for (const auto& [k, _] : texts) sink.field(layer, k, OFTString);
}

void set_fields(OGRFeature& f, std::size_t i, const Numbers& numbers, const Texts& texts) {
    for (const auto& [k, v] : numbers) f.SetField(k.c_str(), v[i]);
    for (const auto& [k, v] : texts) f.SetField(k.c_str(), v[i].c_str());
}

nlohmann::json write_city_districts(GdalSink& sink, const City& city) {
    Numbers numbers = city.districts.numbers;
    Texts texts = city.districts.texts;
    texts["name"] = city.districts.name;
    texts["code"] = city.districts.code;
    for (auto [key, col] : {std::pair{"population", &city.districts.population}, std::pair{"elderly", &city.districts.elderly}}) {
        if (col->empty() || !col->front()) continue;
        auto& values = numbers[key];
        for (const auto& v : *col) values.push_back(v.value_or(0.0));
    }
    OGRLayer* layer = sink.layer("districts", city, wkbMultiPolygon);
    fill_fields(sink, layer, numbers, texts);
    sink.begin();
    for (std::size_t d = 0; d < city.districts.size(); ++d) {
        OGRFeature f(layer->GetLayerDefn());
        set_fields(f, d, numbers, texts);
        f.SetGeometryDirectly(as_multipolygon(city.districts.geom[d].get()));
        sink.put(layer, f);
    }
    sink.end(layer, city.districts.size());
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& [k, _] : numbers) fields[k] = k;
    for (const auto& [k, _] : texts) fields[k] = k;
    return {{"source", "city.gpkg"}, {"layer", "districts"}, {"fields", fields}};
}

nlohmann::json write_city_layer(GdalSink& sink, const City& city, const std::string& role, const Layer& l) {
    const OGRwkbGeometryType type = l.kind == GeomKind::Point  ? wkbPoint
                                    : l.kind == GeomKind::Line ? wkbMultiLineString
                                                               : wkbMultiPolygon;
    OGRLayer* layer = sink.layer(role, city, type);
    fill_fields(sink, layer, l.numbers, l.texts);
    sink.begin();
    for (std::size_t i = 0; i < l.size(); ++i) {
        OGRFeature f(layer->GetLayerDefn());
        set_fields(f, i, l.numbers, l.texts);
        if (l.kind == GeomKind::Point) {
            f.SetGeometryDirectly(new OGRPoint(l.x[i], l.y[i]));
        } else {
            OGRGeometry* g = to_ogr(l.geoms[i].get()).release();
            f.SetGeometryDirectly(l.kind == GeomKind::Line ? OGRGeometryFactory::forceToMultiLineString(g)
                                                           : OGRGeometryFactory::forceToMultiPolygon(g));
        }
        sink.put(layer, f);
    }
    sink.end(layer, l.size());
    nlohmann::json entry = {{"source", "city.gpkg"}, {"layer", role}};
    nlohmann::json fields = nlohmann::json::object();
    if (const RoleSpec* spec = find_role(role))
        for (const FieldSpec& fs : spec->fields)
            if (l.numbers.count(fs.key) || l.texts.count(fs.key)) fields[fs.key] = fs.key;
    if (!fields.empty()) entry["fields"] = fields;
    return entry;
}

}  // namespace

void write_layer_geojson(const City& city, const std::string& role, const std::filesystem::path& out) {
    const Layer* l = city.layer(role);
    if (!l) throw InternalError("no " + role + " layer to write");
    AtomicOutputs outs({out});
    GdalSink sink(outs, 0);
    write_city_layer(sink, city, role, *l);
    sink.close();
    outs.commit();
}

std::filesystem::path write_city(const City& city, const std::filesystem::path& dir,
                                 const std::vector<SavedStyle>& styles) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw OutputError(fmt::format("{}: cannot create the folder: {}", dir.string(), ec.message()));
    BulkLoad bulk;  // while the GeoPackage is created and written
    const std::filesystem::path pfile = dir / "project.json";
    AtomicOutputs outs({dir / "city.gpkg", pfile});
    GdalSink sink(outs, 0);
    nlohmann::json layers = nlohmann::json::object();
    layers["districts"] = write_city_districts(sink, city);
    for (const auto& [role, l] : city.layers) layers[role] = write_city_layer(sink, city, role, l);
    write_layer_styles(sink, styles);
    sink.close();
    const nlohmann::json project = {{"name", city.name},
                                    {"attribution", city.attribution},
                                    {"crs", city.crs},
                                    {"walk_speed_m_per_min", city.walk_speed_m_per_min},
                                    {"layers", layers}};
    outs.write(1, project.dump(2) + "\n");
    outs.commit();
    return pfile;
}

}  // namespace hcgis::io
