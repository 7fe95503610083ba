// The map canvas: draws with hcgis_render into a cached image, pans by dragging (moving the cached image
// until the button is released), zooms with the wheel about the cursor, and reports clicks and the
// cursor's position in world coordinates.
#pragma once

#include "render/map_renderer.h"

#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QWidget>

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

signals:
    void clicked(QPointF world);
    void cursor_moved(QPointF world);
    void view_changed();

protected:
    void paintEvent(QPaintEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    void wheelEvent(QWheelEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;

private:
    void ensure_cache();

    const render::MapRenderer* renderer_ = nullptr;
    QPointF centre_{0, 0};
    double mpp_ = 1.0;  // metres per pixel
    QImage cache_;
    bool cache_valid_ = false;
    std::optional<QPoint> press_;
    QPoint drag_{0, 0};
    bool dragging_ = false;
    QPainterPath highlight_;
    int renders_ = 0;
};

}  // namespace hcgis::viewer
