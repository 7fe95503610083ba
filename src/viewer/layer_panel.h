// The layer panel: the project's layers in drawing order (top first) with their visibility and swatches,
// the legend of what the map shows, arrows and a context menu to reorder and restyle a layer, and the
// choice of the thematic style among the files of styles/.
#pragma once

#include "core/city.h"
#include "render/map_renderer.h"

#include <QWidget>

#include <filesystem>
#include <string>

class QComboBox;
class QToolButton;
class QTreeWidget;

namespace hcgis::viewer {

class LayerPanel : public QWidget {
    Q_OBJECT
public:
    explicit LayerPanel(QWidget* parent = nullptr);

    /// Shows the layers of `city` as `renderer` draws them, from the next refill() on. Neither is owned;
    /// both must outlive the panel or be replaced first; with null, refill() leaves the tree as it is. The
    /// panel changes the renderer's visibility, order and looks, and says so with map_changed().
    void set_map(const City* city, render::MapRenderer* renderer);
    /// Fills the tree anew from the renderer: order, visibility, swatches and the legend.
    void refill();
    /// Moves layer `role` (or "catchments") up (`steps` > 0, towards the top) or down in the drawing order.
    void move_layer(const std::string& role, int steps);
    /// Sets how layer `role` is drawn (colour, opacity, line width or symbol size).
    void set_layer_look(const std::string& role, const render::LayerLook& look);
    /// Draws layer `role` as the style file `style` says under "layers"; false when the file says nothing
    /// of it or cannot be read (then the reason in `error`, when given).
    bool apply_layer_style(const std::string& role, const std::filesystem::path& style, QString* error = nullptr);
    /// The style file chosen for the thematic map, or "" for the default style.
    QString style_file() const;
    QTreeWidget* tree() const { return tree_; }

signals:
    /// The renderer changed (visibility, order or a look): the map is to be drawn again.
    void map_changed();
    /// Another thematic style was chosen.
    void style_chosen();

protected:
    /// On QEvent::LanguageChange, sets the panel's words again.
    void changeEvent(QEvent* e) override;

private:
    /// The default style and the files of styles/, listed once.
    void fill_styles();
    /// The role of the layer item selected, or "".
    std::string selected_layer() const;
    void add_layer_item(const std::string& role);
    void add_legend();
    void context_menu(const QPoint& at);
    void choose_colour(const std::string& role);
    void choose_size(const std::string& role);

    const City* city_ = nullptr;
    render::MapRenderer* renderer_ = nullptr;
    QTreeWidget* tree_ = nullptr;
    QComboBox* style_box_ = nullptr;
    QToolButton* up_button_ = nullptr;
    QToolButton* down_button_ = nullptr;
    std::string selected_role_;  // the layer kept selected across a refill
};

}  // namespace hcgis::viewer
