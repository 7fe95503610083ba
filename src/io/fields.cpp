#include "io/fields.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>

namespace hcgis::io::detail {

bool parse_number(std::string_view text, double& out) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    if (text.empty()) return false;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(out);
}

std::string trimmed(std::string text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    std::size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    return text.substr(i);
}

int parse_flag(const std::string& raw) {
    std::string t = trimmed(raw);
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* yes : {"1", "1.0", "true", "yes", "y", "t", "是", "有"})
        if (t == yes) return 1;
    for (const char* no : {"0", "0.0", "false", "no", "n", "f", "否", "无"})
        if (t == no) return 0;
    return -1;
}

std::vector<FieldBinding> bind_fields(const Source& s, const LayerSpec& spec, const RoleSpec& role) {
    OGRFeatureDefn* defn = s.layer->GetLayerDefn();
    std::vector<FieldBinding> out;
    for (const FieldSpec& fs : role.fields) {
        const std::string key = fs.key;
        auto it = spec.fields.find(key);
        if (it == spec.fields.end()) {
            // An unmapped name or code is taken from a field of that very name when the data has one.
            const bool implied = fs.type == FieldType::Text && (key == "name" || key == "code");
            const int idx = implied ? s.field_index(key) : -1;
            if (idx >= 0) out.push_back({key, key, fs, idx, nullptr, spec.role, ""});
            continue;
        }
        // "other_tags[population]": the key population inside the hstore field other_tags (OSM).
        std::string column = it->second, tag;
        if (const auto open = column.find('['); open != std::string::npos && open > 0 && column.back() == ']') {
            tag = column.substr(open + 1, column.size() - open - 2);
            column = column.substr(0, open);
        }
        const int idx = s.field_index(column);
        if (idx < 0 && s.layer->GetFeatureCount(TRUE) == 0) continue;  // an empty layer has no fields to check
        if (idx < 0) {
            std::vector<std::string> have;
            for (int i = 0; i < defn->GetFieldCount(); ++i) have.push_back(s.field_name(i));
            s.fail(fmt::format("field \"{}\" (mapped as {}.{}) does not exist; the layer has: {}", column,
                               spec.role, key, have.empty() ? "no fields" : list_names(have)));
        }
        auto v = spec.values.find(key);
        out.push_back({key, it->second, fs, idx, v == spec.values.end() ? nullptr : &v->second, spec.role, tag});
    }
    for (const auto& [key, words] : spec.values)
        if (!spec.fields.count(key))
            s.fail(fmt::format("\"values\" maps {}.{}, but \"fields\" maps no source field to it", spec.role, key));
    return out;
}

namespace {

/// The code the project's value map gives `text`, if it lists it.
const double* mapped(const FieldBinding& f, const std::string& text) {
    if (!f.values) return nullptr;
    for (const auto& [word, code] : *f.values)
        if (text == word) return &code;
    return nullptr;
}

/// How a message lists what a mapped field accepts: the value map's words, then the built-in ones.
std::string accepted(const FieldBinding& f, const std::string& builtin) {
    if (!f.values) return builtin;
    std::string words;
    for (const auto& [word, code] : *f.values) words += (words.empty() ? "" : ", ") + (word.empty() ? "(empty)" : word);
    return fmt::format("one of the project's value map layers.{}.values.{} ({}; extend it) or {}", f.role, f.key, words,
                       builtin);
}

/// The value of number, flag or word field `f`, checked.
double field_number(const Source& s, GIntBig fid, const FieldBinding& f, const FieldValue& value) {
    const bool numeric = value.numeric;
    // A flag stored as the number 1 or 0 with no value map: the code its word ("1", "0") gives, without
    // writing the number out and reading it back (-0 is written "-0", which no flag reads as: below).
    if (f.spec.type == FieldType::Flag && numeric && !f.values &&
        (value.number == 1.0 || (value.number == 0.0 && !std::signbit(value.number))))
        return value.number;
    // A number stored as 3.00000000000 (a DBF real with decimals) reads as the word "3".
    const bool as_word = f.spec.type == FieldType::Words || f.spec.type == FieldType::Flag;
    const std::string text = !numeric ? value.text
                             : as_word ? fmt::format("{}", value.number)
                                       : std::string();
    if (const double* code = mapped(f, trimmed(text))) return *code;
    if (f.spec.type == FieldType::Words) {
        const std::string t = trimmed(text);
        for (const auto& [word, code] : *f.spec.words)
            if (t == word) return code;
        s.fail(fid, fmt::format("field \"{}\" is \"{}\", expected {}", f.field, text, accepted(f, f.spec.expected)));
    }
    if (f.spec.type == FieldType::Flag) {
        const int flag = parse_flag(text);
        if (flag < 0)
            s.fail(fid, fmt::format("field \"{}\" is \"{}\", expected {}", f.field, text,
                                    accepted(f, "1/0, true/false, yes/no or 是/否")));
        return flag;
    }
    double v = 0;
    if (numeric) v = value.number;
    else if (!parse_number(text, v))
        s.fail(fid, fmt::format("field \"{}\" is \"{}\", expected a number", f.field, text));
    if (!std::isfinite(v)) s.fail(fid, fmt::format("field \"{}\" is not a finite number", f.field));
    if (v < 0) s.fail(fid, fmt::format("field \"{}\" is negative ({})", f.field, v));
    return v;
}

}  // namespace

