// Device units for the renderer's parts. Included by .cpp files only: layout.cpp keeps a mm_px of its
// own in an unnamed namespace, which a declaration reaching it through a header would make ambiguous.
#pragma once

namespace hcgis::render {

/// Pixels of `mm` millimetres on a device of `dpi` pixels per inch.
inline double mm_px(double mm, double dpi) { return mm * dpi / 25.4; }

}  // namespace hcgis::render
