// The planning workbench in a real window (offscreen): proposed sites added with a click and moved with a
// drag, the scorecard's 方案 column against a full recomputation of the city with the site appended
// (append_proposal + compute_scorecard), undo back to 现状, a cancelled suggestion, scenarios saved and
// reopened, the map of residents not covered, and the print legend.
#include "core/proposal.h"
#include "core/whatif.h"
#include "io/catalog_file.h"
#include "io/load.h"
#include "io/project.h"
#include "io/report.h"
#include "io/scenario_file.h"
#include "viewer/main_window.h"
#include "viewer/scorecard_panel.h"
#include "viewer/suggest_dialog.h"
#include "viewer/workbench.h"
#include "../cli/run_hcgis.h"

#include <catch2/catch.hpp>

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QProgressDialog>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QTreeWidget>
#include <QUndoStack>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>

using namespace hcgis;
using namespace hcgis::viewer;

namespace {

const std::filesystem::path project = std::filesystem::path(HCGIS_SOURCE_DIR) / "layers/lyg-etdz.json";

struct Window {
    MainWindow w;
    Window() {
        w.resize(1300, 850);
        w.show();
        REQUIRE(QTest::qWaitForWindowExposed(&w));
        REQUIRE(w.open_project(project, true));
        QApplication::processEvents();
    }
};

/// The scorecard of the bundled project with `proposal` appended, computed from scratch.
Scorecard full_recomputation(const Proposal& proposal) {
    City city = io::load_city(io::read_project(project));
    append_proposal(city, proposal);
    return compute_scorecard(city, io::read_catalog(io::default_catalog_path()));
}

/// Checks every indicator of every district and the total in the table's 方案 column against `expected`.
void check_after_column(MainWindow& w, const Scorecard& expected) {
    const ScorecardPanel& panel = *w.scorecard_panel();
    QTableWidget* t = w.scorecard_table();
    for (const auto& id : expected.ids) {
        const int col = panel.column(id, ScorecardPanel::Part::After);
        REQUIRE(col > 0);
        for (std::size_t d = 0; d <= expected.districts.size(); ++d) {
            const AreaResult& area = d < expected.districts.size() ? expected.districts[d] : expected.total;
            const Value& v = area.values.at(id);
            const QTableWidgetItem* cell = t->item(static_cast<int>(d), col);
            REQUIRE(cell);
            INFO(id << " in " << area.name);
            if (v.value) {
                REQUIRE(cell->data(Qt::UserRole).isValid());
                CHECK(cell->data(Qt::UserRole).toDouble() == Approx(*v.value).margin(1e-9));
            } else {
                CHECK(cell->text() == "—");
            }
        }
    }
}

/// A resident of district `d` that no fitness site reaches (with the proposal), the most populous such.
QPointF uncovered_resident(MainWindow& w, int d, const std::vector<QPointF>& away_from = {}) {
    const Layer& residents = *w.city()->layer("residents");
    const std::vector<double> weight = w.workbench()->whatif()->uncovered("fitness");
    DistrictIndex where(w.city()->districts.geom);
    double best = 0;
    QPointF at;
    for (std::size_t i = 0; i < residents.size(); ++i) {
        if (weight[i] <= best || where.locate(residents.x[i], residents.y[i]) != d) continue;
        bool far = true;
        for (const auto& p : away_from) far &= std::hypot(p.x() - residents.x[i], p.y() - residents.y[i]) > 1500;
        if (!far) continue;
        best = weight[i];
        at = QPointF(residents.x[i], residents.y[i]);
    }
    REQUIRE(best > 0);
    return at;
}

/// A point well inside district `d`.
QPointF inside(MainWindow& w, int d) {
    geos::GeomPtr p = geos::check(GEOSPointOnSurface_r(geos::ctx(), w.city()->districts.geom[static_cast<std::size_t>(d)].get()), "point");
    double x = 0, y = 0;
    GEOSGeomGetX_r(geos::ctx(), p.get(), &x);
    GEOSGeomGetY_r(geos::ctx(), p.get(), &y);
    return {x, y};
}

double after_value(MainWindow& w, const std::string& id, int d) {
    const auto& v = w.workbench()->whatif()->after().districts.at(static_cast<std::size_t>(d)).values.at(id).value;
    REQUIRE(v);
    return *v;
}

}  // namespace

