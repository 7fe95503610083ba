#include "viewer/language.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTranslator>

namespace hcgis::viewer {
namespace {

Lang current = Lang::Zh;
QPointer<QTranslator> english;  // a child of the application, made when first asked for

}  // namespace

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
    if (l == Lang::En)
        QCoreApplication::installTranslator(english);
    else if (english)
        QCoreApplication::removeTranslator(english);
    current = l;
    return true;
}

}  // namespace hcgis::viewer
