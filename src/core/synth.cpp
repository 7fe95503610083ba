#include "core/synth.h"

#include "core/point_in_district.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <random>

namespace hcgis {
namespace {

constexpr double x_origin = 440000.0, y_origin = 3825000.0;  // EPSG:4549, west of Lianyungang

struct Rng {
    std::mt19937_64 gen;
    double uniform(double a, double b) { return std::uniform_real_distribution<double>(a, b)(gen); }
    int integer(int a, int b) { return std::uniform_int_distribution<int>(a, b)(gen); }
    bool chance(double p) { return uniform(0, 1) < p; }
};

std::vector<geos::XY> coords(const std::vector<std::pair<double, double>>& pts) {
    std::vector<geos::XY> out;
    out.reserve(pts.size());
    for (const auto& [x, y] : pts) out.push_back({x, y});
    return out;
}

geos::GeomPtr polygon(const std::vector<std::pair<double, double>>& ring) { return geos::make_polygon(coords(ring)); }

geos::GeomPtr ellipse(double cx, double cy, double rx, double ry, double angle, int n = 32) {
    std::vector<std::pair<double, double>> ring;
    for (int k = 0; k < n; ++k) {
        const double t = 2 * std::numbers::pi * k / n;
        const double x = rx * std::cos(t), y = ry * std::sin(t);
        ring.emplace_back(cx + x * std::cos(angle) - y * std::sin(angle), cy + x * std::sin(angle) + y * std::cos(angle));
    }
    return polygon(ring);
}

geos::GeomPtr rectangle(double cx, double cy, double w, double h) {
    return polygon({{cx - w / 2, cy - h / 2}, {cx + w / 2, cy - h / 2}, {cx + w / 2, cy + h / 2}, {cx - w / 2, cy + h / 2}});
}

geos::GeomPtr line(const std::vector<std::pair<double, double>>& pts) { return geos::make_line(coords(pts)); }

struct Blob {
    double cx, cy, rx, ry, angle;
    // A point inside the ellipse, uniformly.
    std::pair<double, double> sample(Rng& r) const {
        const double t = r.uniform(0, 2 * std::numbers::pi), u = std::sqrt(r.uniform(0, 1));
        const double x = rx * u * std::cos(t), y = ry * u * std::sin(t);
        return {cx + x * std::cos(angle) - y * std::sin(angle), cy + x * std::sin(angle) + y * std::cos(angle)};
    }
};

Layer points_layer(const char* role) {
    Layer l;
    l.role = role;
    l.source = std::string("synth:") + role;
    l.kind = GeomKind::Point;
    return l;
}

Layer shapes_layer(const char* role, GeomKind kind) {
    Layer l;
    l.role = role;
    l.source = std::string("synth:") + role;
    l.kind = kind;
    return l;
}

void add_point(Layer& l, double x, double y) {
    l.x.push_back(x);
    l.y.push_back(y);
    l.fid.push_back(static_cast<std::int64_t>(l.fid.size()) + 1);
}

void add_shape(Layer& l, geos::GeomPtr g) {
    l.geoms.push_back(std::move(g));
    l.fid.push_back(static_cast<std::int64_t>(l.fid.size()) + 1);
}

const char* pick(Rng& r, std::initializer_list<std::pair<const char*, double>> choices) {
    double u = r.uniform(0, 1);
    for (const auto& [word, p] : choices) {
        if (u < p) return word;
        u -= p;
    }
    return choices.begin()->first;
}

}  // namespace

namespace {

/// The city being made, step by step; the steps draw from one random stream in a fixed order, so a seed
/// gives the same city.
struct Synth {
    const SynthOptions& o;
    Rng r;
    City c;
    int n = 1, cols = 1, rows = 1;
    double s = 0;
    std::vector<std::pair<double, double>> vtx;  // the mosaic's vertices, shared by neighbouring cells
    std::vector<Blob> blobs;                     // each district's built-up blob

    std::pair<double, double>& v(int i, int j) { return vtx[static_cast<std::size_t>(j * (cols + 1) + i)]; }

