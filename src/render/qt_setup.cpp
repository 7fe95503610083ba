#include "render/qt_setup.h"

#include <QFontDatabase>
#include <QStringList>

#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <string>

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

QString cjk_family() {
    static QString family;
    static std::once_flag once;
    std::call_once(once, [] {
        for (const char* file : {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                                 "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"}) {
            const int id = QFontDatabase::addApplicationFont(QString::fromUtf8(file));
            if (id < 0 || !family.isEmpty()) continue;
            const QStringList families = QFontDatabase::applicationFontFamilies(id);
            for (const QString& f : families)
                if (f.contains("CJK SC")) family = f;
            if (family.isEmpty() && !families.isEmpty()) family = families.front();
        }
        if (family.isEmpty()) family = QFontDatabase::systemFont(QFontDatabase::GeneralFont).family();
    });
    return family;
}

}  // namespace hcgis::render
