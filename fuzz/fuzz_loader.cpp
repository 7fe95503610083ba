// libFuzzer target: arbitrary bytes as a layer file, read through GDAL's /vsimem. The same bytes are tried
// as GeoJSON in the role of the districts, toilets, parks and roads (with and without --repair) and as a
// CSV of toilets; each load that succeeds is computed to a full scorecard. Every input must end in a
// scorecard or an InputError naming the file; nothing else may escape, crash or leak.
#include "core/analysis.h"
#include "io/error.h"
#include "io/load.h"
#include "io/project.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

// Two districts 2 km square in EPSG:4549, the frame the fuzzed layer is read into.
const char* districts = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4549"}},
"features":[{"type":"Feature","id":0,"properties":{"name":"甲","pop":1000},"geometry":{"type":"Polygon","coordinates":[[[500000,3800000],[502000,3800000],[502000,3802000],[500000,3802000],[500000,3800000]]]}},
{"type":"Feature","id":1,"properties":{"name":"乙","pop":2000},"geometry":{"type":"Polygon","coordinates":[[[502000,3800000],[504000,3800000],[504000,3802000],[502000,3802000],[502000,3800000]]]}}]})";

void put(const char* path, const std::uint8_t* data, std::size_t size) {
    VSILFILE* f = VSIFOpenL(path, "wb");
    if (!f) return;
    VSIFWriteL(data, 1, size, f);
    VSIFCloseL(f);
}

void attempt(const std::string& project_json, bool repair) {
    try {
        const hcgis::io::Project p = hcgis::io::parse_project(project_json, "/vsimem/fuzz/project.json");
        hcgis::io::LoadOptions options;
        options.repair = repair;
        const hcgis::City city = hcgis::io::load_city(p, options);
        (void)hcgis::compute_scorecard(city);
    } catch (const hcgis::io::InputError&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    CPLSetErrorHandler(CPLQuietErrorHandler);
    put("/vsimem/fuzz/districts.geojson", reinterpret_cast<const std::uint8_t*>(districts), std::char_traits<char>::length(districts));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    put("/vsimem/fuzz/layer.geojson", data, size);
    put("/vsimem/fuzz/layer.csv", data, size);
    const std::string d = R"("districts":{"source":"/vsimem/fuzz/districts.geojson","fields":{"name":"name","population":"pop"}})";
    for (bool repair : {false, true}) {
        attempt(fmt::format(R"({{"crs":"EPSG:4549","layers":{{"districts":{{"source":"/vsimem/fuzz/layer.geojson",
            "fields":{{"name":"name","population":"pop"}}}}}}}})"), repair);
        attempt(fmt::format(R"({{"crs":"EPSG:4549","layers":{{{},"toilets":{{"source":"/vsimem/fuzz/layer.geojson",
            "fields":{{"class":"class"}}}}}}}})", d), repair);
        attempt(fmt::format(R"({{"crs":"EPSG:4549","layers":{{{},"parks":{{"source":"/vsimem/fuzz/layer.geojson"}}}}}})", d),
                repair);
        attempt(fmt::format(R"({{"crs":"EPSG:4549","layers":{{{},"roads":{{"source":"/vsimem/fuzz/layer.geojson"}},
            "fitness":{{"source":"/vsimem/fuzz/districts.geojson"}}}}}})", d), repair);
    }
    attempt(fmt::format(R"({{"crs":"EPSG:4549","layers":{{{},"toilets":{{"source":"/vsimem/fuzz/layer.csv","crs":"EPSG:4549",
        "fields":{{"class":"class"}}}}}}}})", d), false);
    VSIUnlink("/vsimem/fuzz/layer.geojson");
    VSIUnlink("/vsimem/fuzz/layer.csv");
    return 0;
}
