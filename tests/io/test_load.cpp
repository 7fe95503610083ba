#include "core/analysis.h"
#include "io/error.h"
#include "io/fields.h"
#include "io/load.h"
#include "../ogr2ogr.h"
#include "../temp_dir.h"

#include <catch2/catch.hpp>
#include <gdal_utils.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <random>

using namespace hcgis;
namespace fs = std::filesystem;

namespace {

const fs::path data = HCGIS_TEST_DATA;

using hcgis::test::TempDir;
using hcgis::test::ogr2ogr;

/// Writes the bytes of `file` to `vsi_path` through GDAL (into a new zip with /vsizip/, gzipped with /vsigzip/).
void copy_through_vsi(const fs::path& file, const std::string& vsi_path) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    VSILFILE* out = VSIFOpenL(vsi_path.c_str(), "wb");
    REQUIRE(out);
    CHECK(VSIFWriteL(bytes.data(), 1, bytes.size(), out) == bytes.size());
    REQUIRE(VSIFCloseL(out) == 0);
}

std::string load_error(const fs::path& project) {
    try {
        (void)io::load_city(io::read_project(project));
    } catch (const io::InputError& e) {
        return e.what();
    }
    return "";
}

double value(const Scorecard& s, int d, const char* id) {
    const auto& area = d < 0 ? s.total : s.districts.at(static_cast<std::size_t>(d));
    REQUIRE(area.values.at(id).value);
    return *area.values.at(id).value;
}

std::string small_project(const std::string& districts, const std::string& builtup, const std::string& toilets) {
    return R"({"crs":"EPSG:4549","layers":{"districts":)" + districts + R"(,"builtup":)" + builtup +
           R"(,"toilets":)" + toilets + "}}";
}

}  // namespace

TEST_CASE("a GeoJSON project loads into the working CRS with mapped fields", "[load]") {
    const City city = io::load_city(io::read_project(data / "toilets-small/project.json"));
    CHECK(city.crs == "EPSG:4549");
    REQUIRE(city.districts.size() == 2);
    CHECK(city.districts.name[0] == "甲街道");
    CHECK(city.districts.code[1] == "B");
    CHECK(city.districts.population[1] == 20000.0);
    CHECK_FALSE(city.districts.elderly[0].has_value());
    CHECK(geos::area(city.districts.geom[0].get()) == Approx(4e6));
    const Layer* t = city.layer("toilets");
    REQUIRE(t);
    CHECK(t->size() == 10);
    CHECK(t->account.read == 10);
    CHECK(t->numbers.at("class") == std::vector<double>{1, 2, 3, 4, 2, 3, 2, 3, 1, 1});
    CHECK(t->x[0] == 500100.0);
    CHECK(t->fid[9] == 9);
}

TEST_CASE("the same data as GeoPackage, Shapefile, FlatGeobuf and CSV gives the same answers", "[load]") {
    TempDir tmp;
    const fs::path src = data / "toilets-small";
    const Scorecard ref = compute_scorecard(io::load_city(io::read_project(src / "project.json")));

    // GeoPackage: one file, three layers picked with "layer".
    for (const char* n : {"districts", "builtup", "toilets"})
        ogr2ogr(src / (std::string(n) + ".geojson"), tmp.path / "city.gpkg", {"-f", "GPKG", "-nln", n});
    // Shapefile and FlatGeobuf: one file per layer.
    for (const char* n : {"districts", "builtup", "toilets"}) {
        ogr2ogr(src / (std::string(n) + ".geojson"), tmp.path / (std::string(n) + ".shp"),
                  {"-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8"});
        ogr2ogr(src / (std::string(n) + ".geojson"), tmp.path / (std::string(n) + ".fgb"), {"-f", "FlatGeobuf"});
    }
    // CSV with x/y columns and no CRS of its own: the project declares it.
    ogr2ogr(src / "toilets.geojson", tmp.path / "toilets.csv", {"-f", "CSV", "-lco", "GEOMETRY=AS_XY"});

    const std::string fields = R"("fields":{"name":"name","code":"code","population":"pop"})";
    const std::vector<std::string> projects = {
        small_project(R"({"source":"city.gpkg","layer":"districts",)" + fields + "}",
                      R"({"source":"city.gpkg","layer":"builtup"})",
                      R"({"source":"city.gpkg","layer":"toilets","fields":{"class":"class"}})"),
        small_project(R"({"source":"districts.shp",)" + fields + "}", R"({"source":"builtup.shp"})",
                      R"({"source":"toilets.shp","fields":{"class":"class"}})"),
        small_project(R"({"source":"districts.fgb",)" + fields + "}", R"({"source":"builtup.fgb"})",
                      R"({"source":"toilets.fgb","fields":{"class":"class"}})"),
        small_project(R"({"source":"districts.fgb",)" + fields + "}", R"({"source":"builtup.fgb"})",
                      R"({"source":"toilets.csv","crs":"EPSG:4549","fields":{"class":"class"}})"),
    };
    for (const auto& text : projects) {
        INFO(text);
        const fs::path p = tmp.write("p.json", text);
        const City city = io::load_city(io::read_project(p));
        const Scorecard s = compute_scorecard(city);
        // FlatGeobuf stores features in spatial order, so match districts by name.
        REQUIRE(s.districts.size() == 2);
        for (int d = -1; d < 2; ++d) {
            int r = d;
            if (d >= 0) r = s.districts[static_cast<std::size_t>(d)].name == ref.districts[0].name ? 0 : 1;
            for (const char* id : {"toilet_density", "toilet_class2_share", "toilet_below_class3"})
                CHECK(value(s, d, id) == Approx(value(ref, r, id)).epsilon(1e-12));
        }
    }
}

