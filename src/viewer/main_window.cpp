#include "viewer/main_window.h"

#include "viewer/error_text.h"


#include "io/catalog_file.h"
#include "io/error.h"
#include "io/load.h"
#include "io/project.h"
#include "render/style.h"
#include "render/thematic.h"
#include "viewer/identify_panel.h"
#include "viewer/language.h"
#include "viewer/layer_panel.h"
#include "viewer/qstring.h"
#include "viewer/role_names.h"
#include "viewer/scorecard_panel.h"
#include "viewer/workbench.h"

#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QDockWidget>
#include <QEvent>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>

#include <cmath>

namespace hcgis::viewer {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    canvas_ = new MapCanvas(this);
    setCentralWidget(canvas_);

    layers_ = new LayerPanel;
    layer_dock_ = add_dock("layers", layers_, Qt::LeftDockWidgetArea);
    connect(layers_, &LayerPanel::map_changed, canvas_, &MapCanvas::refresh);
    connect(layers_, &LayerPanel::style_chosen, this, &MainWindow::apply_style);
    // The legend of what was drawn (the density classes of the view, the residents not covered), once
    // the render is done.
    connect(canvas_, &MapCanvas::rendered, layers_, &LayerPanel::refill, Qt::QueuedConnection);

    scorecard_ = new ScorecardPanel;
    table_dock_ = add_dock("indicators", scorecard_, Qt::BottomDockWidgetArea);
    connect(scorecard_, &ScorecardPanel::indicator_chosen, this, &MainWindow::show_indicator);
    connect(scorecard_, &ScorecardPanel::district_clicked, this, &MainWindow::select_district);
    connect(scorecard_, &ScorecardPanel::row_activated, this, &MainWindow::zoom_to_district);

    identify_ = new IdentifyPanel;
    identify_dock_ = add_dock("identify", identify_, Qt::RightDockWidgetArea);

    scale_label_ = new QLabel;
    coords_label_ = new QLabel;
    statusBar()->addPermanentWidget(scale_label_);
    statusBar()->addPermanentWidget(coords_label_);

    connect(canvas_, &MapCanvas::cursor_moved, this, &MainWindow::update_status);
    connect(canvas_, &MapCanvas::view_changed, this, [this] { scale_label_->setText(status_scale()); });
    workbench_ = new Workbench(canvas_, this);
    // A click goes to the workbench's tool first (add, delete, edit a proposed site), else identifies.
    connect(canvas_, &MapCanvas::clicked, this, [this](QPointF at) {
        if (!workbench_->click(at, 6 * canvas_->metres_per_pixel())) identify(at);
    });
    connect(workbench_, &Workbench::proposal_changed, this, &MainWindow::refresh_proposal);
    connect(workbench_, &Workbench::site_chosen, this, [this](int id) {
        if (const ProposedSite* s = workbench_->whatif() ? workbench_->whatif()->site(id) : nullptr) identify_->show_site(*s);
    });
    workbench_->set_output_check([this](const std::filesystem::path& f) { check_output(f, {".gpkg", ".geojson"}); });

    try {
        catalog_ = io::read_catalog(io::default_catalog_path());
    } catch (const io::InputError& e) {
        last_error_ = QString::fromUtf8(e.what());
    }
    build_menus();
    fill_recent();
    retranslate();
    QSettings settings("hcgis", "hcgis-viewer");
    if (!restoreGeometry(settings.value("geometry").toByteArray())) resize(1280, 820);
    restoreState(settings.value("state").toByteArray());
}

QDockWidget* MainWindow::add_dock(const char* name, QWidget* content, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(this);
    dock->setObjectName(name);  // the key saveState() keeps the dock's place under
    dock->setWidget(content);
    addDockWidget(area, dock);
    return dock;
}

MainWindow::~MainWindow() {
    // The workbench, canvas and renderer refer to the city: let go of them first.
    workbench_->set_project(nullptr, nullptr, nullptr, "");
    canvas_->set_renderer(nullptr);
    layers_->set_map(nullptr, nullptr);
    identify_->set_project(nullptr, nullptr, nullptr, nullptr);
    renderer_.reset();
    analysis_.reset();
}

QAction* MainWindow::translated(QAction* action, const char* name, const char* text) {
    action->setObjectName(name);
    action_texts_.emplace_back(action, text);
    return action;
}

QMenu* MainWindow::translated(QMenu* menu, const char* text) {
    menu_titles_.emplace_back(menu, text);
    return menu;
}

