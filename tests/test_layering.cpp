// The layering of src/ (README "Layout", STYLE.md "Layout that shows the architecture"), checked on the
// #include lines of every file:
//   core    computation only: no GDAL/OGR/CPL, PROJ or Qt, nothing of io/, render/, viewer/, cli/
//   render  QtGui but no Qt Widgets or PrintSupport (the viewer's), nothing of io/, viewer/, cli/
//   io      GDAL and PROJ but no Qt, nothing of render/, viewer/, cli/
// viewer/ and cli/ sit on top and may include anything. A violation names the file, line and header.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Violation {
    std::string file;    // relative to src/
    int line = 0;        // 1-based
    std::string header;  // as written, with its <> or ""
    std::string rule;
};

std::string str(const Violation& v) {
    return "src/" + v.file + ":" + std::to_string(v.line) + ": #include " + v.header + ": " + v.rule;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

/// The file names in the directories of the '|'-separated list `dirs`.
std::set<std::string> files_in(const std::string& dirs) {
    std::set<std::string> out;
    std::stringstream list(dirs);
    for (std::string dir; std::getline(list, dir, '|');) {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(dir, ec)) out.insert(e.path().filename().string());
    }
    return out;
}

/// What render may not include: the headers of the widget modules. Every header in the module
/// directories CMake found (HCGIS_QT_WIDGET_HEADER_DIRS, '|'-separated) but those QtGui has too (Qt 6
/// moved QAction, QShortcut, QUndoStack ... to QtGui and left forwarding headers), and a list of the
/// common ones besides, so that the rule holds where those modules are not installed.
const std::set<std::string>& widget_headers() {
    static const std::set<std::string> names = [] {
        std::set<std::string> out = {
            "QAbstractButton", "QAbstractItemView", "QAbstractPrintDialog", "QAbstractScrollArea",
            "QApplication", "QBoxLayout", "QCheckBox", "QColorDialog", "QComboBox", "QDialog", "QDialogButtonBox",
            "QDockWidget", "QFileDialog", "QFormLayout", "QFrame", "QGraphicsScene", "QGraphicsView", "QGridLayout",
            "QGroupBox", "QHBoxLayout", "QHeaderView", "QLabel", "QLayout", "QLineEdit", "QListView", "QListWidget",
            "QMainWindow", "QMenu", "QMenuBar", "QMessageBox", "QPageSetupDialog", "QPrintDialog", "QPrintEngine",
            "QPrintPreviewDialog", "QPrintPreviewWidget", "QPrinter", "QPrinterInfo", "QProgressBar", "QPushButton",
            "QRadioButton", "QScrollArea", "QScrollBar", "QSlider", "QSpinBox", "QSplitter", "QStatusBar", "QStyle",
            "QSvgWidget", "QTabWidget", "QTableView", "QTableWidget", "QTextEdit", "QToolBar", "QToolButton",
            "QTreeView", "QTreeWidget", "QVBoxLayout", "QWidget"};
#if defined(HCGIS_QT_WIDGET_HEADER_DIRS) && defined(HCGIS_QT_GUI_HEADER_DIR)
        const std::set<std::string> gui = files_in(HCGIS_QT_GUI_HEADER_DIR);
        for (const auto& name : files_in(HCGIS_QT_WIDGET_HEADER_DIRS))
            if (!gui.count(name)) out.insert(name);
#endif
        return out;
    }();
    return names;
}

bool is_qt(const std::string& name) { return starts_with(name, "Q"); }

bool is_widgets(const std::string& name) {
    for (const char* module : {"QtWidgets", "QtPrintSupport", "QtSvgWidgets", "QtOpenGLWidgets"})
        if (starts_with(name, module)) return true;  // <QtWidgets>, <QtWidgets/QLabel>
    return widget_headers().count(fs::path(name).filename().string()) > 0;
}

bool is_gdal(const std::string& name) {
    const std::string base = fs::path(name).filename().string();
    return std::regex_match(base, std::regex(R"((gdal|ogr)\w*\.h|cpl_\w+\.h)")) || starts_with(name, "gdal/");
}

bool is_proj(const std::string& name) {
    return std::regex_match(fs::path(name).filename().string(), std::regex(R"(proj(_\w+)?\.h)")) || starts_with(name, "proj/");
}