TEST_CASE("a GBK shapefile without its .cpg is read with the project's \"encoding\"", "[load]") {
    TempDir tmp;
    const fs::path src = data / "toilets-small";
    ogr2ogr(src / "districts.geojson", tmp.path / "d.shp", {"-f", "ESRI Shapefile", "-lco", "ENCODING=CP936"});
    fs::remove(tmp.path / "d.cpg");  // as shapefiles from other departments often come
    const fs::path p = tmp.write("p.json", R"({"crs":"EPSG:4549","layers":{"districts":{"source":"d.shp",
                                               "encoding":"GBK","fields":{"name":"name"}}}})");
    const City city = io::load_city(io::read_project(p));
    CHECK(city.districts.name == std::vector<std::string>{"甲街道", "乙街道"});
}

TEST_CASE("a 'where' filter selects features, and lon/lat sources are transformed", "[load]") {
    TempDir tmp;
    const fs::path src = data / "toilets-small";
    ogr2ogr(src / "toilets.geojson", tmp.path / "toilets-wgs84.geojson", {"-t_srs", "EPSG:4326"});
    const std::string d = R"({"source":")" + (src / "districts.geojson").string() + R"("})";
    const std::string b = R"({"source":")" + (src / "builtup.geojson").string() + R"("})";
    const fs::path p = tmp.write(
        "p.json", small_project(d, b, R"J({"source":"toilets-wgs84.geojson","where":"class IN ('一类', '1')"})J"));
    const City city = io::load_city(io::read_project(p));
    const Layer* t = city.layer("toilets");
    REQUIRE(t->size() == 3);
    CHECK(t->account.read == 3);
    CHECK(t->x[0] == Approx(500100.0).margin(1e-3));  // back in EPSG:4549 to the millimetre
    CHECK(t->y[0] == Approx(3800100.0).margin(1e-3));
    // No class mapped: a warning says every toilet counts as class III.
    REQUIRE_FALSE(city.warnings.empty());
    CHECK(city.warnings[0].find("maps no class field") != std::string::npos);
}

TEST_CASE("without a crs the working CRS is the Gauss-Krüger zone of the data", "[load]") {
    TempDir tmp;
    ogr2ogr(data / "toilets-small/districts.geojson", tmp.path / "d.geojson", {"-t_srs", "EPSG:4326"});
    const fs::path p = tmp.write("p.json", R"({"layers":{"districts":{"source":"d.geojson"}}})");
    const City city = io::load_city(io::read_project(p));
    CHECK(city.crs == "EPSG:4549");
    CHECK(city.crs_note.find("CGCS2000") != std::string::npos);
    CHECK(geos::area(city.districts.geom[0].get()) == Approx(4e6).epsilon(1e-6));
    CHECK(city.districts.name[0] == "甲街道");  // "name" is taken without a mapping
}