TEST_CASE("workbench: a click adds a fitness site, a drag moves it, the 方案 column equals a full recomputation, undo restores 现状", "[viewer][workbench]") {
    Window win;
    MainWindow& w = win.w;
    MapCanvas* c = w.canvas();
    Workbench& wb = *w.workbench();
    const int houzui = 1;  // 猴嘴街道
    const std::string id = "fitness_10min_coverage";
    const Scorecard before = *w.scorecard();
    const double cover_before = *before.districts[houzui].values.at(id).value;

    // Choose 方案 › 添加健身点 and click where residents of 猴嘴 are out of reach of any fitness site.
    w.findChild<QAction*>("tool_add_fitness")->trigger();
    CHECK(wb.tool() == Workbench::Tool::AddFitness);
    const QPointF first = uncovered_resident(w, houzui);
    const QPoint click = c->to_widget(first).toPoint();
    QTest::mouseClick(c, Qt::LeftButton, Qt::NoModifier, click);
    const Proposal& proposal = wb.whatif()->proposal();
    REQUIRE(proposal.sites.size() == 1);
    CHECK(proposal.sites[0].role == "fitness");
    CHECK(proposal.sites[0].x == Approx(c->to_world(click).x()));
    // The scorecard compares: 现状 as before, 方案 as the city with this site appended computes.
    CHECK(w.scorecard_table()->columnCount() == 3 * static_cast<int>(before.ids.size()) + 1);
    check_after_column(w, full_recomputation(proposal));
    const double cover_added = after_value(w, id, houzui);
    CHECK(cover_added > cover_before);
    const QTableWidgetItem* change = w.scorecard_table()->item(houzui, w.scorecard_panel()->column(id, ScorecardPanel::Part::Change));
    CHECK(change->data(Qt::UserRole).toDouble() == Approx(cover_added - cover_before).margin(1e-12));
    CHECK(change->text().startsWith("+"));
    // A share's change is in percentage points, as the report gives it.
    CHECK(change->text() == "+" + QString::number((cover_added - cover_before) * 100, 'f', 1) + QString::fromUtf8(" 个百分点"));
    // Identify on the district (the point layers hidden, so the click finds it) tells 现状 → 方案.
    w.findChild<QAction*>("tool_identify")->trigger();
    for (int i = 0; i < w.layer_tree()->topLevelItemCount(); ++i) {
        auto* item = w.layer_tree()->topLevelItem(i);
        if (!item->data(0, Qt::UserRole).toString().isEmpty()) item->setCheckState(0, Qt::Unchecked);
    }
    const QString said = w.identify(inside(w, houzui));
    CHECK(said.contains(QString::fromStdString(io::format_value(cover_before, io::read_catalog(io::default_catalog_path()).find(id))) + " → " +
                        QString::fromStdString(io::format_value(cover_added, io::read_catalog(io::default_catalog_path()).find(id)))));

    // Drag it (the move tool, a real press, moves and release) to another uncovered place of 猴嘴.
    w.findChild<QAction*>("tool_move")->trigger();
    const QPointF target = uncovered_resident(w, houzui, {first});
    const QPoint drop = c->to_widget(target).toPoint();
    const int renders = c->render_count();
    const QPointF centre = c->centre();
    QTest::mousePress(c, Qt::LeftButton, Qt::NoModifier, click);
    QTest::mouseMove(c, click + (drop - click) / 2);
    QTest::mouseMove(c, drop);
    CHECK(c->dragging_item());
    CHECK(c->render_count() == renders);  // no render while the site follows the mouse
    QTest::mouseRelease(c, Qt::LeftButton, Qt::NoModifier, drop);
    REQUIRE(wb.whatif()->proposal().sites.size() == 1);
    CHECK(wb.whatif()->proposal().sites[0].x == Approx(c->to_world(drop).x()));
    CHECK(wb.whatif()->proposal().sites[0].y == Approx(c->to_world(drop).y()));
    CHECK(c->centre() == centre);  // the map itself did not pan
    check_after_column(w, full_recomputation(wb.whatif()->proposal()));
    CHECK(after_value(w, id, houzui) != Approx(cover_added).margin(1e-9));
    CHECK(after_value(w, id, houzui) > cover_before);

    // Ctrl+Z twice: the move, then the add, undone; 现状 exactly, the scorecard without a comparison.
    w.activateWindow();
    QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
    REQUIRE(wb.whatif()->proposal().sites.size() == 1);
    CHECK(wb.whatif()->proposal().sites[0].x == Approx(c->to_world(click).x()));
    CHECK(after_value(w, id, houzui) == Approx(cover_added).margin(1e-12));
    QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
    CHECK(wb.whatif()->proposal().sites.empty());
    CHECK_FALSE(wb.has_proposal());
    CHECK(w.scorecard_table()->columnCount() == static_cast<int>(before.ids.size()) + 1);
    for (std::size_t d = 0; d <= before.districts.size(); ++d) {
        const AreaResult& a = d < before.districts.size() ? before.districts[d] : before.total;
        const AreaResult& b = d < before.districts.size() ? wb.whatif()->after().districts[d] : wb.whatif()->after().total;
        for (const auto& [k, v] : a.values) {
            INFO(k << " in " << a.name);
            CHECK(b.values.at(k).value == v.value);  // exactly, not within a tolerance
            CHECK(b.values.at(k).pass == v.pass);
        }
    }
    // Ctrl+Shift+Z brings the site back with its id.
    QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    REQUIRE(wb.whatif()->proposal().sites.size() == 1);
    CHECK(after_value(w, id, houzui) == Approx(cover_added).margin(1e-12));
}

