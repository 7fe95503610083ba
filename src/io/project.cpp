#include "io/project.h"

#include "core/roles.h"

#include "io/error.h"
#include "io/source_path.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace hcgis::io {

namespace {

const WordList toilet_classes = {{"1", 1}, {"2", 2}, {"3", 3}, {"4", 4}, {"一类", 1}, {"二类", 2}, {"三类", 3},
                                 {"三类以下", 4}, {"1.0", 1}, {"2.0", 2}, {"3.0", 3}, {"4.0", 4}};
const WordList clinic_kinds = {{"社区卫生服务中心", 1}, {"community_center", 1}, {"社区卫生服务站", 2},
                               {"community_station", 2}, {"村卫生室", 3}, {"village_clinic", 3}, {"其他", 4},
                               {"other", 4}};
const WordList eldercare_kinds = {{"养老机构", 1}, {"care_home", 1}, {"居家养老服务中心", 2}, {"homecare_center", 2}};
const WordList community_types = {{"urban", 1}, {"城市", 1}, {"城市社区", 1}, {"社区", 1},
                                  {"rural", 0}, {"农村", 0}, {"农村社区", 0}, {"村", 0}};
const WordList district_types = {{"urban", 1}, {"城市", 1}, {"rural", 0}, {"农村", 0}, {"mixed", 2}, {"城乡混合", 2}};
const WordList fitness_classes = {{"健身点", 1}, {"small", 1}, {"小型", 1}, {"多功能运动场", 2}, {"medium", 2},
                                  {"中型", 2}, {"体育中心", 3}, {"large", 3}, {"大型", 3}};

}  // namespace

const std::vector<RoleSpec>& roles() {
    using F = FieldType;
    // The geometry of each role is the core's role table's; here are the fields a project may map.
    auto kind_of = [](const char* id) { return find_role_info(id)->kind; };
    static const std::vector<RoleSpec> all = {
        {"districts", kind_of("districts"),
         {{"name", F::Text}, {"code", F::Text}, {"population", F::Number}, {"elderly", F::Number},
          {"communities", F::Number}, {"type", F::Words, &district_types, "urban/城市, rural/农村, mixed/城乡混合"},
          {"food_samples", F::Number}, {"healthy_enterprises", F::Number}}},
        {"builtup", kind_of("builtup"), {}},
        {"toilets", kind_of("toilets"),
         {{"class", F::Words, &toilet_classes, "1-4 or 一类/二类/三类/三类以下"}, {"cleaners", F::Number},
          {"name", F::Text}}},
        {"fitness", kind_of("fitness"),
         {{"class", F::Words, &fitness_classes, "健身点/small, 多功能运动场/medium, 体育中心/large"},
          {"name", F::Text}}},
        {"parks", kind_of("parks"), {{"name", F::Text}}},
        {"sports", kind_of("sports"), {{"name", F::Text}}},
        {"roads", kind_of("roads"), {{"highway", F::Text}, {"name", F::Text}}},
        {"residents", kind_of("residents"), {{"population", F::Number}, {"elderly", F::Number}, {"name", F::Text}}},
        {"clinics", kind_of("clinics"),
         {{"kind", F::Words, &clinic_kinds, "社区卫生服务中心, 社区卫生服务站, 村卫生室, 其他"}, {"gps", F::Number},
          {"public_health_staff", F::Number}, {"tcm_pavilion", F::Flag}, {"tcm_service", F::Flag},
          {"vaccination_clinic", F::Flag}, {"vaccination_standard", F::Flag}, {"name", F::Text}}},
        {"eldercare", kind_of("eldercare"),
         {{"kind", F::Words, &eldercare_kinds, "养老机构/care_home, 居家养老服务中心/homecare_center"},
          {"beds", F::Number}, {"name", F::Text}}},
        {"communities", kind_of("communities"),
         {{"type", F::Words, &community_types, "urban/城市/社区, rural/农村/村"}, {"homecare_center", F::Flag},
          {"gp_studio", F::Flag}, {"vector_demo", F::Flag}, {"healthy_village", F::Flag},
          {"healthy_community", F::Flag}, {"name", F::Text}}},
        {"markets", kind_of("markets"), {{"standardised", F::Flag}, {"name", F::Text}}},
        {"trails", kind_of("trails"), {{"name", F::Text}}},
        {"candidates", kind_of("candidates"), {{"name", F::Text}}},
        {"water", kind_of("water"), {{"name", F::Text}}},
        {"buildings", kind_of("buildings"), {{"levels", F::Number}, {"name", F::Text}}},
    };
    return all;
}

const RoleSpec* find_role(const std::string& role) {
    for (const auto& r : roles())
        if (role == r.role) return &r;
    return nullptr;
}

namespace {

using nlohmann::json;

std::string list(const std::vector<std::string>& items) {
    std::string s;
    for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
    return s;
}

struct Checker {
    std::string file;

    [[noreturn]] void fail(const std::string& where, const std::string& what) const {
        throw InputError(fmt::format("{}: {}: {}", file, where, what));
    }

