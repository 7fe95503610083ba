// The planning workbench of the viewer: the planner's proposed toilets and fitness sites over the
// project, edited with the tools of the 方案 menu and toolbar (add with a click, drag to move, delete, edit
// the class), every edit an undo command (proposal_commands.h) that WhatIf (core/whatif.h) turns into the
// indicators with the proposal; the map of residents not covered (待覆盖居民), the suggestion run off the
// UI thread with progress and Cancel (suggest_dialog.h), and scenarios saved and opened as GeoPackages
// (io/scenario_file.h). It draws through the renderer (proposed sites, the edited site's catchment) and
// says proposal_changed() after each edit, on which MainWindow shows the scorecard and thematic anew.
#pragma once

#include "core/analysis.h"
#include "core/catalog.h"
#include "core/proposal.h"
#include "core/sites/suggest.h"
#include "core/whatif.h"
#include "render/map_renderer.h"
#include "viewer/map_canvas.h"

#include <QObject>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QAction;
class QActionGroup;
class QMenu;
class QToolBar;
class QUndoStack;
class QWidget;

namespace hcgis::viewer {

class Workbench : public QObject {
    Q_OBJECT
public:
    enum class Tool { Identify, AddToilet, AddFitness, Move, Delete, EditClass };

    /// Works on `canvas` (clicks and drags) inside `window`, the parent of its dialogs; neither is owned.
    Workbench(MapCanvas* canvas, QWidget* window);
    ~Workbench() override;

    /// Fills `menu` (方案) and `bar` with the workbench's actions.
    void build(QMenu* menu, QToolBar* bar);
    /// Sets the words of its actions in the current language.
    void retranslate();

    /// The project worked on: `analysis` (of the city without proposals), `catalog` and `renderer`, none
    /// owned, all to outlive the workbench or be replaced first; null `analysis` closes it. Drops any proposal
    /// and the undo history. `project_name` goes into saved scenarios.
    void set_project(Analysis* analysis, const Catalog* catalog, render::MapRenderer* renderer, const std::string& project_name);
    /// Where saved scenarios may not go (the project's inputs): throws as MainWindow's checks do.
    void set_output_check(std::function<void(const std::filesystem::path&)> check) { check_output_ = std::move(check); }

    /// The live indicators (created on the first use; null without a project).
    WhatIf* whatif();
    bool has_proposal() const;
    QUndoStack* undo_stack() const { return undo_; }

    void set_tool(Tool tool);
    Tool tool() const { return tool_; }

    // Edits, each an undo command; they throw UsageError on an unknown id.
    /// Adds a site of `role` at world point `at`; returns its id.
    int add_site(const std::string& role, QPointF at, std::optional<double> cls = std::nullopt, const std::string& note = "");
    void move_site(int id, QPointF to);
    void remove_site(int id);
    void set_site_class(int id, std::optional<double> cls);
    /// Adds `sites` as one undo step (their ids are given anew).
    void add_sites(const std::vector<ProposedSite>& sites, const QString& text);

    /// The proposed site nearest world point `at` within `tolerance` metres, or null.
    const ProposedSite* site_at(QPointF at, double tolerance) const;
    /// The site last edited or chosen (-1: none).
    int selected() const { return selected_; }

    /// A click on the map with the current tool; true when the workbench used it (else it is an identify).
    bool click(QPointF at, double tolerance);
    /// Whether a press at `at` grabs a proposed site to drag (every tool but 删除 and the add tools).
    bool grab(QPointF at, double tolerance);

    /// Writes the proposal to `file` (.gpkg); false with the reason in last_error() (in a box unless `quiet`).
    bool save_scenario(const std::filesystem::path& file, bool quiet = false);
    /// Writes the proposed sites for the platform as GeoJSON (RFC 7946, WGS 84; io/scenario_file.h); false
    /// with the reason in last_error() (in a box unless `quiet`).
    bool export_sites(const std::filesystem::path& file, bool quiet = false);
    /// Replaces the proposal by the scenario in `file` (the undo history dropped).
    bool open_scenario(const std::filesystem::path& file, bool quiet = false);
    const QString& last_error() const { return last_error_; }
    /// What the last open_scenario() warned of (sites outside every district, another project's scenario).
    const QStringList& scenario_warnings() const { return warnings_; }

    /// Shows the residents not covered by facilities of `role` ("toilets", "fitness") as a density
    /// surface, kept up to date with the proposal; "" hides it.
    void show_uncovered(const std::string& role);
    const std::string& uncovered_role() const { return uncovered_; }

    /// Runs sites::suggest_sites with `options` on a worker thread, a modal progress dialog with Cancel
    /// over the window, and adds its sites as one undo step with their notes. Returns the sites added: 0
    /// when cancelled or failed (the reason in last_error()).
    int run_suggestion(sites::SuggestOptions options, bool quiet = false);
    /// Called on the worker thread at each progress report, before the Cancel is looked at (tests hold the
    /// run there until they have pressed Cancel). Empty by default.
    void set_worker_hook(std::function<void()> hook) { worker_hook_ = std::move(hook); }
    bool cancel_requested() const { return cancel_; }
    /// The indicator ids that changed in any area since the last proposal_changed() (read during that
    /// signal), or null when every indicator may have (a scenario opened, the project changed).
    const std::vector<std::string>* changed() const { return all_changed_ ? nullptr : &changed_; }

signals:
    /// The proposal changed (an edit, undo, redo, a scenario opened or closed): the scorecard and map follow.
    void proposal_changed();
    /// Site `id` was chosen with the tools: the identify panel describes it.
    void site_chosen(int id);

private:
    /// After an edit of site `id` (-1: gone): marks, the catchment, the uncovered map, then the signal.
    void edited(int id);
    void update_marks();
    void update_uncovered();
    /// The catchment of proposed site `id` in world coordinates (empty when it reaches nothing).
    QPainterPath site_catchment(const ProposedSite& s);
    void suggest();
    void save_dialog();
    void open_dialog();
    void edit_class_dialog(int id);
    /// The class a new site of `role` takes: the smallest class that counts (toilets class III, a fitness
    /// point) when the project's layer has classes, else none.
    std::optional<double> default_class(const std::string& role) const;

    MapCanvas* canvas_;
    QWidget* window_;
    Analysis* analysis_ = nullptr;
    const Catalog* catalog_ = nullptr;
    render::MapRenderer* renderer_ = nullptr;
    std::string project_name_;
    std::unique_ptr<WhatIf> whatif_;
    QUndoStack* undo_ = nullptr;
    Tool tool_ = Tool::Identify;
    int selected_ = -1;
    int grabbed_ = -1;    // the site a press grabbed, moved where it is dropped
    bool batch_ = false;  // inside a macro: one update at its end
    std::vector<std::string> changed_;  // since the last proposal_changed()
    bool all_changed_ = false;
    std::string uncovered_;
    QString last_error_;
    QStringList warnings_;
    std::function<void(const std::filesystem::path&)> check_output_;
    std::function<void()> worker_hook_;
    std::atomic<bool> cancel_{false};
    sites::SuggestOptions last_options_;

    QMenu* menu_ = nullptr;
    QMenu* uncovered_menu_ = nullptr;
    std::vector<std::pair<QAction*, const char*>> texts_;
    std::vector<std::pair<QAction*, Tool>> tool_actions_;
};

}  // namespace hcgis::viewer
