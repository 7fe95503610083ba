#include "render/labels.h"

#include "render/qt_setup.h"
#include "render/units.h"

#include <QFontMetricsF>

#include <vector>
#include <QPaintEngine>
#include <QPainter>
#include <QStaticText>

#include <algorithm>
#include <cmath>

namespace hcgis::render {
namespace {

/// What every label of one render shares.
struct LabelPen {
    QFont font;
    QFontMetricsF fm;
    double halo = 0;                    // pixels
    std::vector<QPointF> halo_offsets;  // raster halo: eight directions round the text
};

// On pixels, the halo is the text drawn white at eight offsets round it: glyphs come from Qt's cache, some
// hundred times faster than stroking the outline of every glyph.
void draw_raster(QPainter& p, const LabelPen& pen, const QStringList& lines, const QPointF& at, const QRectF& box) {
    for (qsizetype i = 0; i < lines.size(); ++i) {
        // Laid out once (QStaticText's top-left anchor), drawn nine times.
        QStaticText st(lines[i]);
        st.prepare(QTransform(), pen.font);
        const QPointF top_left(at.x() - pen.fm.horizontalAdvance(lines[i]) / 2,
                               box.top() + pen.fm.height() * static_cast<double>(i));
        p.setPen(QColor(255, 255, 255, 230));
        for (const QPointF& o : pen.halo_offsets) p.drawStaticText(top_left + o, st);
        p.setPen(QColor("#1a1a1a"));
        p.drawStaticText(top_left, st);
    }
}

// In PDF and SVG the halo is a stroke round the glyph outlines, crisp at any zoom, and the label itself is
// text, so that a PDF reader finds and copies the district's name. The halo is opaque: Qt's PDF engine
// strokes it natively then, instead of outlining every glyph's stroke into a polygon.
void draw_outlined(QPainter& p, const LabelPen& pen, const QStringList& lines, const QPointF& at, const QRectF& box) {
    QPainterPath path;
    std::vector<QPointF> origins;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const double lw = pen.fm.horizontalAdvance(lines[i]);
        origins.emplace_back(at.x() - lw / 2, box.top() + pen.fm.ascent() + pen.fm.height() * static_cast<double>(i));
        path.addText(origins.back(), pen.font, lines[i]);
    }
    p.setPen(QPen(QColor(255, 255, 255), pen.halo * 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    p.setPen(QColor("#1a1a1a"));
    p.setFont(pen.font);
    for (qsizetype i = 0; i < lines.size(); ++i) p.drawText(origins[static_cast<std::size_t>(i)], lines[i]);
}

}  // namespace

QPointF label_point(const GEOSGeometry* district) {
    const auto [x, y] = geos::point_xy(geos::point_on_surface(district).get());
    return {x, y};
}

std::vector<std::size_t> label_order(const std::vector<QPainterPath>& districts) {
    std::vector<double> box_area;
    for (const auto& d : districts) box_area.push_back(d.boundingRect().width() * d.boundingRect().height());
    std::vector<std::size_t> order(districts.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return box_area[a] > box_area[b]; });
    return order;
}

void draw_labels(QPainter& p, const std::vector<QString>& text, const std::vector<QPointF>& at,
                 const std::vector<std::size_t>& order, const QTransform& t, const QRectF& frame, double dpi) {
    QFont font(cjk_family());
    font.setPointSizeF(8.5);
    p.setFont(font);
    LabelPen pen{font, QFontMetricsF(font, p.device()), mm_px(0.5, dpi), {}};
    for (int k = 0; k < 8; ++k)
        pen.halo_offsets.emplace_back(pen.halo * std::cos(k * M_PI / 4), pen.halo * std::sin(k * M_PI / 4));
    const bool raster = p.paintEngine() && p.paintEngine()->type() == QPaintEngine::Raster;
    std::vector<QRectF> placed;
    for (std::size_t d : order) {
        const QPointF centre = t.map(at[d]);
        const QStringList lines = text[d].split('\n');
        double w = 0;
        for (const auto& l : lines) w = std::max(w, pen.fm.horizontalAdvance(l));
        const double h = pen.fm.height() * static_cast<double>(lines.size());
        const QRectF box(centre.x() - w / 2, centre.y() - h / 2, w, h);
        if (!frame.contains(box)) continue;
        bool clash = false;
        for (const auto& r : placed) clash |= r.adjusted(-pen.halo, -pen.halo, pen.halo, pen.halo).intersects(box);
        if (clash) continue;
        placed.push_back(box);
        if (raster) draw_raster(p, pen, lines, centre, box);
        else draw_outlined(p, pen, lines, centre, box);
    }
}

}  // namespace hcgis::render
