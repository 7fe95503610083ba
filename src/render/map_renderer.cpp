#include "render/map_renderer.h"

#include "render/density.h"
#include "render/labels.h"
#include "render/units.h"

#include <QPainter>

#include <algorithm>

namespace hcgis::render {

MapRenderer::MapRenderer(const City& city) : city_(city) {
    for (std::size_t d = 0; d < city.districts.size(); ++d) {
        const GEOSGeometry* g = city.districts.geom[d].get();
        districts_.push_back(to_path(g));
        extent_ = extent_.isNull() ? districts_.back().boundingRect() : extent_.united(districts_.back().boundingRect());
        label_at_.push_back(label_point(g));
    }
    choropleth_.fills.assign(districts_.size(), QColor("#f0f0f0"));
    label_order_ = label_order(districts_);
    for (const auto& [role, layer] : city.layers) {
        if (layer.kind == GeomKind::Polygon) areas_[role] = area_paths(layer);
        else if (layer.kind == GeomKind::Line) lines_[role] = line_tiles(layer);
        else points_[role] = point_symbols(layer, role);
    }
    for (const char* on : {"roads", "water", "parks"}) visible_[on] = true;
    // Bottom first: areas, lines, catchments, residents, then facility symbols.
    for (const char* r : {"builtup", "buildings", "parks", "sports", "water", "roads", "trails"})
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
    // The same style applied again (each thematic of the same style) keeps the kept layers.
    auto it = looks_.find(role);
    if (it != looks_.end() && it->second.colour == lk.colour && it->second.opacity == lk.opacity && it->second.size_mm == lk.size_mm)
        return;
    looks_[role] = lk;
    ++version_;
}

void MapRenderer::set_thematic(Thematic t) {
    for (const auto& [role, ls] : t.style.layers) apply(role, ls);
    if (!thematic_ || thematic_->style.residents_density != t.style.residents_density) ++version_;
    choropleth_ = classify_districts(t, districts_.size());
    thematic_ = std::move(t);
}

void MapRenderer::set_catchments(const GEOSGeometry* area, const QString& label, const Style& style) {
    catchment_ = to_path(area);
    catchment_.setFillRule(Qt::WindingFill);
    catchment_colour_ = style.catchment;
    catchment_colour_.setAlphaF(static_cast<float>(style.catchment_alpha));
    catchment_label_ = label;
    ++version_;
}

namespace {

/// How far apart (device pixels) two vertices of a stroked line must be to be kept apart.
constexpr double kVertexTolerancePx = 0.5;

/// Whether `r` (a path's bounding box, which is flat for a straight road) touches the world in view.
bool overlaps(const QRectF& seen, const QRectF& r) {
    return r.right() >= seen.left() && r.left() <= seen.right() && r.bottom() >= seen.top() && r.top() <= seen.bottom();
}

}  // namespace

QColor MapRenderer::district_fill(std::size_t d) const { return choropleth_.fills.at(d); }

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

/// The layers of one view drawn apart, and what they were drawn for.
struct MapRenderer::Kept {
    QImage below, above;  // the layers under the outlines, and the facility symbols over them
    QSize size;
    qreal ratio = 1;
    QRectF frame, world;
    double dpi = 0;
    std::uint64_t version = 0;
    std::optional<LegendGroup> density_legend;
    bool filled = false;
};

MapRenderer::~MapRenderer() = default;

void MapRenderer::render(QPainter& p, const QRectF& frame, const QRectF& world, double dpi) const {
    render_with(p, frame, world, dpi, nullptr);
}

void MapRenderer::render_cached(QPainter& p, const QImage& image, const QRectF& frame, const QRectF& world,
                                double dpi) const {
    if (!p.transform().isIdentity()) return render(p, frame, world, dpi);
    if (!kept_) kept_ = std::make_unique<Kept>();
    Kept& k = *kept_;
    if (!k.filled || k.size != image.size() || k.ratio != image.devicePixelRatio() || k.frame != frame ||
        k.world != world || k.dpi != dpi || k.version != version_) {
        const QTransform t = view_transform(frame, world);
        auto blank = [&] {
            QImage img(image.size(), QImage::Format_ARGB32_Premultiplied);
            img.setDevicePixelRatio(image.devicePixelRatio());
            img.fill(Qt::transparent);
            return img;
        };
        density_legend_.reset();
        k.below = blank();
        std::size_t mid = 0;
        {
            QPainter q(&k.below);
            q.setClipRect(frame);
            q.setRenderHint(QPainter::Antialiasing, true);
            mid = draw_layers(q, t, QTransform(), frame, dpi, 0, true);
        }
        k.density_legend = density_legend_;
        k.above = blank();
        {
            QPainter q(&k.above);
            q.setClipRect(frame);
            q.setRenderHint(QPainter::Antialiasing, true);
            draw_layers(q, t, QTransform(), frame, dpi, mid, false);
        }
        k.size = image.size();
        k.ratio = image.devicePixelRatio();
        k.frame = frame;
        k.world = world;
        k.dpi = dpi;
        k.version = version_;
        k.filled = true;
    }
    render_with(p, frame, world, dpi, &k);
}

std::size_t MapRenderer::draw_layers(QPainter& p, const QTransform& t, const QTransform& base, const QRectF& frame,
                                     double dpi, std::size_t from, bool below) const {
    for (std::size_t i = from; i < order_.size(); ++i) {
        const std::string& role = order_[i];
        if (role != "catchments" && !visible(role)) continue;
        if (below && role != "residents" && points_.count(role)) return i;
        draw_layer(role, p, t, base, frame, dpi);
    }
    return order_.size();
}

void MapRenderer::render_with(QPainter& p, const QRectF& frame, const QRectF& world, double dpi, Kept* kept) const {
    p.save();
    const QTransform base = p.transform();
    const QTransform t = view_transform(frame, world);
    p.setClipRect(frame);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.fillRect(frame, QColor("#ffffff"));

    p.setTransform(t * base);
    p.setPen(Qt::NoPen);
    const QRectF seen = t.inverted().mapRect(frame);  // the world in view: paths outside it are not drawn
    for (std::size_t d = 0; d < districts_.size(); ++d)
        if (overlaps(seen, districts_[d].boundingRect())) p.fillPath(districts_[d], choropleth_.fills[d]);
    // District outlines go above every area, line and the residents, under the facility symbols.
    if (!kept) {
        density_legend_.reset();
        const std::size_t mid = draw_layers(p, t, base, frame, dpi, 0, true);
        draw_uncovered_and_outlines(p, t, base, frame, dpi);
        draw_layers(p, t, base, frame, dpi, mid, false);
    } else {
        p.setTransform(base);
        p.drawImage(QPointF(0, 0), kept->below);
        draw_uncovered_and_outlines(p, t, base, frame, dpi);
        p.setTransform(base);
        p.drawImage(QPointF(0, 0), kept->above);
        density_legend_ = kept->density_legend;
    }
    if (focus_ && *focus_ < districts_.size()) draw_focus(p, t * base, base, frame, dpi);
    if (!edited_catchment_.isEmpty()) {
        p.setTransform(t * base);
        QColor fill = edited_colour_;
        fill.setAlpha(45);
        p.fillPath(edited_catchment_, fill);
        QPen edge(edited_colour_, mm_px(0.5, dpi), Qt::DashLine);
        edge.setCosmetic(true);
        p.strokePath(edited_catchment_, edge);
    }
    if (!proposed_.empty()) {
        p.setTransform(base);
        draw_proposed(p, proposed_, 2.6, t, frame, dpi);
    }
    p.setTransform(base);
    draw_labels(p, label_texts(), label_at_, label_order_, t, frame, dpi);
    p.restore();
}

void MapRenderer::set_uncovered(const std::vector<double>& weights, const std::string& role) {
    uncovered_.reset();
    uncovered_legend_.reset();
    auto it = points_.find("residents");
    if (weights.empty() || it == points_.end()) return;
    PointSymbols pts;
    for (std::size_t i = 0; i < weights.size() && i < it->second.at.size(); ++i)
        if (weights[i] > 0) {
            pts.at.push_back(it->second.at[i]);
            pts.category.push_back(0);
            pts.weight.push_back(weights[i]);
        }
    uncovered_ = std::move(pts);
    uncovered_title_ = QString("待覆盖居民（%1，人/km²）").arg(QString::fromUtf8(categories(role).back().label));
}

void MapRenderer::draw_uncovered_and_outlines(QPainter& p, const QTransform& t, const QTransform& base,
                                              const QRectF& frame, double dpi) const {
    uncovered_legend_.reset();
    if (uncovered_) {
        p.setTransform(base);
        uncovered_legend_ = draw_density(p, *uncovered_, t, frame, dpi, uncovered_title_, "PuBu");
        if (!uncovered_legend_) uncovered_legend_ = LegendGroup{uncovered_title_, {}};  // everyone covered
    }
    draw_outlines(p, t, base, frame, dpi);
}

void MapRenderer::draw_outlines(QPainter& p, const QTransform& t, const QTransform& base, const QRectF& frame,
                                double dpi) const {
    // In device coordinates, only what is in view: a district page's PDF holds its neighbours' edges, not
    // the whole city's.
    const double width = mm_px(thematic_ ? thematic_->style.outline_mm : 0.35, dpi);
    p.setTransform(base);
    p.setBrush(Qt::NoBrush);
    QPen outline(thematic_ ? thematic_->style.outline : QColor("#4d4d4d"), width);
    outline.setJoinStyle(Qt::RoundJoin);
    p.strokePath(device_lines(districts_, t, frame.adjusted(-width, -width, width, width), kVertexTolerancePx), outline);
    p.setTransform(t * base);
}

void MapRenderer::draw_focus(QPainter& p, const QTransform& world_to_painter, const QTransform& base, const QRectF& frame,
                             double dpi) const {
    const QPainterPath district = world_to_painter.map(districts_[*focus_]);
    p.setTransform(QTransform());
    QPainterPath veil;
    veil.setFillRule(Qt::OddEvenFill);
    veil.addRect(base.mapRect(frame));  // frame is in the painter's coordinates before the map's transform
    veil.addPath(district);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(240, 240, 240, 190));
    p.drawPath(veil);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor("#b3261e"), mm_px(0.6, dpi)));
    p.drawPath(district);
    p.setTransform(base);
}