TEST_CASE("a source inside a zip or gzip, given relative to the project, is found beside it", "[load][vsi]") {
    TempDir tmp;
    const fs::path src = data / "toilets-small";
    fs::create_directories(tmp.path / "layers" / "data");
    const std::string folder = (tmp.path / "layers/data").string();
    copy_through_vsi(src / "toilets.geojson", "/vsizip/" + folder + "/toilets.zip/toilets.geojson");
    copy_through_vsi(src / "toilets.geojson", "/vsigzip/" + folder + "/toilets.geojson.gz");
    const std::string d = R"({"source":")" + (src / "districts.geojson").string() + R"("})";
    const std::string b = R"({"source":")" + (src / "builtup.geojson").string() + R"("})";
    for (const std::string source : {"/vsizip/data/toilets.zip/toilets.geojson", "/vsizip/{data/toilets.zip}/toilets.geojson",
                                     "/vsigzip/data/toilets.geojson.gz", "/vsizip/data/toilets.zip"}) {
        INFO(source);
        const std::string toilets = R"({"source":")" + source + R"(","fields":{"class":"class"}})";
        const fs::path p = tmp.write("layers/p.json", small_project(d, b, toilets));
        const City city = io::load_city(io::read_project(p));
        const Layer* t = city.layer("toilets");
        REQUIRE(t);
        CHECK(t->numbers.at("class") == std::vector<double>{1, 2, 3, 4, 2, 3, 2, 3, 1, 1});
        CHECK(t->source.find(folder + "/toilets.") != std::string::npos);
    }
}

TEST_CASE("a .zip source: the one data file in it, or the one \"layer\" names", "[load][vsi]") {
    TempDir tmp;
    const fs::path src = data / "toilets-small";
    fs::create_directories(tmp.path / "shp");
    for (const char* n : {"toilets", "builtup"})
        ogr2ogr(src / (std::string(n) + ".geojson"), tmp.path / "shp" / (std::string(n) + ".shp"),
                  {"-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8"});
    ogr2ogr(src / "toilets.geojson", tmp.path / "city.gpkg", {"-f", "GPKG", "-nln", "toilets"});
    ogr2ogr(src / "builtup.geojson", tmp.path / "city.gpkg", {"-f", "GPKG", "-nln", "builtup"});
    auto zip = [&](const std::string& name, const std::vector<std::string>& stems) {
        for (const auto& stem : stems)
            for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"})
                copy_through_vsi(tmp.path / "shp" / (stem + ext), "/vsizip/" + (tmp.path / name).string() + "/" + stem + ext);
    };
    zip("toilets.zip", {"toilets"});
    zip("both.zip", {"toilets", "builtup"});
    copy_through_vsi(tmp.path / "city.gpkg", "/vsizip/" + (tmp.path / "gpkg.zip").string() + "/data/city.gpkg");
    const std::string d = R"({"source":")" + (src / "districts.geojson").string() + R"("})";
    const std::string b = R"({"source":")" + (src / "builtup.geojson").string() + R"("})";
    const std::vector<double> classes{1, 2, 3, 4, 2, 3, 2, 3, 1, 1};
    // The toilets and the built-up area from one zip, each picked by "layer".
    auto load_both = [&](const std::string& archive) {
        const auto p = tmp.write("p.json", small_project(d, R"({"source":")" + archive + R"(","layer":"builtup"})",
                                                         R"({"source":")" + archive +
                                                             R"(","layer":"toilets","fields":{"class":"class"}})"));
        City city = io::load_city(io::read_project(p));
        CHECK(city.layer("toilets")->numbers.at("class") == classes);
        CHECK(city.layer("builtup")->size() == 2);
        return city;
    };

    SECTION("a zip of one shapefile") {
        const auto p = tmp.write("p.json", small_project(d, b, R"({"source":"toilets.zip","fields":{"class":"class"}})"));
        const City city = io::load_city(io::read_project(p));
        CHECK(city.layer("toilets")->numbers.at("class") == classes);
        CHECK(city.layer("toilets")->source == (tmp.path / "toilets.zip").string());
    }
    SECTION("a zip of two shapefiles, each picked by \"layer\"") {
        const City city = load_both("both.zip");
        CHECK(city.layer("builtup")->source == (tmp.path / "both.zip").string() + " (layer \"builtup\")");
    }
    SECTION("a zip of two shapefiles without \"layer\" says what it holds") {
        const auto p = tmp.write("p.json", small_project(d, b, R"({"source":"both.zip"})"));
        CHECK(load_error(p) == "toilets: " + (tmp.path / "both.zip").string() +
                                   ": holds 2 data files (builtup.shp, toilets.shp); name the one to read with "
                                   "\"layer\" (its file name without the extension)");
        tmp.write("p.json", small_project(d, b, R"({"source":"both.zip","layer":"wc"})"));
        CHECK(load_error(p) == "toilets: " + (tmp.path / "both.zip").string() +
                                   ": holds no data file \"wc\" (it holds 2: builtup.shp, toilets.shp)");
    }
    SECTION("a file called .zip that is none") {
        tmp.write("bad.zip", "PK garbage");
        const auto p = tmp.write("p.json", small_project(d, b, R"({"source":"bad.zip"})"));
        CHECK(load_error(p) == "toilets: " + (tmp.path / "bad.zip").string() +
                                   ": GDAL cannot read this file (not a zip archive it can open)");
    }
    SECTION("a zip of one GeoPackage: \"layer\" picks the layer inside it") {
        load_both("gpkg.zip");
    }
}

