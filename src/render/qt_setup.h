// What Qt needs before the renderer draws: a platform without a display, and the CJK font every
// machine draws Chinese with.
#pragma once

#include <QGuiApplication>
#include <QString>

namespace hcgis::render {

/// Prepares the environment for a Qt application without a display: the offscreen platform unless one is
/// set, and a private runtime directory when XDG_RUNTIME_DIR is missing (as under CI). Call before
/// constructing the QGuiApplication.
void prepare_headless_qt();

/// A QGuiApplication for a command without a display (prepare_headless_qt() first), for as long as it
/// lives: maps and reports are drawn into memory, then written as files.
class HeadlessApp {
public:
    HeadlessApp();
    HeadlessApp(const HeadlessApp&) = delete;
    HeadlessApp& operator=(const HeadlessApp&) = delete;

private:
    int argc_ = 1;  // QGuiApplication keeps references to both
    char name_[6] = "hcgis";
    char* argv_[2] = {name_, nullptr};
    bool prepared_;
    QGuiApplication app_;
};

/// Registers the proportional Noto Sans CJK SC, regular and bold, of Debian's fonts-noto-cjk with Qt once
/// per process, so every machine draws Chinese the same and PDFs carry the text written (cjk_font.h);
/// returns its family ("hcgis Noto Sans CJK SC": a name of its own, so that Qt never picks the system's
/// uncut copy), "Noto Sans CJK SC" if the collection could not be cut, or Qt's default family if the font
/// files are missing. Needs a QGuiApplication.
QString cjk_family();

/// Starts reading and cutting the font files of cjk_family() on another thread (about 0.1 s of work that
/// needs no QGuiApplication), so that its first call only registers them with Qt. Optional: a command
/// that draws calls it first, before loading its data. Further calls do nothing.
void prefetch_cjk_family();

/// The same for Noto Serif CJK SC (a report's body text), or Qt's default family.
QString cjk_serif_family();

}  // namespace hcgis::render
