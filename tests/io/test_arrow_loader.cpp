// GeoPackages are read through GDAL's Arrow stream (src/io/arrow_batches.h): the cases of the bad-input
// catalogue whose every source is GeoJSON, copied into one GeoPackage (FIDs kept) and answered as from
// GeoJSON: the same line, the same warning, the same features left out under --repair.
#include "core/analysis.h"
#include "io/error.h"
#include "io/load.h"
#include "../ogr2ogr.h"
#include "../temp_dir.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <gdal_utils.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <cstdlib>
#include <random>

using namespace hcgis;
namespace fs = std::filesystem;

namespace {

using hcgis::test::TempDir;

/// Copies GeoJSON `src` into GeoPackage `gpkg` as layer `name`, FIDs kept.
void to_gpkg(const fs::path& src, const fs::path& gpkg, const std::string& name) {
    std::vector<std::string> args = {"-f", "GPKG", "-nln", name, "-preserve_fid"};
    if (fs::exists(gpkg)) args.insert(args.begin(), "-update");
    hcgis::test::ogr2ogr(src, gpkg, std::move(args));
}

/// A project whose every layer comes from one GeoPackage: the districts, and from one layer of the
/// bundled toilets eldercare (filtered), fitness (all of it) and `last` (the JSON of one more role).
io::Project one_file_project(const TempDir& tmp, const std::string& last) {
    const fs::path data = fs::path(HCGIS_SOURCE_DIR) / "data/lyg-etdz";
    to_gpkg(data / "districts.geojson", tmp.path / "city.gpkg", "districts");
    to_gpkg(data / "toilets.geojson", tmp.path / "city.gpkg", "pois");
    std::ofstream(tmp.path / "project.json") << R"({
      "name": "one file", "crs": "EPSG:4549",
      "layers": {
        "districts": {"source": "city.gpkg", "layer": "districts", "fields": {"name": "name", "population": "pop"}},
        "eldercare": {"source": "city.gpkg", "layer": "pois", "where": "class = '一类'"},
        "fitness": {"source": "city.gpkg", "layer": "pois", "fields": {"name": "name"}},
        )" + last + "}}";
    return io::read_project(tmp.path / "project.json");
}

/// Checks that role `role` of `city` (loaded from `p`) holds what its layer read alone gives.
void check_read_as_alone(const io::Project& p, const City& city, const std::string& role) {
    INFO(role);
    OGRSpatialReference working;
    working.importFromEPSG(4549);
    working.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const Layer alone = io::load_layer(*p.layer(role), working);  // a dataset of its own
    const Layer& shared = *city.layer(role);
    CHECK(shared.fid == alone.fid);
    CHECK(shared.x == alone.x);
    CHECK(shared.y == alone.y);
    CHECK(shared.texts == alone.texts);
    CHECK(shared.numbers == alone.numbers);
}

}  // namespace

TEST_CASE("the bad-input catalogue from GeoPackage (Arrow stream) answers as from GeoJSON", "[load][arrow]") {
    // The stream even for these small layers (by default only layers of 16,384 features or more use it).
    const std::string before = std::getenv("HCGIS_LOADER") ? std::getenv("HCGIS_LOADER") : "";
    ::setenv("HCGIS_LOADER", "arrow", 1);
    struct Restore {
        std::string value;
        ~Restore() { value.empty() ? ::unsetenv("HCGIS_LOADER") : ::setenv("HCGIS_LOADER", value.c_str(), 1); }
    } restore{before};
    const fs::path root = fs::path(HCGIS_TEST_DATA) / "bad";
    // Cases about what the features hold; the others are about files, formats and the project itself.
    const char* cases[] = {"bad-flag",          "bowtie-district",      "duplicate-district-names", "empty-geometry",
                           "lat-lon-swapped",   "negative-population", "null-geometry",            "points-outside",
                           "repair-bowtie",     "repair-null-geometry", "self-touching-ring",       "stray-coordinate",
                           "text-population",   "toilet-class-out-of-range"};
    for (const char* name : cases) {
        const fs::path dir = root / name;
        std::ifstream in(dir / "expect.txt");
        std::string expect, second;
        std::getline(in, expect);
        std::getline(in, second);
        INFO(name << ": " << expect);
        const auto colon = expect.find(": ");
        const std::string kind = expect.substr(0, colon), text = expect.substr(colon + 2);

        TempDir tmp;
        nlohmann::json project = nlohmann::json::parse(std::ifstream(dir / "project.json"));
        for (auto& [role, layer] : project["layers"].items()) {
            const fs::path src = dir / layer["source"].get<std::string>();
            REQUIRE(src.extension() == ".geojson");
            to_gpkg(src, tmp.path / "city.gpkg", role);
            layer["source"] = "city.gpkg";
            layer["layer"] = role;
        }
        std::ofstream(tmp.path / "project.json") << project.dump();

        std::string error;
        Scorecard card;
        io::LoadOptions options;
        options.repair = kind == "repaired";
        try {
            const City city = io::load_city(io::read_project(tmp.path / "project.json"), options);
            card = compute_scorecard(city);
        } catch (const io::InputError& e) {
            error = e.what();
        }
        INFO("got: " << error);
        if (kind == "error") {
            CHECK(error.find(text) != std::string::npos);
            CHECK(error.find("city.gpkg") != std::string::npos);
            continue;
        }
        REQUIRE(error.empty());
        bool found = false;
        for (const auto& w : card.warnings) found |= w.find(text) != std::string::npos;
        for (const auto& w : card.warnings) UNSCOPED_INFO("warning: " << w);
        CHECK(found);
        if (second.starts_with("rejected: ")) {
            std::istringstream words(second.substr(10));
            std::string role;
            std::size_t n = 0;
            words >> role >> n;
            bool seen = false;
            for (const auto& l : card.layers)
                if (l.role == role) {
                    seen = true;
                    CHECK(l.account.rejected == n);
                }
            CHECK(seen);
        }
    }
}

