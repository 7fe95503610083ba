// Point layers as symbols: the class of every facility (by the codes io stores, core/codes.h), its
// colour and shape, drawn in device space so that sizes are in millimetres at any scale.
#pragma once

#include "core/city.h"
#include "render/layer_look.h"

#include <QPointF>
#include <QRectF>
#include <QTransform>

#include <string>
#include <vector>

class QPainter;

namespace hcgis::render {

/// One class of a point layer's symbols.
struct Category {
    double code;         // the class code in the layer's "class" column
    const char* label;   // legend label, UTF-8
    const char* colour;  // "#rrggbb"
    const char* shape;   // circle, square, triangle
};

/// The classes of point layer `role`, the unclassified symbol last (the only one for layers without
/// classes; one empty class for roles it does not know). The reference stays valid for the process.
const std::vector<Category>& categories(const std::string& role);

/// A point layer in world coordinates with each point's class (an index into categories()) and weight
/// (its mapped population, else 1).
struct PointSymbols {
    std::vector<QPointF> at;
    std::vector<int> category;
    std::vector<double> weight;
};

/// The points of `layer` playing `role`; toilets and fitness sites are classed by their "class" column,
/// other points (and codes it does not know) take the unclassified symbol.
PointSymbols point_symbols(const Layer& layer, const std::string& role);

/// Draws the symbols of `pts` that fall in `frame` (device coordinates; `t` maps world to device, and
/// `p`'s own transform must be the device's): `look.size_mm` wide with a thin white edge, in their class
/// colours, or the look's colour for a layer of one class, at the look's opacity.
void draw_symbols(QPainter& p, const PointSymbols& pts, const std::string& role, const LayerLook& look,
                  const QTransform& t, const QRectF& frame, double dpi);

}  // namespace hcgis::render
