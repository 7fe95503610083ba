#include "io/osm_init.h"

#include "io/error.h"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace hcgis::io {
namespace {

using nlohmann::json;

std::string quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

/// An OGR SQL LIKE test of other_tags for `key`=>`value` (`value` empty: any value). OGR SQL's LIKE is
/// case-sensitive, as OSM tags are; `_` and `%` in a tag are matched as themselves (escaped with '!').
std::string other_tags_like(const std::string& key, const std::string* value) {
    auto escaped = [](const std::string& s) {
        std::string out;
        for (char c : s) {
            if (c == '_' || c == '%' || c == '!') out += '!';
            out += c;
        }
        return out;
    };
    const std::string pattern = value ? fmt::format("%\"{}\"=>\"{}\"%", escaped(key), escaped(*value))
                                      : fmt::format("%\"{}\"=>%", escaped(key));
    return fmt::format("other_tags LIKE {} ESCAPE '!'", quoted(pattern));
}

/// The tag `key` with one of `values` ("*" = any): a column test where the layer has the column, else a
/// pattern on other_tags (GDAL writes it as "key"=>"value",...).
std::string tag_test(const std::string& key, const json& values, const std::vector<std::string>& fields) {
    const bool column = std::find(fields.begin(), fields.end(), key) != fields.end();
    if (values.is_string() && values.get<std::string>() == "*")
        return column ? fmt::format("\"{}\" IS NOT NULL", key)
                      : other_tags_like(key, nullptr);
    std::vector<std::string> vs;
    for (const auto& v : values) vs.push_back(v.get<std::string>());
    std::string out;
    if (column) {
        for (const auto& v : vs) out += (out.empty() ? "" : ", ") + quoted(v);
        return fmt::format("\"{}\" IN ({})", key, out);
    }
    for (const auto& v : vs)
        out += (out.empty() ? "" : " OR ") + other_tags_like(key, &v);
    return vs.size() == 1 ? out : "(" + out + ")";
}

json read_json(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(fmt::format("{}: cannot open the OSM tag table", file.string()));
    std::ostringstream ss;
    ss << in.rdbuf();
    try {
        return json::parse(ss.str());
    } catch (const json::exception& e) {
        throw InputError(fmt::format("{}: not valid JSON: {}", file.string(), e.what()));
    }
}

/// Checks one rule of the tag table: {"layer": ..., "tags": {...}, "except": {...}, "fields": {...}}.
void check_rule(const json& rule, const std::string& file, const std::string& where) {
    auto fail = [&](const std::string& what) { throw InputError(fmt::format("{}: {}: {}", file, where, what)); };
    if (!rule.is_object()) fail("expected an object with \"layer\" and \"tags\"");
    for (const auto& [k, _] : rule.items())
        if (k != "layer" && k != "tags" && k != "except" && k != "fields" && k != "comment")
            fail(fmt::format("unknown key \"{}\" (expected layer, tags, except, fields, comment)", k));
    if (!rule.contains("layer") || !rule["layer"].is_string()) fail("\"layer\" must name points, lines or multipolygons");
    const std::string layer = rule["layer"];
    if (layer != "points" && layer != "lines" && layer != "multipolygons" && layer != "multilinestrings")
        fail(fmt::format("layer \"{}\" is not one of points, lines, multipolygons", layer));
    auto tags = [&](const char* key, bool required) {
        if (!rule.contains(key)) {
            if (required) fail(fmt::format("missing \"{}\"", key));
            return;
        }
        const json& t = rule[key];
        if (!t.is_object() || (required && t.empty())) fail(fmt::format("\"{}\" must be an object of tag: [values]", key));
        for (const auto& [k, v] : t.items()) {
            const bool any = v.is_string() && v.get<std::string>() == "*";
            bool list = v.is_array() && !v.empty();
            if (list)
                for (const auto& e : v) list = list && e.is_string();
            if (!any && !list) fail(fmt::format("{}.{}: expected \"*\" or a list of values", key, k));
        }
    };
    tags("tags", true);
    tags("except", false);
    if (rule.contains("fields") && !rule["fields"].is_object()) fail("\"fields\" must map role keys to OSM columns");
}

std::vector<std::string> columns(OGRLayer* layer) {
    std::vector<std::string> out;
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) out.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    return out;
}

/// The features `layer` gives under its filter (the OSM driver knows no count without reading them).
long long count(OGRLayer* layer) {
    long long n = 0;
    layer->ResetReading();
    for (auto& f : *layer) {
        static_cast<void>(f);
        ++n;
    }
    return n;
}

}  // namespace

std::string osm_where(const json& tags, const json& except, const std::vector<std::string>& layer_fields) {
    std::string any;
    for (const auto& [k, v] : tags.items()) any += (any.empty() ? "" : " OR ") + tag_test(k, v, layer_fields);
    std::string out = tags.size() > 1 ? "(" + any + ")" : any;
    if (except.is_object())
        for (const auto& [k, v] : except.items()) {
            const bool column = std::find(layer_fields.begin(), layer_fields.end(), k) != layer_fields.end();
            const std::string test = tag_test(k, v, layer_fields);
            out += column ? fmt::format(" AND NOT ({})", test)
                          : fmt::format(" AND (other_tags IS NULL OR NOT ({}))", test);
        }
    return out;
}

