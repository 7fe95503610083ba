// Residents on the map: a dot each, or where dots would merge into a grey mass, a density surface binned
// in device space.
#pragma once

#include "render/layer_look.h"
#include "render/legend.h"
#include "render/symbols.h"

#include <QRectF>
#include <QTransform>

#include <optional>

class QPainter;

namespace hcgis::render {

/// Draws the resident points `pts` that fall in `frame` (device coordinates; `t` maps world to device and
/// `p`'s own transform must be the device's). As dots in `look` unless `allow_surface` and the dots
/// (0.7 mm each) would cover more than 15 % of the frame; then as a surface of 1.5 mm cells coloured by
/// residents per km² of ground (the points' weights), in five quantile classes of YlOrRd. Returns the
/// legend group of what it drew: the dots with their count, or the surface's classes; nullopt when the
/// surface had no resident to show.
std::optional<LegendGroup> draw_residents(QPainter& p, const PointSymbols& pts, const LayerLook& look,
                                          bool allow_surface, const QTransform& t, const QRectF& frame, double dpi);

/// The weights of `pts` binned as draw_residents() bins them, drawn as a surface in five quantile classes
/// of `palette_name` (people per km²), the legend group titled `title`; nullopt, nothing drawn, when no
/// point in the frame has a weight. The workbench's map of residents not covered (待覆盖居民) is one.
std::optional<LegendGroup> draw_density(QPainter& p, const PointSymbols& pts, const QTransform& t, const QRectF& frame,
                                        double dpi, const QString& title, const char* palette_name);

}  // namespace hcgis::render
