#include "render/maplibre_style.h"

#include "render/map_renderer.h"
#include "render/qgis_style.h"
#include "render/symbols.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hcgis::render {
namespace {

using json = nlohmann::json;

std::string hex(const QColor& c) { return c.name(QColor::HexRgb).toStdString(); }

/// The fill of the districts: no value in the no-data colour, else the class of qml_ranges() by a "step"
/// (a step starts at its stop inclusive; where a range shares its lower edge with the one below, the
/// edge belongs to the lower class, so the stop is one ulp above it).
json fill_colour(const Thematic& t, const std::string& field) {
    if (judged_per_district(t)) {
        // Each district against its own target: its class attribute (0 fail, 1 near, 2 pass; null unjudged).
        const std::vector<QmlRange> classes = class_ranges(t);
        if (classes.empty()) return hex(t.style.no_data);
        return json::array({"match", json::array({"get", field + "_class"}), 0, hex(classes[0].colour), 1,
                            hex(classes[1].colour), 2, hex(classes[2].colour), hex(t.style.no_data)});
    }
    const std::vector<QmlRange> ranges = qml_ranges(t);
    if (ranges.empty()) return hex(t.style.no_data);
    json step = json::array({"step", json::array({"to-number", json::array({"get", field})}), hex(ranges[0].colour)});
    for (std::size_t k = 1; k < ranges.size(); ++k) {
        double stop = ranges[k].lower;
        if (stop <= ranges[k - 1].upper) stop = std::nextafter(ranges[k - 1].upper, std::numeric_limits<double>::infinity());
        step.push_back(stop);
        step.push_back(hex(ranges[k].colour));
    }
    return json::array({"case", json::array({"==", json::array({"get", field}), nullptr}), hex(t.style.no_data), step});
}

json point_layer(const std::string& role) {
    const auto& cats = categories(role);
    json colour = hex(QColor(cats.back().colour));
    if (cats.size() > 1) {
        colour = json::array({"match", json::array({"to-number", json::array({"get", "class"}), 0})});
        for (std::size_t k = 0; k + 1 < cats.size(); ++k) {
            colour.push_back(cats[k].code);
            colour.push_back(hex(QColor(cats[k].colour)));
        }
        colour.push_back(hex(QColor(cats.back().colour)));
    }
    return {{"id", role},
            {"type", "circle"},
            {"source", role},
            {"paint", {{"circle-radius", 4}, {"circle-color", colour}, {"circle-stroke-color", "#ffffff"}, {"circle-stroke-width", 1}}}};
}

}  // namespace

std::string maplibre_style(const Thematic& t, const std::string& field, const WebLayers& layers) {
    json sources = {{"districts", {{"type", "geojson"}, {"data", "districts.geojson"}}}};
    json out_layers = json::array({json{{"id", "background"}, {"type", "background"}, {"paint", {{"background-color", "#ffffff"}}}},
                                   json{{"id", "districts"},
                                        {"type", "fill"},
                                        {"source", "districts"},
                                        {"paint", {{"fill-color", fill_colour(t, field)}, {"fill-opacity", 0.85}}}}});
    for (const auto& c : layers.context) {
        sources[c.role] = {{"type", "vector"},
                           {"tiles", json::array({c.role + "/{z}/{x}/{y}.pbf"})},
                           {"minzoom", layers.min_zoom},
                           {"maxzoom", layers.max_zoom}};
        const LayerLook look = default_look(c.role);
        json layer = {{"id", c.role}, {"source", c.role}, {"source-layer", c.role}};
        if (c.line) {
            // Millimetres on paper to CSS pixels (96 per inch), never thinner than half a pixel.
            layer["type"] = "line";
            layer["paint"] = {{"line-color", hex(look.colour)}, {"line-opacity", look.opacity},
                              {"line-width", std::max(0.5, look.size_mm * 96 / 25.4)}};
            if (c.role == "trails") layer["paint"]["line-dasharray"] = json::array({2, 2});
        } else {
            layer["type"] = "fill";
            layer["paint"] = {{"fill-color", hex(look.colour)}, {"fill-opacity", look.opacity}};
        }
        out_layers.push_back(layer);
    }
    out_layers.push_back(json{{"id", "districts-outline"},
                                        {"type", "line"},
                                        {"source", "districts"},
                                        {"paint", {{"line-color", hex(t.style.outline)}, {"line-width", 1.2}}}});
    if (layers.residents_tiles) {
        sources["residents"] = {{"type", "vector"},
                                {"tiles", json::array({"residents/{z}/{x}/{y}.pbf"})},
                                {"minzoom", layers.min_zoom},
                                {"maxzoom", layers.max_zoom}};
        out_layers.push_back({{"id", "residents"},
                              {"type", "circle"},
                              {"source", "residents"},
                              {"source-layer", "residents"},
                              {"paint", {{"circle-radius", 1.5}, {"circle-color", "#5a5a5a"}, {"circle-opacity", 0.6}}}});
    }
    for (const auto& role : layers.points) {
        sources[role] = {{"type", "geojson"}, {"data", role + ".geojson"}};
        out_layers.push_back(point_layer(role));
    }
    const json style = {{"version", 8},
                        {"name", t.title.toStdString()},
                        {"sources", sources},
                        {"layers", out_layers}};
    return style.dump(2) + "\n";
}

std::string legend_json(const Thematic& t) {
    const Choropleth c = classify_districts(t, t.values.size());
    json items = json::array();
    for (const LegendItem& item : c.legend.items)
        items.push_back({{"colour", hex(item.colour)}, {"label", item.label.toStdString()}, {"count", item.count}});
    return json{{"title", c.legend.title.toStdString()}, {"items", items}}.dump(2) + "\n";
}

}  // namespace hcgis::render
