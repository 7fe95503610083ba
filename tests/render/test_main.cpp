// Render tests need a QGuiApplication (fonts); the offscreen platform needs no display.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "render/map_renderer.h"

#include <QGuiApplication>

int main(int argc, char** argv) {
    hcgis::render::prepare_headless_qt();
    QGuiApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