QRectF MapRenderer::district_extent(std::size_t d, double margin) const {
    QRectF r = districts_.at(d).boundingRect();
    const double m = std::max(r.width(), r.height()) * margin;
    return r.adjusted(-m, -m, m, m);
}

std::vector<QString> MapRenderer::label_texts() const {
    std::vector<QString> out;
    for (std::size_t d = 0; d < districts_.size(); ++d) {
        QString text = QString::fromStdString(city_.districts.name[d]);
        if (thematic_ && d < thematic_->values.size() && thematic_->values[d])
            text += "\n" + number_text(*thematic_->values[d], thematic_->unit);
        out.push_back(std::move(text));
    }
    return out;
}

void MapRenderer::set_order(const std::vector<std::string>& order) {
    std::vector<std::string> out;
    for (const auto& r : order)
        if (std::find(order_.begin(), order_.end(), r) != order_.end() && std::find(out.begin(), out.end(), r) == out.end())
            out.push_back(r);
    for (const auto& r : order_)
        if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
    order_ = std::move(out);
    ++version_;
}

void MapRenderer::move(const std::string& role, int steps) {
    auto it = std::find(order_.begin(), order_.end(), role);
    if (it == order_.end()) return;
    const auto from = it - order_.begin();
    const auto to = std::clamp<std::ptrdiff_t>(from + steps, 0, static_cast<std::ptrdiff_t>(order_.size()) - 1);
    std::string r = *it;
    order_.erase(it);
    order_.insert(order_.begin() + to, std::move(r));
    ++version_;
}

