// The OGR SQL filters `hcgis init` writes for OSM tags, counted by GDAL on tags GDAL's OSM driver would write.
#include "io/osm_init.h"
#include "../temp_dir.h"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>

using namespace hcgis;
using hcgis::test::TempDir;
using nlohmann::json;

namespace {

/// Features whose other_tags are `tags`, one a feature, in a GeoJSON file; the count of those `where` keeps.
long long kept(const TempDir& dir, const std::vector<std::string>& tags, const std::string& where) {
    json fc = {{"type", "FeatureCollection"}, {"features", json::array()}};
    for (const auto& t : tags)
        fc["features"].push_back({{"type", "Feature"},
                                  {"properties", {{"name", "x"}, {"other_tags", t}}},
                                  {"geometry", {{"type", "Point"}, {"coordinates", {0, 0}}}}});
    const auto file = dir.write("points.geojson", fc.dump());
    GDALAllRegister();
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    REQUIRE(layer->SetAttributeFilter(where.c_str()) == OGRERR_NONE);
    return layer->GetFeatureCount(TRUE);
}

}  // namespace

TEST_CASE("OSM tag filters match a tag exactly: _ and % are not wildcards, case counts", "[init][osm]") {
    const TempDir dir;
    const std::vector<std::string> tags = {
        R"("changing_table"=>"yes","fee"=>"no")", R"("changingXtable"=>"yes")", R"("Changing_table"=>"yes")",
        R"("changing_table"=>"yes_please")", R"("name"=>"50%_off")", R"("name"=>"50%xoff")", R"("fee"=>"no!")"};
    const std::vector<std::string> cols = {"name"};  // other tags are in other_tags
    CHECK(kept(dir, tags, io::osm_where(json{{"changing_table", "*"}}, json::object(), cols)) == 2);
    CHECK(kept(dir, tags, io::osm_where(json{{"changing_table", {"yes"}}}, json::object(), cols)) == 1);
    CHECK(kept(dir, tags, io::osm_where(json{{"changing_table", {"yes_please", "yes"}}}, json::object(), cols)) == 2);
    // values with % and ! in them are matched as written
    CHECK(kept(dir, tags, io::osm_where(json{{"fee", {"no!"}}}, json::object(), cols)) == 1);
    CHECK(kept(dir, tags, io::osm_where(json{{"fee", {"no"}}}, json::object(), cols)) == 1);
    std::vector<std::string> name_in_tags = {"other"};
    CHECK(kept(dir, {R"("name"=>"50%_off")", R"("name"=>"50%xoff")"},
               io::osm_where(json{{"name", {"50%_off"}}}, json::object(), name_in_tags)) == 1);
    // except: features with the tag are left out, features with no other tags are kept
    CHECK(kept(dir, tags, io::osm_where(json{{"changing_table", "*"}}, json{{"fee", {"no"}}}, cols)) == 1);
}
