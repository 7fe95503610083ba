// Map styles (styles/*.json): how an indicator is classified and coloured, and how points, roads and
// catchments look. A style file names only what it changes; the rest keeps the defaults below.
#pragma once

#include "core/catalog.h"
#include "render/classify.h"

#include <QColor>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hcgis::render {

/// How one layer (parks, roads, residents, toilets ...) is drawn, as far as a style file says: its colour
/// (area fill, line, resident dots; points with classes keep their class colours), opacity, and line width
/// or symbol size in millimetres. What it leaves out keeps the renderer's default.
struct LayerStyle {
    std::optional<QColor> colour;
    std::optional<double> opacity;
    std::optional<double> size_mm;
};

struct Style {
    std::string name = "default";
    Method method = Method::Jenks;
    int classes = 5;
    std::vector<double> breaks;           // Method::Manual
    std::string palette = "YlGn";
    bool reverse = false;
    double near = 0.1;                    // Method::Target: the "near" band, as a fraction of the target
    QColor fail{"#fc8d59"}, near_color{"#ffffbf"}, pass{"#91cf60"};  // Method::Target (ColorBrewer RdYlGn 3)
    QColor no_data{"#d9d9d9"};
    QColor outline{"#4d4d4d"};
    double outline_mm = 0.35;
    QColor catchment{"#0570b0"};
    double catchment_alpha = 0.4;
    bool residents_density = true;        // a density surface where points would merge
    std::map<std::string, LayerStyle> layers;  // by role: "parks", "roads", ...
};

/// Parses a style; `file` names it in messages. Throws InputError naming the key at fault.
Style parse_style(const std::string& json_text, const std::string& file);
Style read_style(const std::filesystem::path& file);

/// The style for `def` when none is given: target-based where the plan sets a target, else natural
/// breaks in a palette that suits the theme.
Style default_style(const IndicatorDef& def);

}  // namespace hcgis::render