TEST_CASE("OpenStreetMap .osm.pbf through GDAL's OSM driver with layer and where", "[load][osm]") {
    const fs::path pbf = fs::path(HCGIS_SOURCE_DIR) / "data/liechtenstein/liechtenstein-2013-08-03.osm.pbf";
    REQUIRE(fs::exists(pbf));
    TempDir tmp;
    const fs::path p = tmp.write("p.json", R"({"layers":{
      "districts":{"source":")" + pbf.string() + R"(","layer":"multipolygons","where":"admin_level = '8'"},
      "toilets":{"source":")" + pbf.string() + R"(","layer":"points",
                 "where":"other_tags LIKE '%\"amenity\"=>\"toilets\"%'"}}})");
    const City city = io::load_city(io::read_project(p));
    CHECK(city.crs == "EPSG:32632");
    CHECK(city.districts.size() == 11);
    CHECK(std::find(city.districts.name.begin(), city.districts.name.end(), "Vaduz") != city.districts.name.end());
    CHECK(city.layer("toilets")->size() == 7);
}

TEST_CASE("bad input: one message naming file, layer, feature and field", "[load][errors]") {
    TempDir tmp;
    const fs::path src = data / "toilets-small";
    const std::string d = R"({"source":")" + (src / "districts.geojson").string() + R"(","fields":{"name":"name"}})";
    const std::string b = R"({"source":")" + (src / "builtup.geojson").string() + R"("})";
    const std::string t = (src / "toilets.geojson").string();

    SECTION("a file that does not exist, a folder, a file in no format GDAL reads: the role and the path") {
        const auto p = tmp.write("p.json", small_project(d, b, R"({"source":"nope.geojson"})"));
        CHECK(load_error(p) == "toilets: " + (tmp.path / "nope.geojson").string() + ": cannot open: no such file");
        fs::create_directories(tmp.path / "wc");
        tmp.write("wc/notes.txt", "not data\n");
        tmp.write("p.json", small_project(d, b, R"({"source":"wc"})"));
        CHECK(load_error(p) == "toilets: " + (tmp.path / "wc").string() + ": is a folder, not a data file");
        tmp.write("p.json", small_project(d, b, R"({"source":"wc/notes.txt"})"));
        CHECK(load_error(p) == "toilets: " + (tmp.path / "wc/notes.txt").string() +
                                   ": GDAL cannot read this file (not a recognised vector format)");
        copy_through_vsi(src / "toilets.geojson", "/vsizip/" + (tmp.path / "wc.zip").string() + "/toilets.geojson");
        tmp.write("p.json", small_project(d, b, R"({"source":"/vsizip/wc.zip/nope.geojson"})"));
        CHECK(load_error(p) == "toilets: /vsizip/" + (tmp.path / "wc.zip/nope.geojson").string() +
                                   ": cannot open: no such file in " + (tmp.path / "wc.zip").string());
        tmp.write("p.json", small_project(d, b, R"({"source":"/vsizip/gone.zip/toilets.geojson"})"));
        CHECK(load_error(p) == "toilets: /vsizip/" + (tmp.path / "gone.zip/toilets.geojson").string() +
                                   ": cannot open: no such file");
    }
    SECTION("a mapped field the data lacks") {
        const auto p = tmp.write("p.json", small_project(d, b, R"({"source":")" + t + R"(","fields":{"class":"klass"}})"));
        CHECK(load_error(p) == t + ": field \"klass\" (mapped as toilets.class) does not exist; the layer has: class, note");
    }
    SECTION("a toilet class out of range names the feature") {
        tmp.write("t.geojson", R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4549"}},
          "features":[{"type":"Feature","id":0,"properties":{"class":"二类"},"geometry":{"type":"Point","coordinates":[500100,3800100]}},
                      {"type":"Feature","id":42,"properties":{"class":"5"},"geometry":{"type":"Point","coordinates":[500200,3800100]}}]})");
        const auto p = tmp.write("p.json", small_project(d, b, R"({"source":"t.geojson","fields":{"class":"class"}})"));
        CHECK(load_error(p) == (tmp.path / "t.geojson").string() +
                                   ": feature 42: field \"class\" is \"5\", expected 1-4 or 一类/二类/三类/三类以下");
    }
    SECTION("a layer with no CRS") {
        tmp.write("t.csv", "x,y,class\n500100,3800100,1\n");
        const auto p = tmp.write("p.json", small_project(d, b, R"({"source":"t.csv"})"));
        CHECK(load_error(p) == (tmp.path / "t.csv").string() +
                                   ": has no CRS; declare it with \"crs\" on the layer in the project file");
    }
    SECTION("a geometry of the wrong kind for the role") {
        const auto p = tmp.write("p.json", small_project(d, R"({"source":")" + t + R"("})", R"({"source":")" + t + R"("})"));
        CHECK(load_error(p) == t + ": feature 0: geometry is Point, a builtup layer needs polygons");
    }
    SECTION("an invalid polygon reports GEOS's reason and location") {
        tmp.write("b.geojson", R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4549"}},
          "features":[{"type":"Feature","id":3,"properties":{},"geometry":{"type":"Polygon","coordinates":
          [[[500000,3800000],[501000,3801000],[501000,3800000],[500000,3801000],[500000,3800000]]]}}]})");
        const auto p = tmp.write("p.json", small_project(d, R"({"source":"b.geojson"})", R"({"source":")" + t + R"("})"));
        const std::string e = load_error(p);
        CHECK(e.find("b.geojson: feature 3: invalid polygon: Self-intersection[500500 3800500]") != std::string::npos);
    }
    SECTION("a layer name the source does not have") {
        const auto p = tmp.write("p.json", small_project(d, b, R"({"source":")" + t + R"(","layer":"wc"})"));
        CHECK(load_error(p) == t + ": no layer \"wc\" (it has: toilets)");
    }
    SECTION("a where filter that is not valid OGR SQL") {
        const auto p = tmp.write("p.json", small_project(d, b, R"({"source":")" + t + R"(","where":"class ==== 3"})"));
        CHECK(load_error(p).find(t + ": invalid \"where\" filter \"class ==== 3\"") == 0);
    }
    SECTION("a population that is not a number") {
        tmp.write("d.geojson", R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4549"}},
          "features":[{"type":"Feature","id":7,"properties":{"pop":"many"},"geometry":{"type":"Polygon","coordinates":
          [[[500000,3800000],[501000,3800000],[501000,3801000],[500000,3800000]]]}}]})");
        const auto p = tmp.write("p.json", R"({"crs":"EPSG:4549","layers":{"districts":{"source":"d.geojson","fields":{"population":"pop"}}}})");
        CHECK(load_error(p) == (tmp.path / "d.geojson").string() + ": feature 7: field \"pop\" is \"many\", expected a number");
    }
    SECTION("a working CRS in degrees") {
        const auto p = tmp.write("p.json", R"({"crs":"EPSG:4326","layers":{"districts":{"source":")" +
                                               (src / "districts.geojson").string() + R"("}}})");
        CHECK(load_error(p).find("is not a projected CRS in metres") != std::string::npos);
    }
    SECTION("a working CRS in degrees is told before a districts source that does not open") {
        // The districts' source is opened on another thread while the working CRS is set up: its
        // failure must still come after the CRS's, as when they were done one after the other.
        const auto p = tmp.write("p.json", R"({"crs":"EPSG:4326","layers":{"districts":{"source":")" +
                                               (tmp.path / "missing.geojson").string() + R"("}}})");
        CHECK(load_error(p).find("is not a projected CRS in metres") != std::string::npos);
        const auto q = tmp.write("q.json", R"({"crs":"EPSG:4549","layers":{"districts":{"source":")" +
                                               (tmp.path / "missing.geojson").string() + R"("}}})");
        CHECK(load_error(q) == "districts: " + (tmp.path / "missing.geojson").string() + ": cannot open: no such file");
    }
}

