#include "viewer/language.h"
#include "viewer/main_window.h"

#include <catch2/catch.hpp>

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>
#include <QWheelEvent>

#include <filesystem>
#include <fstream>

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

int non_white(const QImage& img) {
    int n = 0;
    for (int y = 0; y < img.height(); y += 4)
        for (int x = 0; x < img.width(); x += 4)
            if (img.pixelColor(x, y) != QColor(Qt::white)) ++n;
    return n;
}

}  // namespace

TEST_CASE("the viewer opens the bundled project: layers, scorecard and a map that is not blank", "[viewer]") {
    Window win;
    MainWindow& w = win.w;
    REQUIRE(w.city());
    CHECK(w.city()->districts.size() == 3);
    // Every layer of the project is in the layer panel (besides the catchments' place in the order).
    int layer_items = 0;
    for (int i = 0; i < w.layer_tree()->topLevelItemCount(); ++i) {
        const QString role = w.layer_tree()->topLevelItem(i)->data(0, Qt::UserRole).toString();
        if (!role.isEmpty() && role != "catchments") ++layer_items;
    }
    CHECK(layer_items == static_cast<int>(w.city()->layers.size()));
    // The scorecard: a row per district and the total, a column per indicator.
    QTableWidget* t = w.scorecard_table();
    CHECK(t->rowCount() == 4);
    CHECK(t->columnCount() == static_cast<int>(w.scorecard()->ids.size()) + 1);
    CHECK(t->item(0, 0)->text() == "中云街道");
    CHECK(t->item(3, 0)->text() == "合计");
    // The toilet density of 中云 passes (green), of 朝阳 fails (red).
    CHECK(t->item(0, 1)->background().color() == QColor("#c7e9c0"));
    CHECK(t->item(2, 1)->background().color() == QColor("#fcbba1"));
    CHECK(t->item(2, 1)->toolTip().contains("还需新增三类及以上公厕"));

    const QImage shot = w.canvas()->grab().toImage();
    CHECK(non_white(shot) > shot.width() * shot.height() / 16 / 4);
    if (qEnvironmentVariableIsSet("HCGIS_VIEWER_SHOT")) w.grab().save(qEnvironmentVariable("HCGIS_VIEWER_SHOT"));
}

