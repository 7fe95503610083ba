// District labels: where each goes, which are placed when they would collide, and the white halo that
// keeps them legible over any fill.
#pragma once

#include "core/geos.h"

#include <QPainterPath>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QTransform>

#include <cstddef>
#include <vector>

class QPainter;

namespace hcgis::render {

/// Where the label of `district` goes, in world coordinates: a point on its surface (GEOS's), so that
/// even a crescent-shaped district is labelled inside itself. Throws geos::Error when GEOS fails.
QPointF label_point(const GEOSGeometry* district);

/// The districts by falling area of their bounding boxes (ties in input order): the order labels are
/// placed in, as the largest have the most room and the best claim to a label.
std::vector<std::size_t> label_order(const std::vector<QPainterPath>& districts);

/// Draws `text[d]` (lines split at '\n', each centred) centred on `at[d]` (world; `t` maps it to the
/// device, and `p`'s own transform must be the device's) for d in `order`, leaving out a label that does
/// not fit wholly in `frame` or comes within a halo (0.5 mm) of one placed before it. On raster devices
/// the halo is the text drawn white at eight offsets; on vector devices a stroke round the glyph outlines.
void draw_labels(QPainter& p, const std::vector<QString>& text, const std::vector<QPointF>& at,
                 const std::vector<std::size_t>& order, const QTransform& t, const QRectF& frame, double dpi);

}  // namespace hcgis::render
