// hcgis's map of one indicator as a MapLibre GL style (style specification version 8) and its legend as
// JSON, for the web package of `hcgis web`: the same classes, colours and labels as the printed map.
#pragma once

#include "render/choropleth.h"

#include <string>
#include <vector>

namespace hcgis::render {

/// What the web package holds besides the districts: point layers as GeoJSON files and the residents as
/// vector tiles.
struct WebLayers {
    /// A context layer as vector tiles: <role>/{z}/{x}/{y}.pbf, source layer <role>.
    struct Tiles {
        std::string role;
        bool line = false;  // drawn as lines (roads, trails), else as fills (built-up, parks, water …)
    };
    std::vector<std::string> points;  // roles, each in <role>.geojson
    bool residents_tiles = false;     // residents/{z}/{x}/{y}.pbf, source layer "residents"
    std::vector<Tiles> context;       // over the district fill, under the outlines, in the map's colours
    int min_zoom = 10, max_zoom = 14;
};

/// The style: a blank background, the districts (districts.geojson) filled by `t` on property `field`
/// (the class colours of qml_ranges() as a "step" expression, values on an edge in the lower class as
/// class_index() puts them; no value: the style's no-data colour; where districts are held against
/// targets of their own, a "match" on `<field>_class` as class_ranges() colours it), the context layers' tiles in the map's
/// default looks (render::default_look), their outline, the residents' tiles as small dots and each point
/// layer in its class colours. Source URLs are relative to the style's folder.
std::string maplibre_style(const Thematic& t, const std::string& field, const WebLayers& layers);

/// The legend: {"title", "items": [{"colour", "label", "count"}]}, highest class first, no data last.
std::string legend_json(const Thematic& t);

}  // namespace hcgis::render