TEST_CASE("toilet classes stored as DBF reals (3.00000000000) read as their numbers", "[load]") {
    TempDir tmp;
    GDALAllRegister();
    {
        GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
        GDALDatasetUniquePtr ds(drv->Create((tmp.path / "wc.shp").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        OGRSpatialReference srs;
        srs.importFromEPSG(4549);
        OGRLayer* l = ds->CreateLayer("wc", &srs, wkbPoint, nullptr);
        OGRFieldDefn f("class", OFTReal);
        f.SetWidth(19);
        f.SetPrecision(11);
        l->CreateField(&f);
        for (double k : {2.0, 3.0, 4.0}) {
            OGRFeature feat(l->GetLayerDefn());
            feat.SetField("class", k);
            feat.SetGeometryDirectly(new OGRPoint(500100 + k, 3800100));
            REQUIRE(l->CreateFeature(&feat) == OGRERR_NONE);
        }
    }
    const fs::path src = data / "toilets-small";
    const fs::path p = tmp.write("p.json", small_project(R"({"source":")" + (src / "districts.geojson").string() + R"("})",
                                                         R"({"source":")" + (src / "builtup.geojson").string() + R"("})",
                                                         R"({"source":"wc.shp","fields":{"class":"class"}})"));
    const City city = io::load_city(io::read_project(p));
    CHECK(city.layer("toilets")->numbers.at("class") == std::vector<double>{2, 3, 4});
}

TEST_CASE("a flag stored as a number reads as its word would", "[load]") {
    // Numeric 1 and 0 take a short way to their code; every other number still goes through its word.
    io::detail::Source s;
    s.label = "flags.gpkg";
    const io::FieldSpec spec{"standardised", io::FieldType::Flag};
    const io::detail::FieldBinding plain{"standardised", "std", spec, 0, nullptr, "markets", ""};
    const io::WordList map{{"1", 0.0}, {"0", 1.0}};  // a value map that turns them round
    const io::detail::FieldBinding mapped{"standardised", "std", spec, 0, &map, "markets", ""};
    auto as_number = [&](const io::detail::FieldBinding& f, double v) {
        std::vector<double> out;
        io::detail::FieldValue value;
        value.set = value.numeric = true;
        value.number = v;
        io::detail::store_field(s, 7, f, value, io::detail::FieldColumn{&out, nullptr});
        return out.at(0);
    };
    auto as_word = [&](const io::detail::FieldBinding& f, const std::string& w) {
        std::vector<double> out;
        io::detail::FieldValue value;
        value.set = true;
        value.text = w;
        io::detail::store_field(s, 7, f, value, io::detail::FieldColumn{&out, nullptr});
        return out.at(0);
    };
    CHECK(as_number(plain, 1.0) == as_word(plain, "1"));
    CHECK(as_number(plain, 0.0) == as_word(plain, "0"));
    CHECK(as_number(plain, 1.0) == 1.0);
    CHECK(as_number(plain, 0.0) == 0.0);
    CHECK(as_number(mapped, 1.0) == 0.0);  // the value map still comes first
    CHECK(as_number(mapped, 0.0) == 1.0);
    CHECK_THROWS_WITH(as_number(plain, -0.0), Catch::Contains("feature 7: field \"std\" is \"-0\", expected 1/0"));
    CHECK_THROWS_WITH(as_number(plain, 2.0), Catch::Contains("feature 7: field \"std\" is \"2\", expected 1/0"));
    CHECK_THROWS_WITH(as_number(plain, 0.5), Catch::Contains("feature 7: field \"std\" is \"0.5\", expected 1/0"));
}
