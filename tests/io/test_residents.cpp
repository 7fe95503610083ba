// Residents from what planners have, as io reads them: a population raster (cells split by district
// borders, nodata ignored, its CRS honoured), polygons with population spread with their elderly, and
// value maps on class-like fields.
#include "core/analysis.h"
#include "core/point_in_district.h"
#include "io/catalog_file.h"
#include "io/fields.h"
#include "io/load.h"
#include "io/project.h"
#include "io/report.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>

#include <unistd.h>

using namespace hcgis;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("hcgis-test-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void write(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
}

/// A 3 × 3 GeoTIFF of 100 m cells in `epsg`, its top-left corner at (x0, y0), with nodata -1.
void write_raster(const fs::path& file, int epsg, double x0, double y0, const std::vector<double>& cells) {
    GDALAllRegister();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDatasetUniquePtr ds(drv->Create(file.c_str(), 3, 3, 1, GDT_Float32, nullptr));
    REQUIRE(ds);
    double gt[6] = {x0, 100, 0, y0, 0, -100};
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    srs.importFromEPSG(epsg);
    ds->SetSpatialRef(&srs);
    GDALRasterBand* b = ds->GetRasterBand(1);
    b->SetNoDataValue(-1);
    std::vector<float> v(cells.begin(), cells.end());
    REQUIRE(b->RasterIO(GF_Write, 0, 0, 3, 3, v.data(), 3, 3, GDT_Float32, 0, 0) == CE_None);
}

std::string square(double x0, double y0, double x1, double y1) {
    return fmt::format("[[[{0},{1}],[{2},{1}],[{2},{3}],[{0},{3}],[{0},{1}]]]", x0, y0, x1, y1);
}

}  // namespace

TEST_CASE("a 3 × 3 population raster with nodata and a district border through a cell gives the hand-worked "
          "totals",
          "[residents]") {
    // TWD97 / TM2 (EPSG:3826), cells of 100 m from (300000, 2770300) down to 2770000:
    //   row 0:  10  20  nodata
    //   row 1:  30   0  40
    //   row 2:  50  60  70
    // District A is x 300000-300150 (column 0 and the west half of column 1), B x 300150-300280 (the east
    // half of column 1 and 80 % of column 2). By hand: A = 10 + 30 + 50 + (20 + 0 + 60) / 2 = 130;
    // B = 40 + 0.8 × (40 + 70) = 128; outside every district 0.2 × 110 = 22; read 280 = 130 + 128 + 22.
    // One cell without data, one of population 0.
    const fs::path dir = fresh_dir("raster");
    write_raster(dir / "pop.tif", 3826, 300000, 2770300, {10, 20, -1, 30, 0, 40, 50, 60, 70});
    write(dir / "districts.geojson",
          fmt::format(R"({{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::3826"}}}},