void MainWindow::build_menus() {
    file_menu_ = translated(menuBar()->addMenu(QString()), QT_TR_NOOP("文件(&F)"));
    translated(file_menu_->addAction(QString(), this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("打开项目(&O)…"), QString(), tr("hcgis 项目 (*.json)"));
        if (!f.isEmpty()) open_project(f.toStdString());
    }), "open", QT_TR_NOOP("打开项目(&O)…"))->setShortcut(QKeySequence::Open);
    recent_menu_ = translated(file_menu_->addMenu(QString()), QT_TR_NOOP("最近的项目"));
    repair_action_ = translated(file_menu_->addAction(QString(), this, [this](bool on) { set_repair(on); }), "repair",
                                QT_TR_NOOP("修复无效几何（--repair）"));
    repair_action_->setCheckable(true);
    file_menu_->addSeparator();
    translated(file_menu_->addAction(QString(), this, &MainWindow::export_districts), "export_districts",
               QT_TR_NOOP("导出街道指标(&E)…"));
    translated(file_menu_->addAction(QString(), this, &MainWindow::export_map), "export_map", QT_TR_NOOP("导出专题图…"));
    translated(file_menu_->addAction(QString(), this, &MainWindow::print), "print", QT_TR_NOOP("打印(&P)…"))
        ->setShortcut(QKeySequence::Print);
    file_menu_->addSeparator();
    translated(file_menu_->addAction(QString(), this, &QWidget::close), "quit", QT_TR_NOOP("退出(&Q)"))
        ->setShortcut(QKeySequence::Quit);

    view_menu_ = translated(menuBar()->addMenu(QString()), QT_TR_NOOP("视图(&V)"));
    translated(view_menu_->addAction(QString(), this, [this] {
        if (renderer_) canvas_->zoom_to(renderer_->extent());
    }), "zoom_full", QT_TR_NOOP("全图"));
    translated(view_menu_->addAction(QString(), this, [this] { zoom_to_district(selected_); }), "zoom_district",
               QT_TR_NOOP("缩放到街道"));
    zoom_layer_menu_ = translated(view_menu_->addMenu(QString()), QT_TR_NOOP("缩放到图层"));
    view_menu_->addSeparator();
    language_menu_ = translated(view_menu_->addMenu(QString()), QT_TR_NOOP("语言 / Language"));
    language_menu_->setObjectName("language");
    auto* group = new QActionGroup(this);
    // Each language named in itself, the same in both.
    for (auto [label, l] : {std::pair{"中文", Lang::Zh}, std::pair{"English", Lang::En}}) {
        QAction* a = language_menu_->addAction(QString::fromUtf8(label), this, [l] {
            // The windows set their words again on the QEvent::LanguageChange this sends.
            if (set_language(l)) QSettings("hcgis", "hcgis-viewer").setValue("language", l == Lang::En ? "en" : "zh");
        });
        a->setData(static_cast<int>(l));
        a->setCheckable(true);
        group->addAction(a);
    }

    QMenu* plan = translated(menuBar()->addMenu(QString()), QT_TR_NOOP("方案(&S)"));
    plan->setObjectName("plan");
    plan_bar_ = addToolBar(QString());
    plan_bar_->setObjectName("workbench");  // the key saveState() keeps the toolbar's place under
    workbench_->build(plan, plan_bar_);

    coverage_menu_ = translated(menuBar()->addMenu(QString()), QT_TR_NOOP("服务范围(&C)"));
    auto* cov_group = new QActionGroup(this);
    cov_group->setExclusionPolicy(QActionGroup::ExclusionPolicy::ExclusiveOptional);
    for (const char* f : {"fitness", "parks", "toilets"}) {
        QAction* a = coverage_menu_->addAction(QString(), this, [this, f](bool on) { show_coverage(on ? f : ""); });
        a->setObjectName(QString("cov_") + f);
        a->setData(QString(f));
        a->setCheckable(true);
        cov_group->addAction(a);
    }
}

void MainWindow::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) retranslate();
    QMainWindow::changeEvent(e);
}

void MainWindow::retranslate() {
    setWindowTitle(city_ ? tr("hcgis 健康城市 GIS") + " — " + q(city_->name) : tr("hcgis 健康城市 GIS"));
    for (const auto& [menu, text] : menu_titles_) menu->setTitle(tr(text));
    for (const auto& [action, text] : action_texts_) action->setText(tr(text));
    // The data of these actions is the role or facility they are named after.
    for (QAction* a : zoom_layer_menu_->actions()) a->setText(role_name(a->data().toString().toStdString()));
    for (QAction* a : coverage_menu_->actions()) a->setText(catchments_name(a->data().toString().toStdString()));
    for (QAction* a : language_menu_->actions()) a->setChecked(a->data().toInt() == static_cast<int>(language()));
    layer_dock_->setWindowTitle(tr("图层"));
    table_dock_->setWindowTitle(tr("指标"));
    identify_dock_->setWindowTitle(tr("查询"));
    plan_bar_->setWindowTitle(tr("方案工具"));
    workbench_->retranslate();
}

