// hcgis init on the bundled Liechtenstein extract (data/liechtenstein): the project it writes, its toilet
// counts per municipality against ogr2ogr's own SQL count of the same tags, and hcgis indicators on it.
#include "../ogr2ogr.h"
#include "run_hcgis.h"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <filesystem>
#include <map>
#include <sstream>
#include <vector>

using namespace hcgis::test;
namespace fs = std::filesystem;

namespace {

const std::string pbf = std::string(HCGIS_SOURCE_DIR) + "/data/liechtenstein/liechtenstein-2013-08-03.osm.pbf";

fs::path fresh_dir() {
    const fs::path dir = fs::temp_directory_path() / ("hcgis-init-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

/// Toilets per municipality, counted by ogr2ogr (GDALVectorTranslate, the library behind the command, so
/// that the test needs no gdal-bin) with GDAL's SQLite dialect straight from the extract: points tagged
/// amenity=toilets inside each admin_level 8 boundary, written to a CSV.
std::map<std::string, int> ogr2ogr_counts(const fs::path& dir) {
    const fs::path csv = dir / "count.csv";
    std::vector<std::string> args = {
        "-f", "CSV", "-dialect", "SQLite", "-sql",
        "SELECT m.name AS name, (SELECT count(*) FROM points p WHERE hstore_get_value(p.other_tags, 'amenity') = "
        "'toilets' AND ST_Intersects(m.geometry, p.geometry)) AS n FROM multipolygons m WHERE m.admin_level = '8' "
        "AND m.boundary = 'administrative'"};
    hcgis::test::ogr2ogr(pbf, csv, std::move(args));
    std::istringstream text(slurp(csv));
    std::string line;
    std::getline(text, line);  // header
    std::map<std::string, int> out;
    while (std::getline(text, line)) {
        const auto comma = line.rfind(',');
        std::string n = line.substr(comma + 1);
        n.erase(std::remove(n.begin(), n.end(), '"'), n.end());
        out[line.substr(0, comma)] = std::stoi(n);
    }
    return out;
}

}  // namespace

TEST_CASE("hcgis init on the Liechtenstein extract: a project whose toilets per municipality equal ogr2ogr's count",
          "[cli][init]") {
    const fs::path dir = fresh_dir();
    const Run r = run("init " + quoted(pbf) + " --districts admin_level=8 --out " + quoted((dir / "li.json").string()));
    REQUIRE(r.status == 0);
    // What it found per role, listed.
    CHECK(r.out.find("districts") != std::string::npos);
    CHECK(r.out.find("toilets") != std::string::npos);
    CHECK(r.out.find("     7 个") != std::string::npos);  // 7 toilets (SOURCE.txt: amenity=toilets 7)
    CHECK(r.out.find("    11 个") != std::string::npos);  // 11 municipalities
    CHECK(r.err.find("residents layer") != std::string::npos);  // OSM has no population: said

    const auto project = nlohmann::json::parse(slurp(dir / "li.json"));
    const auto& layers = project["layers"];
    for (const char* role : {"districts", "toilets", "parks", "sports", "roads", "buildings"})
        CHECK(layers.contains(role));
    CHECK_FALSE(layers.contains("fitness"));  // none in the extract: left out, listed as not found
    CHECK(r.out.find("未找到") != std::string::npos);
    CHECK(layers["roads"]["where"].get<std::string>().find("motorway") != std::string::npos);

    const Run ind = run("indicators " + quoted((dir / "li.json").string()) + " --format json");
    REQUIRE(ind.status == 0);
    const auto j = nlohmann::json::parse(ind.out);
    const std::map<std::string, int> expected = ogr2ogr_counts(dir);
    REQUIRE(expected.size() == 11);
    int total = 0;
    for (const auto& d : j["districts"]) {
        const std::string name = d["name"];
        // No class mapped: every toilet counts as class III; no built-up layer: the district is built-up.
        const int n = d["indicators"]["toilet_density"]["detail"]["toilets_class_1_to_3_in_builtup"].get<int>();
        CHECK(expected.at(name) == n);
        total += n;
    }
    CHECK(total == 7);
    fs::remove_all(dir);
}

TEST_CASE("hcgis init refuses what it cannot use, naming it", "[cli][init]") {
    const fs::path dir = fresh_dir();
    const std::string out = quoted((dir / "p.json").string());
    Run r = run("init " + quoted(pbf) + " --districts admin_level=99 --out " + out);
    CHECK(r.status == 1);
    CHECK(r.err.find("no boundary matches --districts \"admin_level=99\"") != std::string::npos);
    r = run("init " + quoted(pbf) + " --districts admin_level --out " + out);
    CHECK(r.status == 2);
    r = run("init " + quoted(std::string(HCGIS_SOURCE_DIR) + "/data/indicators.json") + " --out " + out);
    CHECK(r.status == 1);
    CHECK(r.err.find("OSM driver") != std::string::npos);
    r = run("init " + quoted(pbf) + " --out " + quoted(pbf));  // the extract itself
    CHECK(r.status == 2);
    // A tag table of the user's: a rule without tags is named.
    std::ofstream(dir / "tags.json") << R"({"roles": {"toilets": {"layer": "points"}}})";
    r = run("init " + quoted(pbf) + " --tags " + quoted((dir / "tags.json").string()) + " --out " + out);
    CHECK(r.status == 1);
    CHECK(r.err.find("roles.toilets: missing \"tags\"") != std::string::npos);
    fs::remove_all(dir);
}
