// Legend entries: what the map sheet's legend and the viewer's legend panel list, group by group.
#pragma once

#include "render/symbols.h"

#include <QColor>
#include <QString>

#include <string>
#include <vector>

namespace hcgis::render {

struct LegendItem {
    enum class Kind { Fill, Line, Point };
    Kind kind = Kind::Fill;
    QColor colour;
    QString label;
    int count = -1;        // features in the class, -1 when not counted
    QString shape = "circle";  // for points: circle, square, triangle
};

struct LegendGroup {
    QString title;
    std::vector<LegendItem> items;
};

/// The group of point layer `role`: titled by its unclassified symbol's label, one item per class that
/// `pts` holds, in class order, with its count; in the class colours, or for a layer of one class in its
/// `look`'s colour, as draw_symbols() draws them.
LegendGroup symbol_legend(const std::string& role, const PointSymbols& pts, const LayerLook& look);

/// A context layer (roads, water, parks ...) as the legend lists it.
struct ContextLayer {
    std::string role;
    QColor colour;
    bool line = false;  // a line layer, else an area
};

/// The group "图例": those of `top_first` (the drawing order, top first) that have a legend name, in their
/// colours (the built-up area in the grey its faint wash looks), then the district boundary.
LegendGroup context_legend(const std::vector<ContextLayer>& top_first);

}  // namespace hcgis::render
