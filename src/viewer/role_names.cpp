#include "viewer/role_names.h"

#include <QCoreApplication>

namespace hcgis::viewer {
namespace {

constexpr const char* context = "hcgis::viewer::role";

struct Name {
    const char* key;
    const char* text;  // the Chinese source string lupdate collects
};

constexpr Name roles[] = {
    {"districts", QT_TRANSLATE_NOOP("hcgis::viewer::role", "街道")},
    {"roads", QT_TRANSLATE_NOOP("hcgis::viewer::role", "道路")},
    {"water", QT_TRANSLATE_NOOP("hcgis::viewer::role", "水体")},
    {"parks", QT_TRANSLATE_NOOP("hcgis::viewer::role", "公园绿地")},
    {"sports", QT_TRANSLATE_NOOP("hcgis::viewer::role", "体育场地")},
    {"builtup", QT_TRANSLATE_NOOP("hcgis::viewer::role", "建成区")},
    {"toilets", QT_TRANSLATE_NOOP("hcgis::viewer::role", "公厕")},
    {"fitness", QT_TRANSLATE_NOOP("hcgis::viewer::role", "健身设施")},
    {"residents", QT_TRANSLATE_NOOP("hcgis::viewer::role", "居民点")},
    {"clinics", QT_TRANSLATE_NOOP("hcgis::viewer::role", "基层医疗机构")},
    {"eldercare", QT_TRANSLATE_NOOP("hcgis::viewer::role", "养老机构")},
    {"communities", QT_TRANSLATE_NOOP("hcgis::viewer::role", "社区")},
    {"markets", QT_TRANSLATE_NOOP("hcgis::viewer::role", "农贸市场")},
    {"trails", QT_TRANSLATE_NOOP("hcgis::viewer::role", "健康步道")},
    {"candidates", QT_TRANSLATE_NOOP("hcgis::viewer::role", "候选地块")},
    {"catchments", QT_TRANSLATE_NOOP("hcgis::viewer::role", "服务范围")},
};

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

QString role_name(const std::string& role) { return lookup(roles, role); }

QString catchments_name(const std::string& facility) { return lookup(catchments, facility); }

}  // namespace hcgis::viewer