std::optional<std::string> hstore_value(std::string_view h, std::string_view key) {
    // "k"=>"v" pairs separated by commas; quotes inside are escaped with a backslash.
    std::size_t i = 0;
    auto quoted = [&](std::string& out) {
        while (i < h.size() && h[i] != '"') ++i;
        if (i++ >= h.size()) return false;
        for (; i < h.size() && h[i] != '"'; ++i) {
            if (h[i] == '\\' && i + 1 < h.size()) ++i;
            out += h[i];
        }
        ++i;
        return true;
    };
    while (i < h.size()) {
        std::string k, v;
        if (!quoted(k)) return std::nullopt;
        const std::size_t arrow = h.find("=>", i);
        if (arrow == std::string_view::npos) return std::nullopt;
        i = arrow + 2;
        if (!quoted(v)) return std::nullopt;
        if (k == key) return v;
    }
    return std::nullopt;
}

bool numeric_field(OGRFieldType type) { return type == OFTInteger || type == OFTInteger64 || type == OFTReal; }

namespace {

FieldColumn column_of(const FieldBinding& f, Layer& layer) {
    FieldColumn c;
    if (f.spec.type == FieldType::Text) c.texts = &layer.texts[f.key];
    else c.numbers = &layer.numbers[f.key];
    return c;
}

}  // namespace

std::vector<FieldColumn> field_columns(const std::vector<FieldBinding>& fields, Layer& layer) {
    std::vector<FieldColumn> out;
    out.reserve(fields.size());
    for (const auto& f : fields) out.push_back(column_of(f, layer));
    return out;
}

void store_field(const Source& s, GIntBig fid, const FieldBinding& f, const FieldValue& value, Layer& layer) {
    store_field(s, fid, f, value, column_of(f, layer));
}

void store_field(const Source& s, GIntBig fid, const FieldBinding& f, const FieldValue& value, const FieldColumn& to) {
    if (!f.tag.empty()) {
        // A key of an OSM hstore field: its text, read as the field's type would be.
        const auto v = value.set ? hstore_value(value.text, f.tag) : std::nullopt;
        if (f.spec.type == FieldType::Text) {
            to.texts->push_back(v.value_or(""));
            return;
        }
        double x = 0;
        if (!v) s.fail(fid, fmt::format("field \"{}\" has no \"{}\" tag", f.field.substr(0, f.field.find('[')), f.tag));
        if (const double* code = mapped(f, trimmed(*v))) x = *code;
        else if (!parse_number(*v, x) || x < 0)
            s.fail(fid, fmt::format("field \"{}\" is \"{}\", expected a number ≥ 0", f.field, *v));
        to.numbers->push_back(x);
        return;
    }
    if (f.spec.type == FieldType::Text) {
        to.texts->push_back(value.set ? value.text : std::string());
        return;
    }
    if (!value.set) {
        if (const double* code = mapped(f, "")) {
            to.numbers->push_back(*code);
            return;
        }
        s.fail(fid, fmt::format("field \"{}\" is empty{}", f.field,
                                f.values ? fmt::format(" (the value map layers.{}.values.{} may give \"\" a code)",
                                                       f.role, f.key)
                                         : ""));
    }
    to.numbers->push_back(field_number(s, fid, f, value));
}

void read_fields(const Source& s, OGRFeature& feature, GIntBig fid, const std::vector<FieldBinding>& fields,
                 Layer& layer) {
    for (const auto& f : fields) {
        FieldValue v;
        v.set = feature.IsFieldSetAndNotNull(f.index);
        v.numeric = numeric_field(feature.GetFieldDefnRef(f.index)->GetType());
        if (v.set && v.numeric) v.number = feature.GetFieldAsDouble(f.index);
        if (v.set && (!v.numeric || f.spec.type == FieldType::Text)) v.text = s.text_of(feature, f.index);
        store_field(s, fid, f, v, layer);
    }
}

}  // namespace hcgis::io::detail
