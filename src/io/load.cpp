#include "io/load.h"

#include "core/point_in_district.h"
#include "io/crs.h"
#include "io/error.h"
#include "io/feature_reader.h"
#include "io/fields.h"
#include "io/layer_crs.h"
#include "io/residents.h"
#include "io/source.h"
#include "io/web_map_hint.h"

#include <fmt/format.h>

#include <future>
#include <map>
#include <optional>
#include <set>
#include <system_error>

namespace hcgis::io {
namespace {

using detail::bind_fields;
using detail::crs_label;
using detail::districts_centre;
using detail::FieldBinding;
using detail::hint_web_map_offset;
using detail::open_source;
using detail::read_features;
using detail::reselect;
using detail::Source;
using detail::source_srs;

/// What loading one layer found out beyond the Layer itself.
struct Loaded {
    Layer layer;
    OGRSpatialReference from;  // the CRS it came in
    bool offset_declared = false;
};

/// `opened`: the layer's source already open (residents_form() opened it), else opened here.
Loaded load_layer_impl(const LayerSpec& spec, const OGRSpatialReference& working, const LoadOptions& options,
                       std::vector<std::string>* warnings, const RoleSpec* as = nullptr,
                       std::optional<Source> opened = std::nullopt, detail::DatasetCache* cache = nullptr) {
    const RoleSpec* role = as ? as : find_role(spec.role);
    if (!role) throw InputError(fmt::format("unknown role \"{}\"", spec.role));
    std::vector<std::string> local;
    Source s = opened ? std::move(*opened) : open_source(spec, warnings ? warnings : &local, cache);
    if (opened) reselect(s, spec);  // its dataset's other layers may have been read since it was opened
    Loaded out;
    out.from = source_srs(s, spec);
    const OGRSpatialReference& from = out.from;
    TransformPtr ct = make_transform(from, working, s.label);
    const std::vector<FieldBinding> fields = bind_fields(s, spec, *role);
    const bool offset = spec.coords == "gcj02" || spec.coords == "bd09";
    out.offset_declared = !spec.coords.empty();
    if (offset && (role->kind != GeomKind::Point || !from.IsGeographic()))
        s.fail(fmt::format("\"coords\": \"{}\" applies to point layers in longitude/latitude only", spec.coords));

    Layer& layer = out.layer;
    layer.role = spec.role;
    layer.source = s.label;
    layer.crs = crs_label(from);
    layer.kind = role->kind;
    for (const auto& f : fields) {
        if (f.spec.type == FieldType::Text) layer.texts[f.key];
        else layer.numbers[f.key];
    }
    read_features(s, {spec, *role, from, fields, options}, *ct, layer, warnings);
    return out;
}

}  // namespace

Layer load_layer(const LayerSpec& spec, const OGRSpatialReference& working, const LoadOptions& options,
                 std::vector<std::string>* warnings) {
    return load_layer_impl(spec, working, options, warnings).layer;
}

namespace {

/// The working CRS: the project's, or the Gauss-Krüger (UTM) zone of the districts' centre; sets
/// City::crs, crs_note and crs_name. Throws InputError when it is not projected.
OGRSpatialReference working_crs(const Project& project, City& city) {
    if (project.crs) {
        city.crs = *project.crs;
        city.crs_note = "set in the project file";
    } else {
        const LonLat c = districts_centre(*project.layer("districts"));
        WorkingCrs w = auto_working_crs(c.lon, c.lat);
        city.crs = w.id;
        city.crs_note = w.note;
    }
    const OGRSpatialReference working = make_srs(city.crs, project.file.string() + ": crs");
    city.crs_name = working.GetName() ? working.GetName() : city.crs;
    if (!working.IsProjected())
        throw InputError(fmt::format("{}: crs \"{}\" is not a projected CRS in metres; areas and distances need one",
                                     project.file.string(), city.crs));
    return working;
}

/// The source of `spec` opened through `cache` on another thread (on the caller's when none is to be had,
/// once asked for), while the caller does other work; the opening's warnings go to `warnings`. `warnings`
/// and `cache` are the thread's until the source is taken.
std::future<Source> open_meanwhile(const LayerSpec& spec, std::vector<std::string>& warnings,
                                   detail::DatasetCache& cache) {
    auto open = [&spec, &warnings, &cache] { return open_source(spec, &warnings, &cache); };
    try {
        return std::async(std::launch::async, open);
    } catch (const std::system_error&) {
        return std::async(std::launch::deferred, open);
    }
}

/// The districts layer `d` as Districts (its columns moved out). Throws InputError when it is empty or a
/// name or code is used twice.
void take_districts(Layer& d, Districts& out) {
    out.source = d.source;
    out.crs = d.crs;
    const std::size_t n = d.size();
    if (n == 0) throw InputError(fmt::format("{}: holds no districts", d.source));
    auto text_or = [&](const std::string& key, std::size_t i, std::string fallback) {
        auto it = d.texts.find(key);
        return it != d.texts.end() && !it->second[i].empty() ? it->second[i] : fallback;
    };
    std::set<std::string> seen, seen_codes;
    for (std::size_t i = 0; i < n; ++i) {
        out.name.push_back(text_or("name", i, fmt::format("district {}", d.fid[i])));
        out.code.push_back(text_or("code", i, ""));
        if (!seen.insert(out.name.back()).second)
            throw InputError(fmt::format("{}: feature {}: district name \"{}\" is used twice", d.source, d.fid[i],
                                         out.name.back()));
        if (!out.code.back().empty() && !seen_codes.insert(out.code.back()).second)
            throw InputError(fmt::format("{}: feature {}: district code \"{}\" is used twice", d.source, d.fid[i],
                                         out.code.back()));
        auto opt = [&](const std::string& key) -> std::optional<double> {
            auto it = d.numbers.find(key);
            if (it == d.numbers.end()) return std::nullopt;
            return it->second[i];
        };
        out.population.push_back(opt("population"));
        out.elderly.push_back(opt("elderly"));
    }
    out.geom = std::move(d.geoms);
    out.fid = std::move(d.fid);
    for (auto& [k, v] : d.numbers)
        if (k != "population" && k != "elderly") out.numbers[k] = std::move(v);
    for (auto& [k, v] : d.texts)
        if (k != "name" && k != "code") out.texts[k] = std::move(v);
}

/// The population a layer of resident points gave.
PopulationAccount point_population(const Layer& residents) {
    PopulationAccount a;
    auto pop = residents.numbers.find("population");
    for (std::size_t i = 0; i < residents.size(); ++i) {
        const double v = pop != residents.numbers.end() ? pop->second[i] : 1.0;
        a.read += v;
        if (v <= 0) ++a.zero;
    }
    return a;
}

/// Residents given per polygon or raster cell, spread over the weights among the layers of `city`
/// (buildings, builtup, roads) and split by its districts. `opened`: the polygons' source, already open.
Loaded spread_residents(const LayerSpec& spec, detail::ResidentsForm form, const OGRSpatialReference& working,
                        const LoadOptions& options, City& city, std::optional<Source> opened) {
    Loaded out;
    PopulationAccount account;
    PopulationUnits units;
    std::size_t rejected = 0;
    std::string source;
    const bool raster = form == detail::ResidentsForm::Raster;
    if (raster) {
        units = detail::raster_units(spec, working, out.from, account);
        source = units.source;
    } else {
        Loaded polygons = load_layer_impl(spec, working, options, &city.warnings, &detail::residents_polygon_role(),
                                          std::move(opened));
        out.from = polygons.from;
        rejected = polygons.layer.account.rejected;
        source = polygons.layer.source;
        units = detail::polygon_units(polygons.layer);
    }
    SpreadWeights weights;
    weights.buildings = city.layer("buildings");
    weights.builtup = city.layer("builtup");
    weights.roads = city.layer("roads");
    weights.exclude_highway = city.walk_exclude_highway;
    SpreadResult r = spread_population(units, city.districts.geom, weights, detail::spread_options(spec, raster));
    account.read = r.account.read;
    account.dropped = r.account.dropped;
    account.zero += r.account.zero;  // raster cells of 0 were counted as read, the rest by the spreading
    account.unplaceable = r.account.unplaceable;
    out.layer = std::move(r.residents);
    out.layer.source = source;
    out.layer.crs = crs_label(out.from);
    out.layer.account.read = out.layer.size() + rejected;
    out.layer.account.rejected = rejected;
    out.layer.account.population = account;
    out.offset_declared = true;  // web-map offsets concern points as read, not points laid out
    city.warnings.insert(city.warnings.end(), r.warnings.begin(), r.warnings.end());
    city.notes.insert(city.notes.end(), r.notes.begin(), r.notes.end());
    if (account.nodata > 0)
        city.notes.push_back(fmt::format("residents: {}: {} raster cells without data left out", source, account.nodata));
    return out;
}

/// What loading a layer found out beyond the Layer, kept once the Layer is in the City.
struct Came {
    std::string role;
    std::string source;
    OGRSpatialReference from;
    bool offset_declared = false;
};

/// Notes on City::notes what was reprojected, and from which CRSs.
void note_reprojections(const std::vector<Came>& loaded, const OGRSpatialReference& working, City& city) {
    std::map<std::string, std::vector<std::string>> by_crs;
    for (const Came& l : loaded) {
        by_crs[crs_label(l.from)].push_back(l.role);
        if (!same_crs(l.from, working))
            city.notes.push_back(fmt::format("{}: {} reprojected from {} to {}", l.role, l.source, crs_label(l.from),
                                             city.crs));
    }
    if (by_crs.size() <= 1) return;
    std::string list;
    for (const auto& [crs, roles] : by_crs) {
        std::string names;
        for (const auto& r : roles) names += (names.empty() ? "" : ", ") + r;
        list += fmt::format("{}{}: {}", list.empty() ? "" : "; ", crs, names);
    }
    city.notes.push_back(fmt::format("the layers come in {} CRSs ({}); all are reprojected to {}", by_crs.size(), list,
                                     city.crs));
}

/// Calls WhileResidentsLoad::begin() and, on every path once begun, end().
class Meanwhile {
public:
    explicit Meanwhile(WhileResidentsLoad* w) : w_(w) {}
    Meanwhile(const Meanwhile&) = delete;
    Meanwhile& operator=(const Meanwhile&) = delete;
    ~Meanwhile() { end(); }
    void begin(const City& city) {
        if (!w_) return;
        w_->begin(city);
        begun_ = true;
    }
    void end() noexcept {
        if (begun_) w_->end();
        begun_ = false;
    }

private:
    WhileResidentsLoad* w_;
    bool begun_ = false;
};

}  // namespace

City load_city(const Project& project, const LoadOptions& options) {
    City city;
    load_city(project, options, city, nullptr);
    return city;
}

void load_city(const Project& project, const LoadOptions& options, City& city, WhileResidentsLoad* meanwhile) {
    city.name = project.name;
    city.origin = project.file.string();
    city.walk_speed_m_per_min = project.walk_speed_m_per_min;
    city.walk_minutes = project.walk_minutes;
    city.elderly_walk_speed_m_per_min = project.elderly_walk_speed_m_per_min;
    city.walk_exclude_highway = project.walk_exclude_highway;
    city.park_coverage_mode = project.park_coverage_mode;
    city.toilet_service_radius_m = project.toilet_service_radius_m;
    city.walk_network_partial = project.walk_network_partial;
    city.attribution = project.attribution;
    // The layers of one file share its dataset (read one after another); the residents, opened early to
    // tell their form and read later, too.
    detail::DatasetCache cache;
    for (const auto& [role, spec] : project.layers) ++cache.uses[spec.source.string()];
    // While the working CRS is set up, the districts' source is opened and whether the residents are a
    // raster found out, each on another thread; what they throw comes when they are taken, as before.
    const LayerSpec& districts = *project.layer("districts");
    std::vector<std::string> districts_warnings;
    std::future<Source> districts_source = open_meanwhile(districts, districts_warnings, cache);
    const LayerSpec* residents = project.layer("residents");
    std::future<bool> residents_raster;
    if (residents) residents_raster = detail::probe_raster(*residents);
    const OGRSpatialReference working = working_crs(project, city);

    std::vector<Came> came;  // every layer in the order of the notes and warnings: the districts, then the project's
    {
        Source source = districts_source.get();
        city.warnings.insert(city.warnings.end(), districts_warnings.begin(), districts_warnings.end());
        Loaded d = load_layer_impl(districts, working, options, &city.warnings, nullptr, std::move(source), &cache);
        came.push_back({"districts", d.layer.source, d.from, d.offset_declared});
        take_districts(d.layer, city.districts);
    }
    std::optional<Source> residents_source;  // opened once, to tell the form and to be read
    const auto form = residents ? detail::residents_form(*residents, &city.warnings, residents_source, &cache,
                                                         &residents_raster)
                                : detail::ResidentsForm::Points;
    const bool spread = form != detail::ResidentsForm::Points;
    if (residents && residents->band != 1 && form != detail::ResidentsForm::Raster)
        throw InputError(fmt::format("{}: layers.residents: \"band\" applies to a raster; {} is vector data",
                                     project.file.string(), residents->source_text));
    if (residents && residents->spread_declared && !spread)
        throw InputError(fmt::format("{}: layers.residents: \"spread\" applies to polygons or a raster; {} holds points",
                                     project.file.string(), residents->source_text));

    // Every other layer into the City first, the residents last: `meanwhile` works on the others while
    // they are read. Their warnings and notes take the place of the project's order (spread residents
    // last, as they are made from the others); a layer after them that fails gives way to their own
    // failure, as read in that order.
    // (Spread residents are made with GEOS from the districts and other layers, which `meanwhile` would
    // read at the same time: it is not begun for them.)
    std::size_t residents_at = 0, residents_warnings_at = 0;  // where resident points come among `came` and the warnings
    bool passed_residents = false;
    std::exception_ptr after_residents;
    for (const auto& [role, spec] : project.layers) {
        if (role == "districts") continue;
        if (role == "residents") {
            residents_at = came.size();
            residents_warnings_at = city.warnings.size();
            passed_residents = !spread;
            continue;
        }
        Loaded l;
        try {
            l = load_layer_impl(spec, working, options, &city.warnings, nullptr, std::nullopt, &cache);
        } catch (...) {
            if (!passed_residents) throw;
            after_residents = std::current_exception();
            break;
        }
        came.push_back({role, l.layer.source, l.from, l.offset_declared});
        city.layers.emplace(role, std::move(l.layer));
    }
    Meanwhile work(meanwhile);
    if (!after_residents && !spread) work.begin(city);
    if (residents) {
        std::vector<std::string> warnings;  // the points' own, put in their place below
        Loaded r = spread ? spread_residents(*residents, form, working, options, city, std::move(residents_source))
                          : load_layer_impl(*residents, working, options, &warnings, nullptr, std::move(residents_source));
        if (after_residents) std::rethrow_exception(after_residents);
        work.end();
        if (!r.layer.account.population) r.layer.account.population = point_population(r.layer);
        const Came c{"residents", r.layer.source, r.from, r.offset_declared};
        if (spread) {
            came.push_back(c);
        } else {
            city.warnings.insert(city.warnings.begin() + static_cast<std::ptrdiff_t>(residents_warnings_at),
                                 warnings.begin(), warnings.end());
            came.insert(came.begin() + static_cast<std::ptrdiff_t>(residents_at), c);
        }
        city.layers.emplace("residents", std::move(r.layer));
    }
    work.end();
    note_reprojections(came, working, city);

    // The hint looks only at point layers read in longitude/latitude: the index is built when one needs it.
    std::optional<DistrictIndex> index;
    for (const Came& c : came) {
        if (c.role == "districts") continue;
        const Layer& l = *city.layer(c.role);
        if (!c.offset_declared && l.kind == GeomKind::Point && c.from.IsGeographic() && !l.x.empty()) {
            if (!index) index.emplace(city.districts.geom);
            hint_web_map_offset(l, c.from, working, *index, city.warnings);
        }
    }
    if (const Layer* t = city.layer("toilets"); t && !t->has_number("class"))
        city.warnings.push_back("toilets: the layer maps no class field, so every toilet counts as class III and "
                                "the class indicators are not computed");
}

}  // namespace hcgis::io
