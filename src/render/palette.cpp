#include "render/palette.h"
#include "core/error.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace hcgis::render {
namespace {

struct Scheme {
    const char* name;
    const char* sets[9];  // classes 3.. as concatenated 6-digit hex colours
};

// The ColorBrewer schemes, as published (colorbrewer2.org).
constexpr Scheme schemes[] = {
    {"YlGn",
     {"f7fcb9addd8e31a354", "ffffccc2e69978c679238443", "ffffccc2e69978c67931a354006837",
      "ffffccd9f0a3addd8e78c67931a354006837", "ffffccd9f0a3addd8e78c67941ab5d238443005a32",
      "ffffe5f7fcb9d9f0a3addd8e78c67941ab5d238443005a32", "ffffe5f7fcb9d9f0a3addd8e78c67941ab5d238443006837004529",
      nullptr, nullptr}},
    {"OrRd",
     {"fee8c8fdbb84e34a33", "fef0d9fdcc8afc8d59d7301f", "fef0d9fdcc8afc8d59e34a33b30000",
      "fef0d9fdd49efdbb84fc8d59e34a33b30000", "fef0d9fdd49efdbb84fc8d59ef6548d7301f990000",
      "fff7ecfee8c8fdd49efdbb84fc8d59ef6548d7301f990000", "fff7ecfee8c8fdd49efdbb84fc8d59ef6548d7301fb300007f0000",
      nullptr, nullptr}},
    {"PuBu",
     {"ece7f2a6bddb2b8cbe", "f1eef6bdc9e174a9cf0570b0", "f1eef6bdc9e174a9cf2b8cbe045a8d",
      "f1eef6d0d1e6a6bddb74a9cf2b8cbe045a8d", "f1eef6d0d1e6a6bddb74a9cf3690c00570b0034e7b",
      "fff7fbece7f2d0d1e6a6bddb74a9cf3690c00570b0034e7b", "fff7fbece7f2d0d1e6a6bddb74a9cf3690c00570b0045a8d023858",
      nullptr, nullptr}},
    {"YlOrRd",
     {"ffeda0feb24cf03b20", "ffffb2fecc5cfd8d3ce31a1c", "ffffb2fecc5cfd8d3cf03b20bd0026",
      "ffffb2fed976feb24cfd8d3cf03b20bd0026", "ffffb2fed976feb24cfd8d3cfc4e2ae31a1cb10026",
      "ffffccffeda0fed976feb24cfd8d3cfc4e2ae31a1cb10026", "ffffccffeda0fed976feb24cfd8d3cfc4e2ae31a1cbd0026800026",
      nullptr, nullptr}},
    {"RdYlGn",
     {"fc8d59ffffbf91cf60", "d7191cfdae61a6d96a1a9641", "d7191cfdae61ffffbfa6d96a1a9641",
      "d73027fc8d59fee08bd9ef8b91cf601a9850", "d73027fc8d59fee08bffffbfd9ef8b91cf601a9850",
      "d73027f46d43fdae61fee08bd9ef8ba6d96a66bd631a9850", "d73027f46d43fdae61fee08bffffbfd9ef8ba6d96a66bd631a9850",
      "a50026d73027f46d43fdae61fee08bd9ef8ba6d96a66bd631a9850006837",
      "a50026d73027f46d43fdae61fee08bffffbfd9ef8ba6d96a66bd631a9850006837"}},
};

std::vector<QColor> decode(const char* hex) {
    std::vector<QColor> out;
    const std::size_t n = std::strlen(hex);
    for (std::size_t i = 0; i + 6 <= n; i += 6)
        out.emplace_back(QStringLiteral("#") + QString::fromLatin1(hex + i, 6));
    return out;
}

}  // namespace

std::vector<QColor> palette(const std::string& name, int classes, bool reverse) {
    const Scheme* scheme = nullptr;
    for (const auto& s : schemes)
        if (name == s.name) scheme = &s;
    if (!scheme) throw hcgis::InputError("unknown palette \"" + name + "\"");
    int largest = 3;
    while (largest - 3 + 1 < 9 && scheme->sets[largest - 3 + 1]) ++largest;
    std::vector<QColor> out;
    if (classes < 3) {
        const auto three = decode(scheme->sets[0]);
        if (classes == 1) out = {three[1]};
        else out = {three.front(), three.back()};
    } else {
        out = decode(scheme->sets[std::min(classes, largest) - 3]);
    }
    if (reverse) std::reverse(out.begin(), out.end());
    return out;
}

std::vector<std::string> palette_names() {
    std::vector<std::string> n;
    for (const auto& s : schemes) n.emplace_back(s.name);
    return n;
}

}  // namespace hcgis::render
