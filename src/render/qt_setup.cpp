#include "render/qt_setup.h"

#include "render/cjk_font.h"

#include <QByteArray>
#include <QFontDatabase>
#include <QStringList>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hcgis::render {

void prepare_headless_qt() {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        const auto dir = std::filesystem::temp_directory_path() / ("hcgis-runtime-" + std::to_string(::getuid()));
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
        if (!ec) qputenv("XDG_RUNTIME_DIR", QByteArray::fromStdString(dir.string()));
    }
}

HeadlessApp::HeadlessApp() : prepared_((prepare_headless_qt(), true)), app_(argc_, argv_) {}

namespace {

/// One font file read and its face `family` cut out for PDFs (cjk_font.h), before Qt hears of it.
struct CutFace {
    QString file;
    bool read = false;                // the file could be read
    std::optional<std::string> face;  // the cut face, or nullopt (the file is then registered whole)
};

/// Reads each of `files` (Debian's fonts-noto-cjk collections, regular and bold) and cuts out its face
/// `family` named `rename`. Needs no QGuiApplication: may run on any thread.
std::vector<CutFace> cut_faces(const std::vector<const char*>& files, const char* family, const char* rename) {
    std::vector<CutFace> out;
    for (const char* file : files) {
        CutFace c;
        c.file = QString::fromUtf8(file);
        // Read with the standard library: a QFile is a QObject, and the first thread to make one becomes
        // Qt's main thread.
        std::ifstream f(file, std::ios::binary | std::ios::ate);
        if (f) {
            std::string all(static_cast<std::size_t>(std::max<std::streamoff>(f.tellg(), 0)), '\0');
            f.seekg(0);
            c.read = static_cast<bool>(f.read(all.data(), static_cast<std::streamsize>(all.size())));
            if (c.read) c.face = cjk_face_for_pdf(all, family, rename);
        }
        out.push_back(std::move(c));
    }
    return out;
}

/// Registers each cut face as a font of its own named `rename` (a file that could not be cut, whole).
/// Returns the family to ask Qt for: `rename`; `family` where a file could only be registered whole; ""
/// when none could be read.
QString register_faces(const std::vector<CutFace>& cut, const char* family, const char* rename) {
    QString registered;
    for (const CutFace& c : cut) {
        if (!c.read) continue;
        const QString name = QString::fromUtf8(c.face ? rename : family);
        const int id = c.face ? QFontDatabase::addApplicationFontFromData(QByteArray(c.face->data(), static_cast<qsizetype>(c.face->size())))
                              : QFontDatabase::addApplicationFont(c.file);
        if (id >= 0 && QFontDatabase::applicationFontFamilies(id).contains(name) && registered.isEmpty()) registered = name;
    }
    return registered;
}

/// The faces of one family, cut once per process: on another thread from prefetch(), else on first use.
class Faces {
public:
    Faces(std::vector<const char*> files, const char* family, const char* rename)
        : files_(std::move(files)), family_(family), rename_(rename) {}
    void prefetch() {
        std::call_once(started_, [this] { cut_ = std::async(std::launch::async, [this] { return cut_faces(files_, family_, rename_); }); });
    }
    /// Registers the faces with Qt once and returns the family (Qt's default one when none could be read).
    QString family() {
        std::call_once(registered_, [this] {
            std::call_once(started_, [this] { cut_ = std::async(std::launch::deferred, [this] { return cut_faces(files_, family_, rename_); }); });
            result_ = register_faces(cut_.get(), family_, rename_);
            if (result_.isEmpty()) result_ = QFontDatabase::systemFont(QFontDatabase::GeneralFont).family();
        });
        return result_;
    }

private:
    std::vector<const char*> files_;
    const char* family_;
    const char* rename_;
    std::once_flag started_, registered_;
    std::future<std::vector<CutFace>> cut_;
    QString result_;
};

Faces& sans() {
    static Faces f({"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"},
                   "Noto Sans CJK SC", "hcgis Noto Sans CJK SC");
    return f;
}

Faces& serif() {
    static Faces f({"/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
                    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"},
                   "Noto Serif CJK SC", "hcgis Noto Serif CJK SC");
    return f;
}

}  // namespace

void prefetch_cjk_family() { sans().prefetch(); }

QString cjk_family() { return sans().family(); }

QString cjk_serif_family() { return serif().family(); }

}  // namespace hcgis::render