    void mosaic();
    void streets();
    Layer residents();
    void district_tallies(Layer& residents);
    void facilities();
};

// District mosaic: a lattice of jittered vertices shared by neighbouring cells.
void Synth::mosaic() {
    n = std::max(1, o.districts);
    cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
    rows = (n + cols - 1) / cols;
    s = o.district_size_m;
    vtx.resize(static_cast<std::size_t>((cols + 1) * (rows + 1)));
    for (int j = 0; j <= rows; ++j)
        for (int i = 0; i <= cols; ++i) {
            const bool edge_x = i == 0 || i == cols, edge_y = j == 0 || j == rows;
            v(i, j) = {x_origin + i * s + (edge_x ? 0 : r.uniform(-0.2, 0.2) * s),
                       y_origin + j * s + (edge_y ? 0 : r.uniform(-0.2, 0.2) * s)};
        }
    for (int k = 0; k < n; ++k) {
        const int i = k % cols, j = k / cols;
        c.districts.geom.push_back(polygon({v(i, j), v(i + 1, j), v(i + 1, j + 1), v(i, j + 1)}));
        c.districts.name.push_back(fmt::format("合成{:03d}街道", k + 1));
        c.districts.code.push_back(fmt::format("S{:05d}", k + 1));
        c.districts.fid.push_back(k + 1);
        const double cx = (v(i, j).first + v(i + 1, j + 1).first) / 2, cy = (v(i, j).second + v(i + 1, j + 1).second) / 2;
        blobs.push_back({cx + r.uniform(-0.1, 0.1) * s, cy + r.uniform(-0.1, 0.1) * s, r.uniform(0.25, 0.5) * s,
                         r.uniform(0.2, 0.4) * s, r.uniform(0, std::numbers::pi)});
    }
}

// Streets: a jittered lattice; a way runs along each lattice row and column and is cut where a link
// is missing, so ways share vertices at every junction.
void Synth::streets() {
    const double width = cols * s, height = rows * s;
    Layer roads = shapes_layer("roads", GeomKind::Line);
    const double sp = o.street_spacing_m;
    const int nx = static_cast<int>(width / sp) + 1, ny = static_cast<int>(height / sp) + 1;
    std::vector<std::pair<double, double>> node(static_cast<std::size_t>(nx * ny));
    for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i)
            node[static_cast<std::size_t>(j * nx + i)] = {x_origin + i * sp + r.uniform(-0.15, 0.15) * sp,
                                                          y_origin + j * sp + r.uniform(-0.15, 0.15) * sp};
    auto emit = [&](std::vector<std::pair<double, double>>& way, const char* cls) {
        if (way.size() >= 2) {
            add_shape(roads, line(way));
            roads.texts["highway"].emplace_back(cls);
        }
        way.clear();
    };
    for (int dir = 0; dir < 2; ++dir) {
        const int lines = dir == 0 ? ny : nx, along = dir == 0 ? nx : ny;
        for (int a = 0; a < lines; ++a) {
            const char* cls = a % 8 == 0 ? "primary" : a % 4 == 0 ? "secondary" : "residential";
            std::vector<std::pair<double, double>> way;
            for (int b = 0; b < along; ++b) {
                const auto& p = node[static_cast<std::size_t>(dir == 0 ? a * nx + b : b * nx + a)];
                if (way.empty()) {
                    way.push_back(p);
                    continue;
                }
                if (std::string(cls) == "residential" && r.chance(o.missing_link_share)) {
                    emit(way, cls);
                    way.push_back(p);  // the next way starts here
                    continue;
                }
                way.push_back(p);
            }
            emit(way, cls);
        }
    }
    c.layers.emplace("roads", std::move(roads));
}

// Residents: most in the built-up blobs, the rest anywhere in the mosaic.
Layer Synth::residents() {
    Layer residents = points_layer("residents");
    std::vector<double> share(static_cast<std::size_t>(n));
    for (auto& x : share) x = r.uniform(0.3, 1.7);
    std::discrete_distribution<int> which(share.begin(), share.end());
    residents.x.reserve(static_cast<std::size_t>(o.residents));
    residents.y.reserve(static_cast<std::size_t>(o.residents));
    auto& pop = residents.numbers["population"];
    auto& old = residents.numbers["elderly"];
    for (std::int64_t k = 0; k < o.residents; ++k) {
        const int d = which(r.gen);
        std::pair<double, double> p;
        if (r.chance(0.85)) {
            p = blobs[static_cast<std::size_t>(d)].sample(r);
        } else {
            const int i = d % cols, j = d / cols;
            const double u = r.uniform(0, 1), w = r.uniform(0, 1);
            const auto &a = v(i, j), &b = v(i + 1, j), &cc = v(i + 1, j + 1), &dd = v(i, j + 1);
            p = {(1 - u) * (1 - w) * a.first + u * (1 - w) * b.first + u * w * cc.first + (1 - u) * w * dd.first,
                 (1 - u) * (1 - w) * a.second + u * (1 - w) * b.second + u * w * cc.second + (1 - u) * w * dd.second};
        }
        add_point(residents, p.first, p.second);
        // A point is a household or a small building: a few residents each, so the city's total is
        // about three times its points.
        const double people = std::round(r.uniform(1, 5));
        pop.push_back(people);
        old.push_back(std::round(people * r.uniform(0.0, 0.45)));
    }
    return residents;
}

// District population from the residents in it, so the two agree.
void Synth::district_tallies(Layer& residents) {
    DistrictIndex index(c.districts.geom);
    const auto where = index.locate_all(residents.x, residents.y);
    std::vector<double> pop(static_cast<std::size_t>(n), 0.0), old(static_cast<std::size_t>(n), 0.0);
    for (std::size_t i = 0; i < where.size(); ++i) {
        if (where[i] < 0) continue;
        pop[static_cast<std::size_t>(where[i])] += residents.numbers["population"][i];
        old[static_cast<std::size_t>(where[i])] += residents.numbers["elderly"][i];
    }
    for (int k = 0; k < n; ++k) {
        c.districts.population.push_back(pop[static_cast<std::size_t>(k)]);
        c.districts.elderly.push_back(old[static_cast<std::size_t>(k)]);
        c.districts.numbers["food_samples"].push_back(std::round(pop[static_cast<std::size_t>(k)] / 1000.0 * r.uniform(2, 9)));
        c.districts.numbers["healthy_enterprises"].push_back(r.integer(0, 6));
        c.districts.texts["type"].emplace_back(r.chance(0.3) ? "mixed" : "urban");
    }
}

// Facilities, district by district, mostly in the built-up blob.
void Synth::facilities() {
    Layer toilets = points_layer("toilets"), fitness = points_layer("fitness"), parks = shapes_layer("parks", GeomKind::Polygon),
          sports = shapes_layer("sports", GeomKind::Polygon), clinics = points_layer("clinics"),
          care = points_layer("eldercare"), comm = points_layer("communities"), markets = points_layer("markets"),
          trails = shapes_layer("trails", GeomKind::Line);
    for (int d = 0; d < n; ++d) {
        const Blob& b = blobs[static_cast<std::size_t>(d)];
        const double km2 = std::numbers::pi * b.rx * b.ry / 1e6;
        const double people = *c.districts.population[static_cast<std::size_t>(d)];
        const bool mixed = c.districts.texts["type"][static_cast<std::size_t>(d)] == "mixed";
        for (int k = 0, m = static_cast<int>(km2 * r.uniform(2, 6)); k < m; ++k) {
            const auto p = b.sample(r);
            add_point(toilets, p.first, p.second);
            toilets.texts["class"].emplace_back(pick(r, {{"一类", 0.1}, {"二类", 0.25}, {"三类", 0.55}, {"三类以下", 0.1}}));
            toilets.numbers["cleaners"].push_back(r.integer(0, 2));
        }
        for (int k = 0, m = std::max(1, static_cast<int>(people / r.uniform(1200, 3000))); k < m; ++k) {
            const auto p = b.sample(r);
            add_point(fitness, p.first, p.second);
            fitness.texts["class"].emplace_back(pick(r, {{"健身点", 0.85}, {"多功能运动场", 0.12}, {"体育中心", 0.03}}));
        }
        for (int k = 0, m = r.integer(2, 6); k < m; ++k) {
            const auto p = b.sample(r);
            const double size = r.uniform(25, 250);
            add_shape(parks, ellipse(p.first, p.second, size, size * r.uniform(0.5, 1), r.uniform(0, 3.1), 24));
        }
        for (int k = 0, m = r.integer(1, 3); k < m; ++k) {
            const auto p = b.sample(r);
            add_shape(sports, rectangle(p.first, p.second, r.uniform(60, 160), r.uniform(40, 110)));
        }
        auto clinic = [&](const char* kind, int gps, int staff) {
            const auto p = b.sample(r);
            add_point(clinics, p.first, p.second);
            clinics.texts["kind"].emplace_back(kind);
            clinics.numbers["gps"].push_back(gps);
            clinics.numbers["public_health_staff"].push_back(staff);
            clinics.numbers["tcm_pavilion"].push_back(r.chance(0.45) ? 1 : 0);
            clinics.numbers["tcm_service"].push_back(r.chance(0.9) ? 1 : 0);
            const bool vac = std::string(kind) == "社区卫生服务中心" || r.chance(0.2);
            clinics.numbers["vaccination_clinic"].push_back(vac ? 1 : 0);
            clinics.numbers["vaccination_standard"].push_back(vac && r.chance(0.85) ? 1 : 0);
        };
        clinic("社区卫生服务中心", r.integer(6, 14), r.integer(12, 30));
        for (int k = 0, m = r.integer(2, 4); k < m; ++k) clinic("社区卫生服务站", r.integer(1, 3), r.integer(2, 4));
        const int communities = r.integer(8, 16);
        for (int k = 0; k < communities; ++k) {
            const bool rural = mixed && k >= communities / 2;
            const auto p = b.sample(r);
            add_point(comm, p.first, p.second);
            comm.texts["type"].emplace_back(rural ? "rural" : "urban");
            comm.numbers["homecare_center"].push_back(r.chance(rural ? 0.45 : 0.8) ? 1 : 0);
            comm.numbers["gp_studio"].push_back(!rural && r.chance(0.18) ? 1 : 0);
            comm.numbers["vector_demo"].push_back(r.chance(0.1) ? 1 : 0);
            comm.numbers["healthy_village"].push_back(rural && r.chance(0.2) ? 1 : 0);
            comm.numbers["healthy_community"].push_back(!rural && r.chance(0.15) ? 1 : 0);
            if (rural) clinic("村卫生室", r.integer(0, 1), 1);
        }
        for (int k = 0, m = r.integer(1, 4); k < m; ++k) {
            const auto p = b.sample(r);
            add_point(care, p.first, p.second);
            care.texts["kind"].emplace_back("养老机构");
            care.numbers["beds"].push_back(r.integer(40, 300));
        }
        for (int k = 0, m = r.integer(1, 2); k < m; ++k) {
            const auto p = b.sample(r);
            add_point(markets, p.first, p.second);
            markets.numbers["standardised"].push_back(r.chance(0.7) ? 1 : 0);
        }
        // A health trail: a loop round part of the built-up blob.
        std::vector<std::pair<double, double>> trail;
        const double scale = r.uniform(0.4, 0.8), start = r.uniform(0, 2 * std::numbers::pi);
        for (int k = 0; k <= 24; ++k) {
            const double t = start + 2 * std::numbers::pi * k / 24;
            const double x = b.rx * scale * std::cos(t), y = b.ry * scale * std::sin(t);
            trail.emplace_back(b.cx + x * std::cos(b.angle) - y * std::sin(b.angle), b.cy + x * std::sin(b.angle) + y * std::cos(b.angle));
        }
        add_shape(trails, line(trail));
    }
    for (Layer* l : {&toilets, &fitness, &parks, &sports, &clinics, &care, &comm, &markets, &trails}) {
        l->account.read = l->size();
        c.layers.emplace(l->role, std::move(*l));
    }
}

}  // namespace

