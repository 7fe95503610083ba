#include "render/qt_setup.h"

#include "render/cjk_font.h"

#include <QByteArray>
#include <QFile>
#include <QFontDatabase>
#include <QStringList>

#include <unistd.h>

#include <filesystem>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>

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

/// Registers the face `family` of each of `files` (Debian's fonts-noto-cjk collections, regular and bold)
/// as a font of its own named `rename`, cut out for PDFs (cjk_font.h). Returns the family to ask Qt for:
/// `rename`; `family` where a file could only be registered whole; "" when none could be read.
QString register_faces(std::initializer_list<const char*> files, const char* family, const char* rename) {
    QString registered;
    for (const char* file : files) {
        QFile f(QString::fromUtf8(file));
        if (!f.open(QIODevice::ReadOnly)) continue;
        const QByteArray all = f.readAll();
        const auto face = cjk_face_for_pdf(std::string_view(all.constData(), static_cast<std::size_t>(all.size())), family, rename);
        const QString name = QString::fromUtf8(face ? rename : family);
        const int id = face ? QFontDatabase::addApplicationFontFromData(QByteArray(face->data(), static_cast<qsizetype>(face->size())))
                            : QFontDatabase::addApplicationFont(QString::fromUtf8(file));
        if (id >= 0 && QFontDatabase::applicationFontFamilies(id).contains(name) && registered.isEmpty()) registered = name;
    }
    return registered;
}

QString family_once(std::once_flag& once, QString& family, std::initializer_list<const char*> files, const char* name,
                    const char* rename) {
    std::call_once(once, [&] {
        family = register_faces(files, name, rename);
        if (family.isEmpty()) family = QFontDatabase::systemFont(QFontDatabase::GeneralFont).family();
    });
    return family;
}

}  // namespace

QString cjk_family() {
    static QString family;
    static std::once_flag once;
    return family_once(once, family,
                       {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"},
                       "Noto Sans CJK SC", "hcgis Noto Sans CJK SC");
}

QString cjk_serif_family() {
    static QString family;
    static std::once_flag once;
    return family_once(once, family,
                       {"/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
                        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"},
                       "Noto Serif CJK SC", "hcgis Noto Serif CJK SC");
}

}  // namespace hcgis::render