TEST_CASE("wheel zoom at the cursor and drag pan change the view", "[viewer]") {
    Window win;
    MapCanvas* c = win.w.canvas();
    const double mpp = c->metres_per_pixel();
    const QPointF cursor(c->width() * 0.3, c->height() * 0.4);
    const QPointF world_under = c->to_world(cursor);
    QWheelEvent wheel(cursor, c->mapToGlobal(cursor), QPoint(), QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(c, &wheel);
    CHECK(c->metres_per_pixel() == Approx(mpp / 1.5625));  // two steps of 1.25
    // The point under the cursor stays under the cursor.
    CHECK(c->to_world(cursor).x() == Approx(world_under.x()).margin(1e-6));
    CHECK(c->to_world(cursor).y() == Approx(world_under.y()).margin(1e-6));

    c->repaint();  // the zoomed view is drawn once
    const QPointF centre = c->centre();
    const int renders = c->render_count();
    QTest::mousePress(c, Qt::LeftButton, Qt::NoModifier, QPoint(400, 300));
    QTest::mouseMove(c, QPoint(450, 320));
    QTest::mouseMove(c, QPoint(500, 340));
    QApplication::processEvents();
    CHECK(c->render_count() == renders);  // panning moves the cached image, it does not re-render
    QTest::mouseRelease(c, Qt::LeftButton, Qt::NoModifier, QPoint(500, 340));
    // Dragged 100 px right and 40 px down: the view moved 100 px west and 40 px north.
    CHECK(c->centre().x() == Approx(centre.x() - 100 * c->metres_per_pixel()));
    CHECK(c->centre().y() == Approx(centre.y() + 40 * c->metres_per_pixel()));
    CHECK(win.w.status_scale().contains("1:"));
}

TEST_CASE("clicking a district identifies it and selects its row, and selecting a row outlines it", "[viewer]") {
    Window win;
    MainWindow& w = win.w;
    MapCanvas* c = w.canvas();
    // A point inside 朝阳街道 (district 2): its label anchor, well inside.
    geos::GeomPtr inside = geos::check(GEOSPointOnSurface_r(geos::ctx(), w.city()->districts.geom[2].get()), "point");
    double x = 0, y = 0;
    GEOSGeomGetX_r(geos::ctx(), inside.get(), &x);
    GEOSGeomGetY_r(geos::ctx(), inside.get(), &y);
    // Hide point layers so the click finds the district, not a facility.
    for (int i = 0; i < w.layer_tree()->topLevelItemCount(); ++i) {
        auto* item = w.layer_tree()->topLevelItem(i);
        if (!item->data(0, Qt::UserRole).toString().isEmpty()) item->setCheckState(0, Qt::Unchecked);
    }
    QTest::mouseClick(c, Qt::LeftButton, Qt::NoModifier, c->to_widget(QPointF(x, y)).toPoint());
    CHECK(w.selected_district() == 2);
    CHECK(w.scorecard_table()->currentRow() == 2);
    const QString text = w.identify(QPointF(x, y));
    CHECK(text.contains("朝阳街道"));
    CHECK(text.contains("320771003"));

    w.select_district(0);
    CHECK(w.selected_district() == 0);
    const QRectF before = c->visible_world();
    w.zoom_to_district(1);
    CHECK(w.selected_district() == 1);
    CHECK(c->visible_world().width() < before.width());  // zoomed in on 猴嘴街道
    CHECK(c->visible_world().contains(render::to_path(w.city()->districts.geom[1].get()).boundingRect()));
    w.select_district(-1);
    CHECK(w.selected_district() == -1);
}

TEST_CASE("identify a resident shows its walk to the nearest fitness site", "[viewer]") {
    Window win;
    MainWindow& w = win.w;
    const Layer* residents = w.city()->layer("residents");
    REQUIRE(residents);
    // Make residents visible and identify the first one.
    for (int i = 0; i < w.layer_tree()->topLevelItemCount(); ++i) {
        auto* item = w.layer_tree()->topLevelItem(i);
        if (item->data(0, Qt::UserRole).toString() == "residents") item->setCheckState(0, Qt::Checked);
    }
    const QString text = w.identify(QPointF(residents->x[0], residents->y[0]));
    CHECK(text.contains("步行至最近健身设施"));
}

TEST_CASE("coverage, indicator choice and a bad project", "[viewer]") {
    Window win;
    MainWindow& w = win.w;
    const int before = w.canvas()->render_count();
    w.show_coverage("fitness");
    w.show_indicator("park_green_per_capita");
    QApplication::processEvents();
    w.canvas()->grab();
    CHECK(w.canvas()->render_count() > before);

    const auto bad = std::filesystem::temp_directory_path() / "hcgis-viewer-bad.json";
    {
        std::ofstream(bad) << R"({"layers":{"districts":{"source":"nowhere.geojson"}}})";
    }
    CHECK_FALSE(w.open_project(bad, true));
    CHECK(w.last_error().contains("nowhere.geojson"));
    CHECK(w.city()->districts.size() == 3);  // what was open stays open
    std::filesystem::remove(bad);
}

namespace {

/// What the user reads of the window: menu titles and entries, dock titles, layer names, the scorecard's
/// first heading, identify on empty ground.
std::vector<QString> words(MainWindow& w) {
    std::vector<QString> out{w.windowTitle()};
    for (QAction* m : w.menuBar()->actions()) {
        out.push_back(m->text());
        for (QAction* a : m->menu()->actions())
            if (!a->isSeparator()) out.push_back(a->text());
    }
    for (const char* name : {"open", "repair", "export_districts", "export_map", "print", "quit", "zoom_full", "cov_fitness"})
        out.push_back(w.findChild<QAction*>(name)->text());
    for (const char* dock : {"layers", "indicators", "identify"}) out.push_back(w.findChild<QDockWidget*>(dock)->windowTitle());
    // The layers down to the districts' row; not the legend under it, whose words the renderer gives.
    for (int i = 0; i < w.layer_tree()->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = w.layer_tree()->topLevelItem(i);
        out.push_back(item->text(0));
        if (item->data(0, Qt::UserRole).toString().isEmpty()) break;
    }
    out.push_back(w.scorecard_table()->horizontalHeaderItem(0)->text());
    const QRectF e = w.canvas()->visible_world();
    out.push_back(w.identify(QPointF(e.left() - 1e6, e.top() - 1e6)));
    return out;
}

/// Chooses View › Language › `label` as the user does, and lets the window take the language change.
void choose_language(MainWindow& w, const QString& label) {
    for (QAction* a : w.findChild<QMenu*>("language")->actions())
        if (a->text() == label) a->trigger();
    QApplication::processEvents();  // Qt posts QEvent::LanguageChange to every window
}

/// The language View › Language shows as chosen.
QString checked_language(MainWindow& w) {
    for (QAction* a : w.findChild<QMenu*>("language")->actions())
        if (a->isChecked()) return a->text();
    return {};
}

bool contains(const std::vector<QString>& texts, const QString& s) {
    return std::find(texts.begin(), texts.end(), s) != texts.end();
}

}  // namespace

TEST_CASE("View › Language › English renames menus, docks, layers and the scorecard through the translator, and 中文 restores them", "[viewer]") {
    Window win;
    MainWindow& w = win.w;
    struct Restore {
        ~Restore() { set_language(Lang::Zh); }  // the other tests read Chinese, whatever happens here
    } restore;
    CHECK(checked_language(w) == "中文");
    const std::vector<QString> chinese = words(w);
    CHECK(contains(chinese, "文件(&F)"));
    CHECK(contains(chinese, "打开项目(&O)…"));
    CHECK(contains(chinese, "健身设施步行服务范围"));
    CHECK(contains(chinese, "图层"));
    CHECK(contains(chinese, "此处无要素"));

    choose_language(w, "English");
    CHECK(language() == Lang::En);
    CHECK(checked_language(w) == "English");
    CHECK(QSettings("hcgis", "hcgis-viewer").value("language").toString() == "en");
    const std::vector<QString> english = words(w);
    REQUIRE(english.size() == chinese.size());
    for (std::size_t i = 0; i < english.size(); ++i) CHECK(english[i] != chinese[i]);  // every one
    CHECK(contains(english, "&File"));
    CHECK(contains(english, "&Open project…"));
    CHECK(contains(english, "&Coverage"));
    CHECK(contains(english, "Fitness walking catchments"));
    CHECK(contains(english, "Zoom to layer"));
    CHECK(contains(english, "Layers"));
    CHECK(contains(english, "Parks (25)"));
    CHECK(contains(english, "Districts (3)"));
    CHECK(contains(english, "District"));
    CHECK(contains(english, "Nothing here"));
    CHECK(w.windowTitle().startsWith("hcgis healthy-city GIS — "));

    choose_language(w, "中文");
    CHECK(language() == Lang::Zh);
    CHECK(checked_language(w) == "中文");
    CHECK(words(w) == chinese);
    CHECK(QSettings("hcgis", "hcgis-viewer").value("language").toString() == "zh");
}

TEST_CASE("Qt's own buttons read 取消 in Chinese and Cancel in English (Qt's qtbase_zh_CN translation)", "[viewer]") {
    struct Restore {
        ~Restore() { set_language(Lang::Zh); }
    } restore;
    REQUIRE(qt_words_in_chinese());  // scripts/setup installs qt6-translations-l10n
    auto cancel_text = [] {
        QDialogButtonBox box(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
        return box.button(QDialogButtonBox::Cancel)->text();
    };
    REQUIRE(set_language(Lang::Zh));
    CHECK(cancel_text() == "取消");
    REQUIRE(set_language(Lang::En));
    CHECK(cancel_text() == "Cancel");
    REQUIRE(set_language(Lang::Zh));
    CHECK(cancel_text() == "取消");
}

namespace {

/// Roles in the layer panel, top first.
std::vector<std::string> panel_order(MainWindow& w) {
    std::vector<std::string> out;
    for (int i = 0; i < w.layer_tree()->topLevelItemCount(); ++i) {
        const QString role = w.layer_tree()->topLevelItem(i)->data(0, Qt::UserRole).toString();
        if (!role.isEmpty()) out.push_back(role.toStdString());
    }
    return out;
}

}  // namespace

TEST_CASE("layer order and style per layer: the panel, the map and its legend follow", "[viewer]") {
    Window win;
    MainWindow& w = win.w;
    auto order = panel_order(w);
    auto at = [&](const std::string& r) { return std::find(order.begin(), order.end(), r) - order.begin(); };
    REQUIRE(at("parks") < static_cast<long>(order.size()));
    REQUIRE(at("roads") < static_cast<long>(order.size()));
    CHECK(at("roads") < at("parks"));  // roads drawn over parks: higher in the panel

    // Select parks in the panel and press the up arrow until it is above the roads.
    const int renders = w.canvas()->render_count();
    for (int i = 0; i < w.layer_tree()->topLevelItemCount(); ++i)
        if (w.layer_tree()->topLevelItem(i)->data(0, Qt::UserRole).toString() == "parks")
            w.layer_tree()->setCurrentItem(w.layer_tree()->topLevelItem(i));
    auto* up = w.findChildren<QToolButton*>().front();
    for (auto* b : w.findChildren<QToolButton*>())
        if (b->arrowType() == Qt::UpArrow) up = b;
    const auto steps = at("parks") - at("roads");
    for (long k = 0; k < steps; ++k) QTest::mouseClick(up, Qt::LeftButton);
    order = panel_order(w);
    CHECK(at("parks") < at("roads"));
    QApplication::processEvents();
    (void)w.canvas()->grab();
    CHECK(w.canvas()->render_count() > renders);

    // A park's colour set through the window reaches the map: pure blue, opaque, somewhere on the canvas,
    // and in the legend swatch of the panel.
    w.set_layer_look("parks", {QColor(0, 0, 255), 1.0, 0});
    const QImage shot = w.canvas()->grab().toImage();
    int blue = 0;
    for (int y = 0; y < shot.height(); y += 2)
        for (int x = 0; x < shot.width(); x += 2)
            if (shot.pixelColor(x, y) == QColor(0, 0, 255)) ++blue;
    CHECK(blue > 20);
    bool swatch = false;
    for (int i = 0; i < w.layer_tree()->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = w.layer_tree()->topLevelItem(i);
        if (item->data(0, Qt::UserRole).toString() == "parks")
            swatch = item->icon(0).pixmap(14, 10).toImage().pixelColor(7, 5) == QColor(0, 0, 255);
    }
    CHECK(swatch);
}

TEST_CASE("a run of wheel steps shows the scaled cache at once and renders once when the view settles", "[viewer]") {
    Window win;
    MapCanvas* c = win.w.canvas();
    c->repaint();
    const int renders = c->render_count();
    const QImage before = c->grab().toImage();
    const QPointF cursor(c->width() * 0.5, c->height() * 0.5);
    for (int k = 0; k < 4; ++k) {
        QWheelEvent wheel(cursor, c->mapToGlobal(cursor), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(c, &wheel);
        c->repaint();
    }
    CHECK(c->showing_preview());
    CHECK(c->render_count() == renders);  // four steps, no render yet
    const QImage preview = c->grab().toImage();
    CHECK(preview != before);             // but the view shown has changed
    QTest::qWait(MapCanvas::settle_ms * 3);
    c->repaint();
    CHECK_FALSE(c->showing_preview());
    CHECK(c->render_count() == renders + 1);
    // The settled render agrees with the preview where the preview had detail: most pixels are close.
    const QImage settled = c->grab().toImage();
    int close = 0, total = 0;
    for (int y = 0; y < settled.height(); y += 8)
        for (int x = 0; x < settled.width(); x += 8, ++total) {
            const QColor a = settled.pixelColor(x, y), b = preview.pixelColor(x, y);
            close += std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue()) < 90;
        }
    CHECK(close > total * 85 / 100);  // 96 % here; a preview not scaled right scores 2 %
}

TEST_CASE("a project with an invalid polygon opens once File › Repair is on, the repair logged", "[viewer]") {
    Window win;
    MainWindow& w = win.w;
    const std::filesystem::path bad = std::filesystem::path(HCGIS_SOURCE_DIR) / "tests/data/bad/repair-bowtie/project.json";
    CHECK_FALSE(w.open_project(bad, true));
    CHECK(w.last_error().contains("invalid polygon: Self-intersection"));
    CHECK(w.city()->districts.size() == 3);  // what was open stays open
    w.set_repair(true, true);                // opens again the project that needed it
    CHECK(w.last_error().isEmpty());
    REQUIRE(w.city()->districts.size() == 1);
    bool logged = false;
    for (const auto& warning : w.scorecard()->warnings) logged |= warning.find("GEOSMakeValid") != std::string::npos;
    CHECK(logged);
    w.set_repair(false, true);
    CHECK_FALSE(w.last_error().isEmpty());
}

TEST_CASE("a layer takes its look from a style file of styles/", "[viewer]") {
    Window win;
    MainWindow& w = win.w;
    const std::filesystem::path style = std::filesystem::path(HCGIS_SOURCE_DIR) / "styles/print-muted.json";
    const int renders = w.canvas()->render_count();
    CHECK(w.apply_layer_style("parks", style));
    (void)w.canvas()->grab();
    CHECK(w.canvas()->render_count() > renders);
    bool swatch = false;  // #a1d99b at 0.8 on white in the panel
    for (int i = 0; i < w.layer_tree()->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = w.layer_tree()->topLevelItem(i);
        if (item->data(0, Qt::UserRole).toString() == "parks")
            swatch = item->icon(0).pixmap(14, 10).toImage().pixelColor(7, 5) == QColor(180, 225, 175);
    }
    CHECK(swatch);
    CHECK_FALSE(w.apply_layer_style("residents", style));  // the file says nothing of residents
}

TEST_CASE("the viewer's exports refuse the project's inputs and replace other files whole", "[viewer][outputs]") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("hcgis-viewer-out-" + std::to_string(QCoreApplication::applicationPid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const char* f : {"project.json", "districts.geojson", "builtup.geojson", "toilets.geojson"})
        fs::copy_file(fs::path(HCGIS_SOURCE_DIR) / "tests/data/toilets-small" / f, dir / f);
    fs::create_symlink(dir / "districts.geojson", dir / "link.geojson");
    auto slurp = [](const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const std::string project_text = slurp(dir / "project.json"), districts_text = slurp(dir / "districts.geojson");

    MainWindow w;
    REQUIRE(w.open_project(dir / "project.json", true));
    CHECK_FALSE(w.export_districts_to(dir / "link.geojson", true));
    CHECK(w.last_error().contains("refusing to overwrite the source of the districts layer"));
    CHECK_FALSE(w.export_map_to(dir / "project.json", true));  // the project file, though .json is no map
    CHECK(w.last_error().contains("refusing to overwrite the project file"));
    CHECK_FALSE(w.export_map_to(dir / "no-such-folder" / "m.pdf", true));
    CHECK(w.last_error().contains("does not exist"));
    CHECK(slurp(dir / "project.json") == project_text);
    CHECK(slurp(dir / "districts.geojson") == districts_text);

    std::ofstream(dir / "out.geojson") << "old";
    CHECK(w.export_districts_to(dir / "out.geojson", true));
    CHECK(slurp(dir / "out.geojson").find("FeatureCollection") != std::string::npos);
    CHECK(w.export_map_to(dir / "m.pdf", true));
    CHECK(slurp(dir / "m.pdf").rfind("%PDF-", 0) == 0);
    for (const auto& e : fs::directory_iterator(dir))  // no temporary file left behind
        CHECK(e.path().filename().string().find(".hcgis-") == std::string::npos);
    fs::remove_all(dir);
}
