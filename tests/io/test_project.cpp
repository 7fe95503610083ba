#include "io/error.h"
#include "io/project.h"
#include "core/roles.h"

#include <catch2/catch.hpp>

using namespace hcgis;
using namespace hcgis::io;

namespace {

std::string error_of(const std::string& json) {
    try {
        (void)parse_project(json, "layers/test.json");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("a project file names roles, sources, filters and fields", "[project]") {
    const Project p = parse_project(R"({
      "name": "连云港经济技术开发区", "crs": "EPSG:4549", "walk_speed_m_per_min": 70,
      "layers": {
        "districts": { "source": "../data/lyg-etdz/districts.geojson",
                       "fields": { "name": "name", "population": "pop", "elderly": "pop60" } },
        "toilets":   { "source": "osm.pbf", "layer": "points",
                       "where": "other_tags LIKE '%\"amenity\"=>\"toilets\"%'", "fields": { "class": "class" } },
        "residents": { "source": "/vsizip/res.zip/res.shp", "encoding": "GBK", "coords": "gcj02" }
      } })",
                                    "/home/p/layers/zone.json");
    CHECK(p.name == "连云港经济技术开发区");
    CHECK(p.crs == "EPSG:4549");
    CHECK(p.walk_speed_m_per_min == 70);
    REQUIRE(p.layers.size() == 3);
    CHECK(p.layer("districts")->source == std::filesystem::path("/home/p/data/lyg-etdz/districts.geojson"));
    CHECK(p.layer("districts")->fields.at("population") == "pop");
    CHECK(p.layer("toilets")->layer == "points");
    CHECK(p.layer("toilets")->where == "other_tags LIKE '%\"amenity\"=>\"toilets\"%'");
    CHECK(p.layer("residents")->source == std::filesystem::path("/vsizip//home/p/layers/res.zip/res.shp"));
    CHECK(p.layer("residents")->encoding == "GBK");
    CHECK(p.layer("residents")->coords == "gcj02");
    CHECK(p.layer("parks") == nullptr);
}

TEST_CASE("a relative path inside a GDAL archive file system is resolved like any other", "[project]") {
    auto source = [](const std::string& text) {
        const std::string json = R"({"layers":{"districts":{"source":")" + text + R"("}}})";
        return parse_project(json, "/home/p/layers/zone.json").layer("districts")->source.string();
    };
    const std::pair<const char*, const char*> cases[] = {
        {"../data/d.geojson", "/home/p/data/d.geojson"},
        {"/vsizip/toilets.zip/toilets.geojson", "/vsizip//home/p/layers/toilets.zip/toilets.geojson"},
        {"/vsizip/../data/t.zip/a/t.shp", "/vsizip//home/p/data/t.zip/a/t.shp"},
        {"/vsigzip/toilets.geojson.gz", "/vsigzip//home/p/layers/toilets.geojson.gz"},
        {"/vsitar/t.tar/t.gpkg", "/vsitar//home/p/layers/t.tar/t.gpkg"},
        // Braced, and chained: the archive inside the braces, or behind the second prefix, is resolved.
        {"/vsizip/{toilets.zip}/toilets.geojson", "/vsizip/{/home/p/layers/toilets.zip}/toilets.geojson"},
        {"/vsitar//vsigzip/t.tar.gz/t.shp", "/vsitar//vsigzip//home/p/layers/t.tar.gz/t.shp"},
        {"/vsizip/{/vsigzip/{t.zip.gz}}/t.shp", "/vsizip/{/vsigzip/{/home/p/layers/t.zip.gz}}/t.shp"},
        // Absolute paths inside a prefix, and the other /vsi file systems, stay as written.
        {"/vsizip//data/./t.zip/t.shp", "/vsizip//data/./t.zip/t.shp"},
        {"/vsizip/{/data/t.zip}/t.shp", "/vsizip/{/data/t.zip}/t.shp"},
        {"/vsicurl/https://example.org/t.geojson", "/vsicurl/https://example.org/t.geojson"},
        {"/vsizip//vsicurl/https://example.org/t.zip/t.shp", "/vsizip//vsicurl/https://example.org/t.zip/t.shp"},
        {"/vsimem/t.geojson", "/vsimem/t.geojson"},
    };
    for (const auto& [text, resolved] : cases) CHECK(source(text) == resolved);
}

TEST_CASE("defaults: name from the file, no crs, 80 m/min", "[project]") {
    const Project p = parse_project(R"({"layers":{"districts":{"source":"d.gpkg"}}})", "x/my-city.json");
    CHECK(p.name == "my-city");
    CHECK_FALSE(p.crs.has_value());
    CHECK(p.walk_speed_m_per_min == 80);
}

TEST_CASE("project file errors name the file and the key", "[project]") {
    CHECK(error_of("{").find("layers/test.json: not valid JSON") == 0);
    CHECK(error_of("[]") == "layers/test.json: top level: expected a JSON object");
    CHECK(error_of(R"({"layers":{}})") == "layers/test.json: layers: the \"districts\" layer is required");
    CHECK(error_of(R"({"layerz":{}})").find("unknown key \"layerz\"") != std::string::npos);
    CHECK(error_of(R"({"crs": 4549, "layers":{"districts":{"source":"d"}}})") ==
          "layers/test.json: top level.crs: expected a string, found number");
    CHECK(error_of(R"({"walk_speed_m_per_min": -1, "layers":{"districts":{"source":"d"}}})")
              .find("walk_speed_m_per_min: expected a positive number") != std::string::npos);
    CHECK(error_of(R"({"layers":{"districts":{"source":"d"},"toilet":{"source":"t"}}})")
              .find("layers.toilet: unknown role \"toilet\"") != std::string::npos);
    CHECK(error_of(R"({"layers":{"districts":{"src":"d"}}})").find("layers.districts: unknown key \"src\"") !=
          std::string::npos);
    CHECK(error_of(R"({"layers":{"districts":{"layer":"x"}}})") ==
          "layers/test.json: layers.districts: missing \"source\"");
    CHECK(error_of(R"({"layers":{"districts":{"source":"d","fields":{"pop":"p"}}}})")
              .find("layers.districts.fields: unknown key \"pop\"") != std::string::npos);
    CHECK(error_of(R"({"layers":{"districts":{"source":"d"},"toilets":{"source":"t","fields":{"class":3}}}})") ==
          "layers/test.json: layers.toilets.fields.class: expected a string, found number");
    CHECK(error_of(R"({"layers":{"districts":{"source":"d","coords":"wgs"}}})")
              .find("\"wgs\" is not one of gcj02, bd09, wgs84") != std::string::npos);
    CHECK(error_of(R"({"layers":{"districts":{"source":"d"},"builtup":{"source":"b","fields":{"name":"n"}}}})")
              .find("a builtup layer maps no fields") != std::string::npos);
}

TEST_CASE("a project file that does not exist", "[project]") {
    CHECK_THROWS_WITH(read_project("/nonexistent/p.json"), "/nonexistent/p.json: cannot open the project file");
}

TEST_CASE("the project's roles are the core role table's, with the same geometry", "[project]") {
    REQUIRE(io::roles().size() == role_table().size());
    for (std::size_t k = 0; k < role_table().size(); ++k) {
        INFO(role_table()[k].id);
        CHECK(std::string(io::roles()[k].role) == role_table()[k].id);
        CHECK(io::roles()[k].kind == role_table()[k].kind);
        CHECK(!std::string(role_table()[k].zh).empty());
        CHECK(!std::string(role_table()[k].en).empty());
    }
    CHECK(role_zh("toilets") == "公厕");
    CHECK(role_zh("benches") == "benches");
}
