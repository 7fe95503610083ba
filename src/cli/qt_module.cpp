// The entry of the module hcgis-qt.so (cli/qt_module.h): its commands and styles for the executable.
#include "cli/qt_module.h"

extern "C" __attribute__((visibility("default"))) const hcgis::cli::QtModule* hcgis_qt_module() {
    using namespace hcgis::cli;
    static const QtModule module = [] {
        QtModule m;
        m.add_map = &add_map;
        m.add_suggest = &add_suggest;
        m.add_web = &add_web;
        m.add_report = &add_report;
        m.add_atlas = &add_atlas;
        m.export_styles = &qt_styles::export_styles;
        m.district_classes = &qt_styles::district_classes;
        m.coverage_styles = &qt_styles::coverage_styles;
        m.suggest_styles = &qt_styles::suggest_styles;
        m.city_styles = &qt_styles::city_styles;
        return m;
    }();
    return &module;
}