TEST_CASE("workbench: a suggestion run can be cancelled and adds nothing, and a finished one adds its sites with their notes as one undo step", "[viewer][workbench]") {
    Window win;
    MainWindow& w = win.w;
    Workbench& wb = *w.workbench();
    // The worker waits at its first progress report until Cancel has been pressed (at most 20 s), so the
    // run cannot finish first.
    wb.set_worker_hook([&wb] {
        QElapsedTimer t;
        t.start();
        while (!wb.cancel_requested() && t.elapsed() < 20000) QThread::msleep(5);
    });
    bool pressed = false;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        auto* dialog = w.findChild<QProgressDialog*>("suggest_progress");
        if (!dialog || !dialog->isVisible() || pressed) return;
        for (auto* b : dialog->findChildren<QPushButton*>()) {
            QTest::mouseClick(b, Qt::LeftButton);
            pressed = true;
        }
    });
    poll.start(10);
    sites::SuggestOptions o;
    o.facility = "fitness";
    o.count = 2;
    o.time_limit_s = 5;
    CHECK(wb.run_suggestion(o, true) == 0);
    poll.stop();
    CHECK(pressed);
    CHECK(wb.cancel_requested());
    CHECK_FALSE(wb.has_proposal());
    CHECK(wb.undo_stack()->count() == 0);
    CHECK(w.scorecard_table()->columnCount() == static_cast<int>(w.scorecard()->ids.size()) + 1);

    wb.set_worker_hook({});
    const int added = wb.run_suggestion(o, true);
    INFO(wb.last_error().toStdString());
    REQUIRE(added == 2);
    REQUIRE(wb.whatif()->proposal().sites.size() == 2);
    for (const auto& s : wb.whatif()->proposal().sites) {
        CHECK(s.role == "fitness");
        CHECK_FALSE(s.note.empty());
    }
    CHECK(wb.undo_stack()->count() == 1);  // one macro
    check_after_column(w, full_recomputation(wb.whatif()->proposal()));
    // The identify panel explains a suggested site.
    const ProposedSite s = wb.whatif()->proposal().sites[0];
    const QString text = w.identify(QPointF(s.x, s.y));
    CHECK(text.contains(QString::fromStdString(s.note)));
    if (qEnvironmentVariableIsSet("HCGIS_WORKBENCH_SHOT")) {  // the README's picture
        w.show_indicator("fitness_10min_coverage");
        wb.show_uncovered("fitness");
        QTest::mouseClick(w.canvas(), Qt::LeftButton, Qt::NoModifier, w.canvas()->to_widget(QPointF(s.x, s.y)).toPoint());
        (void)w.canvas()->grab();
        QApplication::processEvents();
        w.grab().save(qEnvironmentVariable("HCGIS_WORKBENCH_SHOT"));
        wb.show_uncovered("");
    }
    // It moves like any other, and one undo of the move, one of the suggestion, leave nothing.
    wb.move_site(s.id, QPointF(s.x + 200, s.y));
    CHECK(wb.whatif()->site(s.id)->x == Approx(s.x + 200));
    wb.undo_stack()->undo();
    wb.undo_stack()->undo();
    CHECK_FALSE(wb.has_proposal());
}