"features":[{{"type":"Feature","properties":{{"name":"A"}},"geometry":{{"type":"Polygon","coordinates":{}}}}},
{{"type":"Feature","properties":{{"name":"B"}},"geometry":{{"type":"Polygon","coordinates":{}}}}}]}})",
                      square(300000, 2770000, 300150, 2770300), square(300150, 2770000, 300280, 2770300)));
    write(dir / "project.json", R"({"name": "raster", "layers": {
        "districts": {"source": "districts.geojson", "fields": {"name": "name"}},
        "residents": {"source": "pop.tif"}}})");
    const City city = io::load_city(io::read_project(dir / "project.json"));
    CHECK(city.crs == "EPSG:3826");  // chosen from the data: Taiwan's grid
    const Layer& r = *city.layer("residents");
    const DistrictIndex index(city.districts.geom);
    std::vector<double> per(3, 0.0);
    const auto where = index.locate_all(r.x, r.y);
    for (std::size_t i = 0; i < r.size(); ++i) per[where[i] < 0 ? 2 : where[i]] += r.numbers.at("population")[i];
    CHECK(per[0] == Approx(130).margin(1e-6));
    CHECK(per[1] == Approx(128).margin(1e-6));
    CHECK(per[2] == Approx(22).margin(1e-6));

    const Catalog catalog = io::read_catalog(fs::path(HCGIS_SOURCE_DIR) / "data/indicators.json");
    const Scorecard card = compute_scorecard(city, catalog);
    const auto j = io::scorecard_json(city, card, catalog);
    bool found = false;
    for (const auto& l : j["layers"]) {
        if (l["role"] != "residents") continue;
        found = true;
        const auto& p = l["population"];
        CHECK(p["read"].get<double>() == Approx(280).margin(1e-6));
        CHECK(p["placed"].get<double>() == Approx(258).margin(1e-6));
        CHECK(p["outside"].get<double>() == Approx(22).margin(1e-6));
        CHECK(p["dropped"].get<double>() == 0);
        CHECK(p["nodata_cells"] == 1);
        CHECK(p["zero_units"] == 1);
        CHECK(l["read"] == l["in_district"].get<int>() + l["outside"].get<int>() + l["rejected"].get<int>());
    }
    CHECK(found);

    // What does not apply to a raster is refused, naming it.
    write(dir / "bad.json", R"({"layers": {"districts": {"source": "districts.geojson"},
        "residents": {"source": "pop.tif", "fields": {"population": "band_1"}}}})");
    CHECK_THROWS_WITH(io::load_city(io::read_project(dir / "bad.json")), Catch::Contains("a raster's cells are the population"));
    write(dir / "bad.json", R"({"layers": {"districts": {"source": "districts.geojson"},
        "residents": {"source": "pop.tif", "band": 2}}})");
    CHECK_THROWS_WITH(io::load_city(io::read_project(dir / "bad.json")), Catch::Contains("band 2 does not exist (the raster has 1)"));

    // A mask band says "no data" as the nodata value does: the 50 of row 2, column 0 masked out leaves
    // A with 80 and one more cell without data.
    {
        write_raster(dir / "masked.tif", 3826, 300000, 2770300, {10, 20, -1, 30, 0, 40, 50, 60, 70});
        GDALDatasetUniquePtr ds(GDALDataset::Open((dir / "masked.tif").c_str(), GDAL_OF_RASTER | GDAL_OF_UPDATE));
        REQUIRE(ds);
        REQUIRE(ds->CreateMaskBand(GMF_PER_DATASET) == CE_None);
        std::vector<std::uint8_t> m = {255, 255, 255, 255, 255, 255, 0, 255, 255};
        REQUIRE(ds->GetRasterBand(1)->GetMaskBand()->RasterIO(GF_Write, 0, 0, 3, 3, m.data(), 3, 3, GDT_Byte, 0, 0) ==
                CE_None);
    }
    write(dir / "masked.json", R"({"name": "raster", "layers": {
        "districts": {"source": "districts.geojson", "fields": {"name": "name"}},
        "residents": {"source": "masked.tif"}}})");
    const City masked = io::load_city(io::read_project(dir / "masked.json"));
    const Layer& mr = *masked.layer("residents");
    std::vector<double> mper(3, 0.0);
    const auto mwhere = index.locate_all(mr.x, mr.y);
    for (std::size_t i = 0; i < mr.size(); ++i) mper[mwhere[i] < 0 ? 2 : mwhere[i]] += mr.numbers.at("population")[i];
    CHECK(mper[0] == Approx(80).margin(1e-6));
    CHECK(mper[1] == Approx(128).margin(1e-6));
    REQUIRE(mr.account.population);
    CHECK(mr.account.population->nodata == 2);
    CHECK(mr.account.population->read == Approx(230).margin(1e-6));
    fs::remove_all(dir);
}

TEST_CASE("the raster's own CRS is honoured: the same cells in lon/lat land in the same districts", "[residents]") {
    // One cell of 90 people in WGS 84 spanning 121.50-121.51°E; the districts in TWD97 split it where
    // 121.505°E falls (found with the same transform). Each gets about half (the cell is a
    // quadrilateral in TM2, so within 1 %).
    const fs::path dir = fresh_dir("raster-ll");
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GTiff")->Create((dir / "p.tif").c_str(), 1, 1, 1,
                                                                                       GDT_Float32, nullptr));
    double gt[6] = {121.50, 0.01, 0, 25.01, 0, -0.01};
    ds->SetGeoTransform(gt);
    OGRSpatialReference wgs;
    wgs.importFromEPSG(4326);
    ds->SetSpatialRef(&wgs);
    float v = 90;
    REQUIRE(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, 1, 1, &v, 1, 1, GDT_Float32, 0, 0) == CE_None);
    ds.reset();
    OGRSpatialReference tm2;
    tm2.importFromEPSG(3826);
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    tm2.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs, &tm2));
    double mx = 121.505, my = 25.005;
    REQUIRE(ct->Transform(1, &mx, &my));
    write(dir / "d.geojson",
          fmt::format(R"({{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::3826"}}}},
