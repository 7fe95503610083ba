// What Qt needs before the renderer draws: a platform without a display, and the CJK font every
// machine draws Chinese with.
#pragma once

#include <QString>

namespace hcgis::render {

/// Prepares the environment for a Qt application without a display: the offscreen platform unless one is
/// set, and a private runtime directory when XDG_RUNTIME_DIR is missing (as under CI). Call before
/// constructing the QGuiApplication.
void prepare_headless_qt();

/// Registers Noto Sans CJK (Debian's fonts-noto-cjk) with Qt once per process, so every machine draws
/// Chinese the same; returns the family to use ("Noto Sans CJK SC"), or Qt's default family if the font
/// file is missing. Needs a QGuiApplication.
QString cjk_family();

}  // namespace hcgis::render
