#include "render/style.h"
#include "core/error.h"

#include "render/palette.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace hcgis::render {
namespace {

using nlohmann::json;

QColor colour(const json& j, const std::string& key, const std::string& file) {
    if (!j.is_string()) throw hcgis::InputError(file + ": \"" + key + "\" must be a colour like \"#1a9641\"");
    QColor c(QString::fromStdString(j.get<std::string>()));
    if (!c.isValid()) throw hcgis::InputError(file + ": \"" + key + "\" is not a colour: " + j.get<std::string>());
    return c;
}

/// The "layers" section: a look per role (colour, opacity, size_mm), checked key by key.
std::map<std::string, LayerStyle> parse_layer_styles(const json& v, const std::string& file) {
    if (!v.is_object()) throw hcgis::InputError(file + ": \"layers\" must be an object of layer styles by role");
    std::map<std::string, LayerStyle> out;
    for (const auto& layer : v.items()) {
        const std::string where = "layers." + layer.key();
        if (!layer.value().is_object()) throw hcgis::InputError(file + ": \"" + where + "\" must be an object");
        LayerStyle ls;
        for (const auto& f : layer.value().items()) {
            const std::string fk = where + "." + f.key();
            const json& fv = f.value();
            if (f.key() == "colour") {
                ls.colour = colour(fv, fk, file);
            } else if (f.key() == "opacity" || f.key() == "size_mm") {
                if (!fv.is_number()) throw hcgis::InputError(file + ": \"" + fk + "\" must be a number");
                const double x = fv.get<double>();
                if (f.key() == "opacity" && !(x >= 0 && x <= 1))
                    throw hcgis::InputError(file + ": \"" + fk + "\" must be from 0 to 1");
                if (f.key() == "size_mm" && !(x > 0 && x <= 20))
                    throw hcgis::InputError(file + ": \"" + fk + "\" must be more than 0 and at most 20");
                (f.key() == "opacity" ? ls.opacity : ls.size_mm) = x;
            } else {
                throw hcgis::InputError(file + ": unknown key \"" + fk + "\" (colour, opacity, size_mm)");
            }
        }
        out[layer.key()] = ls;
    }
    return out;
}

}  // namespace

Style parse_style(const std::string& text, const std::string& file) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {  // parse_error, and out_of_range for a number too large
        throw hcgis::InputError(file + ": not valid JSON: " + e.what());
    }
    if (!j.is_object()) throw hcgis::InputError(file + ": expected a JSON object");
    Style s;
    for (const auto& item : j.items()) {
        const std::string& key = item.key();
        const json& v = item.value();
        auto number = [&]() {
            if (!v.is_number()) throw hcgis::InputError(file + ": \"" + key + "\" must be a number");
            return v.get<double>();
        };
        if (key == "name" || key == "about") {
            if (!v.is_string()) throw hcgis::InputError(file + ": \"" + key + "\" must be a string");
            if (key == "name") s.name = v.get<std::string>();
        } else if (key == "method") {
            const auto m = v.is_string() ? parse_method(v.get<std::string>()) : std::nullopt;
            if (!m)
                throw hcgis::InputError(file + ": \"method\" must be one of quantile, equal_interval, jenks, stddev, "
                                                   "pretty, manual, target");
            s.method = *m;
        } else if (key == "classes") {
            const double c = number();
            if (c < 1 || c > 9 || c != static_cast<int>(c))
                throw hcgis::InputError(file + ": \"classes\" must be a whole number from 1 to 9");
            s.classes = static_cast<int>(c);
        } else if (key == "breaks") {
            if (!v.is_array()) throw hcgis::InputError(file + ": \"breaks\" must be an array of numbers");
            s.breaks.clear();
            for (const auto& b : v) {
                if (!b.is_number()) throw hcgis::InputError(file + ": \"breaks\" must be an array of numbers");
                s.breaks.push_back(b.get<double>());
            }
        } else if (key == "palette") {
            if (!v.is_string()) throw hcgis::InputError(file + ": \"palette\" must be a string");
            s.palette = v.get<std::string>();
            (void)palette(s.palette, 3);  // throws for an unknown name
        } else if (key == "reverse") {
            if (!v.is_boolean()) throw hcgis::InputError(file + ": \"reverse\" must be true or false");
            s.reverse = v.get<bool>();
        } else if (key == "near") {
            s.near = number();
        } else if (key == "fail") {
            s.fail = colour(v, key, file);
        } else if (key == "near_color") {
            s.near_color = colour(v, key, file);
        } else if (key == "pass") {
            s.pass = colour(v, key, file);
        } else if (key == "no_data") {
            s.no_data = colour(v, key, file);
        } else if (key == "outline") {
            s.outline = colour(v, key, file);
        } else if (key == "outline_mm") {
            s.outline_mm = number();
        } else if (key == "catchment") {
            s.catchment = colour(v, key, file);
        } else if (key == "catchment_alpha") {
            s.catchment_alpha = number();
        } else if (key == "layers") {
            s.layers = parse_layer_styles(v, file);
        } else if (key == "residents_density") {
            if (!v.is_boolean()) throw hcgis::InputError(file + ": \"residents_density\" must be true or false");
            s.residents_density = v.get<bool>();
        } else {
            throw hcgis::InputError(file + ": unknown key \"" + key + "\"");
        }
    }
    if (s.method == Method::Manual && s.breaks.empty())
        throw hcgis::InputError(file + ": method \"manual\" needs \"breaks\"");
    return s;
}

Style read_style(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw hcgis::InputError(file.string() + ": cannot open the style file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_style(ss.str(), file.string());
}

Style default_style(const IndicatorDef& def) {
    Style s;
    s.name = "default:" + def.id;
    if (def.target) {
        s.method = Method::Target;
        return s;
    }
    s.method = Method::Jenks;
    s.classes = 5;
    if (def.id.find("park") != std::string::npos || def.id.find("trail") != std::string::npos) s.palette = "YlGn";
    else if (def.id.find("toilet") != std::string::npos) s.palette = "OrRd";
    else s.palette = "PuBu";
    return s;
}

}  // namespace hcgis::render