    void only_keys(const json& obj, const std::string& where, const std::vector<std::string>& allowed) const {
        for (const auto& [key, _] : obj.items())
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
                fail(where, fmt::format("unknown key \"{}\" (expected one of: {})", key, list(allowed)));
    }

    std::string text(const json& obj, const std::string& key, const std::string& where) const {
        const json& v = obj.at(key);
        if (!v.is_string()) fail(where + "." + key, fmt::format("expected a string, found {}", v.type_name()));
        return v.get<std::string>();
    }

    std::string optional_text(const json& obj, const std::string& key, const std::string& where) const {
        return obj.contains(key) ? text(obj, key, where) : std::string{};
    }
};

/// "values": {"class": {"特優級": 1, ...}}: per class-like field, its words and the codes they map to.
void parse_values(const Checker& c, const json& v, const std::string& where, const RoleSpec& rs, LayerSpec& l) {
    if (!v.is_object()) c.fail(where, "expected an object: {\"field key\": {\"value\": code, ...}}");
    std::vector<std::string> allowed;
    for (const auto& fs : rs.fields)
        if (fs.type == FieldType::Words || fs.type == FieldType::Flag) allowed.emplace_back(fs.key);
    if (allowed.empty() && !v.empty()) c.fail(where, fmt::format("a {} layer has no class-like field to map", rs.role));
    c.only_keys(v, where, allowed);
    for (const auto& [key, map] : v.items()) {
        const std::string at = where + "." + key;
        if (!map.is_object() || map.empty()) c.fail(at, "expected an object of values and their codes");
        const FieldSpec* fs = nullptr;
        for (const auto& f : rs.fields)
            if (key == f.key) fs = &f;
        std::set<double> codes;
        if (fs->type == FieldType::Flag) codes = {0, 1};
        else
            for (const auto& [word, code] : *fs->words) codes.insert(code);
        std::string code_list;
        for (double d : codes) code_list += fmt::format("{}{:g}", code_list.empty() ? "" : ", ", d);
        WordList words;
        for (const auto& [word, code] : map.items()) {
            if (!code.is_number() || !codes.count(code.get<double>()))
                c.fail(at + "." + word, fmt::format("expected one of the codes {} ({}), found {}", code_list,
                                                    fs->type == FieldType::Flag ? "0 = no, 1 = yes" : fs->expected,
                                                    code.dump()));
            words.emplace_back(word, code.get<double>());
        }
        l.values.emplace(key, std::move(words));
    }
}

/// "spread": {"cell": 50, "by": "buildings"} and "band": 1 of a residents layer.
void parse_spread(const Checker& c, const json& spec, const std::string& where, LayerSpec& l) {
    if (spec.contains("band")) {
        const json& b = spec["band"];
        if (!b.is_number_integer() || b.get<long long>() < 1 || b.get<long long>() > 1000000)
            c.fail(where + ".band", "expected a band number (1 = the first)");
        l.band = static_cast<int>(b.get<long long>());
    }
    if (!spec.contains("spread")) return;
    const json& s = spec["spread"];
    l.spread_declared = true;
    if (!s.is_object()) c.fail(where + ".spread", "expected an object such as {\"cell\": 50, \"by\": \"buildings\"}");
    c.only_keys(s, where + ".spread", {"cell", "by"});
    if (s.contains("cell")) {
        const json& cell = s["cell"];
        if (!cell.is_number() || !(cell.get<double>() >= 1 && cell.get<double>() <= 10000))
            c.fail(where + ".spread.cell", "expected a grid cell size in metres, 1 to 10000");
        l.spread_cell_m = cell.get<double>();
    }
    if (s.contains("by")) {
        l.spread_by = c.text(s, "by", where + ".spread");
        const std::vector<std::string> ways = {"auto", "buildings", "builtup", "roads", "area"};
        if (std::find(ways.begin(), ways.end(), l.spread_by) == ways.end())
            c.fail(where + ".spread.by", fmt::format("\"{}\" is not one of: {}", l.spread_by, list(ways)));
    }
}

}  // namespace

