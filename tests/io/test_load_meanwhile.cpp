// load_city with work at hand while the residents are read (io::WhileResidentsLoad): the residents read
// last, every other layer in the City meanwhile, the City and its faults as read in one go; and
// io::AnalysisWhileLoading, Analysis::prepare() on another thread meanwhile, as `hcgis indicators` runs it
// (scripts/check-tsan runs this under ThreadSanitizer).
#include "core/analysis.h"
#include "core/synth.h"
#include "io/analysis_while_loading.h"
#include "io/error.h"
#include "io/load.h"
#include "io/project.h"
#include "io/writers.h"
#include "../ogr2ogr.h"
#include "../same_scorecard.h"
#include "../temp_dir.h"

#include <catch2/catch.hpp>

#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

using namespace hcgis;
namespace fs = std::filesystem;

namespace {

const fs::path data = HCGIS_TEST_DATA;
using hcgis::test::require_same;
using hcgis::test::TempDir;

}  // namespace

namespace {

/// Records what load_city shows it while the residents are read.
struct Recorder final : io::WhileResidentsLoad {
    int begun = 0, ended = 0;
    std::vector<std::string> roles;  // the layers in the City at begin()
    bool residents_in = true;
    std::size_t districts = 0;
    void begin(const City& city) override {
        ++begun;
        for (const auto& [role, layer] : city.layers) roles.push_back(role);
        residents_in = city.layer("residents") != nullptr;
        districts = city.districts.size();
    }
    void end() noexcept override { ++ended; }
};

/// services-small copied into `dir`, with `edit` applied to the project's text.
fs::path services_copy(const TempDir& dir, const std::function<void(std::string&)>& edit = {}) {
    for (const auto& f : fs::directory_iterator(data / "services-small")) fs::copy_file(f.path(), dir.path / f.path().filename());
    std::ifstream in(dir.path / "project.json");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (edit) edit(text);
    return dir.write("project.json", text);
}

std::string error_of(const fs::path& project, Recorder* r) {
    City city;
    try {
        io::load_city(io::read_project(project), {}, city, r);
    } catch (const io::InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("the residents read last, the other layers all in the City meanwhile, the City as read in one go", "[load]") {
    const fs::path project = data / "services-small/project.json";
    const City plain = io::load_city(io::read_project(project));
    Recorder r;
    City city;
    io::load_city(io::read_project(project), {}, city, &r);
    CHECK(r.begun == 1);
    CHECK(r.ended == 1);
    CHECK_FALSE(r.residents_in);
    CHECK(r.districts == plain.districts.size());
    std::vector<std::string> others;
    for (const auto& [role, layer] : plain.layers)
        if (role != "residents") others.push_back(role);
    CHECK(r.roles == others);
    REQUIRE(city.layer("residents"));
    CHECK(city.layer("residents")->size() == plain.layer("residents")->size());
    CHECK(city.layer("residents")->account.population->read == plain.layer("residents")->account.population->read);
    CHECK(city.warnings == plain.warnings);
    CHECK(city.notes == plain.notes);
    REQUIRE(city.layers.size() == plain.layers.size());
}

TEST_CASE("read last, the residents' notes and warnings keep their place in the project's order", "[load]") {
    // Layers before the residents (clinics, fitness) and after them (trails) in longitude/latitude: each
    // gets its reprojection note, in the project's order.
    TempDir dir("hcgis-notes");
    const fs::path project = services_copy(dir);
    for (const char* layer : {"clinics", "fitness", "residents", "trails"}) {
        const fs::path file = dir.path / (std::string(layer) + ".geojson"), lonlat = dir.path / "lonlat.geojson";
        hcgis::test::ogr2ogr(file, lonlat, {"-t_srs", "EPSG:4326"});
        fs::rename(lonlat, file);
    }
    City city;
    Recorder r;
    io::load_city(io::read_project(project), {}, city, &r);
    REQUIRE(r.begun == 1);
    std::vector<std::string> reprojected;
    for (const auto& n : city.notes)
        if (n.find(" reprojected from ") != std::string::npos) reprojected.push_back(n.substr(0, n.find(':')));
    CHECK(reprojected == std::vector<std::string>{"clinics", "fitness", "residents", "trails"});
    REQUIRE_FALSE(city.notes.empty());
    CHECK(city.notes.back().find("clinics, fitness, residents, trails") != std::string::npos);
}

TEST_CASE("read last, the residents' faults still come before those of the layers after them", "[load][errors]") {
    // A null geometry among the residents, and the trails (after them in the project's order) missing.
    auto bad_residents = [](const TempDir& dir) {
        std::ifstream in(dir.path / "residents.geojson");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto at = text.find("\"geometry\": {");
        REQUIRE(at != std::string::npos);
        const auto end = text.find('}', text.find(']', at)) + 1;
        text.replace(at, end - at, "\"geometry\": null");
        dir.write("residents.geojson", text);
    };
    auto no_trails = [](std::string& p) { p.replace(p.find("trails.geojson"), 14, "no-trails.geojson"); };
    SECTION("both at fault: the residents' is told, as read in order") {
        TempDir dir("hcgis-order");
        const fs::path project = services_copy(dir, no_trails);
        bad_residents(dir);
        Recorder r;
        const std::string e = error_of(project, &r);
        CHECK(e.find("residents.geojson") != std::string::npos);
        CHECK(e.find("no geometry") != std::string::npos);
        CHECK(r.begun == r.ended);
    }
    SECTION("only a layer after them: its fault, and nothing begun") {
        TempDir dir("hcgis-order");
        Recorder r;
        const std::string e = error_of(services_copy(dir, no_trails), &r);
        CHECK(e.find("no-trails.geojson") != std::string::npos);
        CHECK(r.begun == 0);
    }
    SECTION("only the residents: begun, and ended before the fault is told") {
        TempDir dir("hcgis-order");
        const fs::path project = services_copy(dir);
        bad_residents(dir);
        Recorder r;
        CHECK(error_of(project, &r).find("no geometry") != std::string::npos);
        CHECK(r.begun == 1);
        CHECK(r.ended == 1);
    }
}

TEST_CASE("the scorecard prepared on another thread while the residents are read is the one made after", "[load][prepare]") {
    SynthOptions o;
    o.districts = 12;
    o.residents = 70000;  // read in batches through GDAL's Arrow stream, as a city is
    o.seed = 4;
    TempDir dir("hcgis-meanwhile");
    const fs::path project = io::write_city(synth_city(o), dir.path);
    const io::Project p = io::read_project(project);
    const City plain = io::load_city(p);
    const Scorecard expected = compute_scorecard(plain);
    City city;
    io::AnalysisWhileLoading meanwhile(city, {});
    io::load_city(p, {}, city, &meanwhile);
    CHECK(meanwhile.get().prepared_families().size() >= 10);
    const Scorecard card = compute_scorecard(meanwhile.get(), Catalog());
    require_same(card, expected);
    CHECK(card.total.values.at("fitness_10min_coverage").value.value_or(0) > 0);
    CHECK(card.total.values.at("toilet_density").value.value_or(0) > 0);
    // Never begun (a load without it, as with --scenario): made when asked for, unprepared, the same card.
    City other;
    io::AnalysisWhileLoading later(other, {});
    io::load_city(p, {}, other, nullptr);
    CHECK(later.get().prepared_families().empty());
    require_same(compute_scorecard(later.get(), Catalog()), expected);
}