void MainWindow::fill_recent() {
    recent_menu_->clear();
    const QStringList recent = QSettings("hcgis", "hcgis-viewer").value("recent").toStringList();
    for (const QString& f : recent) recent_menu_->addAction(f, this, [this, f] { open_project(f.toStdString()); });
    recent_menu_->setEnabled(!recent.isEmpty());
}

void MainWindow::fill_zoom_layers() {
    zoom_layer_menu_->clear();
    zoom_layer_menu_->addAction(QString(), this, [this] { canvas_->zoom_to(renderer_->extent()); })->setData("districts");
    for (const auto& [role, layer] : city_->layers) {
        QRectF box;
        if (layer.kind == GeomKind::Point) {
            for (std::size_t i = 0; i < layer.size(); ++i) box = box.united(QRectF(layer.x[i], layer.y[i], 1e-6, 1e-6));
        } else {
            for (const auto& g : layer.geoms) box = box.united(render::to_path(g.get()).boundingRect());
        }
        if (!box.isNull()) zoom_layer_menu_->addAction(QString(), this, [this, box] { canvas_->zoom_to(box); })->setData(q(role));
    }
}

bool MainWindow::open_project(const std::filesystem::path& file, bool quiet) {
    last_attempt_ = file;
    try {
        const io::Project project = io::read_project(file);
        io::LoadOptions options;
        options.repair = repair_;
        auto city = std::make_unique<City>(io::load_city(project, options));
        auto analysis = std::make_unique<Analysis>(*city);
        auto card = std::make_unique<Scorecard>(compute_scorecard(*analysis, catalog_));
        auto renderer = std::make_unique<render::MapRenderer>(*city);
        workbench_->set_project(nullptr, nullptr, nullptr, "");
        canvas_->set_renderer(nullptr);
        renderer_ = std::move(renderer);
        analysis_ = std::move(analysis);
        card_ = std::move(card);
        city_ = std::move(city);
        layers_->set_map(city_.get(), renderer_.get());
        identify_->set_project(analysis_.get(), card_.get(), &catalog_, renderer_.get());
        workbench_->set_project(analysis_.get(), &catalog_, renderer_.get(), city_->name);
        project_file_ = file;
        inputs_ = io::ProtectedInputs();
        inputs_.add_project(project);
        inputs_.add(io::default_catalog_path(), "the indicator catalog");
        selected_ = -1;
        coverage_.clear();
        for (QAction* a : coverage_menu_->actions()) a->setChecked(false);
    } catch (const std::exception& e) {
        last_error_ = error_text(e);
        QString shown = last_error_;
        if (!repair_ && last_error_.contains("--repair")) shown += "\n\n" + tr("可在“文件”菜单中开启“修复无效几何”，项目将重新打开。");
        if (!quiet) QMessageBox::critical(this, tr("无法打开项目"), shown);
        return false;
    }
    last_error_.clear();
    layers_->refill();
    scorecard_->set_scorecard(card_.get(), &catalog_);
    canvas_->set_renderer(renderer_.get());
    show_indicator(card_->ids.empty() ? std::string() : (indicator_.empty() ? card_->ids.front() : indicator_));
    remember_recent(QString::fromStdString(file.string()));
    fill_recent();
    fill_zoom_layers();
    retranslate();
    return true;
}

void MainWindow::show_indicator(const std::string& id) {
    if (!card_ || !renderer_ || id.empty()) return;
    const IndicatorDef* def = catalog_.find(id);
    if (!def) return;
    indicator_ = id;
    scorecard_->show_indicator(id);
    apply_style();
    for (const auto& role : render::layers_for_indicator(id)) renderer_->set_visible(role, true);
    layers_->refill();
    canvas_->refresh();
}

void MainWindow::apply_style() {
    if (!card_ || !renderer_ || indicator_.empty()) return;
    const IndicatorDef* def = catalog_.find(indicator_);
    if (!def) return;
    render::Style style = render::default_style(*def);
    const QString file = layers_->style_file();
    if (!file.isEmpty()) {
        try {
            style = render::read_style(file.toStdString());
        } catch (const hcgis::Error& e) {
            QMessageBox::warning(this, tr("样式"), QString::fromUtf8(e.what()));
        }
    }
    // With a proposal the map shows its figures (方案), as the scorecard's middle column.
    const Scorecard& shown = workbench_->has_proposal() ? workbench_->whatif()->after() : *card_;
    thematic_ = render::make_thematic(shown, *def, style);
    renderer_->set_thematic(*thematic_);
    layers_->refill();
    canvas_->refresh();
}

