// Draws a project's layers in the working CRS onto any QPainter (QImage, QPdfWriter, QSvgGenerator, the
// viewer's canvas): a choropleth of one indicator, context layers, facility symbols, walking catchments,
// residents as dots or, where dots would merge, as a density surface binned in device space, and district
// labels placed without collisions. Geometry is turned into QPainterPaths once, in world coordinates.
//
// The parts live beside it: geometry_path (GEOS → QPainterPath), symbols (point classes and symbols),
// density (residents), labels, choropleth (classes and fills), legend (entries), qt_setup (headless Qt
// and the CJK font). This header brings all that its users need.
#pragma once

#include "core/city.h"
#include "render/choropleth.h"
#include "render/geometry_path.h"
#include "render/layer_look.h"
#include "render/legend.h"
#include "render/proposal.h"
#include "render/qt_setup.h"
#include "render/style.h"
#include "render/symbols.h"

#include <QColor>
#include <QPainterPath>
#include <QRectF>
#include <QString>
#include <QTransform>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QImage;
class QPainter;

namespace hcgis::render {

/// How `role` is drawn before a style changes it: muted context (built-up, parks, water, roads …), facility
/// symbols that stand out (a layer with classes by its first class's colour).
LayerLook default_look(const std::string& role);

class MapRenderer {
public:
    /// Prepares paths and symbols for every layer of `city`, which must outlive the renderer.
    explicit MapRenderer(const City& city);
    ~MapRenderer();

    /// Classifies `t` and colours the districts by it; builds its legend group. The looks its style gives
    /// layers (`Style::layers`) are applied too.
    void set_thematic(Thematic t);
    /// A walking (or straight) catchment area to draw over the map, with its legend label.
    void set_catchments(const GEOSGeometry* area, const QString& label, const Style& style);
    /// The planner's proposed sites (the workbench), drawn over every layer; an empty vector draws none.
    void set_proposed(std::vector<ProposedMark> marks) { proposed_ = std::move(marks); }
    const std::vector<ProposedMark>& proposed() const { return proposed_; }
    /// The catchment of the site being edited (world coordinates), outlined dashed in `colour` over the map;
    /// an empty path draws none.
    void set_edited_catchment(const QPainterPath& world, const QColor& colour) {
        edited_catchment_ = world;
        edited_colour_ = colour;
    }
    /// The residents not covered (待覆盖居民): each resident's weight where no facility covers it, 0 where
    /// covered, one per resident point, drawn as a density surface (people per km²) over the areas and
    /// residents and under the facility symbols, its legend titled after `role` ("toilets", "fitness":
    /// 待覆盖居民（公厕，人/km²）). Empty `weights` draws none.
    void set_uncovered(const std::vector<double>& weights, const std::string& role);
    bool showing_uncovered() const { return uncovered_.has_value(); }

    /// Shows or hides a layer by role ("roads", "water", "parks", "toilets", "residents" ...).
    void set_visible(const std::string& role, bool on) {
        visible_[role] = on;
        ++version_;
    }
    bool visible(const std::string& role) const;

    /// The drawing order, bottom first: every layer's role and "catchments". The district fills lie under
    /// all of them; district outlines, symbols' labels and district labels over all.
    const std::vector<std::string>& order() const { return order_; }
    /// Sets the order; roles it leaves out keep their place after those it names. Unknown roles are ignored.
    void set_order(const std::vector<std::string>& order);
    /// Moves `role` one place up (towards the top, `steps` > 0) or down in the order.
    void move(const std::string& role, int steps);

    /// How `role` is drawn, and changing it.
    LayerLook look(const std::string& role) const;
    void set_look(const std::string& role, const LayerLook& look) {
        looks_[role] = look;
        ++version_;
    }
    /// Applies what a style file says of layer `role` over its present look.
    void apply(const std::string& role, const LayerStyle& style);

    /// Draws the map of district `d` (an atlas page, a report's district page): the other districts under a
    /// light grey veil, `d` outlined in red. nullopt draws every district alike.
    void set_focus(std::optional<std::size_t> d) { focus_ = d; }
    /// The extent of district `d` with a margin of `margin` times its larger side, in world coordinates.
    QRectF district_extent(std::size_t d, double margin = 0.12) const;

