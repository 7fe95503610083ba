#include "viewer/layer_panel.h"

#include "render/style.h"
#include "viewer/role_names.h"

#include <QColorDialog>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QMenu>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#ifndef HCGIS_STYLES_DIR
#define HCGIS_STYLES_DIR ""
#endif

namespace hcgis::viewer {
namespace {

QIcon swatch(const QColor& colour) {
    QPixmap pixmap(14, 10);
    pixmap.fill(colour);
    return QIcon(pixmap);
}

}  // namespace

LayerPanel::LayerPanel(QWidget* parent) : QWidget(parent) {
    tree_ = new QTreeWidget;
    tree_->setHeaderHidden(true);
    style_box_ = new QComboBox;
    auto* lv = new QVBoxLayout(this);
    lv->setContentsMargins(4, 4, 4, 4);
    lv->addWidget(tree_);
    auto* order_row = new QHBoxLayout;
    up_button_ = new QToolButton;
    up_button_->setArrowType(Qt::UpArrow);
    down_button_ = new QToolButton;
    down_button_->setArrowType(Qt::DownArrow);
    order_row->addWidget(up_button_);
    order_row->addWidget(down_button_);
    order_row->addStretch();
    lv->addLayout(order_row);
    lv->addWidget(style_box_);
    tree_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(tree_, &QWidget::customContextMenuRequested, this, &LayerPanel::context_menu);
    connect(up_button_, &QToolButton::clicked, this, [this] { move_layer(selected_layer(), +1); });
    connect(down_button_, &QToolButton::clicked, this, [this] { move_layer(selected_layer(), -1); });
    connect(tree_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int) {
        if (!renderer_) return;
        renderer_->set_visible(item->data(0, Qt::UserRole).toString().toStdString(), item->checkState(0) == Qt::Checked);
        emit map_changed();
    });
    connect(style_box_, &QComboBox::activated, this, [this](int) { emit style_chosen(); });
    fill_styles();
}

void LayerPanel::set_map(const City* city, render::MapRenderer* renderer) {
    city_ = city;
    renderer_ = renderer;
}

void LayerPanel::fill_styles() {
    style_box_->addItem(tr("默认（按目标）"), QString());
    const QDir dir(QString::fromUtf8(HCGIS_STYLES_DIR));
    for (const QString& f : dir.entryList({"*.json"}, QDir::Files, QDir::Name))
        style_box_->addItem(QFileInfo(f).completeBaseName(), dir.filePath(f));
}

void LayerPanel::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) {
        style_box_->setItemText(0, tr("默认（按目标）"));
        refill();  // the layers' names
    }
    QWidget::changeEvent(e);
}

QString LayerPanel::style_file() const { return style_box_->currentData().toString(); }

void LayerPanel::refill() {
    if (!city_ || !renderer_) return;
    const QSignalBlocker block(tree_);
    tree_->clear();
    // Top of the drawing order first, as in every GIS; the districts lie under all.
    const auto& order = renderer_->order();
    for (auto r = order.rbegin(); r != order.rend(); ++r) add_layer_item(*r);
    auto* base = new QTreeWidgetItem(tree_);
    base->setText(0, QString("%1 (%2)").arg(role_name("districts")).arg(city_->districts.size()));
    base->setFlags(Qt::ItemIsEnabled);
    add_legend();
}

void LayerPanel::add_layer_item(const std::string& role) {
    auto* item = new QTreeWidgetItem(tree_);
    item->setData(0, Qt::UserRole, QString::fromStdString(role));
    if (role == "catchments") {
        item->setText(0, role_name("catchments"));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        return;
    }
    const Layer* layer = city_->layer(role);
    item->setText(0, QString("%1 (%2)").arg(role_name(role)).arg(layer ? layer->size() : 0));
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(0, renderer_->visible(role) ? Qt::Checked : Qt::Unchecked);
    // The swatch as the layer looks on white paper: its colour at its opacity.
    const render::LayerLook look = renderer_->look(role);
    const double a = std::clamp(look.opacity, 0.2, 1.0);
    auto mix = [a](int c) { return static_cast<int>(std::lround(c * a + 255 * (1 - a))); };
    item->setIcon(0, swatch(QColor(mix(look.colour.red()), mix(look.colour.green()), mix(look.colour.blue()))));
    if (role == selected_role_) item->setSelected(true);
}