std::filesystem::path default_osm_roles() { return std::filesystem::path(HCGIS_DATA_DIR) / "osm_roles.json"; }

OsmProject osm_project(const std::filesystem::path& source, const std::filesystem::path& project_file,
                       const std::string& districts, const std::filesystem::path& roles_file) {
    const std::string table_name = roles_file.string();
    const json table = read_json(roles_file);
    if (!table.is_object() || !table.contains("roles") || !table["roles"].is_object())
        throw InputError(fmt::format("{}: expected {{\"roles\": {{...}}, \"districts\": {{...}}}}", table_name));
    for (const auto& [role, rule] : table["roles"].items()) check_rule(rule, table_name, "roles." + role);
    json districts_rule = table.value("districts", json::object());
    if (!districts_rule.contains("layer")) districts_rule["layer"] = "multipolygons";

    // --districts "admin_level=8": the boundaries, administrative ones when it is an admin level.
    const auto eq = districts.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == districts.size())
        throw UsageError(fmt::format("--districts \"{}\": expected key=value, such as admin_level=8", districts));
    const std::string dkey = districts.substr(0, eq);
    json dvalues = json::array();
    for (std::size_t b = eq + 1; b <= districts.size();) {
        std::size_t e = districts.find('|', b);
        if (e == std::string::npos) e = districts.size();
        if (e > b) dvalues.push_back(districts.substr(b, e - b));
        b = e + 1;
    }
    districts_rule["tags"] = json{{dkey, dvalues}};
    if (dkey == "admin_level" && !districts_rule.contains("also")) districts_rule["also"] = {{"boundary", {"administrative"}}};

    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const char* drivers[] = {"OSM", nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::Open(source.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers));
    CPLPopErrorHandler();
    if (!ds)
        throw InputError(fmt::format("{}: GDAL's OSM driver cannot read it (expected an .osm.pbf or .osm extract)",
                                     source.string()));

    std::error_code ec;
    const std::filesystem::path base = std::filesystem::absolute(project_file).parent_path();
    std::filesystem::path rel = std::filesystem::relative(std::filesystem::absolute(source), base, ec);
    if (ec || rel.empty()) rel = std::filesystem::absolute(source);

    OsmProject out;
    json layers = json::object();
    auto add = [&](const std::string& role, const json& rule) {
        const std::string layer_name = rule["layer"];
        OGRLayer* layer = ds->GetLayerByName(layer_name.c_str());
        if (!layer) throw InputError(fmt::format("{}: has no layer \"{}\"", source.string(), layer_name));
        const std::vector<std::string> fields = columns(layer);
        std::string where = osm_where(rule["tags"], rule.value("except", json::object()), fields);
        if (rule.contains("also")) where = fmt::format("({}) AND {}", where, osm_where(rule["also"], json::object(), fields));
        if (layer->SetAttributeFilter(where.c_str()) != OGRERR_NONE)
            throw InternalError(fmt::format("init: the filter made for {} is not OGR SQL: {}", role, where));
        OsmRoleFound f{role, layer_name, where, count(layer)};
        layer->SetAttributeFilter(nullptr);
        if (f.count == 0) {
            out.missing.push_back(f);
            return;
        }
        json entry = {{"source", rel.generic_string()}, {"layer", layer_name}, {"where", where}};
        if (rule.contains("fields")) {
            json mapped = json::object();
            for (const auto& [key, column] : rule["fields"].items())
                if (std::find(fields.begin(), fields.end(), column.get<std::string>()) != fields.end()) mapped[key] = column;
            if (!mapped.empty()) entry["fields"] = mapped;
        }
        layers[role] = entry;
        out.roles.push_back(f);
    };
    add("districts", districts_rule);
    if (out.roles.empty())
        throw InputError(fmt::format("{}: no boundary matches --districts \"{}\" ({}); try another admin_level",
                                     source.string(), districts, out.missing.front().where));
    {
        // Population, when every district is tagged with it (GDAL keeps it in other_tags).
        OGRLayer* layer = ds->GetLayerByName(out.roles.front().layer.c_str());
        const std::string tagged = out.roles.front().where + " AND " + other_tags_like("population", nullptr);
        layer->SetAttributeFilter(tagged.c_str());
        const long long n = count(layer);
        layer->SetAttributeFilter(nullptr);
        if (n > 0 && n == out.roles.front().count)
            layers["districts"]["fields"]["population"] = "other_tags[population]";
        else if (n > 0)
            out.warnings.push_back(fmt::format("population is tagged on {} of the {} districts only; it is not mapped "
                                               "(a district without it would stop the load)",
                                               n, out.roles.front().count));
    }
    for (const auto& [role, rule] : table["roles"].items()) add(role, rule);

    out.project = {{"name", source.stem().stem().string()},
                   {"description", fmt::format("Made by hcgis init from {} with the tag table {}.", source.filename().string(),
                                               roles_file.filename().string())},
                   {"attribution", "© OpenStreetMap contributors (ODbL)"},
                   {"layers", layers}};
    if (!layers.contains("residents"))
        out.warnings.push_back("OpenStreetMap has no population: the coverage indicators need a residents layer "
                               "(points, polygons or a raster with population) added to the project by hand");
    return out;
}

}  // namespace hcgis::io
