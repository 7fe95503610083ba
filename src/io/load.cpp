#include "io/load.h"

#include "core/point_in_district.h"
#include "io/crs.h"
#include "io/error.h"
#include "io/fields.h"
#include "io/source.h"
#include "io/web_map_offsets.h"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <list>
#include <map>
#include <optional>
#include <set>

namespace hcgis::io {
namespace {

using detail::open_source;
using detail::bind_fields;
using detail::FieldBinding;
using detail::read_fields;
using detail::Source;

/// The CRS of the source layer: its own, or the one the project declares for it.
OGRSpatialReference source_srs(const Source& s, const LayerSpec& spec) {
    if (!spec.crs.empty()) return make_srs(spec.crs, s.label);
    const OGRSpatialReference* srs = s.layer->GetSpatialRef();
    if (!srs) s.fail("has no CRS; declare it with \"crs\" on the layer in the project file");
    OGRSpatialReference copy(*srs);
    copy.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return copy;
}

/// "EPSG:4326" when the CRS has an authority code, else its name.
std::string crs_label(const OGRSpatialReference& srs) {
    const char* auth = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (auth && code) return fmt::format("{}:{}", auth, code);
    OGRSpatialReference copy(srs);
    if (copy.AutoIdentifyEPSG() == OGRERR_NONE && copy.GetAuthorityCode(nullptr))
        return fmt::format("EPSG:{}", copy.GetAuthorityCode(nullptr));
    return srs.GetName() ? srs.GetName() : "unnamed CRS";
}

const char* kind_name(GeomKind k) {
    switch (k) {
        case GeomKind::Point: return "points";
        case GeomKind::Line: return "lines";
        case GeomKind::Polygon: return "polygons";
    }
    return "";
}

bool kind_matches(OGRwkbGeometryType t, GeomKind k) {
    switch (wkbFlatten(t)) {
        case wkbPoint: return k == GeomKind::Point;
        case wkbLineString:
        case wkbMultiLineString: return k == GeomKind::Line;
        case wkbPolygon:
        case wkbMultiPolygon: return k == GeomKind::Polygon;
        default: return false;
    }
}

/// True when every ring of the polygon or multipolygon `g` ends where it starts.
bool rings_closed(const OGRGeometry& g) {
    auto polygon_closed = [](const OGRPolygon& p) {
        for (const OGRLinearRing* ring : p)
            if (ring->getNumPoints() > 0 && !ring->get_IsClosed()) return false;
        return true;
    };
    if (wkbFlatten(g.getGeometryType()) == wkbPolygon) return polygon_closed(*g.toPolygon());
    for (const OGRPolygon* p : *g.toMultiPolygon())
        if (!polygon_closed(*p)) return false;
    return true;
}

/// Features an opt-in repair changed or left out, for one warning per layer.
class RepairLog {
public:
    void repaired(GIntBig fid, const std::string& reason, double before, double after) {
        if (repaired_++ < 5)
            examples_ += fmt::format("{}feature {} ({}): {:.1f} m² → {:.1f} m²", examples_.empty() ? "" : "; ", fid,
                                     reason, before, after);
        change_ += after - before;
    }
    void closed(GIntBig fid) {
        if (closed_++ == 0) first_closed_ = fid;
    }
    void left_out(GIntBig fid, const std::string& why) {
        auto& [count, first] = left_out_[why];
        if (count++ == 0) first = fid;
    }
    void report(const std::string& label, std::vector<std::string>* warnings) const {
        if (!warnings) return;
        if (repaired_ > 0)
            warnings->push_back(fmt::format("{}: --repair made {} invalid polygon{} valid with GEOSMakeValid, area {:+.1f} m² "
                                            "in all: {}{}",
                                            label, repaired_, repaired_ == 1 ? "" : "s", change_, examples_,
                                            repaired_ > 5 ? fmt::format("; and {} more", repaired_ - 5) : ""));
        if (closed_ > 0)
            warnings->push_back(fmt::format("{}: --repair closed the open rings of {} polygon{} (the first: feature {})",
                                            label, closed_, closed_ == 1 ? "" : "s", first_closed_));
        for (const auto& [why, cf] : left_out_)
            warnings->push_back(fmt::format("{}: --repair left out {} feature{} that {} (the first: feature {}); they "
                                            "count as rejected",
                                            label, cf.first, cf.first == 1 ? "" : "s", why, cf.second));
    }

private:
    std::size_t repaired_ = 0, closed_ = 0;
    GIntBig first_closed_ = 0;
    double change_ = 0;
    std::string examples_;
    std::map<std::string, std::pair<std::size_t, GIntBig>> left_out_;
};

/// Keeps the features of `layer` whose `keep` is non-zero, in every column (points, geometries, fids,
/// attributes).
void keep_features(Layer& layer, const std::vector<int>& keep) {
    auto compact = [&](auto& v) {
        if (v.size() != keep.size()) return;
        std::size_t j = 0;
        for (std::size_t i = 0; i < keep.size(); ++i)
            if (keep[i]) v[j++] = std::move(v[i]);
        v.resize(j);
    };
    compact(layer.x);
    compact(layer.y);
    compact(layer.geoms);
    compact(layer.fid);
    for (auto& [k, v] : layer.numbers) compact(v);
    for (auto& [k, v] : layer.texts) compact(v);
}

/// Makes room for `n` features in every column of `layer` (points: x, y; else geometries).
void reserve_features(Layer& layer, std::size_t n, GeomKind kind) {
    if (kind == GeomKind::Point) {
        layer.x.reserve(n);
        layer.y.reserve(n);
    } else {
        layer.geoms.reserve(n);
    }
    layer.fid.reserve(n);
    for (auto& [key, values] : layer.numbers) values.reserve(n);
    for (auto& [key, values] : layer.texts) values.reserve(n);
}

/// What loading one layer found out beyond the Layer itself.
struct Loaded {
    Layer layer;
    OGRSpatialReference from;  // the CRS it came in
    bool offset_declared = false;
};

/// False for a coordinate no place on Earth has in a projected CRS in metres (a typo, a stray digit): more
/// than 100,000 km from the origin.
bool plausible(double x, double y) { return std::abs(x) <= 1e8 && std::abs(y) <= 1e8; }

/// Leaves feature `fid` out (counted as rejected, logged) under --repair, or stops the load naming it.
void refuse_feature(const Source& s, Layer& layer, RepairLog& log, GIntBig fid, const std::string& why,
                    const LayerSpec& spec, const LoadOptions& options) {
    const bool may_leave_out = options.repair && spec.role != "districts";
    if (!may_leave_out)
        s.fail(fid, why + (options.repair || spec.role == "districts" ? "" : " (--repair leaves such features out)"));
    log.left_out(fid, why);
    ++layer.account.rejected;
}

/// Reads every feature `s` gives into `layer` (appending), checking each against the role: the one loop of
/// the loader. (Reading a large GeoPackage in two FID ranges on two connections was tried: 0.9 s against
/// 0.62 s in one go for 1 M points, so it reads in one go.)
struct Reader {
    const LayerSpec& spec;
    const RoleSpec& role;
    const OGRSpatialReference& from;
    const std::vector<FieldBinding>& fields;
    const LoadOptions& options;
    bool offset;