void LayerPanel::add_legend() {
    // Legend entries of what is drawn, under a heading of their own.
    for (const auto& g : renderer_->legend()) {
        auto* head = new QTreeWidgetItem(tree_);
        head->setText(0, g.title);
        head->setFlags(Qt::ItemIsEnabled);
        for (const auto& it : g.items) {
            auto* row = new QTreeWidgetItem(head);
            row->setText(0, it.count >= 0 ? QString("%1（%2）").arg(it.label).arg(it.count) : it.label);
            row->setIcon(0, swatch(it.colour));
            row->setFlags(Qt::ItemIsEnabled);
        }
        head->setExpanded(true);
    }
}

std::string LayerPanel::selected_layer() const {
    const auto items = tree_->selectedItems();
    if (items.isEmpty()) return {};
    return items.front()->data(0, Qt::UserRole).toString().toStdString();
}

void LayerPanel::move_layer(const std::string& role, int steps) {
    if (!renderer_ || role.empty()) return;
    renderer_->move(role, steps);
    selected_role_ = role;
    refill();
    emit map_changed();
}

void LayerPanel::set_layer_look(const std::string& role, const render::LayerLook& look) {
    if (!renderer_ || role.empty() || role == "catchments") return;
    renderer_->set_look(role, look);
    refill();
    emit map_changed();
}

bool LayerPanel::apply_layer_style(const std::string& role, const std::filesystem::path& style, QString* error) {
    if (!renderer_) return false;
    try {
        const render::Style s = render::read_style(style);
        auto it = s.layers.find(role);
        if (it == s.layers.end()) return false;
        renderer_->apply(role, it->second);
    } catch (const hcgis::Error& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
    refill();
    emit map_changed();
    return true;
}

void LayerPanel::context_menu(const QPoint& at) {
    QTreeWidgetItem* item = tree_->itemAt(at);
    if (!item || !renderer_) return;
    const std::string role = item->data(0, Qt::UserRole).toString().toStdString();
    if (role.empty()) return;
    QMenu menu(this);
    menu.addAction(tr("上移"), this, [this, role] { move_layer(role, +1); });
    menu.addAction(tr("下移"), this, [this, role] { move_layer(role, -1); });
    if (role != "catchments") {
        menu.addSeparator();
        menu.addAction(tr("颜色与透明度…"), this, [this, role] { choose_colour(role); });
        // The style files that say how this layer looks.
        QMenu* files = menu.addMenu(tr("样式文件"));
        for (int i = 0; i < style_box_->count(); ++i) {
            const std::filesystem::path path = style_box_->itemData(i).toString().toStdString();
            if (path.empty()) continue;
            try {
                if (!render::read_style(path).layers.count(role)) continue;
            } catch (const hcgis::Error&) {
                continue;
            }
            files->addAction(style_box_->itemText(i), this, [this, role, path] { apply_layer_style(role, path); });
        }
        files->setEnabled(!files->isEmpty());
        menu.addAction(tr("线宽 / 符号大小…"), this, [this, role] { choose_size(role); });
    }
    menu.exec(tree_->viewport()->mapToGlobal(at));
}

void LayerPanel::choose_colour(const std::string& role) {
    render::LayerLook look = renderer_->look(role);
    QColor start = look.colour;
    start.setAlphaF(static_cast<float>(look.opacity));
    const QColor c = QColorDialog::getColor(start, this, tr("颜色与透明度…"), QColorDialog::ShowAlphaChannel);
    if (!c.isValid()) return;
    look.colour = QColor(c.red(), c.green(), c.blue());
    look.opacity = c.alphaF();
    set_layer_look(role, look);
}

void LayerPanel::choose_size(const std::string& role) {
    render::LayerLook look = renderer_->look(role);
    bool ok = false;
    const double mm = QInputDialog::getDouble(this, tr("线宽 / 符号大小…"), tr("毫米"), look.size_mm, 0.05, 20.0, 2, &ok);
    if (!ok) return;
    look.size_mm = mm;
    set_layer_look(role, look);
}

}  // namespace hcgis::viewer
