// Scenario GeoPackages (io/scenario_file.cpp): written and read back the same; another CRS reprojected
// with a note; sites outside every district and another project's scenario warned by name; bad geometry,
// class and ids refused naming file, layer, feature and field. And on the bundled project: the figures of
// the --scenario path (read_scenario, append_proposal, compute_scorecard) equal WhatIf::after() for the
// same sites.
#include "io/scenario_file.h"

#include "core/analysis.h"
#include "core/error.h"
#include "core/whatif.h"
#include "io/catalog_file.h"
#include "io/load.h"
#include "io/project.h"
#include "../temp_dir.h"

#include <catch2/catch.hpp>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <unistd.h>

#include <filesystem>
#include <memory>

namespace fs = std::filesystem;
using namespace hcgis;

namespace {

const City& bundled() {
    static const City c = io::load_city(io::read_project(fs::path(HCGIS_SOURCE_DIR) / "layers/lyg-etdz.json"));
    return c;
}

using hcgis::test::TempDir;

/// The working-CRS coordinates of the first point of layer `role` in district `d`, moved by (dx, dy).
std::pair<double, double> near_point(const City& city, const std::string& role, std::size_t k, double dx, double dy) {
    const Layer& l = *city.layer(role);
    return {l.x[k] + dx, l.y[k] + dy};
}

Proposal sample(const City& city) {
    Proposal p;
    p.note = "猴嘴补公厕";
    const auto [tx, ty] = near_point(city, "toilets", 3, 40, -25);
    const auto [fx, fy] = near_point(city, "residents", 100, 10, 10);
    const auto [gx, gy] = near_point(city, "residents", 2000, -30, 5);
    p.sites.push_back({1, "toilets", tx, ty, 2.0, "新增覆盖居民 1,200 人"});
    p.sites.push_back({2, "fitness", fx, fy, 3.0, ""});
    p.sites.push_back({4, "fitness", gx, gy, std::nullopt, "手工"});
    p.sites.push_back({5, "toilets", tx + 500000, ty, std::nullopt, ""});  // far outside every district
    return p;
}

/// A GeoPackage layer `name` of `type` in EPSG `epsg` with one feature: geometry `g`, fields id and class.
void write_raw(const fs::path& file, const char* name, int epsg, OGRGeometry* g, std::optional<int> id, const char* cls) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    REQUIRE(ds);
    OGRSpatialReference srs;
    srs.importFromEPSG(epsg);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* l = ds->CreateLayer(name, &srs, g ? g->getGeometryType() : wkbPoint, nullptr);
    OGRFieldDefn fid("id", OFTInteger), fcls("class", OFTString);
    REQUIRE(l->CreateField(&fid) == OGRERR_NONE);
    REQUIRE(l->CreateField(&fcls) == OGRERR_NONE);
    OGRFeature f(l->GetLayerDefn());
    if (id) f.SetField("id", *id);
    if (cls) f.SetField("class", cls);
    if (g) f.SetGeometryDirectly(g);
    REQUIRE(l->CreateFeature(&f) == OGRERR_NONE);
}

std::string message_of(const fs::path& file, const City& city) {
    try {
        io::read_scenario(file, city);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("scenario: written and read back the same, with its metadata and warnings by name", "[scenario]") {
    const City& city = bundled();
    TempDir dir("roundtrip");
    const fs::path file = dir.path / "plan.gpkg";
    const Proposal p = sample(city);
    io::write_scenario(file, p, io::scenario_meta(city, p.note));
    std::vector<std::string> warnings, notes;
    const Proposal back = io::read_scenario(file, city, &warnings, &notes);
    REQUIRE(back.sites.size() == p.sites.size());
    for (std::size_t k = 0; k < p.sites.size(); ++k) {
        INFO("site " << p.sites[k].id);
        CHECK(back.sites[k].id == p.sites[k].id);
        CHECK(back.sites[k].role == p.sites[k].role);
        CHECK(back.sites[k].x == Approx(p.sites[k].x).margin(1e-6));
        CHECK(back.sites[k].y == Approx(p.sites[k].y).margin(1e-6));
        CHECK(back.sites[k].cls == p.sites[k].cls);
        CHECK(back.sites[k].note == p.sites[k].note);
    }
    CHECK(back.note == "猴嘴补公厕");
    CHECK(notes.empty());  // the working CRS: nothing reprojected
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0] == file.string() + ": layer proposed_toilets: feature 2: the proposed site lies outside every "
                                         "district (counted outside, as an existing facility there)");
    const io::ScenarioMeta meta = io::read_scenario_meta(file);
    CHECK(meta.project == "连云港经济技术开发区");
    CHECK(meta.crs == "EPSG:4549");
    CHECK(meta.created.size() == 10);

    SECTION("another project's scenario is read with a warning naming both") {
        io::write_scenario(file, p, io::ScenarioMeta{"澳门", "2026-01-02", "", "EPSG:4549"});
        warnings.clear();
        io::read_scenario(file, city, &warnings);
        REQUIRE(warnings.size() == 2);
        CHECK(warnings[0].find("made for the project \"澳门\", not \"连云港经济技术开发区\"") != std::string::npos);
    }
}

