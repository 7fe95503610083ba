#include "viewer/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QPointer>
#include <QTranslator>

namespace hcgis::viewer {
namespace {

Lang current = Lang::Zh;
QPointer<QTranslator> english;  // a child of the application, made when first asked for
QPointer<QTranslator> qt_chinese;  // Qt's own words (OK, Cancel, file dialogs) in Chinese, likewise
bool qt_chinese_tried = false;

/// Qt's translation of its own dialogs and buttons into Chinese (Debian: qt6-translations-l10n), null
/// when it is not installed: Qt then shows them in English.
QTranslator* qt_chinese_translator() {
    if (!qt_chinese && !qt_chinese_tried) {
        qt_chinese_tried = true;
        auto* t = new QTranslator(QCoreApplication::instance());
        if (t->load(QStringLiteral("qtbase_zh_CN"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) qt_chinese = t;
        else delete t;
    }
    return qt_chinese;
}

}  // namespace

bool qt_words_in_chinese() { return qt_chinese_translator() != nullptr; }

Lang language() { return current; }

bool set_language(Lang l) {
    if (l == Lang::En && !english) {
        auto* t = new QTranslator(QCoreApplication::instance());
        if (!t->load(QStringLiteral(":/i18n/hcgis_en.qm"))) {
            delete t;
            return false;
        }
        english = t;
    }
    QTranslator* qt = qt_chinese_translator();
    if (l == Lang::En) {
        if (qt) QCoreApplication::removeTranslator(qt);
        QCoreApplication::installTranslator(english);
    } else {
        if (english) QCoreApplication::removeTranslator(english);
        if (qt) QCoreApplication::installTranslator(qt);
    }
    current = l;
    return true;
}

}  // namespace hcgis::viewer
