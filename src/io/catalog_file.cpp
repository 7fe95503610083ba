#include "io/catalog_file.h"

#include "io/error.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#ifndef HCGIS_DATA_DIR
#define HCGIS_DATA_DIR ""
#endif

namespace hcgis::io {

Catalog parse_catalog(const std::string& text, const std::string& file) {
    using nlohmann::json;
    json root;
    try {
        root = json::parse(text);
    } catch (const json::exception& e) {  // parse_error, and out_of_range for a number too large
        throw InputError(fmt::format("{}: not valid JSON: {}", file, e.what()));
    }
    if (!root.is_object() || !root.contains("indicators") || !root["indicators"].is_array())
        throw InputError(fmt::format("{}: expected an object with an \"indicators\" array", file));
    std::vector<IndicatorDef> defs;
    for (std::size_t i = 0; i < root["indicators"].size(); ++i) {
        const json& j = root["indicators"][i];
        const std::string where = fmt::format("{}: indicators[{}]", file, i);
        auto str = [&](const char* key, bool required) -> std::string {
            if (!j.contains(key)) {
                if (required) throw InputError(fmt::format("{}: missing \"{}\"", where, key));
                return {};
            }
            if (!j[key].is_string()) throw InputError(fmt::format("{}: \"{}\" must be a string", where, key));
            return j[key].get<std::string>();
        };
        auto num = [&](const char* key) -> std::optional<double> {
            if (!j.contains(key) || j[key].is_null()) return std::nullopt;
            if (!j[key].is_number()) throw InputError(fmt::format("{}: \"{}\" must be a number", where, key));
            return j[key].get<double>();
        };
        IndicatorDef d;
        d.id = str("id", true);
        d.name_zh = str("name_zh", true);
        d.name_en = str("name_en", false);
        const std::string unit = str("unit", true);
        const auto parsed = parse_unit(unit);
        if (!parsed)
            throw InputError(fmt::format("{} ({}): \"unit\" is \"{}\", expected one of {}", where, d.id, unit, unit_names()));
        d.unit = *parsed;
        d.unit_zh = str("unit_zh", false);
        const std::string op = str("op", true);
        if (op == ">=") d.op = Op::AtLeast;
        else if (op == "<=") d.op = Op::AtMost;
        else throw InputError(fmt::format("{} ({}): \"op\" is \"{}\", expected \">=\" or \"<=\"", where, d.id, op));
        d.target = num("target");
        d.city_target = num("city_target");
        if (j.contains("district_targets")) {
            if (!j["district_targets"].is_object())
                throw InputError(fmt::format("{} ({}): \"district_targets\" must be an object", where, d.id));
            for (const auto& [name, v] : j["district_targets"].items()) {
                if (!v.is_number())
                    throw InputError(fmt::format("{} ({}): district_targets.{} must be a number", where, d.id, name));
                d.district_targets[name] = v.get<double>();
            }
        }
        if (j.contains("zone_total_only")) {
            if (!j["zone_total_only"].is_boolean())
                throw InputError(fmt::format("{} ({}): \"zone_total_only\" must be true or false", where, d.id));
            d.zone_total_only = j["zone_total_only"].get<bool>();
        }
        d.plan = str("plan", true);
        d.responsible = str("responsible", true);
        d.note = str("note", false);
        defs.push_back(std::move(d));
    }
    try {
        return Catalog(std::move(defs));
    } catch (const InputError& e) {
        throw InputError(fmt::format("{}: {}", file, e.what()));
    }
}

Catalog read_catalog(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(fmt::format("{}: cannot open the indicator catalog", file.string()));
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_catalog(ss.str(), file.string());
}

std::filesystem::path default_catalog_path() {
    if (const char* env = std::getenv("HCGIS_CATALOG"); env && *env) return env;
    const std::filesystem::path built = std::filesystem::path(HCGIS_DATA_DIR) / "indicators.json";
    if (!std::string(HCGIS_DATA_DIR).empty() && std::filesystem::exists(built)) return built;
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto installed = exe.parent_path().parent_path() / "share" / "hcgis" / "indicators.json";
        if (std::filesystem::exists(installed)) return installed;
    }
    return built;
}

}  // namespace hcgis::io