LayerLook MapRenderer::look(const std::string& role) const {
    if (auto it = looks_.find(role); it != looks_.end()) return it->second;
    return default_look(role);
}

LayerLook default_look(const std::string& role) {
    // The defaults: muted context, facility symbols that stand out.
    if (role == "builtup") return {QColor(0, 0, 0), 28 / 255.0, 0};
    if (role == "buildings") return {QColor(160, 150, 140), 120 / 255.0, 0};
    if (role == "parks") return {QColor(116, 196, 118), 150 / 255.0, 0};
    if (role == "sports") return {QColor(253, 174, 107), 150 / 255.0, 0};
    if (role == "water") return {QColor("#9ecae1"), 1.0, 0};
    // Roads opaque (the grey that 78 % of 150 grey gives on white): Qt's PDF engine strokes an opaque line
    // natively, but outlines a translucent one into a filled polygon of five times the size (the 1 M
    // city's 75 k road vertices: 10.8 MB of page content per whole-city sheet against about 2 MB).
    if (role == "roads") return {QColor(173, 173, 173), 1.0, 0.15};
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
        const QRectF seen = t.inverted().mapRect(frame);
        for (const auto& part : a->second)
            if (overlaps(seen, part.boundingRect())) p.fillPath(part, with_opacity(lk));
        return;
    }
    if (auto l = lines_.find(role); l != lines_.end()) {
        // Stroked in device coordinates: the segments in view, at the resolution of the device.
        p.setTransform(base);
        const double width = mm_px(lk.size_mm, dpi);
        QPen pen(with_opacity(lk), width);
        pen.setStyle(role == "trails" ? Qt::DashLine : Qt::SolidLine);
        p.strokePath(device_lines(l->second, t, frame.adjusted(-width, -width, width, width), kVertexTolerancePx), pen);
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

std::vector<LegendGroup> MapRenderer::legend() const {
    std::vector<LegendGroup> out;
    if (thematic_) out.push_back(choropleth_.legend);
    if (!catchment_.isEmpty())
        out.push_back({"服务范围", {{LegendItem::Kind::Fill, catchment_colour_, catchment_label_, -1, "circle"}}});
    for (const auto& [role, pts] : points_)
        if (role != "residents" && visible(role) && !pts.at.empty()) out.push_back(symbol_legend(role, pts, look(role)));
    if (density_legend_) out.push_back(*density_legend_);
    if (uncovered_legend_ && !uncovered_legend_->items.empty()) out.push_back(*uncovered_legend_);
    if (auto g = proposed_legend(proposed_)) out.push_back(*g);
    // Context layers in drawing order, top first, in their own colours.
    std::vector<ContextLayer> context;
    for (auto r = order_.rbegin(); r != order_.rend(); ++r)
        if (visible(*r) && (lines_.count(*r) || areas_.count(*r))) context.push_back({*r, look(*r).colour, lines_.count(*r) > 0});
    out.push_back(context_legend(context));
    return out;
}

}  // namespace hcgis::render
