#include "viewer/map_canvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

namespace hcgis::viewer {

MapCanvas::MapCanvas(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setMinimumSize(200, 150);
    setAttribute(Qt::WA_OpaquePaintEvent);
    settle_ = new QTimer(this);
    settle_->setSingleShot(true);
    settle_->setInterval(settle_ms);
    connect(settle_, &QTimer::timeout, this, [this] {
        if (!stale_) return;
        cache_valid_ = false;
        update();
    });
}

void MapCanvas::view_moved() {
    if (cache_valid_) {
        stale_ = true;
        settle_->start();
    }
    update();
    emit view_changed();
}

void MapCanvas::set_renderer(const render::MapRenderer* renderer) {
    renderer_ = renderer;
    if (renderer_) zoom_to(renderer_->extent());
    refresh();
}

void MapCanvas::zoom_to(const QRectF& world) {
    if (world.isEmpty() || width() <= 0 || height() <= 0) return;
    centre_ = world.center();
    // A little margin round the extent.
    mpp_ = std::max(world.width() / width(), world.height() / height()) * 1.05;
    cache_valid_ = false;
    update();
    emit view_changed();
}

QRectF MapCanvas::visible_world() const {
    const double w = width() * mpp_, h = height() * mpp_;
    return {centre_.x() - w / 2, centre_.y() - h / 2, w, h};
}

QPointF MapCanvas::to_world(const QPointF& p) const {
    return {centre_.x() + (p.x() - width() / 2.0) * mpp_, centre_.y() - (p.y() - height() / 2.0) * mpp_};
}

QPointF MapCanvas::to_widget(const QPointF& w) const {
    return {width() / 2.0 + (w.x() - centre_.x()) / mpp_, height() / 2.0 - (w.y() - centre_.y()) / mpp_};
}

void MapCanvas::set_highlight(const QPainterPath& world_path) {
    highlight_ = world_path;
    update();
}

void MapCanvas::refresh() {
    cache_valid_ = false;
    update();
}

void MapCanvas::ensure_cache() {
    const qreal ratio = devicePixelRatioF();
    const QSize px(static_cast<int>(width() * ratio), static_cast<int>(height() * ratio));
    if (cache_valid_ && cache_.size() == px) return;
    stale_ = false;
    cache_centre_ = centre_;
    cache_mpp_ = mpp_;
    cache_ = QImage(px, QImage::Format_ARGB32_Premultiplied);
    cache_.setDevicePixelRatio(ratio);
    cache_.fill(Qt::white);
    if (renderer_) {
        QPainter p(&cache_);
        // The layers of this view are kept by the renderer: an edit of the proposal redraws the rest.
        renderer_->render_cached(p, cache_, QRectF(0, 0, width(), height()), visible_world(), logicalDpiX());
        ++renders_;
    }
    cache_valid_ = true;
    if (renderer_) emit rendered();
}

void MapCanvas::paintEvent(QPaintEvent*) {
    ensure_cache();
    QPainter p(this);
    p.fillRect(rect(), Qt::white);
    if (stale_) {
        // The cache, moved and scaled from the view it was rendered for to the one shown now.
        const double k = cache_mpp_ / mpp_;
        const QPointF at = to_widget(QPointF(cache_centre_.x() - width() / 2.0 * cache_mpp_,
                                             cache_centre_.y() + height() / 2.0 * cache_mpp_));
        p.setRenderHint(QPainter::SmoothPixmapTransform, k < 1);
        p.drawImage(QRectF(at + QPointF(drag_), QSizeF(width() * k, height() * k)), cache_);
    } else {
        p.drawImage(QPointF(drag_), cache_);
    }
    if (dragging_ && item_) {
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(QColor("#1a1a1a"), 1.5, Qt::DashLine));
        p.setBrush(QColor(255, 255, 255, 160));
        p.drawEllipse(QPointF(item_at_), 9, 9);
    }
    if (!highlight_.isEmpty()) {
        QTransform t;
        t.translate(width() / 2.0 + drag_.x(), height() / 2.0 + drag_.y());
        t.scale(1.0 / mpp_, -1.0 / mpp_);
        t.translate(-centre_.x(), -centre_.y());
        p.setRenderHint(QPainter::Antialiasing);
        p.setTransform(t);
        QPen pen(QColor("#00e5ff"), 3);
        pen.setCosmetic(true);
        p.strokePath(highlight_, pen);
    }
}

void MapCanvas::resizeEvent(QResizeEvent*) {
    cache_valid_ = false;
    emit view_changed();
}

void MapCanvas::wheelEvent(QWheelEvent* e) {
    const double steps = e->angleDelta().y() / 120.0;
    if (steps == 0) return;
    // Keep the world point under the cursor where it is.
    const QPointF at = e->position();
    const QPointF before = to_world(at);
    mpp_ *= std::pow(1.0 / 1.25, steps);
    const QPointF after = to_world(at);
    centre_ += before - after;
    view_moved();
    e->accept();
}

void MapCanvas::mousePressEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton) return;
    press_ = e->position().toPoint();
    dragging_ = false;
    item_ = grab_ && grab_(to_world(e->position()));
}

void MapCanvas::mouseMoveEvent(QMouseEvent* e) {
    emit cursor_moved(to_world(e->position()));
    if (!press_) return;
    const QPoint d = e->position().toPoint() - *press_;
    if (!dragging_ && d.manhattanLength() < 4) return;
    dragging_ = true;
    if (item_) item_at_ = e->position().toPoint();  // the item follows the mouse, the map stays
    else drag_ = d;  // the cached image follows the mouse; no re-render while dragging
    update();
}

void MapCanvas::mouseReleaseEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton || !press_) return;
    if (dragging_ && item_) {
        dragging_ = false;
        item_ = false;
        update();
        emit item_dropped(to_world(QPointF(*press_)), to_world(e->position()));
    } else if (dragging_) {
        const QPoint d = e->position().toPoint() - *press_;
        centre_ -= QPointF(d.x() * mpp_, -d.y() * mpp_);
        drag_ = {0, 0};
        view_moved();
    } else {
        emit clicked(to_world(e->position()));
    }
    press_.reset();
    dragging_ = false;
    item_ = false;
}

}  // namespace hcgis::viewer
