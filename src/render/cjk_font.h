// One face of an OpenType collection as a font of its own, whose every drawn glyph Qt's PDF writer maps back
// to the character written.
//
// Why: Qt builds the ToUnicode map of an embedded font by walking the code points upwards and keeping the
// first that reaches each glyph of the cmap. Noto Sans CJK draws the Kangxi radical ⽬ (U+2F6C) and the
// ideograph 目 (U+76EE) with one glyph, and Qt draws a tab with the space's glyph, so 目标 came out of pdftotext
// as ⽬标. And glyphs that only glyph substitution reaches (GSUB) have no code point at all: pdftotext dropped
// the digits of "Z5, C11" and "2 km" on a map sheet. So the face is cut
// out with (1) the radicals and control characters that share a glyph with another code point removed
// from the cmap, leaving the ideograph as the glyph's only code point, the tab given a blank glyph of its
// own (the en space's), and (2) no GSUB table:
// each character is drawn with its cmap glyph, which for the SC face is the simplified Chinese form.
// Radicals with glyphs of their own keep them; positioning (GPOS, kerning) is kept. The face gets a family
// name of its own, so that Qt never takes the system's copy of the same face (fontconfig lists it) instead.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hcgis::render {

/// The face of `font` (an OpenType collection, .ttc, or a single font) whose family (name ID 1 or 16) is
/// `family`, as the bytes of a single-face font whose cmap no longer maps CJK Radicals Supplement and Kangxi
/// Radicals (U+2E80-U+2FDF) and C0/C1 control code points to glyphs that other code points map to, without
/// its GSUB table, named family `rename` (the subfamily and PostScript name kept); nullopt when no face has
/// that family or the font is malformed. Other tables are copied byte for byte.
std::optional<std::string> cjk_face_for_pdf(std::string_view font, std::string_view family, const std::string& rename);

}  // namespace hcgis::render
