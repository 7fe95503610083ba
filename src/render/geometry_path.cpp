#include "render/geometry_path.h"

#include <algorithm>

#include <QPolygonF>

namespace hcgis::render {
void add_geometry(QPainterPath& path, const GEOSGeometry* g) {
    geos::walk_coordinates(g, [&path](geos::Piece piece, std::span<const geos::XY> pts) {
        QPolygonF poly;
        poly.reserve(static_cast<qsizetype>(pts.size()));
        for (const auto& p : pts) poly << QPointF(p.x, p.y);
        if (piece != geos::Piece::Line) {  // a polygon's shell or hole: a closed subpath
            path.addPolygon(poly);
            return;
        }
        path.moveTo(poly.front());
        for (qsizetype i = 1; i < poly.size(); ++i) path.lineTo(poly[i]);
    });
}

QPainterPath to_path(const GEOSGeometry* g) {
    QPainterPath path;
    path.setFillRule(Qt::OddEvenFill);
    if (g) add_geometry(path, g);
    return path;
}

std::vector<QPainterPath> area_paths(const Layer& layer) {
    // Parks of the 1 M-resident city: 2 ms as a path a polygon, against 35 ms as one path.
    std::vector<QPainterPath> parts;
    std::vector<const GEOSGeometry*> all;
    for (const auto& g : layer.geoms) all.push_back(g.get());
    try {
        const geos::GeomPtr u = geos::unary_union(all);
        for (const GEOSGeometry* part : geos::parts(u.get())) parts.push_back(to_path(part));
    } catch (const geos::Error&) {
        parts.clear();
        for (const auto& g : layer.geoms) parts.push_back(to_path(g.get()));
    }
    return parts;
}

std::vector<QPainterPath> line_tiles(const Layer& layer) {
    std::vector<QPainterPath> lines;
    QRectF extent;
    for (const auto& g : layer.geoms) {
        QPainterPath one;
        add_geometry(one, g.get());
        if (one.isEmpty()) continue;
        extent = extent.united(one.boundingRect());
        lines.push_back(std::move(one));
    }
    constexpr int n = 16;
    std::vector<QPainterPath> tiles(n * n);
    const double w = std::max(extent.width(), 1e-9) / n, h = std::max(extent.height(), 1e-9) / n;
    for (const auto& line : lines) {
        const QPointF c = line.boundingRect().center();
        const int i = std::clamp(static_cast<int>((c.x() - extent.left()) / w), 0, n - 1);
        const int j = std::clamp(static_cast<int>((c.y() - extent.top()) / h), 0, n - 1);
        tiles[static_cast<std::size_t>(j * n + i)].addPath(line);
    }
    std::erase_if(tiles, [](const QPainterPath& t) { return t.isEmpty(); });
    return tiles;
}

}  // namespace hcgis::render
