// The map canvas: draws with hcgis_render into a cached image, pans by dragging (moving the cached image
// until the button is released), zooms with the wheel about the cursor, and reports clicks and the
// cursor's position in world coordinates. After a wheel step or a drag the cached image is shown moved and
// scaled to the new view at once, and the map is rendered anew only when the view has settled (a quiet
// moment of `settle_ms`), so a run of wheel steps costs one render, not one each. A press on an item the
// grab function accepts (a proposed site of the workbench) drags that item instead of the map: a marker
// follows the mouse over the cached image, and the release says where it was dropped.
#pragma once

#include "render/map_renderer.h"

#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <optional>

namespace hcgis::viewer {

class MapCanvas : public QWidget {
    Q_OBJECT
public:
    explicit MapCanvas(QWidget* parent = nullptr);

    /// The renderer to draw with (not owned; may be null).
    void set_renderer(const render::MapRenderer* renderer);
    /// Shows `world` (working CRS) fitted into the widget.
    void zoom_to(const QRectF& world);
    /// The world rectangle the widget shows now.
    QRectF visible_world() const;
    double metres_per_pixel() const { return mpp_; }
    QPointF centre() const { return centre_; }
    /// World point under widget position `p`, and back.
    QPointF to_world(const QPointF& p) const;
    QPointF to_widget(const QPointF& w) const;
    /// Outlines this path (world coordinates) over the map; empty to clear.
    void set_highlight(const QPainterPath& world_path);
    /// Redraws from the renderer (after a style or layer change).
    void refresh();
    /// Renders since creation (the cache saves the rest).
    int render_count() const { return renders_; }
    /// True while the image shown is the cache moved or scaled, before the settled view is rendered.
    bool showing_preview() const { return cache_valid_ && stale_; }
    /// Asked at each left press with the world point pressed: true when it grabs an item that a drag then
    /// moves (item_dropped()) instead of panning the map. Unset (empty), every drag pans.
    void set_grab(std::function<bool(QPointF world)> grab) { grab_ = std::move(grab); }
    /// True while an item follows the mouse.
    bool dragging_item() const { return dragging_ && item_; }
    /// Milliseconds of quiet after a wheel step or a drag before the view is rendered anew.
    static constexpr int settle_ms = 150;

signals:
    void clicked(QPointF world);
    void cursor_moved(QPointF world);
    void view_changed();
    /// The map was rendered anew (not a redraw from the cache): what its legend says may have changed.
    void rendered();
    /// A grabbed item was dragged from world point `from` and dropped at `to`.
    void item_dropped(QPointF from, QPointF to);

protected:
    void paintEvent(QPaintEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    void wheelEvent(QWheelEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;

private:
    void ensure_cache();
    /// The view changed under a valid cache: show the cache moved and scaled, render when it settles.
    void view_moved();

    const render::MapRenderer* renderer_ = nullptr;
    QPointF centre_{0, 0};
    double mpp_ = 1.0;  // metres per pixel
    QImage cache_;
    bool cache_valid_ = false;
    bool stale_ = false;          // the cache is of another view than the one shown
    QPointF cache_centre_{0, 0};  // the view the cache was rendered for
    double cache_mpp_ = 1.0;
    QTimer* settle_ = nullptr;
    std::optional<QPoint> press_;
    QPoint drag_{0, 0};
    bool dragging_ = false;
    QPainterPath highlight_;
    std::function<bool(QPointF)> grab_;
    bool item_ = false;  // the press grabbed an item
    QPoint item_at_;     // where the grabbed item is shown while dragged (widget coordinates)
    int renders_ = 0;
};

}  // namespace hcgis::viewer
