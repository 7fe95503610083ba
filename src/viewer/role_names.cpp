#include "viewer/role_names.h"

#include "core/roles.h"
#include "viewer/language.h"

#include <QCoreApplication>

namespace hcgis::viewer {
namespace {

constexpr const char* context = "hcgis::viewer::role";

struct Name {
    const char* key;
    const char* text;  // the Chinese source string lupdate collects
};

constexpr Name catchments_place{"catchments", QT_TRANSLATE_NOOP("hcgis::viewer::role", "服务范围")};

constexpr Name catchments[] = {
    {"fitness", QT_TRANSLATE_NOOP("hcgis::viewer::role", "健身设施步行服务范围")},
    {"parks", QT_TRANSLATE_NOOP("hcgis::viewer::role", "公园绿地服务范围")},
    {"toilets", QT_TRANSLATE_NOOP("hcgis::viewer::role", "公厕服务范围")},
};

template <std::size_t N>
QString lookup(const Name (&names)[N], const std::string& key) {
    for (const Name& n : names)
        if (key == n.key) return QCoreApplication::translate(context, n.text);
    return QString::fromStdString(key);
}

}  // namespace

QString role_name(const std::string& role) {
    // Layer roles are named by the one role table of core, which holds both languages.
    if (const RoleInfo* r = find_role_info(role)) return QString::fromUtf8(language() == Lang::En ? r->en : r->zh);
    if (role == catchments_place.key) return QCoreApplication::translate(context, catchments_place.text);
    return QString::fromStdString(role);
}

QString catchments_name(const std::string& facility) { return lookup(catchments, facility); }

}  // namespace hcgis::viewer
