// hcgis web: the package holds the districts and facilities as GeoJSON, the residents, roads and areas as
// vector tiles that GDAL opens, a MapLibre style (version 8) that the style specification's own validator accepts, with the
// map's class colours, the legend and the page with MapLibre GL JS; a second run replaces the folder whole.
// Skipped, saying so, where scripts/setup-web has not installed MapLibre GL JS.
#include "run_hcgis.h"
#include "../temp_dir.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace fs = std::filesystem;
using hcgis::test::quoted;
using hcgis::test::run;
using hcgis::test::slurp;

namespace {

const std::string source_dir = HCGIS_SOURCE_DIR;
const fs::path maplibre = fs::path(source_dir) / "web/node_modules/maplibre-gl/dist/maplibre-gl.js";
const fs::path validator = fs::path(source_dir) / "web/node_modules/.bin/gl-style-validate";

using hcgis::test::TempDir;

}  // namespace

TEST_CASE("hcgis web writes a package MapLibre and GDAL read, and replaces it whole", "[cli][web]") {
    if (!fs::exists(maplibre)) {
        WARN("skipped: no MapLibre GL JS at " << maplibre.string() << " (scripts/setup-web installs it)");
        return;
    }
    TempDir dir;
    const fs::path out = dir.path / "pkg";
    const std::string args = "web " + quoted(source_dir + "/layers/lyg-etdz.json") +
                             " --indicator fitness_10min_coverage --out " + quoted(out.string());
    const auto r = run(args);
    INFO(r.err);
    REQUIRE(r.status == 0);
    for (const char* f : {"districts.geojson", "fitness.geojson", "style.json", "legend.json", "index.html",
                          "maplibre-gl.js", "maplibre-gl.css"})
        CHECK(fs::is_regular_file(out / f));

    const auto style = nlohmann::json::parse(slurp(out / "style.json"));
    CHECK(style["version"] == 8);
    CHECK(style["sources"]["residents"]["type"] == "vector");
    const auto legend = nlohmann::json::parse(slurp(out / "legend.json"));
    REQUIRE(legend["items"].size() >= 3);
    // The fill's colours are the legend's: every class colour appears in the districts' expression.
    const std::string fill = style["layers"][1]["paint"]["fill-color"].dump();
    for (const auto& item : legend["items"]) CHECK(fill.find(item["colour"].get<std::string>()) != std::string::npos);

    if (fs::exists(validator)) {
        const std::string cmd = quoted(validator.string()) + " " + quoted((out / "style.json").string()) + " >/dev/null 2>&1";
        CHECK(std::system(cmd.c_str()) == 0);
    } else {
        WARN("no gl-style-validate at " << validator.string() << ": the style was not validated");
    }

    GDALAllRegister();
    const char* mvt[] = {"MVT", nullptr};
    // GDAL reads a tile folder one zoom level at a time; at the deepest every resident is there (those in
    // a tile's buffer twice), 3000 in the bundled project.
    GDALDatasetUniquePtr tiles(GDALDataset::Open((out / "residents" / "14").c_str(), GDAL_OF_VECTOR, mvt, nullptr, nullptr));
    REQUIRE(tiles);
    OGRLayer* residents = tiles->GetLayerByName("residents");
    REQUIRE(residents);
    CHECK(residents->GetFeatureCount() >= 3000);
    // The roads and areas as tiles too, each folder holding every feature of its layer (a feature cut by
    // tile edges is there once a tile), and the style drawing them from there.
    for (const char* role : {"roads", "parks", "builtup", "water", "sports", "trails"}) {
        INFO(role);
        GDALDatasetUniquePtr source(GDALDataset::Open((source_dir + "/data/lyg-etdz/" + role + ".geojson").c_str(), GDAL_OF_VECTOR));
        REQUIRE(source);
        GDALDatasetUniquePtr layer_tiles(GDALDataset::Open((out / role / "14").c_str(), GDAL_OF_VECTOR, mvt, nullptr, nullptr));
        REQUIRE(layer_tiles);
        OGRLayer* l = layer_tiles->GetLayerByName(role);
        REQUIRE(l);
        CHECK(l->GetFeatureCount() >= source->GetLayer(0)->GetFeatureCount());
        CHECK(style["sources"][role]["tiles"][0] == std::string(role) + "/{z}/{x}/{y}.pbf");
        bool drawn = false;
        for (const auto& layer : style["layers"]) drawn |= layer.value("source-layer", "") == role;
        CHECK(drawn);
    }

    std::ofstream(out / "old-file.txt") << "from before\n";
    REQUIRE(run(args).status == 0);
    CHECK_FALSE(fs::exists(out / "old-file.txt"));  // the folder was replaced, not added to
    CHECK(fs::is_regular_file(out / "index.html"));
    for (const auto& e : fs::directory_iterator(dir.path)) CHECK(e.path().filename() == "pkg");  // no temporary left
}
