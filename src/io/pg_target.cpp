#include "io/pg_target.h"

#include <cctype>
#include <regex>

namespace hcgis::io {

bool is_pg(const std::string& out) {
    return out.size() >= 3 && std::toupper(static_cast<unsigned char>(out[0])) == 'P' &&
           std::toupper(static_cast<unsigned char>(out[1])) == 'G' && out[2] == ':';
}

std::string pg_display(const std::string& connection) {
    // libpq's keyword = value, the value bare or in single quotes with \' and \\ escapes.
    static const std::regex password(R"(\s*\bpassword\s*=\s*('([^'\\]|\\.)*'|[^\s]*))", std::regex::icase);
    std::string shown = std::regex_replace(connection, password, "");
    if (shown.size() > 3 && shown[3] == ' ') shown.erase(3, 1);
    return shown;
}

}  // namespace hcgis::io
