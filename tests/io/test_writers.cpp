#include "core/analysis.h"
#include "core/coverage_map.h"
#include "io/catalog_file.h"
#include "io/error.h"
#include "io/load.h"
#include "io/writers.h"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <fstream>
#include <random>
#include <regex>
#include <sstream>

using namespace hcgis;
namespace fs = std::filesystem;

namespace {

struct Exported {
    fs::path dir;
    City city = io::load_city(io::read_project(fs::path(HCGIS_TEST_DATA) / "toilets-small/project.json"));
    Catalog catalog = io::read_catalog(fs::path(HCGIS_SOURCE_DIR) / "data/indicators.json");
    Scorecard card = compute_scorecard(city, catalog);

    Exported() {
        std::random_device rd;
        dir = fs::temp_directory_path() / ("hcgis-export-" + std::to_string(rd()));
        fs::create_directories(dir);
    }
    ~Exported() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Twice the signed area of a ring: > 0 when counter-clockwise.
double signed_area2(const nlohmann::json& ring) {
    double a = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i)
        a += ring[i][0].get<double>() * ring[i + 1][1].get<double>() - ring[i + 1][0].get<double>() * ring[i][1].get<double>();
    return a;
}

}  // namespace

TEST_CASE("GeoJSON export is RFC 7946 and carries every indicator", "[writers]") {
    Exported e;
    const fs::path out = e.dir / "districts.geojson";
    io::export_districts(e.city, e.card, e.catalog, out);
    const std::string text = slurp(out);
    const auto j = nlohmann::json::parse(text);

    CHECK_FALSE(j.contains("crs"));
    REQUIRE(j["features"].size() == 2);
    const auto& f = j["features"][0];
    CHECK(f["id"] == "A");  // the district code
    CHECK(f["properties"]["name"] == "甲街道");
    CHECK(f["properties"]["population"] == 10000.0);
    CHECK(f["properties"]["toilet_density"].get<double>() == Approx(1.0));
    CHECK(f["properties"]["toilet_density_target"] == 5.0);
    CHECK(f["properties"]["toilet_density_pass"] == false);
    CHECK(f["properties"]["toilet_density_gap"] == "还需新增三类及以上公厕 12 座");
    CHECK(f["properties"]["toilet_class2_share_pass"] == true);
    CHECK(f["properties"]["park_green_per_capita"].is_null());  // no parks layer: null, never 0
    for (const auto& feature : j["features"]) {
        const auto& g = feature["geometry"];
        const auto& ring = g["type"] == "Polygon" ? g["coordinates"][0] : g["coordinates"][0][0];
        CHECK(signed_area2(ring) > 0);  // exterior counter-clockwise
        for (const auto& p : ring) {
            // lon/lat near 120°E, 34.3°N: the working CRS was transformed back to WGS 84.
            CHECK(p[0].get<double>() > 119.9);
            CHECK(p[0].get<double>() < 120.1);
            CHECK(p[1].get<double>() > 34.2);
            CHECK(p[1].get<double>() < 34.4);
        }
    }
    // At most 7 decimals in coordinates.
    const std::string coords = j["features"][0]["geometry"].dump();
    const std::regex eight_decimals(R"(\.\d{8,})");
    CHECK_FALSE(std::regex_search(coords, eight_decimals));
}

TEST_CASE("GeoPackage export stays in the working CRS and reads back through GDAL", "[writers]") {
    Exported e;
    const fs::path out = e.dir / "districts.gpkg";
    io::export_districts(e.city, e.card, e.catalog, out);
    io::export_districts(e.city, e.card, e.catalog, out);  // replaces, does not append
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    CHECK(layer->GetFeatureCount() == 2);
    const char* auth = layer->GetSpatialRef()->GetAuthorityCode(nullptr);
    REQUIRE(auth);
    CHECK(std::string(auth) == "4549");
    std::vector<std::string> names;
    for (auto& f : *layer) {
        names.emplace_back(f->GetFieldAsString("name"));
        const OGRGeometry* g = f->GetGeometryRef();
        CHECK(g->toMultiPolygon()->get_Area() == Approx(4e6));
        CHECK(f->GetFieldAsDouble("toilet_density_target") == 5.0);
    }
    CHECK(names == std::vector<std::string>{"甲街道", "乙街道"});
}

TEST_CASE("export refuses an unknown extension", "[writers]") {
    Exported e;
    CHECK_THROWS_AS(io::export_districts(e.city, e.card, e.catalog, e.dir / "x.kml"), io::OutputError);
    for (const auto& entry : std::filesystem::directory_iterator(e.dir))  // no temporary file left behind
        CHECK(entry.path().filename().string().find(".hcgis-") == std::string::npos);
}