TEST_CASE("workbench: a saved scenario reopens with the same sites and figures", "[viewer][workbench]") {
    namespace fs = std::filesystem;
    const fs::path file = fs::temp_directory_path() / ("hcgis-scenario-" + std::to_string(QCoreApplication::applicationPid()) + ".gpkg");
    fs::remove(file);
    Scorecard saved;
    Proposal sites;
    {
        Window win;
        MainWindow& w = win.w;
        Workbench& wb = *w.workbench();
        const QPointF fit = uncovered_resident(w, 1);
        wb.add_site("fitness", fit, 2.0);
        wb.add_site("toilets", inside(w, 2), 2.0);
        sites = wb.whatif()->proposal();
        saved = wb.whatif()->after();
        CHECK_FALSE(wb.save_scenario(project, true));  // the project file, an input: refused
        CHECK(wb.last_error().contains("refusing to overwrite"));
        REQUIRE(wb.save_scenario(file, true));
    }
    Window win;
    MainWindow& w = win.w;
    Workbench& wb = *w.workbench();
    CHECK_FALSE(wb.has_proposal());
    REQUIRE(wb.open_scenario(file, true));
    const Proposal& opened = wb.whatif()->proposal();
    REQUIRE(opened.sites.size() == sites.sites.size());
    for (std::size_t k = 0; k < sites.sites.size(); ++k) {
        CHECK(opened.sites[k].role == sites.sites[k].role);
        CHECK(opened.sites[k].x == Approx(sites.sites[k].x).margin(1e-6));
        CHECK(opened.sites[k].y == Approx(sites.sites[k].y).margin(1e-6));
        CHECK(opened.sites[k].cls == sites.sites[k].cls);
    }
    check_after_column(w, saved);
    // The sites for the platform: a GeoJSON FeatureCollection of both, in WGS 84.
    const fs::path sites_json = file.parent_path() / (file.stem().string() + "-sites.geojson");
    REQUIRE(wb.export_sites(sites_json, true));
    const nlohmann::json fc = nlohmann::json::parse(test::slurp(sites_json));
    REQUIRE(fc["features"].size() == 2);
    for (const auto& f : fc["features"]) {
        CHECK(f["geometry"]["coordinates"][0].get<double>() == Approx(119.2).margin(0.5));  // 连云港: lon, lat
        CHECK(f["geometry"]["coordinates"][1].get<double>() == Approx(34.6).margin(0.5));
    }
    fs::remove(sites_json);
    // The command line computes the same with the same file: hcgis indicators --scenario.
    const test::Run r = test::run("indicators " + test::quoted(project.string()) + " --format json --scenario " + test::quoted(file.string()));
    INFO(r.err);
    REQUIRE(r.status == 0);
    const nlohmann::json card = nlohmann::json::parse(r.out);
    const ScorecardPanel& panel = *w.scorecard_panel();
    int compared = 0;
    for (std::size_t d = 0; d <= saved.districts.size(); ++d) {
        const nlohmann::json& area = d < saved.districts.size() ? card["districts"][d] : card["total"];
        if (d < saved.districts.size()) REQUIRE(area["name"] == saved.districts[d].name);
        for (const auto& id : saved.ids) {
            const nlohmann::json& v = area["indicators"][id]["value"];
            const QTableWidgetItem* cell = w.scorecard_table()->item(static_cast<int>(d), panel.column(id, ScorecardPanel::Part::After));
            INFO(id << " in district " << d);
            if (v.is_null()) {
                CHECK(cell->text() == "—");
            } else {
                CHECK(cell->data(Qt::UserRole).toDouble() == Approx(v.get<double>()).margin(1e-9));
                ++compared;
            }
        }
    }
    CHECK(compared > 20);
    fs::remove(file);
}