Project parse_project(const std::string& text, const std::filesystem::path& file) {
    Checker c{file.string()};
    json root;
    try {
        root = json::parse(text);
    } catch (const json::exception& e) {  // parse_error, and out_of_range for a number too large
        throw InputError(fmt::format("{}: not valid JSON: {}", file.string(), e.what()));
    }
    if (!root.is_object()) c.fail("top level", "expected a JSON object");
    c.only_keys(root, "top level",
                {"name", "description", "attribution", "crs", "walk_speed_m_per_min", "walk_minutes", "elderly_walk_speed_m_per_min",
                 "walk_exclude_highway", "park_coverage_mode", "toilet_service_radius_m", "walk_network", "layers"});

    Project p;
    p.file = file;
    p.name = root.contains("name") ? c.text(root, "name", "top level") : file.stem().string();
    if (root.contains("crs")) p.crs = c.text(root, "crs", "top level");
    if (root.contains("attribution")) p.attribution = c.text(root, "attribution", "top level");
    auto positive = [&](const char* key, double& out, const char* what) {
        if (!root.contains(key)) return;
        const json& v = root[key];
        if (!v.is_number() || v.get<double>() <= 0) c.fail(key, std::string("expected a positive number of ") + what);
        out = v.get<double>();
    };
    positive("walk_speed_m_per_min", p.walk_speed_m_per_min, "metres per minute");
    positive("walk_minutes", p.walk_minutes, "minutes");
    positive("elderly_walk_speed_m_per_min", p.elderly_walk_speed_m_per_min, "metres per minute");
    positive("toilet_service_radius_m", p.toilet_service_radius_m, "metres");
    p.walk_exclude_highway = {"motorway", "motorway_link"};
    if (root.contains("walk_exclude_highway")) {
        const json& v = root["walk_exclude_highway"];
        if (!v.is_array()) c.fail("walk_exclude_highway", "expected an array of highway classes");
        p.walk_exclude_highway.clear();
        for (const auto& e : v) {
            if (!e.is_string()) c.fail("walk_exclude_highway", "expected an array of strings");
            p.walk_exclude_highway.push_back(e.get<std::string>());
        }
    }
    if (root.contains("park_coverage_mode")) {
        const std::string mode = c.text(root, "park_coverage_mode", "top level");
        if (mode != "straight" && mode != "network")
            c.fail("park_coverage_mode", fmt::format("\"{}\" is not straight or network", mode));
        p.park_coverage_mode = mode == "network" ? Measure::Network : Measure::Straight;
    }
    if (root.contains("walk_network")) {
        const std::string extent = c.text(root, "walk_network", "top level");
        if (extent != "complete" && extent != "partial")
            c.fail("walk_network", fmt::format("\"{}\" is not complete or partial", extent));
        p.walk_network_partial = extent == "partial";
    }
    if (!root.contains("layers") || !root["layers"].is_object()) c.fail("layers", "missing, or not an object");

    const std::filesystem::path base = file.parent_path();
    for (const auto& [role, spec] : root["layers"].items()) {
        const std::string where = "layers." + role;
        const RoleSpec* rs = find_role(role);
        if (!rs) {
            std::vector<std::string> names;
            for (const auto& r : roles()) names.emplace_back(r.role);
            c.fail(where, fmt::format("unknown role \"{}\" (expected one of: {})", role, list(names)));
        }
        if (!spec.is_object()) c.fail(where, "expected an object with at least \"source\"");
        c.only_keys(spec, where, {"source", "layer", "where", "encoding", "coords", "crs", "fields", "values", "spread", "band"});
        if (!spec.contains("source")) c.fail(where, "missing \"source\"");

        LayerSpec l;
        l.role = role;
        l.source_text = c.text(spec, "source", where);
        l.source = detail::resolve_source(base, l.source_text);
        l.layer = c.optional_text(spec, "layer", where);
        l.where = c.optional_text(spec, "where", where);
        l.encoding = c.optional_text(spec, "encoding", where);
        l.coords = c.optional_text(spec, "coords", where);
        l.crs = c.optional_text(spec, "crs", where);
        if (!l.coords.empty() && l.coords != "gcj02" && l.coords != "bd09" && l.coords != "wgs84")
            c.fail(where + ".coords", fmt::format("\"{}\" is not one of gcj02, bd09, wgs84", l.coords));
        if (spec.contains("fields")) {
            const json& f = spec["fields"];
            if (!f.is_object()) c.fail(where + ".fields", "expected an object mapping keys to field names");
            std::vector<std::string> allowed;
            for (const auto& fs : rs->fields) allowed.emplace_back(fs.key);
            if (allowed.empty() && !f.empty()) c.fail(where + ".fields", fmt::format("a {} layer maps no fields", role));
            c.only_keys(f, where + ".fields", allowed);
            for (const auto& [key, _] : f.items()) l.fields[key] = c.text(f, key, where + ".fields");
        }
        if (spec.contains("values")) parse_values(c, spec["values"], where + ".values", *rs, l);
        if (spec.contains("spread") || spec.contains("band")) {
            if (role != "residents")
                c.fail(where, "\"spread\" and \"band\" belong to the residents layer (population per polygon or raster cell)");
            parse_spread(c, spec, where, l);
        }
        p.layers.emplace(role, std::move(l));
    }
    if (!p.layer("districts")) c.fail("layers", "the \"districts\" layer is required");
    if (const LayerSpec* r = p.layer("residents"); r && r->spread_by != "auto" && r->spread_by != "area" &&
                                                     !p.layer(r->spread_by))
        c.fail("layers.residents.spread.by",
               fmt::format("spreads by \"{}\", but the project has no {} layer", r->spread_by, r->spread_by));
    return p;
}

Project read_project(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(fmt::format("{}: cannot open the project file", file.string()));
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_project(ss.str(), file);
}

}  // namespace hcgis::io