/// The module a project header belongs to ("core/geos.h" -> "core"); "" for others. A quoted path that
/// starts with "./" or "../" is taken from the including file's directory, any other from src/.
std::string module_of(const std::string& name, bool quoted, const std::string& from) {
    if (!quoted) return {};
    std::string path = name;
    if (starts_with(name, "./") || starts_with(name, "../"))
        path = (fs::path(from).parent_path() / name).lexically_normal().generic_string();
    const auto slash = path.find('/');
    const std::string first = slash == std::string::npos ? "" : path.substr(0, slash);
    for (const char* m : {"core", "io", "render", "viewer", "cli"})
        if (first == m) return first;
    return {};
}

/// The rule that `file` (relative to src/) breaks by including `name`, or nullopt.
std::optional<std::string> broken_rule(const std::string& file, const std::string& name, bool quoted) {
    const std::string layer = file.substr(0, file.find('/'));
    const std::string module = module_of(name, quoted, file);
    if (layer == "core") {
        if (is_gdal(name)) return "core must not include GDAL/OGR/CPL";
        if (is_proj(name)) return "core must not include PROJ";
        if (is_qt(name)) return "core must not include Qt";
        if (!module.empty() && module != "core") return "core must not include " + module + "/";
    } else if (layer == "render") {
        if (is_widgets(name)) return "render must not include Qt Widgets or PrintSupport";
        if (module == "io" || module == "viewer" || module == "cli") return "render must not include " + module + "/";
    } else if (layer == "io") {
        if (is_qt(name)) return "io must not include Qt";
        if (module == "render" || module == "viewer" || module == "cli") return "io must not include " + module + "/";
    }
    return std::nullopt;
}