"features":[{{"type":"Feature","properties":{{"name":"W"}},"geometry":{{"type":"Polygon","coordinates":{}}}}},
{{"type":"Feature","properties":{{"name":"E"}},"geometry":{{"type":"Polygon","coordinates":{}}}}}]}})",
                      square(mx - 5000, my - 5000, mx, my + 5000), square(mx, my - 5000, mx + 5000, my + 5000)));
    write(dir / "project.json", R"({"layers": {"districts": {"source": "d.geojson"}, "residents": {"source": "p.tif"}}})");
    const City city = io::load_city(io::read_project(dir / "project.json"));
    const Layer& r = *city.layer("residents");
    CHECK(r.crs == "EPSG:4326");
    const DistrictIndex index(city.districts.geom);
    double west = 0, east = 0;
    for (std::size_t i = 0; i < r.size(); ++i) (index.locate(r.x[i], r.y[i]) == 0 ? west : east) += r.numbers.at("population")[i];
    CHECK(west + east == Approx(90).margin(1e-9));
    CHECK(west == Approx(45).epsilon(0.01));
    fs::remove_all(dir);
}

TEST_CASE("polygons with population become residents, each polygon's population and elderly kept exactly",
          "[residents]") {
    const fs::path dir = fresh_dir("polys");
    // Two districts side by side (x 0-1000, 1000-2000); unit U1 inside A (600 residents, 100 aged 65+), U2
    // across the border 1/4 in A, 3/4 in B (400, 40). A gets 600 + 100 = 700, B 300.
    write(dir / "d.geojson",
          fmt::format(R"({{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::3826"}}}},
"features":[{{"type":"Feature","properties":{{"name":"A"}},"geometry":{{"type":"Polygon","coordinates":{}}}}},
{{"type":"Feature","properties":{{"name":"B"}},"geometry":{{"type":"Polygon","coordinates":{}}}}}]}})",
                      square(300000, 2770000, 301000, 2771000), square(301000, 2770000, 302000, 2771000)));
    write(dir / "u.geojson",
          fmt::format(R"({{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::3826"}}}},
"features":[{{"type":"Feature","properties":{{"n":"U1","pop":600,"old":100}},"geometry":{{"type":"Polygon","coordinates":{}}}}},
{{"type":"Feature","properties":{{"n":"U2","pop":400,"old":40}},"geometry":{{"type":"Polygon","coordinates":{}}}}}]}})",
                      square(300100, 2770100, 300500, 2770500), square(300900, 2770100, 301300, 2770300)));
    write(dir / "project.json", R"({"layers": {"districts": {"source": "d.geojson", "fields": {"name": "name"}},
        "residents": {"source": "u.geojson", "fields": {"population": "pop", "elderly": "old", "name": "n"},
                      "spread": {"cell": 100}}}})");
    const City city = io::load_city(io::read_project(dir / "project.json"));
    const Layer& r = *city.layer("residents");
    std::map<std::int64_t, double> by_unit, old_by_unit;
    for (std::size_t i = 0; i < r.size(); ++i) {
        by_unit[r.fid[i]] += r.numbers.at("population")[i];
        old_by_unit[r.fid[i]] += r.numbers.at("elderly")[i];
    }
    REQUIRE(by_unit.size() == 2);
    CHECK(by_unit.begin()->second == Approx(600).epsilon(1e-12));
    CHECK(std::next(by_unit.begin())->second == Approx(400).epsilon(1e-12));
    CHECK(old_by_unit.begin()->second == Approx(100).epsilon(1e-12));
    CHECK(std::next(old_by_unit.begin())->second == Approx(40).epsilon(1e-12));
    const DistrictIndex index(city.districts.geom);
    double a = 0, b = 0;
    for (std::size_t i = 0; i < r.size(); ++i) (index.locate(r.x[i], r.y[i]) == 0 ? a : b) += r.numbers.at("population")[i];
    CHECK(a == Approx(700).margin(1e-6));
    CHECK(b == Approx(300).margin(1e-6));
    CHECK(r.account.population->read == 1000);
    // The notes say how they were spread.
    bool noted = false;
    for (const auto& n : city.notes) noted = noted || n.find("a 100 m grid") != std::string::npos;
    CHECK(noted);

    // "spread" on points is refused, naming the layer.
    write(dir / "p.json", R"({"layers": {"districts": {"source": "d.geojson"},
        "residents": {"source": "d.geojson", "spread": {"by": "builtup"}}}})");
    CHECK_THROWS_WITH(io::read_project(dir / "p.json"), Catch::Contains("spreads by \"builtup\", but the project has no builtup layer"));
    fs::remove_all(dir);
}