TEST_CASE("workbench: the map of residents not covered follows the proposal, and the print legend lists proposed sites", "[viewer][workbench]") {
    Window win;
    MainWindow& w = win.w;
    Workbench& wb = *w.workbench();
    auto sum = [&] {
        double s = 0;
        for (double v : wb.whatif()->uncovered("fitness")) s += v;
        return s;
    };
    w.findChild<QAction*>("uncovered_fitness")->trigger();
    CHECK(wb.uncovered_role() == "fitness");
    const double before = sum();
    REQUIRE(before > 0);
    const QImage plain = w.canvas()->grab().toImage();
    wb.add_site("fitness", uncovered_resident(w, 1), std::nullopt);
    CHECK(sum() < before);
    const QImage with_site = w.canvas()->grab().toImage();
    CHECK(with_site != plain);
    QApplication::processEvents();  // the layer panel takes the legend of the render
    // The map's legend, as the layer panel lists it and the print layout draws it: the surface and the
    // proposed site.
    bool surface = false, proposed = false;
    for (int i = 0; i < w.layer_tree()->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = w.layer_tree()->topLevelItem(i);
        surface |= item->text(0).startsWith("待覆盖居民（健身设施");
        if (item->text(0) == "规划方案")
            for (int k = 0; k < item->childCount(); ++k) proposed |= item->child(k)->text(0).contains("拟建健身设施");
    }
    CHECK(surface);
    CHECK(proposed);
    w.findChild<QAction*>("uncovered_none")->trigger();
    CHECK(wb.uncovered_role().empty());
    const std::filesystem::path pdf = std::filesystem::temp_directory_path() / ("hcgis-proposal-" + std::to_string(QCoreApplication::applicationPid()) + ".pdf");
    CHECK(w.export_map_to(pdf, true));
    std::filesystem::remove(pdf);
}

TEST_CASE("workbench: the delete tool removes a proposed site with a click, undo puts it back with its id, a class edit counts", "[viewer][workbench]") {
    Window win;
    MainWindow& w = win.w;
    MapCanvas* c = w.canvas();
    Workbench& wb = *w.workbench();
    // A class IV toilet (below class III) in 朝阳, then edited to class I: the share of class II or better
    // and the density of class III or better rise, as a full recomputation says.
    const int id = wb.add_site("toilets", inside(w, 2) + QPointF(150, -120), 4.0);
    REQUIRE(DistrictIndex(w.city()->districts.geom).locate(wb.whatif()->site(id)->x, wb.whatif()->site(id)->y) == 2);
    check_after_column(w, full_recomputation(wb.whatif()->proposal()));
    const Scorecard low = wb.whatif()->after();
    wb.set_site_class(id, 1.0);
    CHECK(wb.whatif()->site(id)->cls == 1.0);
    check_after_column(w, full_recomputation(wb.whatif()->proposal()));
    bool rose = false;
    for (const auto& [k, v] : wb.whatif()->after().districts[2].values)
        if (v.value && low.districts[2].values.at(k).value) rose |= *v.value > *low.districts[2].values.at(k).value;
    CHECK(rose);
    // 删除, then a click on the site.
    w.findChild<QAction*>("tool_delete")->trigger();
    const ProposedSite kept = *wb.whatif()->site(id);
    QTest::mouseClick(c, Qt::LeftButton, Qt::NoModifier, c->to_widget(QPointF(kept.x, kept.y)).toPoint());
    CHECK_FALSE(wb.has_proposal());
    wb.undo_stack()->undo();
    REQUIRE(wb.whatif()->site(id));
    CHECK(wb.whatif()->site(id)->cls == 1.0);
    check_after_column(w, full_recomputation(wb.whatif()->proposal()));
    // A click away from every proposed site with 删除 is an identify, and deletes nothing.
    QTest::mouseClick(c, Qt::LeftButton, Qt::NoModifier, c->to_widget(QPointF(kept.x + 2000, kept.y)).toPoint());
    CHECK(wb.whatif()->proposal().sites.size() == 1);
}

