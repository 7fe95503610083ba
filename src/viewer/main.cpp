// hcgis-viewer [PROJECT]: the planners' map viewer.
#include "render/map_renderer.h"
#include "viewer/language.h"
#include "viewer/main_window.h"

#include <QApplication>
#include <QSettings>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("hcgis");
    QApplication::setApplicationName("hcgis-viewer");
    QApplication::setFont(QFont(hcgis::render::cjk_family(), 10));
    const bool english = QSettings("hcgis", "hcgis-viewer").value("language").toString() == "en";
    hcgis::viewer::set_language(english ? hcgis::viewer::Lang::En : hcgis::viewer::Lang::Zh);
    hcgis::viewer::MainWindow window;
    window.show();
    const QStringList args = QApplication::arguments();
    if (args.size() > 1) window.open_project(args.at(1).toStdString());
    return app.exec();
}