TEST_CASE("value maps give class-like words their codes, and an unmapped value is refused naming it and the map",
          "[residents][values]") {
    const fs::path dir = fresh_dir("values");
    write(dir / "d.geojson", fmt::format(R"({{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"name":"A"}},
"geometry":{{"type":"Polygon","coordinates":{}}}}}]}})",
                                         square(121.50, 25.00, 121.52, 25.02)));
    auto toilets = [&](const std::string& grades) {
        std::string f;
        int i = 0;
        for (const char* g : {"特優級", "優等級", "普通級"}) {
            f += fmt::format(R"({}{{"type":"Feature","properties":{{"grade":{}}},"geometry":{{"type":"Point","coordinates":[121.51,25.01]}}}})",
                             i ? "," : "", i == 2 && !grades.empty() ? grades : fmt::format("\"{}\"", g));
            ++i;
        }
        write(dir / "t.geojson", R"({"type":"FeatureCollection","features":[)" + f + "]}");
    };
    const std::string project = R"({"layers": {"districts": {"source": "d.geojson"},
        "toilets": {"source": "t.geojson", "fields": {"class": "grade"},
                    "values": {"class": {"特優級": 1, "優等級": 2, "普通級": 3, "": 4}}}}})";
    write(dir / "p.json", project);
    toilets("");
    {
        const City city = io::load_city(io::read_project(dir / "p.json"));
        CHECK(city.layer("toilets")->numbers.at("class") == std::vector<double>{1, 2, 3});
    }
    toilets("null");  // an empty grade: the map's "" gives it class 4
    CHECK(io::load_city(io::read_project(dir / "p.json")).layer("toilets")->numbers.at("class") ==
          std::vector<double>{1, 2, 4});
    toilets("\"改善級\"");  // not in the map, nor a built-in word
    CHECK_THROWS_WITH(io::load_city(io::read_project(dir / "p.json")),
                      Catch::Contains("feature 2: field \"grade\" is \"改善級\"") &&
                          Catch::Contains("layers.toilets.values.class ((empty), 優等級, 普通級, 特優級; extend it)"));
    toilets("\"二类\"");  // the built-in words still count
    CHECK(io::load_city(io::read_project(dir / "p.json")).layer("toilets")->numbers.at("class")[2] == 2);

    // A code that is no class, and a map on a field that is not class-like, are refused in the project.
    write(dir / "bad.json", R"({"layers": {"districts": {"source": "d.geojson"},
        "toilets": {"source": "t.geojson", "fields": {"class": "grade"}, "values": {"class": {"特優級": 7}}}}})");
    CHECK_THROWS_WITH(io::read_project(dir / "bad.json"), Catch::Contains("layers.toilets.values.class.特優級") &&
                                                              Catch::Contains("expected one of the codes 1, 2, 3, 4"));
    write(dir / "bad2.json", R"({"layers": {"districts": {"source": "d.geojson"},
        "toilets": {"source": "t.geojson", "values": {"name": {"x": 1}}}}})");
    CHECK_THROWS_WITH(io::read_project(dir / "bad2.json"), Catch::Contains("unknown key \"name\""));
    fs::remove_all(dir);
}

TEST_CASE("a key of an OSM hstore field (other_tags[population]) is read as a field", "[residents][values]") {
    using io::detail::hstore_value;
    const std::string h = R"("population"=>"5425","name:de"=>"Vaduz","note"=>"a \"quoted\" word")";
    CHECK(hstore_value(h, "population") == std::optional<std::string>("5425"));
    CHECK(hstore_value(h, "name:de") == std::optional<std::string>("Vaduz"));
    CHECK(hstore_value(h, "note") == std::optional<std::string>("a \"quoted\" word"));
    CHECK_FALSE(hstore_value(h, "admin_level"));
    CHECK_FALSE(hstore_value("", "population"));

    const fs::path dir = fresh_dir("hstore");
    write(dir / "d.geojson", fmt::format(R"({{"type":"FeatureCollection","features":[
{{"type":"Feature","properties":{{"name":"A","other_tags":"\"population\"=>\"1200\""}},"geometry":{{"type":"Polygon","coordinates":{}}}}},
{{"type":"Feature","properties":{{"name":"B","other_tags":"\"wikidata\"=>\"Q1\""}},"geometry":{{"type":"Polygon","coordinates":{}}}}}]}})",
                                         square(9.50, 47.10, 9.51, 47.11), square(9.51, 47.10, 9.52, 47.11)));
    write(dir / "p.json", R"({"layers": {"districts": {"source": "d.geojson",
        "fields": {"name": "name", "population": "other_tags[population]"}}}})");
    CHECK_THROWS_WITH(io::load_city(io::read_project(dir / "p.json")),
                      Catch::Contains("feature 1: field \"other_tags\" has no \"population\" tag"));
    fs::remove_all(dir);
}