TEST_CASE("scenario: another CRS is reprojected and noted, bad input is refused by name", "[scenario]") {
    const City& city = bundled();
    TempDir dir("crs");
    const fs::path file = dir.path / "wgs84.gpkg";
    // The first resident in WGS 84, as the project's source has it.
    const Layer& residents = *city.layer("residents");
    OGRSpatialReference working, wgs84;
    working.importFromEPSG(4549), wgs84.importFromEPSG(4326);
    working.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER), wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&working, &wgs84));
    double lon = residents.x[0], lat = residents.y[0];
    REQUIRE(ct->Transform(1, &lon, &lat));
    write_raw(file, "proposed_fitness", 4326, new OGRPoint(lon, lat), std::nullopt, "体育中心");
    std::vector<std::string> warnings, notes;
    const Proposal p = io::read_scenario(file, city, &warnings, &notes);
    REQUIRE(p.sites.size() == 1);
    CHECK(p.sites[0].id == 1);  // numbered: the file gives none
    CHECK(p.sites[0].cls == 3.0);
    CHECK(p.sites[0].x == Approx(residents.x[0]).margin(0.01));
    CHECK(p.sites[0].y == Approx(residents.y[0]).margin(0.01));
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == file.string() + ": layer proposed_fitness reprojected from EPSG:4326 to EPSG:4549");
    CHECK(warnings.empty());

    const fs::path bad = dir.path / "bad.gpkg";
    write_raw(bad, "proposed_toilets", 4549, new OGRPoint(residents.x[0], residents.y[0]), 3, "五类");
    CHECK(message_of(bad, city) == bad.string() +
                                       ": layer proposed_toilets: feature 1: field \"class\": \"五类\" is not a class of "
                                       "toilets (1-4: 一类, 二类, 三类, 三类以下)");
    auto* line = new OGRLineString;
    line->addPoint(residents.x[0], residents.y[0]), line->addPoint(residents.x[1], residents.y[1]);
    write_raw(bad, "proposed_fitness", 4549, line, 1, nullptr);
    CHECK(message_of(bad, city) == bad.string() + ": layer proposed_fitness: feature 1: field \"geometry\": a proposed site is "
                                                  "a point, not a LINESTRING");
    write_raw(bad, "proposed_fitness", 4549, nullptr, 1, nullptr);
    CHECK(message_of(bad, city).find("feature 1: field \"geometry\": a proposed site has no point") != std::string::npos);
    write_raw(bad, "suggested_toilets", 4549, new OGRPoint(residents.x[0], residents.y[0]), 1, nullptr);
    CHECK(message_of(bad, city) ==
          bad.string() + ": is not a scenario: it has neither a proposed_toilets nor a proposed_fitness layer");
    CHECK(message_of(dir.path / "missing.gpkg", city) == (dir.path / "missing.gpkg").string() + ": no such file");
    CHECK(message_of(fs::path(HCGIS_SOURCE_DIR) / "layers/lyg-etdz.json", city).find("does not open as a GeoPackage") !=
          std::string::npos);
}

TEST_CASE("scenario: the --scenario path equals WhatIf::after() for the same sites on the bundled project", "[scenario]") {
    const City& city = bundled();
    const Catalog catalog = io::read_catalog(io::default_catalog_path());
    TempDir dir("whatif");
    const fs::path file = dir.path / "plan.gpkg";
    const Proposal p = sample(city);
    io::write_scenario(file, p, io::scenario_meta(city));

    // What --scenario does (cli/common.cpp): load, read, append, compute.
    City with = io::load_city(io::read_project(fs::path(HCGIS_SOURCE_DIR) / "layers/lyg-etdz.json"));
    append_proposal(with, io::read_scenario(file, with));
    const Scorecard want = compute_scorecard(with, catalog);

    Analysis analysis(city);
    WhatIf w(analysis, catalog);
    for (const ProposedSite& s : p.sites) w.add(s);
    REQUIRE(w.proposal().sites.size() == p.sites.size());
    const Scorecard& got = w.after();
    bool moved = false;
    for (std::size_t d = 0; d <= want.districts.size(); ++d) {
        const AreaResult& a = d < want.districts.size() ? want.districts[d] : want.total;
        const AreaResult& b = d < want.districts.size() ? got.districts[d] : got.total;
        const AreaResult& was = d < want.districts.size() ? w.before().districts[d] : w.before().total;
        for (const std::string& id : want.ids) {
            INFO(a.name << " " << id);
            const Value& x = a.values.at(id);
            const Value& y = b.values.at(id);
            REQUIRE(x.value.has_value() == y.value.has_value());
            if (x.value) CHECK(*y.value == Approx(*x.value).margin(1e-12));
            CHECK(x.pass == y.pass);
            CHECK(x.target == y.target);
            CHECK(x.gap.has_value() == y.gap.has_value());
            if (x.value && was.values.at(id).value != x.value) moved = true;
        }
    }
    CHECK(moved);  // the sites did change figures
}
