#include "render/geometry_path.h"

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

QPainterPath line_path(const Layer& layer) {
    QPainterPath path;
    for (const auto& g : layer.geoms) add_geometry(path, g.get());
    return path;
}

}  // namespace hcgis::render
