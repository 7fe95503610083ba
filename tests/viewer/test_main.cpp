// Viewer tests: a real QMainWindow under the offscreen platform (or Xvfb when DISPLAY is set by the caller).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "render/map_renderer.h"

#include <QApplication>
#include <QStandardPaths>

int main(int argc, char** argv) {
    hcgis::render::prepare_headless_qt();
    QStandardPaths::setTestModeEnabled(true);  // keep QSettings away from the user's own
    QApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
