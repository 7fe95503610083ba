// The web map package of `hcgis web`: a folder that a web server (or the city platform) serves as it is.
#pragma once

#include "core/city.h"
#include "core/scorecard.h"
#include "io/writers.h"

#include <filesystem>
#include <string>
#include <vector>

namespace hcgis::io {

/// What render and cli made for the package: the MapLibre style, the legend, the page's title and the
/// point layers to publish.
struct WebPackage {
    std::string style_json;
    std::string legend_json;
    std::string title;
    std::vector<std::string> point_roles;  // each as <role>.geojson
    bool residents_tiles = false;          // residents/{z}/{x}/{y}.pbf (GDAL's MVT driver)
    std::vector<std::string> context_tiles;  // line and area layers, each as <role>/{z}/{x}/{y}.pbf
    int min_zoom = 10, max_zoom = 14;
    DistrictClasses classes;               // districts.geojson's `<id>_class` attributes
    std::filesystem::path maplibre_dist;   // the npm package's dist/: maplibre-gl.js and .css are copied
};

/// The folder MapLibre GL JS is copied from: $HCGIS_MAPLIBRE_DIR, else the one scripts/setup-web installs.
std::filesystem::path default_maplibre_dist();

/// Writes `dir`: districts.geojson (export_districts, RFC 7946), <role>.geojson per point layer, the
/// residents and the context layers (roads, built-up area, parks …) as uncompressed vector tiles, a folder
/// each (source layer: the role), style.json, legend.json, index.html and MapLibre GL JS. Written
/// into a temporary folder beside `dir`, which then takes its place (an old `dir` is swapped out and
/// removed): a failure leaves `dir` as it was. Throws OutputError.
void write_web_package(const City& city, const Scorecard& card, const WebPackage& web, const std::filesystem::path& dir);

}  // namespace hcgis::io
