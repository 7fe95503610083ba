#include "core/error.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

namespace hcgis {
namespace {

std::string compose(const Where& w, const std::string& what) {
    std::vector<std::string> parts;
    if (!w.file.empty()) parts.push_back(w.file);
    if (!w.layer.empty()) parts.push_back(fmt::format("layer {}", w.layer));
    if (w.feature) parts.push_back(fmt::format("feature {}", *w.feature));
    if (!w.field.empty()) parts.push_back(fmt::format("field \"{}\"", w.field));
    if (!what.empty()) parts.push_back(what);
    return fmt::format("{}", fmt::join(parts, ": "));
}

}  // namespace

InputError::InputError(Where where, const std::string& what) : Error(compose(where, what)), where_(std::move(where)) {}

}  // namespace hcgis