City synth_city(const SynthOptions& o) {
    Synth m{o, Rng{std::mt19937_64(o.seed)}, {}, 1, 1, 1, 0, {}, {}};
    City& c = m.c;
    c.name = fmt::format("合成城市（{} 个街道，{} 个居民点，种子 {}）", o.districts, o.residents, o.seed);
    c.crs = "EPSG:4549";
    c.attribution = "合成数据（hcgis synth），非真实数据";
    m.mosaic();
    Layer builtup = shapes_layer("builtup", GeomKind::Polygon);
    for (const Blob& b : m.blobs) add_shape(builtup, ellipse(b.cx, b.cy, b.rx, b.ry, b.angle, 48));
    builtup.account.read = builtup.size();
    m.streets();
    Layer residents = m.residents();
    m.district_tallies(residents);
    c.layers.emplace("residents", std::move(residents));
    m.facilities();
    c.layers.emplace("builtup", std::move(builtup));
    c.layers.at("roads").account.read = c.layers.at("roads").size();
    c.layers.at("residents").account.read = c.layers.at("residents").size();
    return std::move(m.c);
}

void code_classes(City& city) {
    const std::map<std::string, double> words{{"一类", 1}, {"二类", 2}, {"三类", 3}, {"三类以下", 4},
                                              {"健身点", 1}, {"多功能运动场", 2}, {"体育中心", 3}};
    for (const char* role : {"toilets", "fitness"}) {
        auto it = city.layers.find(role);
        if (it == city.layers.end()) continue;
        Layer& layer = it->second;
        auto cls = layer.texts.find("class");
        if (cls == layer.texts.end()) continue;
        std::vector<double> codes;
        for (const std::string& w : cls->second) codes.push_back(words.at(w));
        layer.numbers["class"] = std::move(codes);
        layer.texts.erase(cls);
    }
}

}  // namespace hcgis
