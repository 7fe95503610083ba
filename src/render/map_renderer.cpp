#include "render/map_renderer.h"

#include "render/density.h"
#include "render/classify.h"
#include "render/palette.h"
#include "render/units.h"

#include <QFontMetricsF>
#include <QPaintEngine>
#include <QPainter>
#include <QStaticText>

#include <algorithm>
#include <cmath>

namespace hcgis::render {
namespace {

// A value as a map shows it: a ratio as a percentage, trailing zeros dropped ("15", "3.5", "33.3 %").
QString number_text(double v, const std::string& unit) {
    const double shown = unit == "ratio" ? v * 100.0 : v;
    QString s = QString::number(shown, 'f', unit == "count" ? 0 : (std::abs(shown) >= 100 ? 0 : unit == "ratio" ? 1 : 2));
    if (s.contains('.')) {
        while (s.endsWith('0')) s.chop(1);
        if (s.endsWith('.')) s.chop(1);
    }
    return unit == "ratio" ? s + " %" : s;
}

}  // namespace

MapRenderer::MapRenderer(const City& city) : city_(city) {
    for (std::size_t d = 0; d < city.districts.size(); ++d) {
        const GEOSGeometry* g = city.districts.geom[d].get();
        districts_.push_back(to_path(g));
        extent_ = extent_.isNull() ? districts_.back().boundingRect() : extent_.united(districts_.back().boundingRect());
        geos::GeomPtr at = geos::check(GEOSPointOnSurface_r(geos::ctx(), g), "label point");
        double x = 0, y = 0;
        GEOSGeomGetX_r(geos::ctx(), at.get(), &x);
        GEOSGeomGetY_r(geos::ctx(), at.get(), &y);
        label_at_.emplace_back(x, y);
    }
    fills_.assign(districts_.size(), QColor("#f0f0f0"));
    // Labels: larger districts first, as they have the most room and the best claim to a label.
    std::vector<double> box_area;
    for (const auto& d : districts_) box_area.push_back(d.boundingRect().width() * d.boundingRect().height());
    label_order_.resize(districts_.size());
    for (std::size_t i = 0; i < label_order_.size(); ++i) label_order_[i] = i;
    std::stable_sort(label_order_.begin(), label_order_.end(),
                     [&](std::size_t a, std::size_t b) { return box_area[a] > box_area[b]; });
    for (const auto& [role, layer] : city.layers) {
        if (layer.kind == GeomKind::Polygon) areas_[role] = area_paths(layer);
        else if (layer.kind == GeomKind::Line) lines_[role] = line_path(layer);
        else points_[role] = point_symbols(layer, role);
    }
    for (const char* on : {"roads", "water", "parks"}) visible_[on] = true;
    // Bottom first: areas, lines, catchments, residents, then facility symbols.
    for (const char* r : {"builtup", "parks", "sports", "water", "roads", "trails"})
        if (city.layer(r)) order_.emplace_back(r);
    order_.emplace_back("catchments");
    if (city.layer("residents")) order_.emplace_back("residents");
    for (const auto& [role, layer] : city.layers)
        if (std::find(order_.begin(), order_.end(), role) == order_.end()) order_.push_back(role);
}

bool MapRenderer::visible(const std::string& role) const {
    auto it = visible_.find(role);
    return it != visible_.end() && it->second;
}

void MapRenderer::apply(const std::string& role, const LayerStyle& style) {
    LayerLook lk = look(role);
    if (style.colour) lk.colour = *style.colour;
    if (style.opacity) lk.opacity = *style.opacity;
    if (style.size_mm) lk.size_mm = *style.size_mm;
    looks_[role] = lk;
}

void MapRenderer::set_thematic(Thematic t) {
    for (const auto& [role, ls] : t.style.layers) apply(role, ls);
    thematic_legend_ = LegendGroup{t.title, {}};
    edges_.clear();
    const std::size_t n = districts_.size();
    fills_.assign(n, t.style.no_data);
    std::size_t no_data = 0;
    std::vector<double> present;
    for (const auto& v : t.values)
        if (v) present.push_back(*v);
        else ++no_data;

    if (t.style.method == Method::Target && t.target) {
        const QColor colours[3] = {t.style.fail, t.style.near_color, t.style.pass};
        int counts[3] = {0, 0, 0};
        for (std::size_t d = 0; d < n && d < t.values.size(); ++d) {
            if (!t.values[d]) continue;
            const int c = target_class(*t.values[d], *t.target, t.at_least, t.style.near);
            fills_[d] = colours[c];
            ++counts[c];
        }
        const QString goal = QString(t.at_least ? "≥ " : "≤ ") + number_text(*t.target, t.unit);
        const QString near_pct = QString::number(t.style.near * 100, 'f', 0) + "%";
        const QString labels[3] = {QString("未达标（差距超过 %1）").arg(near_pct), QString("接近目标（差距 %1 以内）").arg(near_pct),
                                   QString("达标（%1）").arg(goal)};
        for (int c = 2; c >= 0; --c)
            thematic_legend_.items.push_back({LegendItem::Kind::Fill, colours[c], labels[c], counts[c], "circle"});
    } else {
        Method m = t.style.method == Method::Target ? Method::Jenks : t.style.method;
        edges_ = render::class_edges(m, present, t.style.classes, t.style.breaks);
        const int classes = edges_.size() < 2 ? 0 : static_cast<int>(edges_.size()) - 1;
        const std::vector<QColor> colours = classes > 0 ? palette(t.style.palette, classes, t.style.reverse)
                                                        : std::vector<QColor>{};
        std::vector<int> counts(static_cast<std::size_t>(classes), 0);
        for (std::size_t d = 0; d < n && d < t.values.size(); ++d) {
            if (!t.values[d] || classes == 0) continue;
            const int c = class_index(*t.values[d], edges_);
            fills_[d] = colours[static_cast<std::size_t>(std::min(c, static_cast<int>(colours.size()) - 1))];
            ++counts[static_cast<std::size_t>(c)];
        }
        // Darkest class first, as a legend reads from high to low.
        for (int c = classes - 1; c >= 0; --c) {
            const auto k = static_cast<std::size_t>(c);
            const QString label = number_text(edges_[k], t.unit) + " – " + number_text(edges_[k + 1], t.unit);
            thematic_legend_.items.push_back(
                {LegendItem::Kind::Fill, colours[std::min(k, colours.size() - 1)], label, counts[k], "circle"});
        }
    }
    if (no_data > 0)
        thematic_legend_.items.push_back(
            {LegendItem::Kind::Fill, t.style.no_data, "无数据", static_cast<int>(no_data), "circle"});
    thematic_ = std::move(t);
}

void MapRenderer::set_catchments(const GEOSGeometry* area, const QString& label, const Style& style) {
    catchment_ = to_path(area);
    catchment_.setFillRule(Qt::WindingFill);
    catchment_colour_ = style.catchment;
    catchment_colour_.setAlphaF(static_cast<float>(style.catchment_alpha));
    catchment_label_ = label;
}

QColor MapRenderer::district_fill(std::size_t d) const { return fills_.at(d); }

QTransform MapRenderer::view_transform(const QRectF& frame, const QRectF& world) {
    const double sx = frame.width() / std::max(world.width(), 1e-9);
    const double sy = frame.height() / std::max(world.height(), 1e-9);
    const double s = std::min(sx, sy);
    QTransform t;
    t.translate(frame.center().x(), frame.center().y());
    t.scale(s, -s);  // north up: y grows northwards in the CRS, downwards on the device
    t.translate(-world.center().x(), -world.center().y());
    return t;
}

void MapRenderer::render(QPainter& p, const QRectF& frame, const QRectF& world, double dpi) const {
    p.save();
    const QTransform base = p.transform();
    const QTransform t = view_transform(frame, world);
    p.setClipRect(frame);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.fillRect(frame, QColor("#ffffff"));

    p.setTransform(t * base);
    p.setPen(Qt::NoPen);
    for (std::size_t d = 0; d < districts_.size(); ++d) p.fillPath(districts_[d], fills_[d]);
    density_legend_.reset();
    // District outlines go above every area, line and the residents, under the facility symbols.
    bool outlined = false;
    for (const auto& role : order_) {
        if (role != "catchments" && !visible(role)) continue;
        if (!outlined && role != "residents" && points_.count(role)) {
            draw_outlines(p, t * base, dpi);
            outlined = true;
        }
        draw_layer(role, p, t, base, frame, dpi);
    }
    if (!outlined) draw_outlines(p, t * base, dpi);
    p.setTransform(base);
    draw_labels(p, t, frame, dpi);
    p.restore();
}

void MapRenderer::draw_outlines(QPainter& p, const QTransform& world_to_painter, double dpi) const {
    p.setTransform(world_to_painter);
    p.setBrush(Qt::NoBrush);
    QPen outline(thematic_ ? thematic_->style.outline : QColor("#4d4d4d"),
                 mm_px(thematic_ ? thematic_->style.outline_mm : 0.35, dpi));
    outline.setCosmetic(true);
    outline.setJoinStyle(Qt::RoundJoin);
    for (const auto& d : districts_) p.strokePath(d, outline);
}

void MapRenderer::set_order(const std::vector<std::string>& order) {
    std::vector<std::string> out;
    for (const auto& r : order)
        if (std::find(order_.begin(), order_.end(), r) != order_.end() && std::find(out.begin(), out.end(), r) == out.end())
            out.push_back(r);
    for (const auto& r : order_)
        if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
    order_ = std::move(out);
}

void MapRenderer::move(const std::string& role, int steps) {
    auto it = std::find(order_.begin(), order_.end(), role);
    if (it == order_.end()) return;
    const auto from = it - order_.begin();
    const auto to = std::clamp<std::ptrdiff_t>(from + steps, 0, static_cast<std::ptrdiff_t>(order_.size()) - 1);
    std::string r = *it;
    order_.erase(it);
    order_.insert(order_.begin() + to, std::move(r));
}

LayerLook MapRenderer::look(const std::string& role) const {
    if (auto it = looks_.find(role); it != looks_.end()) return it->second;
    // The defaults: muted context, facility symbols that stand out.
    if (role == "builtup") return {QColor(0, 0, 0), 28 / 255.0, 0};
    if (role == "parks") return {QColor(116, 196, 118), 150 / 255.0, 0};
    if (role == "sports") return {QColor(253, 174, 107), 150 / 255.0, 0};
    if (role == "water") return {QColor("#9ecae1"), 1.0, 0};
    if (role == "roads") return {QColor(150, 150, 150), 200 / 255.0, 0.15};
    if (role == "trails") return {QColor("#238b45"), 1.0, 0.3};
    if (role == "residents") return {QColor(90, 90, 90), 170 / 255.0, 0.7};
    // Facility symbols: a layer with classes keeps its class colours (the first stands for it here).
    const auto& cats = categories(role);
    return {QColor(cats.size() == 1 ? cats.back().colour : cats.front().colour), 1.0, 1.8};
}

void MapRenderer::draw_layer(const std::string& role, QPainter& p, const QTransform& t, const QTransform& base,
                             const QRectF& frame, double dpi) const {
    const LayerLook lk = look(role);
    if (role == "catchments") {
        if (catchment_.isEmpty()) return;
        p.setTransform(t * base);
        p.setPen(Qt::NoPen);
        p.fillPath(catchment_, catchment_colour_);
        QColor line = catchment_colour_;
        line.setAlpha(255);
        QPen edge(line, mm_px(0.3, dpi));
        edge.setCosmetic(true);
        p.strokePath(catchment_, edge);
        return;
    }
    if (auto a = areas_.find(role); a != areas_.end()) {
        p.setTransform(t * base);
        p.setPen(Qt::NoPen);
        for (const auto& part : a->second) p.fillPath(part, with_opacity(lk));
        return;
    }
    if (auto l = lines_.find(role); l != lines_.end()) {
        p.setTransform(t * base);
        QPen pen(with_opacity(lk), mm_px(lk.size_mm, dpi));
        pen.setCosmetic(true);
        pen.setStyle(role == "trails" ? Qt::DashLine : Qt::SolidLine);
        p.strokePath(l->second, pen);
        return;
    }
    auto it = points_.find(role);
    if (it == points_.end()) return;
    p.setTransform(base);
    // Symbols in device space, so their size is in millimetres whatever the scale.
    if (role == "residents")
        density_legend_ = draw_residents(p, it->second, lk, !thematic_ || thematic_->style.residents_density, t, frame, dpi);
    else
        draw_symbols(p, it->second, role, lk, t, frame, dpi);
}

void MapRenderer::draw_labels(QPainter& p, const QTransform& t, const QRectF& frame, double dpi) const {
    QFont font(cjk_family());
    font.setPointSizeF(8.5);
    p.setFont(font);
    const QFontMetricsF fm(font, p.device());
    const std::vector<std::size_t>& order = label_order_;
    std::vector<QRectF> placed;
    const double halo = mm_px(0.5, dpi);
    const bool raster = p.paintEngine() && p.paintEngine()->type() == QPaintEngine::Raster;
    std::vector<QPointF> halo_offsets;
    for (int k = 0; k < 8; ++k)
        halo_offsets.emplace_back(halo * std::cos(k * M_PI / 4), halo * std::sin(k * M_PI / 4));
    for (std::size_t d : order) {
        QString text = QString::fromStdString(city_.districts.name[d]);
        if (thematic_ && d < thematic_->values.size() && thematic_->values[d])
            text += "\n" + number_text(*thematic_->values[d], thematic_->unit);
        const QPointF at = t.map(label_at_[d]);
        const QStringList lines = text.split('\n');
        double w = 0;
        for (const auto& l : lines) w = std::max(w, fm.horizontalAdvance(l));
        const double h = fm.height() * static_cast<double>(lines.size());
        QRectF box(at.x() - w / 2, at.y() - h / 2, w, h);
        if (!frame.contains(box)) continue;
        bool clash = false;
        for (const auto& r : placed) clash |= r.adjusted(-halo, -halo, halo, halo).intersects(box);
        if (clash) continue;
        placed.push_back(box);
        if (raster) {
            // On pixels, the halo is the text drawn white at eight offsets round it: glyphs come from Qt's
            // cache, some hundred times faster than stroking the outline of every glyph.
            for (qsizetype i = 0; i < lines.size(); ++i) {
                // Laid out once (QStaticText's top-left anchor), drawn nine times.
                QStaticText st(lines[i]);
                st.prepare(QTransform(), font);
                const QPointF top_left(at.x() - fm.horizontalAdvance(lines[i]) / 2,
                                       box.top() + fm.height() * static_cast<double>(i));
                p.setPen(QColor(255, 255, 255, 230));
                for (const QPointF& o : halo_offsets) p.drawStaticText(top_left + o, st);
                p.setPen(QColor("#1a1a1a"));
                p.drawStaticText(top_left, st);
            }
            continue;
        }
        // In PDF and SVG the halo is a stroke round the glyph outlines: crisp at any zoom.
        QPainterPath path;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const double lw = fm.horizontalAdvance(lines[i]);
            path.addText(QPointF(at.x() - lw / 2, box.top() + fm.ascent() + fm.height() * static_cast<double>(i)), font,
                         lines[i]);
        }
        p.setPen(QPen(QColor(255, 255, 255, 230), halo * 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor("#1a1a1a"));
        p.drawPath(path);
    }
}

std::vector<LegendGroup> MapRenderer::legend() const {
    std::vector<LegendGroup> out;
    if (thematic_) out.push_back(thematic_legend_);
    if (!catchment_.isEmpty())
        out.push_back({"服务范围", {{LegendItem::Kind::Fill, catchment_colour_, catchment_label_, -1, "circle"}}});
    for (const auto& [role, pts] : points_)
        if (role != "residents" && visible(role) && !pts.at.empty()) out.push_back(symbol_legend(role, pts));
    if (density_legend_) out.push_back(*density_legend_);
    // Context layers in drawing order, top first, in their own colours.
    std::vector<ContextLayer> context;
    for (auto r = order_.rbegin(); r != order_.rend(); ++r)
        if (visible(*r) && (lines_.count(*r) || areas_.count(*r))) context.push_back({*r, look(*r).colour, lines_.count(*r) > 0});
    out.push_back(context_legend(context));
    return out;
}

}  // namespace hcgis::render
