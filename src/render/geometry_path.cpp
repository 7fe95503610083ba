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

QPainterPath device_lines(const std::vector<QPainterPath>& lines, const QTransform& t, const QRectF& view,
                          double tolerance) {
    QPainterPath out;
    const double tol2 = tolerance * tolerance;
    auto outside = [&](const QPointF& a, const QPointF& b) {
        return (a.x() < view.left() && b.x() < view.left()) || (a.x() > view.right() && b.x() > view.right()) ||
               (a.y() < view.top() && b.y() < view.top()) || (a.y() > view.bottom() && b.y() > view.bottom());
    };
    const QRectF world = t.inverted().mapRect(view);
    for (const QPainterPath& path : lines) {
        const QRectF box = path.boundingRect();
        if (box.right() < world.left() || box.left() > world.right() || box.bottom() < world.top() || box.top() > world.bottom())
            continue;
        QPointF prev, kept;  // the vertex before, and the last one written
        bool open = false;   // whether `out` has a subpath being extended
        const int n = path.elementCount();
        for (int i = 0; i < n; ++i) {
            const QPainterPath::Element e = path.elementAt(i);
            const QPointF at = t.map(QPointF(e.x, e.y));
            if (e.isMoveTo()) {
                prev = at;
                open = false;
                continue;
            }
            const bool last = i + 1 == n || path.elementAt(i + 1).isMoveTo();
            if (outside(prev, at)) {
                if (open && kept != prev) out.lineTo(prev);  // the segment that left the view ends at its end
                open = false;
                prev = at;
                continue;
            }
            if (!open) {
                out.moveTo(prev);
                kept = prev;
                open = true;
            }
            const QPointF d = at - kept;
            if (last || d.x() * d.x() + d.y() * d.y() >= tol2) {
                out.lineTo(at);
                kept = at;
            }
            prev = at;
        }
    }
    return out;
}

}  // namespace hcgis::render
