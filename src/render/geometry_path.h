// GEOS geometries as QPainterPaths in world (working CRS) coordinates: what the renderer fills and strokes.
#pragma once

#include "core/city.h"

#include <QPainterPath>

#include <vector>

namespace hcgis::render {

/// A QPainterPath of a (multi)polygon or (multi)linestring in world coordinates, odd-even filled so that
/// holes stay open; an empty path for null, points and empty geometries.
QPainterPath to_path(const GEOSGeometry* g);

/// Appends `g` (polygon rings closed, lines open; collections part by part) to `path`.
void add_geometry(QPainterPath& path, const GEOSGeometry* g);

/// The polygons of an area layer as one path per polygon of the layer's union, so that features that
/// overlap (two parks) are not filled twice with a transparent colour; many small paths also fill far
/// faster than one of them all. Where GEOS cannot union them, one path per feature as it is.
std::vector<QPainterPath> area_paths(const Layer& layer);

/// The lines of a line layer in up to 16 × 16 paths, each of the lines whose bounding box centres fall in
/// one cell of the layer's extent: a map zoomed to part of it draws (and a PDF holds) only the tiles in view.
std::vector<QPainterPath> line_tiles(const Layer& layer);

/// The parts of `lines` (world coordinates, move-to and line-to only) that reach `view` (device
/// coordinates), mapped by `t` to the device: segments wholly outside `view` are left out, and a vertex
/// closer than `tolerance` device units to the last one kept is dropped (the line's last vertex never).
/// What a PDF holds of a map zoomed to part of the city is then what is in view, at the resolution it is
/// printed at, instead of every vertex of every line that touches it.
QPainterPath device_lines(const std::vector<QPainterPath>& lines, const QTransform& t, const QRectF& view,
                          double tolerance);

}  // namespace hcgis::render
