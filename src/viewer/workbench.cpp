#include "viewer/workbench.h"

#include "core/catchment.h"
#include "core/codes.h"
#include "core/error.h"
#include "core/proposal.h"
#include "core/indicators/fitness.h"
#include "io/scenario_file.h"
#include "render/symbols.h"
#include "viewer/error_text.h"
#include "viewer/proposal_commands.h"
#include "viewer/qstring.h"
#include "viewer/suggest_dialog.h"

#include <QAction>
#include <QActionGroup>
#include <QEventLoop>
#include <QFileDialog>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QThread>
#include <QToolBar>
#include <QUndoStack>

#include <algorithm>
#include <cmath>
#include <exception>

namespace hcgis::viewer {

Workbench::Workbench(MapCanvas* canvas, QWidget* window) : QObject(window), canvas_(canvas), window_(window) {
    undo_ = new QUndoStack(this);
    canvas_->set_grab([this](QPointF at) { return grab(at, 8 * canvas_->metres_per_pixel()); });
    connect(canvas_, &MapCanvas::item_dropped, this, [this](QPointF, QPointF to) {
        const int id = grabbed_;
        grabbed_ = -1;
        if (id >= 0 && whatif_ && whatif_->site(id)) move_site(id, to);
    });
}

Workbench::~Workbench() {
    undo_->clear();  // the commands refer to the WhatIf
}

void Workbench::build(QMenu* menu, QToolBar* bar) {
    menu_ = menu;
    auto* tools = new QActionGroup(this);
    const std::pair<Tool, std::pair<const char*, const char*>> tool_list[] = {
        {Tool::Identify, {"tool_identify", QT_TR_NOOP("查询")}},
        {Tool::AddToilet, {"tool_add_toilets", QT_TR_NOOP("添加公厕")}},
        {Tool::AddFitness, {"tool_add_fitness", QT_TR_NOOP("添加健身点")}},
        {Tool::Move, {"tool_move", QT_TR_NOOP("移动")}},
        {Tool::Delete, {"tool_delete", QT_TR_NOOP("删除")}},
        {Tool::EditClass, {"tool_class", QT_TR_NOOP("编辑等级")}},
    };
    for (const auto& [tool, names] : tool_list) {
        QAction* a = menu->addAction(QString(), this, [this, t = tool] { set_tool(t); });
        a->setObjectName(names.first);
        a->setCheckable(true);
        a->setChecked(tool == tool_);
        tools->addAction(a);
        bar->addAction(a);
        texts_.emplace_back(a, names.second);
        tool_actions_.emplace_back(a, tool);
    }
    menu->addSeparator();
    bar->addSeparator();
    auto add = [&](const char* name, const char* text, auto slot) {
        QAction* a = menu->addAction(QString(), this, slot);
        a->setObjectName(name);
        texts_.emplace_back(a, text);
        return a;
    };
    QAction* undo = add("undo", QT_TR_NOOP("撤销"), [this] { undo_->undo(); });
    undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    undo->setEnabled(false);
    connect(undo_, &QUndoStack::canUndoChanged, undo, &QAction::setEnabled);
    QAction* redo = add("redo", QT_TR_NOOP("重做"), [this] { undo_->redo(); });
    redo->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    redo->setEnabled(false);
    connect(undo_, &QUndoStack::canRedoChanged, redo, &QAction::setEnabled);
    bar->addAction(undo);
    bar->addAction(redo);
    menu->addSeparator();
    add("suggest", QT_TR_NOOP("推荐选址…"), [this] { suggest(); });
    uncovered_menu_ = menu->addMenu(QString());
    uncovered_menu_->setObjectName("uncovered");
    auto* which = new QActionGroup(this);
    const std::pair<const char*, const char*> kinds[] = {
        {"", QT_TR_NOOP("不显示")}, {"toilets", QT_TR_NOOP("公厕")}, {"fitness", QT_TR_NOOP("健身设施")}};
    for (const auto& [role, text] : kinds) {
        QAction* a = uncovered_menu_->addAction(QString(), this, [this, r = std::string(role)] { show_uncovered(r); });
        a->setObjectName(QString("uncovered_") + (*role ? role : "none"));
        a->setCheckable(true);
        a->setChecked(!*role);
        which->addAction(a);
        texts_.emplace_back(a, text);
    }
    menu->addSeparator();
    add("save_scenario", QT_TR_NOOP("保存方案…"), [this] { save_dialog(); });
    add("open_scenario", QT_TR_NOOP("打开方案…"), [this] { open_dialog(); });
    add("export_sites", QT_TR_NOOP("导出拟建站点（GeoJSON）…"), [this] {
        if (!analysis_) return;
        QString f = QFileDialog::getSaveFileName(window_, tr("导出拟建站点"), QString(), "GeoJSON (*.geojson)");
        if (f.isEmpty()) return;
        if (!f.endsWith(".geojson", Qt::CaseInsensitive)) f += ".geojson";
        export_sites(f.toStdString());
    });
    add("clear_scenario", QT_TR_NOOP("清除方案"), [this] {
        if (!whatif_ || !has_proposal()) return;
        undo_->beginMacro(tr("清除方案"));
        batch_ = true;
        std::vector<int> ids;
        for (const auto& s : whatif_->proposal().sites) ids.push_back(s.id);
        for (int id : ids) remove_site(id);
        batch_ = false;
        undo_->endMacro();
        edited(-1);
    });
}

void Workbench::retranslate() {
    for (const auto& [action, text] : texts_) action->setText(tr(text));
    if (uncovered_menu_) uncovered_menu_->setTitle(tr("待覆盖居民"));
}

void Workbench::set_project(Analysis* analysis, const Catalog* catalog, render::MapRenderer* renderer,
                            const std::string& project_name) {
    undo_->clear();  // before the WhatIf its commands refer to
    whatif_.reset();
    analysis_ = analysis;
    catalog_ = catalog;
    renderer_ = renderer;
    project_name_ = project_name;
    selected_ = grabbed_ = -1;
    uncovered_.clear();
    if (uncovered_menu_)
        for (QAction* a : uncovered_menu_->actions()) a->setChecked(a->objectName() == "uncovered_none");
}

WhatIf* Workbench::whatif() {
    if (!whatif_ && analysis_ && catalog_) whatif_ = std::make_unique<WhatIf>(*analysis_, *catalog_);
    return whatif_.get();
}

bool Workbench::has_proposal() const { return whatif_ && !whatif_->proposal().sites.empty(); }

void Workbench::set_tool(Tool tool) {
    tool_ = tool;
    for (const auto& [a, t] : tool_actions_) a->setChecked(t == tool);
    canvas_->setCursor(tool == Tool::AddToilet || tool == Tool::AddFitness ? Qt::CrossCursor : Qt::ArrowCursor);
}

std::optional<double> Workbench::default_class(const std::string& role) const {
    const Layer* layer = analysis_ ? analysis_->city().layer(role) : nullptr;
    if (!layer || !layer->has_number("class")) return std::nullopt;
    return role == "toilets" ? codes::toilet_class_3 : codes::fitness_small;
}

int Workbench::add_site(const std::string& role, QPointF at, std::optional<double> cls, const std::string& note) {
    WhatIf* w = whatif();
    if (!w) throw UsageError("no project open");
    ProposedSite s;
    s.role = role;
    s.x = at.x();
    s.y = at.y();
    s.cls = cls;
    s.note = note;
    auto* cmd = new AddSiteCommand(*w, s, [this](int id) { edited(id); },
                                   role == "toilets" ? tr("添加公厕") : tr("添加健身点"));
    undo_->push(cmd);  // does it: WhatIf gives the id
    return cmd->id();
}

void Workbench::move_site(int id, QPointF to) {
    WhatIf* w = whatif();
    if (!w) throw UsageError("no project open");
    undo_->push(new MoveSiteCommand(*w, id, to.x(), to.y(), [this](int i) { edited(i); }, tr("移动")));
}

void Workbench::remove_site(int id) {
    WhatIf* w = whatif();
    if (!w) throw UsageError("no project open");
    undo_->push(new RemoveSiteCommand(*w, id, [this](int i) { edited(i); }, tr("删除")));
}

void Workbench::set_site_class(int id, std::optional<double> cls) {
    WhatIf* w = whatif();
    if (!w) throw UsageError("no project open");
    undo_->push(new SetClassCommand(*w, id, cls, [this](int i) { edited(i); }, tr("编辑等级")));
}

void Workbench::add_sites(const std::vector<ProposedSite>& sites, const QString& text) {
    if (sites.empty()) return;
    WhatIf* w = whatif();
    if (!w) throw UsageError("no project open");
    // Every site checked before the macro opens: a refused one throws with the stack as it was, not with
    // a macro left open that would swallow the edits after it.
    for (const auto& s : sites) w->check(s);
    undo_->beginMacro(text);
    batch_ = true;
    struct Close {  // the macro is closed however the adds end (a recomputation may still throw)
        Workbench& wb;
        ~Close() {
            wb.batch_ = false;
            wb.undo_->endMacro();
        }
    };
    int last = -1;
    {
        const Close close{*this};
        for (const auto& s : sites) last = add_site(s.role, QPointF(s.x, s.y), s.cls, s.note);
    }
    edited(last);
}

const ProposedSite* Workbench::site_at(QPointF at, double tolerance) const {
    if (!whatif_) return nullptr;
    const ProposedSite* best = nullptr;
    double best_d = tolerance;
    for (const auto& s : whatif_->proposal().sites) {
        const double d = std::hypot(s.x - at.x(), s.y - at.y());
        if (d <= best_d) {
            best_d = d;
            best = &s;
        }
    }
    return best;
}

bool Workbench::click(QPointF at, double tolerance) {
    if (!analysis_) return false;
    if (tool_ == Tool::AddToilet || tool_ == Tool::AddFitness) {
        const std::string role = tool_ == Tool::AddToilet ? "toilets" : "fitness";
        emit site_chosen(add_site(role, at, default_class(role)));
        return true;
    }
    const ProposedSite* s = site_at(at, tolerance);
    if (!s) return false;
    const int id = s->id;
    if (tool_ == Tool::Delete) {
        remove_site(id);
        return true;
    }
    if (tool_ == Tool::EditClass) edit_class_dialog(id);
    if (!whatif_->site(id)) return true;
    selected_ = id;
    update_marks();
    renderer_->set_edited_catchment(site_catchment(*whatif_->site(id)), QColor(render::categories(whatif_->site(id)->role).back().colour));
    canvas_->refresh();
    emit site_chosen(id);
    return true;
}

bool Workbench::grab(QPointF at, double tolerance) {
    if (tool_ == Tool::Delete || tool_ == Tool::AddToilet || tool_ == Tool::AddFitness) return false;
    const ProposedSite* s = site_at(at, tolerance);
    grabbed_ = s ? s->id : -1;
    return s != nullptr;
}

void Workbench::edit_class_dialog(int id) {
    const ProposedSite* s = whatif_->site(id);
    const auto& cats = render::categories(s->role);
    QStringList labels;
    int current = static_cast<int>(cats.size()) - 1;
    for (std::size_t k = 0; k < cats.size(); ++k) {
        labels << (k + 1 == cats.size() ? tr("无等级") : QString::fromUtf8(cats[k].label));
        if (s->cls && cats[k].code == *s->cls && k + 1 < cats.size()) current = static_cast<int>(k);
    }
    bool ok = false;
    const QString chosen = QInputDialog::getItem(window_, tr("编辑等级"), tr("等级"), labels, current, false, &ok);
    if (!ok) return;
    const auto k = static_cast<std::size_t>(labels.indexOf(chosen));
    set_site_class(id, k + 1 < cats.size() ? std::optional<double>(cats[k].code) : std::nullopt);
}

void Workbench::edited(int id) {
    if (whatif_)
        for (const auto& c : whatif_->last_changed())
            if (std::find(changed_.begin(), changed_.end(), c) == changed_.end()) changed_.push_back(c);
    if (batch_ || !renderer_) return;
    selected_ = id;
    update_marks();
    const ProposedSite* s = whatif_ && id >= 0 ? whatif_->site(id) : nullptr;
    renderer_->set_edited_catchment(s ? site_catchment(*s) : QPainterPath(),
                                    s ? QColor(render::categories(s->role).back().colour) : QColor());
    update_uncovered();
    canvas_->refresh();
    emit proposal_changed();
    changed_.clear();
    all_changed_ = false;
}

void Workbench::update_marks() {
    std::vector<render::ProposedMark> marks;
    if (whatif_)
        for (const auto& s : whatif_->proposal().sites) marks.push_back({QPointF(s.x, s.y), s.role, s.cls, s.id == selected_});
    renderer_->set_proposed(std::move(marks));
}

QPainterPath Workbench::site_catchment(const ProposedSite& s) {
    const City& city = analysis_->city();
    const Layer* fitness = city.layer("fitness");
    double budget = city.walk_minutes * city.walk_speed_m_per_min;
    if (s.role == "toilets") budget = city.toilet_service_radius_m;
    else if (fitness && fitness->has_number("class")) budget = indicators::fitness_class_radius(s.cls.value_or(codes::fitness_small));
    try {
        if (analysis_->network_mode() && analysis_->walk_graph()) {
            const WalkGraph& g = *analysis_->walk_graph();
            const geos::GeomPtr area = catchment(g, g.snap(s.x, s.y), budget, 50.0);
            return render::to_path(area.get());
        }
    } catch (const std::exception&) {
        // No network to walk on: the straight radius below.
    }
    QPainterPath circle;
    circle.addEllipse(QPointF(s.x, s.y), budget, budget);
    return circle;
}

void Workbench::show_uncovered(const std::string& role) {
    uncovered_ = role;
    if (uncovered_menu_)
        for (QAction* a : uncovered_menu_->actions())
            a->setChecked(a->objectName() == QString("uncovered_") + (role.empty() ? "none" : q(role)));
    update_uncovered();
    canvas_->refresh();
}

void Workbench::update_uncovered() {
    if (!renderer_) return;
    if (uncovered_.empty() || !whatif()) {
        renderer_->set_uncovered({}, "");
        return;
    }
    try {
        renderer_->set_uncovered(whatif_->uncovered(uncovered_), uncovered_);
    } catch (const std::exception& e) {
        renderer_->set_uncovered({}, "");
        last_error_ = error_text(e);
    }
}

bool Workbench::save_scenario(const std::filesystem::path& file, bool quiet) {
    try {
        if (!whatif()) throw UsageError("no project open");
        if (check_output_) check_output_(file);
        io::write_scenario(file, whatif_->proposal(), io::scenario_meta(analysis_->city(), whatif_->proposal().note));
    } catch (const std::exception& e) {
        last_error_ = error_text(e);
        if (!quiet) QMessageBox::warning(window_, tr("保存方案"), last_error_);
        return false;
    }
    last_error_.clear();
    return true;
}

bool Workbench::export_sites(const std::filesystem::path& file, bool quiet) {
    try {
        if (!whatif()) throw UsageError("no project open");
        if (check_output_) check_output_(file);
        io::write_proposal_geojson(analysis_->city(), whatif_->proposal(), file);
    } catch (const std::exception& e) {
        last_error_ = error_text(e);
        if (!quiet) QMessageBox::warning(window_, tr("导出拟建站点"), last_error_);
        return false;
    }
    last_error_.clear();
    return true;
}

bool Workbench::open_scenario(const std::filesystem::path& file, bool quiet) {
    try {
        if (!whatif()) throw UsageError("no project open");
        std::vector<std::string> warnings;
        const Proposal p = io::read_scenario(file, analysis_->city(), &warnings);
        // Sites outside every district, a scenario of another project: opened, and said.
        warnings_.clear();
        for (const auto& w : warnings) warnings_ << q(w);
        if (!warnings_.isEmpty() && !quiet) QMessageBox::warning(window_, tr("打开方案"), warnings_.join("\n"));
        undo_->clear();
        whatif_->set_proposal(p);
        all_changed_ = true;
    } catch (const std::exception& e) {
        last_error_ = error_text(e);
        if (!quiet) QMessageBox::warning(window_, tr("打开方案"), last_error_);
        return false;
    }
    last_error_.clear();
    edited(-1);
    return true;
}

void Workbench::save_dialog() {
    if (!analysis_) return;
    QString f = QFileDialog::getSaveFileName(window_, tr("保存方案"), QString(), tr("方案 GeoPackage (*.gpkg)"));
    if (f.isEmpty()) return;
    if (!f.endsWith(".gpkg", Qt::CaseInsensitive)) f += ".gpkg";
    save_scenario(f.toStdString());
}

void Workbench::open_dialog() {
    if (!analysis_) return;
    const QString f = QFileDialog::getOpenFileName(window_, tr("打开方案"), QString(), tr("方案 GeoPackage (*.gpkg)"));
    if (!f.isEmpty()) open_scenario(f.toStdString());
}

void Workbench::suggest() {
    if (!analysis_) return;
    SuggestDialog dialog(analysis_->city(), window_);
    dialog.set_options(last_options_);
    if (dialog.exec() != QDialog::Accepted) return;
    last_options_ = dialog.options();
    const int n = run_suggestion(last_options_);
    if (n == 0 && last_error_.isEmpty())
        QMessageBox::information(window_, tr("推荐选址"), tr("无需新增站点：目标已达到，或没有可用的候选点。"));
}

int Workbench::run_suggestion(sites::SuggestOptions options, bool quiet) {
    if (!analysis_ || !whatif()) return 0;
    cancel_ = false;
    last_error_.clear();
    QProgressDialog progress(tr("正在推荐选址…"), tr("取消"), 0, 0, window_);
    progress.setObjectName("suggest_progress");
    progress.setWindowTitle(tr("推荐选址"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(0);
    progress.setAutoClose(false);
    progress.setAutoReset(false);
    connect(&progress, &QProgressDialog::canceled, this, [this] { cancel_ = true; });
    options.progress = [this, &progress](const std::string& stage) {
        if (worker_hook_) worker_hook_();
        QMetaObject::invokeMethod(&progress, [&progress, text = q(stage)] { progress.setLabelText(text); }, Qt::QueuedConnection);
        return !cancel_.load();
    };
    // The sites already proposed count as built: a suggestion adds to the proposal, never repeats it.
    Layer built;
    const Proposal& proposal = whatif()->proposal();
    if (std::any_of(proposal.sites.begin(), proposal.sites.end(),
                    [&](const ProposedSite& p) { return p.role == options.facility; })) {
        built.role = options.facility;
        built.kind = GeomKind::Point;
        if (const Layer* own = analysis_->city().layer(options.facility)) {
            built.source = own->source;
            built.crs = own->crs;
            built.x = own->x;
            built.y = own->y;
            built.fid = own->fid;
            built.numbers = own->numbers;
            built.texts = own->texts;
        }
        append_sites(built, proposal);
        options.existing = &built;
    }
    std::optional<sites::SuggestResult> result;
    std::exception_ptr failure;
    // The analysis is shared with the worker: the window is modal meanwhile, so nothing else touches it.
    std::unique_ptr<QThread> worker(QThread::create([&] {
        try {
            result = sites::suggest_sites(*analysis_, options);
        } catch (...) {
            failure = std::current_exception();
        }
    }));
    QEventLoop loop;
    connect(worker.get(), &QThread::finished, &loop, &QEventLoop::quit);
    worker->start();
    progress.show();
    loop.exec();
    // The loop also ends when the application quits: the worker is then told to stop, not waited for
    // to the end of its time limit.
    if (!worker->isFinished()) cancel_ = true;
    worker->wait();
    progress.disconnect(this);  // closing a progress dialog says canceled(): no Cancel of the user's
    progress.close();
    if (failure) {
        try {
            std::rethrow_exception(failure);
        } catch (const std::exception& e) {
            last_error_ = error_text(e);
        }
        if (!quiet) QMessageBox::warning(window_, tr("推荐选址"), last_error_);
        return 0;
    }
    if (cancel_ || !result || result->solve.cancelled) {
        last_error_ = tr("推荐选址已取消，未添加站点。");
        return 0;
    }
    std::vector<ProposedSite> sites;
    for (const auto& s : result->sites) {
        ProposedSite p;
        p.role = result->facility;
        p.x = s.x;
        p.y = s.y;
        p.cls = default_class(result->facility);
        p.note = s.note;
        sites.push_back(std::move(p));
    }
    add_sites(sites, tr("推荐选址"));
    return static_cast<int>(sites.size());
}

}  // namespace hcgis::viewer
