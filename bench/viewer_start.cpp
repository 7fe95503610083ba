// The viewer from start to its first frame, as `hcgis-viewer PROJECT` opens it (src/viewer/main.cpp):
// the window shown, the project loaded and analysed, and the map canvas rendered once; then it quits.
// bench/run times it end to end (process start included) under QT_QPA_PLATFORM=offscreen.
#include "render/map_renderer.h"
#include "viewer/main_window.h"

#include <QApplication>
#include <QElapsedTimer>

#include <cstdio>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: hcgis_viewer_start PROJECT.json\n");
        return 2;
    }
    QElapsedTimer clock;
    clock.start();
    QApplication app(argc, argv);
    QApplication::setFont(QFont(hcgis::render::cjk_family(), 10));
    hcgis::viewer::MainWindow window;
    window.resize(1600, 1000);
    window.show();
    if (!window.open_project(argv[1], true)) {
        std::fprintf(stderr, "hcgis_viewer_start: the project did not open\n");
        return 1;
    }
    while (window.canvas()->render_count() == 0) QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    std::printf("first frame after %.3f s (from main)\n", static_cast<double>(clock.elapsed()) / 1000.0);
    return 0;
}