    void read(const Source& s, Layer& layer, RepairLog& log, OGRCoordinateTransformation& ct) const {
        const bool may_leave_out = options.repair && spec.role != "districts";
        auto refuse = [&](GIntBig fid, const std::string& why) { refuse_feature(s, layer, log, fid, why, spec, options); };
        if (s.layer->TestCapability(OLCFastFeatureCount)) {
            // Room for every feature at once: growing a million-long column step by step costs more
            // (copies and page faults) than reading it.
            const GIntBig n = s.layer->GetFeatureCount(TRUE);
            if (n > 0) reserve_features(layer, static_cast<std::size_t>(n) + layer.size(), role.kind);
        }
        s.layer->ResetReading();
        for (auto& feature : *s.layer) {
            const GIntBig fid = feature->GetFID();
            ++layer.account.read;
            OGRGeometry* g = feature->GetGeometryRef();
            if (!g || g->IsEmpty()) {
                refuse(fid, "has no geometry (null or empty)");
                continue;
            }
            if (!kind_matches(g->getGeometryType(), role.kind))
                s.fail(fid, fmt::format("geometry is {}, a {} layer needs {}", OGRGeometryTypeToName(g->getGeometryType()),
                                        spec.role, kind_name(role.kind)));
            g->flattenTo2D();
            if (from.IsGeographic()) {
                // Longitude first (traditional GIS order): a latitude beyond ±90 means the pair is swapped.
                OGREnvelope env;
                g->getEnvelope(&env);
                if (std::max(std::abs(env.MinY), std::abs(env.MaxY)) > 90.0 && std::max(std::abs(env.MinX), std::abs(env.MaxX)) <= 90.0)
                    s.fail(fid, fmt::format("coordinates ({}, {}) look like latitude, longitude (swapped): the source must "
                                            "give longitude first",
                                            env.MinX, env.MinY));
            }

            double px = 0, py = 0;
            geos::GeomPtr geom;
            if (role.kind == GeomKind::Point) {
                const auto* p = g->toPoint();
                px = p->getX();
                py = p->getY();
                if (!std::isfinite(px) || !std::isfinite(py)) {
                    refuse(fid, "has a non-finite coordinate");
                    continue;
                }
                if (offset) {
                    const LonLat w = spec.coords == "gcj02" ? gcj02_to_wgs84({px, py}) : bd09_to_wgs84({px, py});
                    px = w.lon;
                    py = w.lat;
                }
            } else {
                if (g->transform(&ct) != OGRERR_NONE) {
                    refuse(fid, "cannot be transformed to the working CRS");
                    continue;
                }
                if (role.kind == GeomKind::Polygon && !rings_closed(*g)) {
                    // GDAL reads a ring whose last point is not its first; GEOS refuses it.
                    if (!options.repair)
                        s.fail(fid, "a polygon ring is not closed (its last point is not its first; --repair closes it)");
                    static_cast<void>(g->closeRings());
                    log.closed(fid);
                }
                OGREnvelope env;
                g->getEnvelope(&env);
                if (!plausible(env.MinX, env.MinY) || !plausible(env.MaxX, env.MaxY)) {
                    refuse(fid, fmt::format("has a coordinate far off the Earth in the working CRS ({:g}, {:g} to {:g}, "
                                            "{:g} m)",
                                            env.MinX, env.MinY, env.MaxX, env.MaxY));
                    continue;
                }
                std::vector<unsigned char> wkb(g->WkbSize());
                g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
                try {
                    geom = geos::from_wkb(wkb);
                } catch (const geos::Error& e) {
                    // What GEOS cannot even build: a ring of fewer than four points, and the like.
                    refuse(fid, fmt::format("has a geometry GEOS cannot build: {}", e.what()));
                    continue;
                }
                if (role.kind == GeomKind::Polygon && !geos::is_valid(geom.get())) {
                    const std::string reason = geos::validity_reason(geom.get());
                    if (!options.repair)
                        s.fail(fid, fmt::format("invalid polygon: {} (--repair makes it valid with GEOSMakeValid)", reason));
                    const double before = geos::area(geom.get());
                    geom = geos::make_valid_polygonal(geom.get());
                    if (geos::is_empty(geom.get())) {
                        if (!may_leave_out)
                            s.fail(fid, fmt::format("invalid polygon: {}; nothing of it is left when made valid", reason));
                        refuse(fid, "are invalid polygons with no area left when made valid");
                        continue;
                    }
                    log.repaired(fid, reason, before, geos::area(geom.get()));
                }
            }

            read_fields(s, *feature, fid, fields, layer);
            layer.fid.push_back(fid);
            if (role.kind == GeomKind::Point) {
                layer.x.push_back(px);
                layer.y.push_back(py);
            } else {
                layer.geoms.push_back(std::move(geom));
            }
        }
    }
};

Loaded load_layer_impl(const LayerSpec& spec, const OGRSpatialReference& working, const LoadOptions& options,
                       std::vector<std::string>* warnings) {
    const RoleSpec* role = find_role(spec.role);
    if (!role) throw InputError(fmt::format("unknown role \"{}\"", spec.role));
    std::vector<std::string> local;
    Source s = open_source(spec, warnings ? warnings : &local);
    Loaded out;
    out.from = source_srs(s, spec);
    const OGRSpatialReference& from = out.from;
    TransformPtr ct = make_transform(from, working, s.label);
    const std::vector<FieldBinding> fields = bind_fields(s, spec, *role);
    const bool offset = spec.coords == "gcj02" || spec.coords == "bd09";
    out.offset_declared = !spec.coords.empty();
    if (offset && (role->kind != GeomKind::Point || !from.IsGeographic()))
        s.fail(fmt::format("\"coords\": \"{}\" applies to point layers in longitude/latitude only", spec.coords));

    // With --repair a feature without usable geometry is left out and counted; without, it stops the load.
    // Districts are never left out: a missing district would change every total.
    RepairLog log;
    Layer& layer = out.layer;
    auto refuse = [&](GIntBig fid, const std::string& why) { refuse_feature(s, layer, log, fid, why, spec, options); };

    layer.role = spec.role;
    layer.source = s.label;
    layer.crs = crs_label(from);
    layer.kind = role->kind;
    for (const auto& f : fields) {
        if (f.spec.type == FieldType::Text) layer.texts[f.key];
        else layer.numbers[f.key];
    }

    const Reader reader{spec, *role, from, fields, options, offset};
    reader.read(s, layer, log, *ct);

    if (!layer.x.empty()) {
        // One batched call for all points: PROJ is far faster this way than point by point.
        std::vector<int> ok(layer.x.size(), 1);
        if (!ct->Transform(static_cast<int>(layer.x.size()), layer.x.data(), layer.y.data(), nullptr, ok.data()))
            for (auto& o : ok) o = o ? 1 : 0;
        bool all = true;
        for (std::size_t i = 0; i < ok.size(); ++i) {
            ok[i] = ok[i] && std::isfinite(layer.x[i]) && std::isfinite(layer.y[i]);
            if (!ok[i]) {
                refuse(layer.fid[i], "cannot be transformed to the working CRS");
                all = false;
            } else if (!plausible(layer.x[i], layer.y[i])) {
                refuse(layer.fid[i], fmt::format("has a coordinate far off the Earth in the working CRS ({:g}, {:g} m)",
                                                 layer.x[i], layer.y[i]));
                ok[i] = 0;
                all = false;
            }
        }
        if (!all) keep_features(layer, ok);
    }
    log.report(s.label, warnings);
    return out;
}

}  // namespace

Layer load_layer(const LayerSpec& spec, const OGRSpatialReference& working, const LoadOptions& options,
                 std::vector<std::string>* warnings) {
    return load_layer_impl(spec, working, options, warnings).layer;
}

namespace {

/// Centre of the districts layer's extent in WGS 84 longitude/latitude.
LonLat districts_centre(const LayerSpec& spec) {
    Source s = open_source(spec);
    const OGRSpatialReference from = source_srs(s, spec);
    OGREnvelope env;
    if (s.layer->GetExtent(&env, TRUE) != OGRERR_NONE) s.fail("has no extent (is it empty?)");
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    TransformPtr ct = make_transform(from, wgs84, s.label);
    double x = (env.MinX + env.MaxX) / 2, y = (env.MinY + env.MaxY) / 2;
    if (!ct->Transform(1, &x, &y)) s.fail("its centre cannot be transformed to WGS 84");
    return {x, y};
}

/// A point layer in longitude/latitude with many points outside every district, most of which fall inside
/// once read as GCJ-02 (or BD-09): most likely copied from a Chinese web map without saying so. Warns
/// with the numbers and what to declare.
void hint_web_map_offset(const Layer& layer, const OGRSpatialReference& from, const OGRSpatialReference& working,
                         const DistrictIndex& index, std::vector<std::string>& warnings) {
    if (layer.kind != GeomKind::Point || !from.IsGeographic() || layer.x.empty()) return;
    const std::vector<int> where = index.locate_all(layer.x, layer.y);
    std::vector<double> lon, lat;
    for (std::size_t i = 0; i < where.size(); ++i)
        if (where[i] == DistrictIndex::outside) lon.push_back(layer.x[i]), lat.push_back(layer.y[i]);
    const std::size_t outside = lon.size();
    if (outside < 3 || outside * 10 < layer.size()) return;  // a few strays are no pattern
    TransformPtr back = make_transform(working, from, layer.source);
    TransformPtr ahead = make_transform(from, working, layer.source);
    if (!back->Transform(static_cast<int>(outside), lon.data(), lat.data())) return;
    std::size_t best = 0;
    std::string best_name;
    for (const char* name : {"gcj02", "bd09"}) {
        std::vector<double> x(outside), y(outside);
        for (std::size_t i = 0; i < outside; ++i) {
            const LonLat w = std::string_view(name) == "gcj02" ? gcj02_to_wgs84({lon[i], lat[i]}) : bd09_to_wgs84({lon[i], lat[i]});
            x[i] = w.lon;
            y[i] = w.lat;
        }
        if (!ahead->Transform(static_cast<int>(outside), x.data(), y.data())) continue;
        std::size_t inside = 0;
        for (int d : index.locate_all(x, y)) inside += d != DistrictIndex::outside;
        if (inside > best) best = inside, best_name = name;
    }
    if (best * 2 < outside) return;
    warnings.push_back(fmt::format("{}: {} of {} points lie outside every district, and {} of them fall inside when read "
                                   "as {} web-map coordinates: if the layer was copied from a Chinese web map, declare "
                                   "\"coords\": \"{}\" on it",
                                   layer.role, outside, layer.size(), best, best_name == "gcj02" ? "GCJ-02" : "BD-09",
                                   best_name));
}

}  // namespace

City load_city(const Project& project, const LoadOptions& options) {
    City city;
    city.name = project.name;
    city.walk_speed_m_per_min = project.walk_speed_m_per_min;
    city.walk_minutes = project.walk_minutes;
    city.elderly_walk_speed_m_per_min = project.elderly_walk_speed_m_per_min;
    city.walk_exclude_highway = project.walk_exclude_highway;
    city.park_coverage_mode = project.park_coverage_mode;
    city.toilet_service_radius_m = project.toilet_service_radius_m;
    const LayerSpec& dspec = *project.layer("districts");
    if (project.crs) {
        city.crs = *project.crs;
        city.crs_note = "set in the project file";
    } else {
        const LonLat c = districts_centre(dspec);
        WorkingCrs w = auto_working_crs(c.lon, c.lat);
        city.crs = w.id;
        city.crs_note = w.note;
    }
    const OGRSpatialReference working = make_srs(city.crs, project.file.string() + ": crs");
    city.crs_name = working.GetName() ? working.GetName() : city.crs;
    city.attribution = project.attribution;
    if (!working.IsProjected())
        throw InputError(fmt::format("{}: crs \"{}\" is not a projected CRS in metres; areas and distances need one",
                                     project.file.string(), city.crs));

    std::list<std::pair<std::string, Loaded>> loaded;  // a list: Loaded is not nothrow-movable
    loaded.emplace_back("districts", load_layer_impl(dspec, working, options, &city.warnings));
    Layer& d = loaded.front().second.layer;
    Districts& out = city.districts;
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

    for (const auto& [role, spec] : project.layers)
        if (role != "districts") loaded.emplace_back(role, load_layer_impl(spec, working, options, &city.warnings));

    // What was reprojected, and from which CRSs.
    std::map<std::string, std::vector<std::string>> by_crs;
    for (const auto& [role, l] : loaded) {
        by_crs[crs_label(l.from)].push_back(role);
        if (!same_crs(l.from, working))
            city.notes.push_back(fmt::format("{}: {} reprojected from {} to {}", role, l.layer.source, crs_label(l.from),
                                             city.crs));
    }
    if (by_crs.size() > 1) {
        std::string list;
        for (const auto& [crs, roles] : by_crs) {
            std::string names;
            for (const auto& r : roles) names += (names.empty() ? "" : ", ") + r;
            list += fmt::format("{}{}: {}", list.empty() ? "" : "; ", crs, names);
        }
        city.notes.push_back(fmt::format("the layers come in {} CRSs ({}); all are reprojected to {}", by_crs.size(), list,
                                         city.crs));
    }

    const DistrictIndex index(city.districts.geom);
    for (auto& [role, l] : loaded) {
        if (role == "districts") continue;
        if (!l.offset_declared) hint_web_map_offset(l.layer, l.from, working, index, city.warnings);
        city.layers.emplace(role, std::move(l.layer));
    }
    if (const Layer* t = city.layer("toilets"); t && !t->has_number("class"))
        city.warnings.push_back("toilets: the layer maps no class field, so every toilet counts as class III and "
                                "the class indicators are not computed");
    return city;
}

}  // namespace hcgis::io