void MainWindow::refresh_proposal() {
    if (!card_) return;
    WhatIf* w = workbench_->whatif();
    scorecard_->set_comparison(workbench_->has_proposal() ? &w->after() : nullptr, workbench_->changed());
    identify_->set_after(workbench_->has_proposal() ? &w->after() : nullptr);
    apply_style();
}

void MainWindow::show_coverage(const std::string& facility) {
    if (!renderer_ || !analysis_) return;
    coverage_ = facility;
    if (facility.empty()) {
        renderer_->set_catchments(nullptr, QString(), render::Style());
        canvas_->refresh();
        layers_->refill();
        return;
    }
    try {
        CoverageOptions o;
        o.facility = facility;
        const CoverageMap map = coverage_map(*analysis_, o);
        renderer_->set_catchments(map.all.get(), catchments_name(facility), render::Style());
        renderer_->set_visible(facility, true);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("服务范围(&C)"), error_text(e));
    }
    layers_->refill();
    canvas_->refresh();
}

void MainWindow::select_district(int d) {
    if (!city_) return;
    selected_ = d;
    if (d < 0 || d >= static_cast<int>(city_->districts.size())) {
        selected_ = -1;
        canvas_->set_highlight(QPainterPath());
        scorecard_->select_row(-1);
        return;
    }
    scorecard_->select_row(d);
    canvas_->set_highlight(render::to_path(city_->districts.geom[static_cast<std::size_t>(d)].get()));
}

void MainWindow::zoom_to_district(int d) {
    if (!city_ || d < 0 || d >= static_cast<int>(city_->districts.size())) return;
    select_district(d);
    canvas_->zoom_to(render::to_path(city_->districts.geom[static_cast<std::size_t>(d)].get()).boundingRect());
}

QString MainWindow::identify(QPointF at) {
    if (!city_ || !analysis_) return {};
    // A proposed site first, then the nearest visible point feature within 6 pixels, else the district under the cursor.
    if (const ProposedSite* s = workbench_->site_at(at, 6 * canvas_->metres_per_pixel())) {
        identify_->show_site(*s);
    } else if (!identify_->show_feature(at, 6 * canvas_->metres_per_pixel())) {
        const int d = analysis_->index().locate(at.x(), at.y());
        select_district(d);
        identify_->show_district(d);
    }
    return identify_->toPlainText();
}

QString MainWindow::status_scale() const {
    // Metres per pixel times pixels per metre of screen.
    const double denominator = canvas_->metres_per_pixel() * canvas_->logicalDpiX() / 0.0254;
    return QString("%1 1:%L2").arg(tr("比例尺")).arg(std::round(denominator), 0, 'f', 0);
}

void MainWindow::update_status(QPointF world) {
    coords_label_->setText(QString("%1, %2  %3").arg(world.x(), 0, 'f', 1).arg(world.y(), 0, 'f', 1).arg(city_ ? q(city_->crs) : QString()));
}

void MainWindow::remember_recent(const QString& file) {
    QSettings s("hcgis", "hcgis-viewer");
    QStringList recent = s.value("recent").toStringList();
    const QString abs = QFileInfo(file).absoluteFilePath();
    recent.removeAll(abs);
    recent.prepend(abs);
    while (recent.size() > 8) recent.removeLast();
    s.setValue("recent", recent);
}

void MainWindow::closeEvent(QCloseEvent* e) {
    QSettings s("hcgis", "hcgis-viewer");
    s.setValue("geometry", saveGeometry());
    s.setValue("state", saveState());
    QMainWindow::closeEvent(e);
}

void MainWindow::set_repair(bool on, bool quiet) {
    repair_ = on;
    if (repair_action_) repair_action_->setChecked(on);
    // Open again what was opened last, or tried last: the project that needed the repair.
    if (!last_attempt_.empty()) open_project(last_attempt_, quiet);
}

QTreeWidget* MainWindow::layer_tree() const { return layers_->tree(); }

QTableWidget* MainWindow::scorecard_table() const { return scorecard_->table(); }

void MainWindow::move_layer(const std::string& role, int steps) { layers_->move_layer(role, steps); }

void MainWindow::set_layer_look(const std::string& role, const render::LayerLook& look) { layers_->set_layer_look(role, look); }

bool MainWindow::apply_layer_style(const std::string& role, const std::filesystem::path& style) {
    return layers_->apply_layer_style(role, style, &last_error_);
}

}  // namespace hcgis::viewer
