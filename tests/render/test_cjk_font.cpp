#include "render/cjk_font.h"
#include "render/qt_setup.h"

#include <catch2/catch.hpp>

#include <QByteArray>
#include <QFile>
#include <QFontDatabase>
#include <QRawFont>

using namespace hcgis::render;

namespace {

QByteArray read(const char* file) {
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

TEST_CASE("the SC face cut out of Noto Sans CJK maps each glyph back to the character written", "[render][font]") {
    const QByteArray ttc = read("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
    REQUIRE_FALSE(ttc.isEmpty());  // fonts-noto-cjk
    const auto face = cjk_face_for_pdf(std::string_view(ttc.constData(), static_cast<std::size_t>(ttc.size())),
                                       "Noto Sans CJK SC", "hcgis test SC");
    REQUIRE(face);
    const QRawFont raw(QByteArray(face->data(), static_cast<qsizetype>(face->size())), 12);
    REQUIRE(raw.isValid());
    CHECK(raw.familyName() == "hcgis test SC");
    // 目 keeps its glyph; the Kangxi radical ⽬ that shared it has none left, nor the tab of the space.
    CHECK(raw.supportsCharacter(QChar(0x76EE)));
    CHECK_FALSE(raw.supportsCharacter(QChar(0x2F6C)));
    CHECK_FALSE(raw.supportsCharacter(QChar(0x2F00)));  // ⼀, the glyph of 一
    CHECK(raw.supportsCharacter(QChar(0x4E00)));
    // The tab has a glyph of its own (Qt would draw it with the space's, and name that glyph U+0009).
    const auto blanks = raw.glyphIndexesForString("\t ");
    REQUIRE(blanks.size() == 2);
    CHECK(blanks[0] != blanks[1]);
    CHECK(raw.fontTable("GSUB").isEmpty());
    CHECK_FALSE(raw.fontTable("GPOS").isEmpty());
    // The proportional face, not the collection's first (Mono) one: "i" is narrower than "M".
    const auto glyphs = raw.glyphIndexesForString("iM");
    const auto advances = raw.advancesForGlyphIndexes(glyphs);
    CHECK(advances[0].x() < advances[1].x());
}

TEST_CASE("a face that is not in the collection, or bytes that are no font, give none", "[render][font]") {
    const QByteArray ttc = read("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
    CHECK_FALSE(cjk_face_for_pdf(std::string_view(ttc.constData(), static_cast<std::size_t>(ttc.size())), "Noto Sans CJK XX", "x"));
    CHECK_FALSE(cjk_face_for_pdf("ttcf\\0\\1\\0\\0\\0\\0\\0\\9", "Noto Sans CJK SC", "x"));
    CHECK_FALSE(cjk_face_for_pdf("", "Noto Sans CJK SC", "x"));
}

TEST_CASE("the renderer's families are the cut faces", "[render][font]") {
    CHECK(cjk_family() == "hcgis Noto Sans CJK SC");
    CHECK(cjk_serif_family() == "hcgis Noto Serif CJK SC");
    CHECK(QFontDatabase::families().contains("hcgis Noto Sans CJK SC"));
}
