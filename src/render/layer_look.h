// How one layer is drawn, and the colour that makes of it.
#pragma once

#include <QColor>

#include <algorithm>

namespace hcgis::render {

/// How one layer is drawn: the colour of area fills, lines or resident dots (points with classes keep their
/// class colours), its opacity, and line width or symbol size in millimetres.
struct LayerLook {
    QColor colour;
    double opacity = 1.0;
    double size_mm = 0.0;
};

/// The look's colour with its opacity (clamped to [0, 1]) as alpha.
inline QColor with_opacity(const LayerLook& look) {
    QColor c = look.colour;
    c.setAlphaF(static_cast<float>(std::clamp(look.opacity, 0.0, 1.0)));
    return c;
}

}  // namespace hcgis::render
