// The viewer's main window: the map canvas in the middle; docks for the layer, scorecard and identify
// panels (layer_panel.h, scorecard_panel.h, identify_panel.h); menus to open projects, export, print
// (export_print.cpp) and show walking catchments; the planning workbench (workbench.h) in its 方案 menu and
// toolbar. It owns the project open and hands the panels views of it.
#pragma once

#include "core/analysis.h"
#include "core/catalog.h"
#include "core/city.h"
#include "core/scorecard.h"
#include "io/output.h"
#include "render/map_renderer.h"
#include "viewer/map_canvas.h"

#include <QMainWindow>

#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

class QLabel;
class QMenu;
class QTableWidget;
class QTreeWidget;
class QDockWidget;
class QAction;
class QToolBar;

namespace hcgis::viewer {

class IdentifyPanel;
class LayerPanel;
class ScorecardPanel;
class Workbench;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Loads a project; on bad input shows a dialog naming file, layer and field (unless `quiet`) and
    /// returns false, keeping what was open before.
    bool open_project(const std::filesystem::path& file, bool quiet = false);
    /// Loads with --repair (invalid polygons made valid, features without geometry left out, all logged in
    /// the scorecard's warnings), opening again the project last opened or tried (errors in a dialog
    /// unless `quiet`).
    void set_repair(bool on, bool quiet = false);
    bool repair() const { return repair_; }
    /// The message of the last failed open_project ("" after a success).
    const QString& last_error() const { return last_error_; }

    /// Makes indicator `id` the thematic map.
    void show_indicator(const std::string& id);
    /// Shows (or hides, with "") the walking catchments of "fitness", "parks" or "toilets".
    void show_coverage(const std::string& facility);
    /// Selects district `d` (row in the scorecard, outline on the map); -1 clears.
    void select_district(int d);
    /// Shows district `d` filling the map.
    void zoom_to_district(int d);
    /// What the identify panel says about world point `at` (also shown in the panel).
    QString identify(QPointF at);
    /// Moves layer `role` (or "catchments") up (`steps` > 0, towards the top) or down in the drawing order.
    void move_layer(const std::string& role, int steps);
    /// Sets how layer `role` is drawn (colour, opacity, line width or symbol size).
    void set_layer_look(const std::string& role, const render::LayerLook& look);
    /// Draws layer `role` as the style file `style` (styles/*.json) says under "layers"; false when the
    /// file says nothing of it or cannot be read (the reason in last_error()).
    bool apply_layer_style(const std::string& role, const std::filesystem::path& style);

    /// Writes the districts with their indicators to `file` (.geojson or .gpkg), or the map sheet to `file`
    /// (.pdf, .png, .svg), replacing it atomically. An output onto one of the project's inputs, or one that
    /// cannot be written, is refused before any work. False on failure, with the reason in last_error(),
    /// shown in a message box unless `quiet`.
    bool export_districts_to(const std::filesystem::path& file, bool quiet = false);
    bool export_map_to(const std::filesystem::path& file, bool quiet = false);

    MapCanvas* canvas() const { return canvas_; }
    /// The planning workbench (方案): proposed sites, live indicators, suggestions, scenarios.
    Workbench* workbench() const { return workbench_; }
    ScorecardPanel* scorecard_panel() const { return scorecard_; }
    QTableWidget* scorecard_table() const;
    QTreeWidget* layer_tree() const;
    const City* city() const { return city_.get(); }
    const Scorecard* scorecard() const { return card_.get(); }
    int selected_district() const { return selected_; }
    QString status_scale() const;

protected:
    void closeEvent(QCloseEvent* e) override;
    /// On QEvent::LanguageChange (set_language()), sets the window's words again.
    void changeEvent(QEvent* e) override;

private:
    QDockWidget* add_dock(const char* name, QWidget* content, Qt::DockWidgetArea area);
    /// `action`, named `name`, with the words of source string `text` (marked with QT_TR_NOOP), which
    /// retranslate() sets in the current language; the same for the title of `menu`.
    QAction* translated(QAction* action, const char* name, const char* text);
    QMenu* translated(QMenu* menu, const char* text);
    void build_menus();
    /// Sets the window's words (title, menus, docks) in the current language.
    void retranslate();
    void fill_recent();
    /// The View › Zoom to layer entries: the districts and every layer with an extent.
    void fill_zoom_layers();
    void apply_style();
    /// After a proposal edit: the scorecard's 现状 / 方案 / 变化 columns and the thematic of 方案.
    void refresh_proposal();
    void update_status(QPointF world);
    void remember_recent(const QString& file);
    // export_print.cpp
    void export_districts();
    void export_map();
    void print();
    /// Throws UsageError or OutputError when `file` may not be written (see export_districts_to()).
    void check_output(const std::filesystem::path& file, std::initializer_list<std::string_view> extensions) const;
    /// Shows `e` in a message box titled `title` unless `quiet`; keeps it in last_error_.
    void report_failure(const QString& title, const std::exception& e, bool quiet);

    std::unique_ptr<City> city_;
    std::unique_ptr<Analysis> analysis_;
    std::unique_ptr<Scorecard> card_;
    std::unique_ptr<render::MapRenderer> renderer_;
    Catalog catalog_;
    io::ProtectedInputs inputs_;  // the open project's files, which no export may overwrite
    std::filesystem::path project_file_;
    std::filesystem::path last_attempt_;  // the project open_project was last asked for
    bool repair_ = false;
    QAction* repair_action_ = nullptr;
    std::string indicator_;
    std::optional<render::Thematic> thematic_;  // what the map shows of indicator_, for the sheet's words
    std::string coverage_;
    int selected_ = -1;
    QString last_error_;

    MapCanvas* canvas_ = nullptr;
    LayerPanel* layers_ = nullptr;
    ScorecardPanel* scorecard_ = nullptr;
    IdentifyPanel* identify_ = nullptr;
    Workbench* workbench_ = nullptr;
    QToolBar* plan_bar_ = nullptr;
    QLabel* scale_label_ = nullptr;
    QLabel* coords_label_ = nullptr;
    QDockWidget* layer_dock_ = nullptr;
    QDockWidget* table_dock_ = nullptr;
    QDockWidget* identify_dock_ = nullptr;
    QMenu* file_menu_ = nullptr;
    QMenu* recent_menu_ = nullptr;
    QMenu* view_menu_ = nullptr;
    QMenu* coverage_menu_ = nullptr;
    QMenu* zoom_layer_menu_ = nullptr;
    QMenu* language_menu_ = nullptr;
    std::vector<std::pair<QAction*, const char*>> action_texts_;  // set by retranslate()
    std::vector<std::pair<QMenu*, const char*>> menu_titles_;
};

}  // namespace hcgis::viewer