/// Every #include of `text`, the source of `file` (relative to src/), that breaks its layer's rules.
std::vector<Violation> check_source(const std::string& file, const std::string& text) {
    static const std::regex include(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
    std::vector<Violation> out;
    std::istringstream in(text);
    int n = 0;
    for (std::string line; std::getline(in, line);) {
        ++n;
        std::smatch m;
        if (!std::regex_search(line, m, include)) continue;
        const bool quoted = m[1] == "\"";
        const std::string name = m[2];
        if (auto rule = broken_rule(file, name, quoted))
            out.push_back({file, n, quoted ? "\"" + name + "\"" : "<" + name + ">", *rule});
    }
    return out;
}

struct Scan {
    std::vector<std::string> files;
    std::vector<Violation> violations;
};

Scan scan_tree(const fs::path& src) {
    Scan s;
    for (const auto& e : fs::recursive_directory_iterator(src)) {
        const std::string ext = e.path().extension().string();
        if (!e.is_regular_file() || (ext != ".h" && ext != ".hpp" && ext != ".cpp" && ext != ".cc")) continue;
        const std::string rel = e.path().lexically_relative(src).generic_string();
        std::ifstream in(e.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        s.files.push_back(rel);
        for (auto& v : check_source(rel, text.str())) s.violations.push_back(std::move(v));
    }
    std::sort(s.files.begin(), s.files.end());
    std::sort(s.violations.begin(), s.violations.end(),
              [](const Violation& a, const Violation& b) { return std::tie(a.file, a.line) < std::tie(b.file, b.line); });
    return s;
}

}  // namespace

TEST_CASE("every file of src/core, src/render and src/io includes only what its layer allows", "[layering]") {
    const Scan s = scan_tree(fs::path(HCGIS_SOURCE_DIR) / "src");
    // The scan saw the tree: a wrong path must not pass for a clean one.
    for (const char* known : {"core/geos.h", "io/load.cpp", "render/map_renderer.cpp", "viewer/main_window.cpp"})
        CHECK(std::binary_search(s.files.begin(), s.files.end(), std::string(known)));
    for (const auto& v : s.violations) FAIL_CHECK(str(v));
    CHECK(s.violations.empty());
}

TEST_CASE("the include checker finds each kind of violation, with its file and line", "[layering]") {
    SECTION("core: GDAL, OGR, CPL, PROJ, Qt and the modules above it") {
        const std::string text =
            "#include \"core/geos.h\"\n"  // 1: fine
            "#include <gdal_priv.h>\n"    // 2
            "#include <ogr_api.h>\n"      // 3
            "#include <cpl_conv.h>\n"     // 4
            "#include <proj.h>\n"         // 5
            "#  include <QString>\n"      // 6
            "#include <QtCore/QVector>\n" // 7
            "#include \"io/load.h\"\n"    // 8
            "#include \"../../render/style.h\"\n"  // 9: from core/indicators
            "#include \"viewer/i18n.h\"\n"      // 10
            "#include \"cli/x.h\"\n"            // 11
            "#include <queue>\n"                // 12: fine (not Qt)
            "#include \"core/project.h\"\n"     // 13: fine (not PROJ)
            "// #include <QImage>\n"            // 14: a comment
            "#include <geos_c.h>\n";            // 15: fine
        const auto v = check_source("core/indicators/x.cpp", text);
        std::vector<int> lines;
        for (const auto& x : v) lines.push_back(x.line);
        CHECK(lines == std::vector<int>{2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        REQUIRE(v.size() == 10);
        CHECK(str(v[0]) == "src/core/indicators/x.cpp:2: #include <gdal_priv.h>: core must not include GDAL/OGR/CPL");
        CHECK(v[3].rule == "core must not include PROJ");
        CHECK(v[4].rule == "core must not include Qt");
        CHECK(str(v[7]) == "src/core/indicators/x.cpp:9: #include \"../../render/style.h\": core must not include render/");
    }
    SECTION("render: Qt Widgets and PrintSupport, io, viewer and cli") {
        const std::string text =
            "#include <QPainter>\n"                  // 1: QtGui, fine
            "#include <QPdfWriter>\n"                // 2: QtGui, fine
            "#include <QWidget>\n"                   // 3
            "#include <QApplication>\n"              // 4
            "#include <QPrinter>\n"                  // 5
            "#include <QtPrintSupport/QPrintDialog>\n"  // 6
            "#include <QtWidgets>\n"                 // 7
            "#include \"core/city.h\"\n"             // 8: fine
            "#include \"io/load.h\"\n"               // 9
            "#include \"viewer/map_canvas.h\"\n"     // 10
            "#include \"cli/x.h\"\n"                 // 11
            "#include <gdal.h>\n";                   // 12: not render's rule
        const auto v = check_source("render/x.cpp", text);
        std::vector<int> lines;
        for (const auto& x : v) lines.push_back(x.line);
        CHECK(lines == std::vector<int>{3, 4, 5, 6, 7, 9, 10, 11});
        REQUIRE_FALSE(v.empty());
        CHECK(str(v[0]) == "src/render/x.cpp:3: #include <QWidget>: render must not include Qt Widgets or PrintSupport");
        // QtGui's own, though QtWidgets keeps forwarding headers of them.
        CHECK(check_source("render/x.cpp", "#include <QAction>\n#include <qaction.h>\n#include <QShortcut>\n").empty());
#ifdef HCGIS_QT_WIDGET_HEADER_DIRS
        // From the installed module headers, beyond the list in the test.
        CHECK(check_source("render/x.cpp", "#include <QTreeWidgetItem>\n#include <qprintpreviewwidget.h>\n").size() == 2);
#endif
    }
    SECTION("io: Qt, render, viewer and cli") {
        const std::string text =
            "#include <gdal_priv.h>\n"     // 1: fine
            "#include <proj.h>\n"          // 2: fine
            "#include <QImage>\n"          // 3
            "#include \"render/style.h\"\n"  // 4
            "#include \"viewer/i18n.h\"\n"   // 5
            "#include \"cli/x.h\"\n"         // 6
            "#include \"core/city.h\"\n";    // 7: fine
        const auto v = check_source("io/x.cpp", text);
        std::vector<int> lines;
        for (const auto& x : v) lines.push_back(x.line);
        CHECK(lines == std::vector<int>{3, 4, 5, 6});
    }
    SECTION("viewer and cli may include anything") {
        CHECK(check_source("viewer/x.cpp", "#include <QWidget>\n#include \"io/load.h\"\n").empty());
        CHECK(check_source("cli/main.cpp", "#include <gdal.h>\n#include \"render/layout.h\"\n").empty());
    }
}