TEST_CASE("workbench: hcgis suggest --out opens as a scenario with its notes, and another project's scenario opens with a warning by name", "[viewer][workbench]") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("hcgis-wb-suggest-" + std::to_string(QCoreApplication::applicationPid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const test::Run s = test::run("suggest " + test::quoted(project.string()) + " --facility toilets --count 3 --out " +
                                  test::quoted((dir / "s.gpkg").string()));
    INFO(s.err);
    REQUIRE(s.status == 0);
    Window win;
    MainWindow& w = win.w;
    Workbench& wb = *w.workbench();
    REQUIRE(wb.open_scenario(dir / "s.gpkg", true));
    REQUIRE(wb.whatif()->proposal().sites.size() == 3);
    for (const auto& site : wb.whatif()->proposal().sites) {
        CHECK(site.role == "toilets");
        CHECK_FALSE(site.note.empty());
    }
    CHECK(wb.scenario_warnings().isEmpty());
    check_after_column(w, full_recomputation(wb.whatif()->proposal()));

    // The same sites saved as another project's: opened, with a warning naming the file and the project.
    Proposal p = wb.whatif()->proposal();
    io::ScenarioMeta meta = io::scenario_meta(*w.city());
    meta.project = "澳门";
    io::write_scenario(dir / "other.gpkg", p, meta);
    REQUIRE(wb.open_scenario(dir / "other.gpkg", true));
    REQUIRE_FALSE(wb.scenario_warnings().isEmpty());
    CHECK(wb.scenario_warnings().join("\n").contains("other.gpkg"));
    CHECK(wb.scenario_warnings().join("\n").contains("澳门"));
    // Not a scenario at all: refused by name, the proposal as it was.
    CHECK_FALSE(wb.open_scenario(project, true));
    CHECK(wb.last_error().contains("lyg-etdz.json"));
    CHECK(wb.whatif()->proposal().sites.size() == 3);
    fs::remove_all(dir);
}

TEST_CASE("workbench: the suggestion dialog gives the options of hcgis suggest as chosen", "[viewer][workbench]") {
    Window win;
    SuggestDialog dialog(*win.w.city(), &win.w);
    sites::SuggestOptions o;
    o.facility = "toilets";
    o.to_target = true;
    o.district = "猴嘴街道";
    o.spacing_m = 250;
    o.min_separation_m = 400;
    o.time_limit_s = 3;
    dialog.set_options(o);
    const sites::SuggestOptions back = dialog.options();
    CHECK(back.facility == "toilets");
    CHECK(back.to_target);
    CHECK_FALSE(back.count);
    CHECK(back.district == std::optional<std::string>("猴嘴街道"));
    CHECK(back.spacing_m == 250);
    CHECK(back.min_separation_m == std::optional<double>(400));
    CHECK(back.time_limit_s == 3);
    o = sites::SuggestOptions();
    o.count = 7;
    dialog.set_options(o);
    const sites::SuggestOptions count = dialog.options();
    CHECK(count.facility == "fitness");
    CHECK_FALSE(count.to_target);
    CHECK(count.count == std::optional<int>(7));
    CHECK_FALSE(count.district);
    CHECK_FALSE(count.min_separation_m);
}

TEST_CASE("workbench: an edit WhatIf refuses throws before it reaches the undo stack, which stays as it was", "[viewer][workbench]") {
    Window win;
    MainWindow& w = win.w;
    Workbench& wb = *w.workbench();
    const int id = wb.add_site("toilets", inside(w, 2), 2.0);
    const int commands = wb.undo_stack()->count();
    const ProposedSite before = *wb.whatif()->site(id);
    CHECK_THROWS_AS(wb.add_site("clinics", inside(w, 2), std::nullopt), hcgis::UsageError);  // not proposable
    CHECK_THROWS_AS(wb.add_site("toilets", inside(w, 2), 7.5), hcgis::UsageError);           // no such class
    CHECK_THROWS_AS(wb.move_site(id, QPointF(std::nan(""), 0)), hcgis::UsageError);
    CHECK_THROWS_AS(wb.set_site_class(id, 9.0), hcgis::UsageError);
    CHECK_THROWS_AS(wb.move_site(id + 100, inside(w, 1)), hcgis::UsageError);                // no such site
    CHECK(wb.undo_stack()->count() == commands);
    CHECK(wb.undo_stack()->index() == commands);
    REQUIRE(wb.whatif()->proposal().sites.size() == 1);
    CHECK(wb.whatif()->site(id)->x == before.x);
    CHECK(wb.whatif()->site(id)->cls == before.cls);
    // A batch (the suggestion dialog's) with one site refused adds none and leaves no macro open.
    ProposedSite good;
    good.role = "fitness";
    good.x = inside(w, 1).x(), good.y = inside(w, 1).y();
    ProposedSite bad = good;
    bad.role = "markets";
    CHECK_THROWS_AS(wb.add_sites({good, bad}, "batch"), hcgis::UsageError);
    CHECK(wb.whatif()->proposal().sites.size() == 1);
    CHECK(wb.undo_stack()->count() == commands);
    // The stack still holds one edit a command: another add is one more, and one undo takes it back alone.
    const int second = wb.add_site("fitness", inside(w, 1), std::nullopt);
    CHECK(wb.undo_stack()->count() == commands + 1);
    wb.undo_stack()->undo();
    CHECK_FALSE(wb.whatif()->site(second));
    REQUIRE(wb.whatif()->site(id));
    wb.undo_stack()->undo();
    CHECK_FALSE(wb.has_proposal());
    wb.undo_stack()->redo();
    CHECK(wb.whatif()->site(id));
}