TEST_CASE("coverage's GeoPackage residents read back through GDAL as the map has them", "[writers][coverage]") {
    // Every resident's row as the map has it (geometry, fields, nulls), the layer's count and extent,
    // the feature-count triggers, and a feature GDAL adds afterwards counted.
    const City city = io::load_city(io::read_project(fs::path(HCGIS_SOURCE_DIR) / "layers/lyg-etdz.json"));
    Analysis analysis(city);
    CoverageOptions options;
    options.facility = "fitness";
    options.minutes = 4;  // residents beyond every walk too: walk_m and facility_fid null
    const CoverageMap map = coverage_map(analysis, options);
    std::random_device rd;
    const fs::path out = fs::temp_directory_path() / ("hcgis-cov-" + std::to_string(rd()) + ".gpkg");
    {
        io::CoverageWriter writer(city, out);
        writer.residents(map);
        writer.finish(map);
    }
    const Layer& residents = *city.layer("residents");
    const Layer& fitness = *city.layer("fitness");
    const auto& pop = residents.numbers.at("population");
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
        REQUIRE(ds);
        OGRLayer* l = ds->GetLayerByName("residents");
        REQUIRE(l);
        REQUIRE(l->GetFeatureCount(FALSE) == static_cast<GIntBig>(residents.size()));  // gpkg_ogr_contents
        OGREnvelope env;
        REQUIRE(l->GetExtent(&env, FALSE) == OGRERR_NONE);  // gpkg_contents (GDAL keeps 16 digits)
        CHECK(env.MinX == Approx(*std::min_element(residents.x.begin(), residents.x.end())).epsilon(0).margin(1e-6));
        CHECK(env.MaxX == Approx(*std::max_element(residents.x.begin(), residents.x.end())).epsilon(0).margin(1e-6));
        CHECK(env.MinY == Approx(*std::min_element(residents.y.begin(), residents.y.end())).epsilon(0).margin(1e-6));
        CHECK(env.MaxY == Approx(*std::max_element(residents.y.begin(), residents.y.end())).epsilon(0).margin(1e-6));
        OGRFeatureDefn* defn = l->GetLayerDefn();
        REQUIRE(defn->GetFieldCount() == 5);
        CHECK(defn->GetFieldDefn(defn->GetFieldIndex("covered"))->GetSubType() == OFSTBoolean);
        CHECK(l->GetSpatialRef() != nullptr);
        std::size_t i = 0, unreached = 0;
        for (const auto& f : *l) {
            REQUIRE(i < residents.size());
            INFO("resident " << i);
            CHECK(f->GetFID() == static_cast<GIntBig>(i + 1));
            const OGRPoint* p = f->GetGeometryRef()->toPoint();
            CHECK(p->getX() == residents.x[i]);
            CHECK(p->getY() == residents.y[i]);
            CHECK(f->GetFieldAsInteger64("resident_fid") == residents.fid[i]);
            CHECK(f->GetFieldAsDouble("population") == pop[i]);
            CHECK(f->GetFieldAsInteger("covered") == (map.residents.covered[i] ? 1 : 0));
            const int walk = f->GetFieldIndex("walk_m"), facility = f->GetFieldIndex("facility_fid");
            if (std::isfinite(map.residents.distance[i])) CHECK(f->GetFieldAsDouble(walk) == map.residents.distance[i]);
            else CHECK(f->IsFieldNull(walk));
            if (map.residents.facility[i] >= 0)
                CHECK(f->GetFieldAsInteger64(facility) == fitness.fid[static_cast<std::size_t>(map.residents.facility[i])]);
            else CHECK(f->IsFieldNull(facility));
            unreached += map.residents.facility[i] < 0;
            ++i;
        }
        CHECK(i == residents.size());
        CHECK(unreached > 0);
        CHECK(unreached < residents.size());
        // The feature-count triggers GDAL gives a table it writes (catchments), the residents' too.
        auto triggers = [&](const std::string& table) {
            std::vector<std::string> names;
            OGRLayer* r = ds->ExecuteSQL(("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '" + table +
                                          "' AND name LIKE 'trigger_%' ORDER BY name").c_str(), nullptr, nullptr);
            REQUIRE(r);
            for (const auto& f : *r) names.push_back(std::regex_replace(f->GetFieldAsString(0), std::regex(table), "T"));
            ds->ReleaseResultSet(r);
            return names;
        };
        CHECK(triggers("residents") == triggers("catchments"));
        CHECK(triggers("residents").size() == 2);
        // The layer's R-tree (3,000 features): every point found in its own place.
        l->SetSpatialFilterRect(residents.x[7], residents.y[7], residents.x[7], residents.y[7]);
        bool found = false;
        for (const auto& f : *l) found = found || f->GetFID() == 8;
        CHECK(found);
        l->SetSpatialFilter(nullptr);
    }
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        REQUIRE(ds);
        OGRLayer* l = ds->GetLayerByName("residents");
        OGRFeature f(l->GetLayerDefn());
        f.SetGeometry(std::make_unique<OGRPoint>(residents.x[0], residents.y[0]).get());
        REQUIRE(l->CreateFeature(&f) == OGRERR_NONE);
        CHECK(f.GetFID() == static_cast<GIntBig>(residents.size() + 1));  // SQLite's sequence went on
    }
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
        CHECK(ds->GetLayerByName("residents")->GetFeatureCount(FALSE) == static_cast<GIntBig>(residents.size() + 1));
    }
    fs::remove(out);
}
