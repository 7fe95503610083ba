#include "viewer/error_text.h"

#include "core/error.h"

#include <QCoreApplication>

namespace hcgis::viewer {

QString error_text(const std::exception& e) {
    const bool ours = dynamic_cast<const hcgis::Error*>(&e) && !dynamic_cast<const hcgis::InternalError*>(&e);
    const QString what = QString::fromUtf8(e.what());
    if (ours) return what;
    return QCoreApplication::translate("hcgis::viewer::error", "内部错误（hcgis 程序的缺陷，不是数据的问题，请报告）：%1").arg(what);
}

}  // namespace hcgis::viewer