    /// Extent of the districts in world (working CRS) coordinates.
    QRectF extent() const { return extent_; }
    /// The world -> device transform render() uses: `world` fitted and centred in `frame`, north up.
    static QTransform view_transform(const QRectF& frame, const QRectF& world);

    /// Draws the map clipped to `frame` (device coordinates of `p`), showing at least `world`; `dpi` is
    /// the device's pixels per inch, for line widths and symbol sizes given in millimetres.
    void render(QPainter& p, const QRectF& frame, const QRectF& world, double dpi) const;
    /// The same onto `image` (the viewer's canvas; `p` paints on it untransformed), keeping the layers of
    /// the last view (areas, lines, residents, facility symbols) as images: a render of the same view and
    /// layers that differs only in the thematic, the proposed sites, the edited catchment or the residents
    /// not covered draws the district fills, outlines, labels and those anew over the kept images. Any
    /// change of the layers' visibility, order or look, or of the view, renders them again.
    void render_cached(QPainter& p, const QImage& image, const QRectF& frame, const QRectF& world, double dpi) const;

    /// Legend groups of what the last render() showed: the choropleth, catchments, symbols, density.
    std::vector<LegendGroup> legend() const;

    /// The fill of district `d` in the choropleth (the no-data colour when it has no value).
    QColor district_fill(std::size_t d) const;
    /// Class edges of the choropleth (empty for target-based or no thematic).
    const std::vector<double>& class_edges() const { return choropleth_.edges; }

private:
    void draw_layer(const std::string& role, QPainter& p, const QTransform& world_to_device, const QTransform& base,
                    const QRectF& frame, double dpi) const;
    void draw_outlines(QPainter& p, const QTransform& world_to_device, const QTransform& base, const QRectF& frame,
                       double dpi) const;
    void draw_focus(QPainter& p, const QTransform& world_to_painter, const QTransform& base, const QRectF& frame,
                    double dpi) const;
    /// Every district's label text: its name, and under it the thematic value where it has one.
    std::vector<QString> label_texts() const;

    const City& city_;
    QRectF extent_;
    std::vector<QPainterPath> districts_;
    std::vector<QPointF> label_at_;
    std::vector<std::size_t> label_order_;       // districts by falling size, for labelling
    std::map<std::string, std::vector<QPainterPath>> areas_;  // builtup, water, parks, sports: a path a polygon
    std::map<std::string, std::vector<QPainterPath>> lines_;  // roads, trails: tiles (line_tiles)
    std::map<std::string, PointSymbols> points_;  // toilets, fitness, residents, clinics ...
    std::map<std::string, bool> visible_;
    std::vector<std::string> order_;
    std::map<std::string, LayerLook> looks_;

    std::optional<Thematic> thematic_;
    Choropleth choropleth_;                      // fills per district (plain grey without a thematic)

    std::optional<std::size_t> focus_;

    QPainterPath catchment_;
    QColor catchment_colour_;
    QString catchment_label_;

    mutable std::optional<LegendGroup> density_legend_;  // of the last render's residents, if drawn

    /// Everything render() draws; the layers under the outlines and the facility symbols drawn from
    /// `kept` when given (filled first when it is not of this view).
    struct Kept;
    void render_with(QPainter& p, const QRectF& frame, const QRectF& world, double dpi, Kept* kept) const;
    /// Draws the roles of the order from `from` up to the first facility symbols layer (`below` true),
    /// or from there on; returns where it stopped.
    std::size_t draw_layers(QPainter& p, const QTransform& t, const QTransform& base, const QRectF& frame, double dpi,
                            std::size_t from, bool below) const;
    std::uint64_t version_ = 0;  // bumped by every change of what the kept layers show
    mutable std::unique_ptr<Kept> kept_;

    std::vector<ProposedMark> proposed_;
    QPainterPath edited_catchment_;
    QColor edited_colour_;
    std::optional<PointSymbols> uncovered_;  // residents with a weight where not covered, only those
    QString uncovered_title_;
    mutable std::optional<LegendGroup> uncovered_legend_;
    /// Draws the uncovered residents' surface, when set, and then the district outlines.
    void draw_uncovered_and_outlines(QPainter& p, const QTransform& t, const QTransform& base, const QRectF& frame,
                                     double dpi) const;
};

}  // namespace hcgis::render
