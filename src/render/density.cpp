#include "render/density.h"

#include "render/classify.h"
#include "render/palette.h"
#include "render/units.h"

#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace hcgis::render {
namespace {

/// Residents' weights summed in square device cells over the frame, row by row.
struct Bins {
    double cell = 0;  // pixels
    int w = 0, h = 0;
    std::vector<double> sum;
    double at(int x, int y) const { return sum[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)]; }
};

Bins bin(const PointSymbols& pts, const QTransform& t, const QRectF& frame, double cell) {
    Bins b;
    b.cell = cell;
    b.w = std::max(1, static_cast<int>(std::ceil(frame.width() / cell)));
    b.h = std::max(1, static_cast<int>(std::ceil(frame.height() / cell)));
    b.sum.assign(static_cast<std::size_t>(b.w) * static_cast<std::size_t>(b.h), 0.0);
    for (std::size_t i = 0; i < pts.at.size(); ++i) {
        const QPointF at = t.map(pts.at[i]) - frame.topLeft();
        const int gx = static_cast<int>(at.x() / cell), gy = static_cast<int>(at.y() / cell);
        if (gx < 0 || gy < 0 || gx >= b.w || gy >= b.h) continue;
        b.sum[static_cast<std::size_t>(gy) * static_cast<std::size_t>(b.w) + static_cast<std::size_t>(gx)] += pts.weight[i];
    }
    return b;
}

LegendGroup draw_dots(QPainter& p, const PointSymbols& pts, const LayerLook& look, std::size_t inside,
                      const QTransform& t, const QRectF& frame, double dpi) {
    const double r = mm_px(look.size_mm, dpi) / 2;
    p.setPen(Qt::NoPen);
    p.setBrush(with_opacity(look));
    for (const auto& a : pts.at) {
        const QPointF at = t.map(a);
        if (frame.contains(at)) p.drawEllipse(at, r, r);
    }
    return LegendGroup{"居民点", {{LegendItem::Kind::Point, look.colour, "居民点", static_cast<int>(inside), "circle"}}};
}

}  // namespace

std::optional<LegendGroup> draw_density(QPainter& p, const PointSymbols& pts, const QTransform& t, const QRectF& frame,
                                        double dpi, const QString& title, const char* palette_name) {
    const Bins bins = bin(pts, t, frame, std::max(2.0, mm_px(1.5, dpi)));
    const double metres_per_px = 1.0 / std::abs(t.m11());
    const double cell_km2 = (bins.cell * metres_per_px) * (bins.cell * metres_per_px) / 1e6;
    std::vector<double> nonzero;
    for (double b : bins.sum)
        if (b > 0) nonzero.push_back(b / cell_km2);
    if (nonzero.empty()) return std::nullopt;
    const std::vector<double> edges = class_edges(Method::Quantile, nonzero, 5);
    const int classes = std::max(1, static_cast<int>(edges.size()) - 1);
    const std::vector<QColor> colours = palette(palette_name, classes);
    QImage img(bins.w, bins.h, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    for (int y = 0; y < bins.h; ++y)
        for (int x = 0; x < bins.w; ++x) {
            const double b = bins.at(x, y);
            if (b <= 0) continue;
            const int c = class_index(b / cell_km2, edges);
            QColor col = colours[static_cast<std::size_t>(std::min(c, static_cast<int>(colours.size()) - 1))];
            col.setAlpha(200);
            img.setPixelColor(x, y, col);
        }
    p.drawImage(QRectF(frame.topLeft(), QSizeF(bins.w * bins.cell, bins.h * bins.cell)), img);
    LegendGroup legend{title, {}};
    for (int c = classes - 1; c >= 0; --c) {
        const auto k = static_cast<std::size_t>(c);
        legend.items.push_back({LegendItem::Kind::Fill, colours[std::min(k, colours.size() - 1)],
                                QString::number(edges[k], 'f', 0) + " – " + QString::number(edges[k + 1], 'f', 0), -1,
                                "circle"});
    }
    return legend;
}

std::optional<LegendGroup> draw_residents(QPainter& p, const PointSymbols& pts, const LayerLook& look,
                                          bool allow_surface, const QTransform& t, const QRectF& frame, double dpi) {
    const double dot = mm_px(0.7, dpi);
    std::size_t inside = 0;
    for (const auto& a : pts.at)
        if (frame.contains(t.map(a))) ++inside;
    const bool dense = allow_surface && static_cast<double>(inside) * dot * dot > 0.15 * frame.width() * frame.height();
    if (!dense) return draw_dots(p, pts, look, inside, t, frame, dpi);
    return draw_density(p, pts, t, frame, dpi, "居民密度（人/km²）", "YlOrRd");
}

}  // namespace hcgis::render