TEST_CASE("layers of one GeoPackage share its dataset and read as if each were opened alone", "[load][arrow]") {
    // Three roles from one layer, read one after another from the one dataset the loader keeps open: a
    // filtered one first (its filter must not stay for the next), one that binds a field the first left
    // out (its ignored fields must not stay), then a filtered one again.
    TempDir tmp;
    const io::Project p = one_file_project(
        tmp, R"("toilets": {"source": "city.gpkg", "layer": "pois", "where": "class <> '三类'", "fields": {"class": "class", "cleaners": "cleaners"}})");
    const City city = io::load_city(p);
    std::map<std::string, std::size_t> want_size{{"eldercare", 15}, {"fitness", 150}, {"toilets", 67}};
    for (const auto& [role, n] : want_size) {
        CHECK(city.layer(role)->size() == n);
        check_read_as_alone(p, city, role);
    }
    CHECK(city.layer("fitness")->texts.at("name")[3] == "中云公厕4");
}

TEST_CASE("points read in batches and projected batch by batch in place equal the points read by rows", "[load][arrow]") {
    // 70,000 points in longitude/latitude (nine batches of 8,192, each projected on the worker while the
    // next is read), from a GeoPackage (its count known: the columns reserved once, and over 65,536, so
    // their pages are mapped ahead on another thread while they fill) and from CSV (no
    // fast count: the columns grow while the worker projects), filtered and not; against the row API's
    // reading, projected in one call at the end.
    const std::string before = std::getenv("HCGIS_LOADER") ? std::getenv("HCGIS_LOADER") : "";
    struct Restore {
        std::string value;
        ~Restore() { value.empty() ? ::unsetenv("HCGIS_LOADER") : ::setenv("HCGIS_LOADER", value.c_str(), 1); }
    } restore{before};
    TempDir tmp;
    {
        std::mt19937 rng(11);
        std::uniform_real_distribution<double> lon(119.1, 119.5), lat(34.5, 34.8);
        std::ofstream out(tmp.path / "pts.geojsonl");
        for (int i = 0; i < 70000; ++i)
            out << fmt::format(R"({{"type":"Feature","id":{},"properties":{{"population":{},"elderly":{}}},)"
                               R"("geometry":{{"type":"Point","coordinates":[{:.9f},{:.9f}]}}}})",
                               i + 1, i % 17, (i * 7) % 5, lon(rng), lat(rng))
                << "\n";
    }
    hcgis::test::ogr2ogr(tmp.path / "pts.geojsonl", tmp.path / "pts.gpkg", {"-f", "GPKG", "-nln", "pts", "-preserve_fid"});
    hcgis::test::ogr2ogr(tmp.path / "pts.geojsonl", tmp.path / "pts.csv", {"-f", "CSV", "-lco", "GEOMETRY=AS_WKT"});
    const OGRSpatialReference working = [] {
        OGRSpatialReference s;
        s.importFromEPSG(4549);
        s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        return s;
    }();
    for (const char* source : {"pts.gpkg", "pts.csv"}) {
        for (const char* where : {"", "population <> 3"}) {
            INFO(source << " where " << where);
            io::LayerSpec spec;
            spec.role = "residents";
            spec.source_text = source;
            spec.source = tmp.path / source;
            spec.fields = {{"population", "population"}, {"elderly", "elderly"}};
            spec.where = where;
            if (std::string(source) == "pts.csv") spec.crs = "EPSG:4326";
            ::setenv("HCGIS_LOADER", "rows", 1);
            const Layer rows = io::load_layer(spec, working);
            ::setenv("HCGIS_LOADER", "arrow", 1);
            const Layer batches = io::load_layer(spec, working);
            CHECK(rows.size() == (*where ? 70000u - 4118u : 70000u));  // 4,118 of i % 17 == 3
            CHECK(batches.fid == rows.fid);
            CHECK(batches.x == rows.x);
            CHECK(batches.y == rows.y);
            CHECK(batches.numbers == rows.numbers);
            CHECK(batches.account.read == rows.account.read);
            REQUIRE(batches.size() > 0);
            CHECK(std::abs(batches.x[0]) > 1000);  // projected: metres, not degrees
        }
    }
}

TEST_CASE("residents opened early from a shared GeoPackage read as if opened alone after other roles read their layer",
          "[load][arrow]") {
    // The residents are opened before the other roles (to tell their form) from the dataset the loader
    // keeps for the file; eldercare and fitness then read the very same layer with filters of their own
    // (fitness with none) before the residents are read: the residents' filter must be applied again.
    TempDir tmp;
    const io::Project p = one_file_project(
        tmp, R"("residents": {"source": "city.gpkg", "layer": "pois", "where": "class = '三类'", "fields": {"population": "cleaners"}})");
    const City city = io::load_city(p);
    for (const char* role : {"residents", "eldercare", "fitness"}) check_read_as_alone(p, city, role);
    const std::size_t n = city.layer("residents")->size();
    CHECK(n > 0);
    CHECK(n < city.layer("fitness")->size());  // filtered, not the whole layer
}
