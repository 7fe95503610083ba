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
            if (idx >= 0) out.push_back({key, key, fs, idx});
            continue;
        }
        const int idx = s.field_index(it->second);
        if (idx < 0 && s.layer->GetFeatureCount(TRUE) == 0) continue;  // an empty layer has no fields to check
        if (idx < 0) {
            std::vector<std::string> have;
            for (int i = 0; i < defn->GetFieldCount(); ++i) have.push_back(s.field_name(i));
            s.fail(fmt::format("field \"{}\" (mapped as {}.{}) does not exist; the layer has: {}", it->second,
                               spec.role, key, have.empty() ? "no fields" : list_names(have)));
        }
        out.push_back({key, it->second, fs, idx});
    }
    return out;
}

namespace {

/// The value of number, flag or word field `f`, checked.
double field_number(const Source& s, GIntBig fid, const FieldBinding& f, const FieldValue& value) {
    const bool numeric = value.numeric;
    // A number stored as 3.00000000000 (a DBF real with decimals) reads as the word "3".
    const bool as_word = f.spec.type == FieldType::Words || f.spec.type == FieldType::Flag;
    const std::string text = !numeric ? value.text
                             : as_word ? fmt::format("{}", value.number)
                                       : std::string();
    if (f.spec.type == FieldType::Words) {
        const std::string t = trimmed(text);
        for (const auto& [word, code] : *f.spec.words)
            if (t == word) return code;
        s.fail(fid, fmt::format("field \"{}\" is \"{}\", expected {}", f.field, text, f.spec.expected));
    }
    if (f.spec.type == FieldType::Flag) {
        const int flag = parse_flag(text);
        if (flag < 0)
            s.fail(fid, fmt::format("field \"{}\" is \"{}\", expected 1/0, true/false, yes/no or 是/否", f.field, text));
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

bool numeric_field(OGRFieldType type) { return type == OFTInteger || type == OFTInteger64 || type == OFTReal; }

void store_field(const Source& s, GIntBig fid, const FieldBinding& f, const FieldValue& value, Layer& layer) {
    if (f.spec.type == FieldType::Text) {
        layer.texts[f.key].push_back(value.set ? value.text : std::string());
        return;
    }
    if (!value.set) s.fail(fid, fmt::format("field \"{}\" is empty", f.field));
    layer.numbers[f.key].push_back(field_number(s, fid, f, value));
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
