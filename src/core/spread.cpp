#include "core/spread.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <utility>

namespace hcgis {

const char* spread_by_name(SpreadBy by) {
    switch (by) {
        case SpreadBy::Auto: return "auto";
        case SpreadBy::Buildings: return "buildings";
        case SpreadBy::Builtup: return "builtup";
        case SpreadBy::Roads: return "roads";
        case SpreadBy::Area: return "area";
    }
    return "";
}

namespace {

const char* by_words(SpreadBy by) {
    switch (by) {
        case SpreadBy::Buildings: return "by building floor area (buildings)";
        case SpreadBy::Builtup: return "by built-up area (builtup)";
        case SpreadBy::Roads: return "by walkable road length (roads)";
        default: return "uniformly by area";
    }
}

/// One weight layer: its geometries (walkable roads only), a factor each (floors), an index.
struct WeightSet {
    std::vector<const GEOSGeometry*> geoms;
    std::vector<double> factor;
    geos::StrTree tree;
    bool lines = false;
};

/// The weight gathered in one grid cell of one piece of a unit, and the heaviest bit of it, on which its
/// point is placed (so the point lies where the weight is, inside the piece).
struct Cell {
    double weight = 0;
    double best_weight = 0;
    geos::GeomPtr best;
};

using CellMap = std::map<std::pair<std::int64_t, std::int64_t>, Cell>;

class Spreader {
public:
    Spreader(const PopulationUnits& units, std::span<const geos::GeomPtr> districts, const SpreadWeights& weights,
             const SpreadOptions& options)
        : units_(units), districts_(districts), options_(options) {
        for (std::size_t d = 0; d < districts.size(); ++d) {
            district_tree_.insert(districts[d].get(), d);
            prepared_districts_.push_back(geos::prepare(districts[d].get()));
        }
        auto add = [&](SpreadBy by, const Layer* layer, bool lines) {
            if (!layer || layer->geoms.empty()) return;
            WeightSet& w = sets_[static_cast<std::size_t>(by)];
            w.lines = lines;
            const auto levels = layer->numbers.find("levels");
            const auto highway = layer->texts.find("highway");
            for (std::size_t i = 0; i < layer->geoms.size(); ++i) {
                if (lines && highway != layer->texts.end() &&
                    std::find(weights.exclude_highway.begin(), weights.exclude_highway.end(), highway->second[i]) !=
                        weights.exclude_highway.end())
                    continue;
                w.tree.insert(layer->geoms[i].get(), w.geoms.size());
                w.geoms.push_back(layer->geoms[i].get());
                const double f = levels != layer->numbers.end() ? levels->second[i] : 1.0;
                w.factor.push_back(f > 0 ? f : 1.0);
            }
        };
        add(SpreadBy::Buildings, weights.buildings, false);
        add(SpreadBy::Builtup, weights.builtup, false);
        add(SpreadBy::Roads, weights.roads, true);
    }

    SpreadResult run();

private:
    std::vector<geos::GeomPtr> pieces_of(const GEOSGeometry* unit) const;
    void gather(const GEOSGeometry* g, double factor, bool lines, CellMap& cells) const;
    double weigh(SpreadBy by, const std::vector<geos::GeomPtr>& pieces, std::vector<CellMap>& out) const;
    bool has(SpreadBy by) const { return !sets_[static_cast<std::size_t>(by)].geoms.empty(); }

    const PopulationUnits& units_;
    std::span<const geos::GeomPtr> districts_;
    const SpreadOptions& options_;
    geos::StrTree district_tree_;
    std::vector<geos::PreparedPtr> prepared_districts_;
    std::array<WeightSet, 5> sets_;
};

/// The unit cut by the districts: its piece in each district it reaches and the piece outside all.
std::vector<geos::GeomPtr> Spreader::pieces_of(const GEOSGeometry* unit) const {
    std::vector<geos::GeomPtr> pieces;
    if (districts_.empty()) {
        pieces.push_back(geos::clone(unit));
        return pieces;
    }
    const double whole = geos::area(unit);
    double inside = 0;
    for (std::size_t d : district_tree_.query(unit)) {
        if (geos::contains_properly(prepared_districts_[d].get(), unit)) {
            pieces.clear();
            pieces.push_back(geos::clone(unit));
            return pieces;
        }
        if (!geos::intersects(prepared_districts_[d].get(), unit)) continue;
        geos::GeomPtr p = geos::intersection(districts_[d].get(), unit);
        const double a = geos::area(p.get());
        if (a <= 0) continue;
        inside += a;
        pieces.push_back(std::move(p));
    }
    if (pieces.empty()) {
        pieces.push_back(geos::clone(unit));
        return pieces;
    }
    if (whole - inside > 1e-6 * whole) {
        std::vector<const GEOSGeometry*> in;
        for (const auto& p : pieces) in.push_back(p.get());
        geos::GeomPtr rest = geos::difference(unit, geos::unary_union(in).get());
        if (geos::area(rest.get()) > 1e-6 * whole) pieces.push_back(std::move(rest));
    }
    return pieces;
}

/// Adds `g` (a polygon piece weighted by area, or a line by length) times `factor` to the grid cells it
/// falls in.
void Spreader::gather(const GEOSGeometry* g, double factor, bool lines, CellMap& cells) const {
    auto measure = [&](const GEOSGeometry* p) { return (lines ? geos::length(p) : geos::area(p)) * factor; };
    auto add = [&](std::pair<std::int64_t, std::int64_t> key, geos::GeomPtr piece, double w) {
        if (!(w > 0)) return;
        Cell& c = cells[key];
        c.weight += w;
        if (w > c.best_weight) {
            c.best_weight = w;
            c.best = std::move(piece);
        }
    };
    const double size = options_.cell_m;
    if (size <= 0) {
        add({0, 0}, geos::clone(g), measure(g));
        return;
    }
    const geos::Envelope e = geos::envelope(g);
    const auto i0 = static_cast<std::int64_t>(std::floor(e.minx / size)), i1 = static_cast<std::int64_t>(std::floor(e.maxx / size));
    const auto j0 = static_cast<std::int64_t>(std::floor(e.miny / size)), j1 = static_cast<std::int64_t>(std::floor(e.maxy / size));
    if (i0 == i1 && j0 == j1) {
        add({i0, j0}, geos::clone(g), measure(g));
        return;
    }
    // Row by row: the row's strip clipped from the geometry first, then each cell from the strip, so a
    // polygon of many vertices is not clipped whole for every cell.
    const double xa = static_cast<double>(i0) * size, xb = static_cast<double>(i1 + 1) * size;
    for (std::int64_t j = j0; j <= j1; ++j) {
        const double y0 = static_cast<double>(j) * size;
        const geos::GeomPtr strip = geos::clip_by_rect(g, xa, y0, xb, y0 + size);
        if (geos::is_empty(strip.get())) continue;
        for (std::int64_t i = i0; i <= i1; ++i) {
            const double x0 = static_cast<double>(i) * size;
            geos::GeomPtr piece = geos::clip_by_rect(strip.get(), x0, y0, x0 + size, y0 + size);
            if (geos::is_empty(piece.get())) continue;
            const double w = measure(piece.get());
            // A whole cell: its point at the centre.
            if (!lines && w >= size * size * factor * (1 - 1e-12)) piece = geos::make_rectangle(x0, y0, x0 + size, y0 + size);
            add({i, j}, std::move(piece), w);
        }
    }
}

/// The weight of `by` in every piece, by grid cell, into `out` (one map per piece); returns the total.
double Spreader::weigh(SpreadBy by, const std::vector<geos::GeomPtr>& pieces, std::vector<CellMap>& out) const {
    out.clear();
    out.resize(pieces.size());
    double total = 0;
    for (std::size_t k = 0; k < pieces.size(); ++k) {
        const GEOSGeometry* piece = pieces[k].get();
        if (by == SpreadBy::Area) {
            gather(piece, 1.0, false, out[k]);
        } else {
            const WeightSet& w = sets_[static_cast<std::size_t>(by)];
            const geos::PreparedPtr prepared = geos::prepare(piece);
            for (std::size_t i : w.tree.query(piece)) {
                if (!geos::intersects(prepared.get(), w.geoms[i])) continue;
                if (geos::contains_properly(prepared.get(), w.geoms[i])) {
                    gather(w.geoms[i], w.factor[i], w.lines, out[k]);
                    continue;
                }
                geos::GeomPtr clip = geos::intersection(piece, w.geoms[i]);
                if (!geos::is_empty(clip.get())) gather(clip.get(), w.factor[i], w.lines, out[k]);
            }
        }
        for (const auto& [key, c] : out[k]) total += c.weight;
    }
    return total;
}

/// A point inside `g`: on the surface of a polygon, halfway along the longest part of a line.
geos::XY point_in(const GEOSGeometry* g) {
    const int t = geos::type_id(g);
    if (t == GEOS_LINESTRING || t == GEOS_MULTILINESTRING || t == GEOS_GEOMETRYCOLLECTION) {
        const GEOSGeometry* longest = nullptr;
        double most = -1;
        for (const GEOSGeometry* p : geos::parts(g)) {
            const int pt = geos::type_id(p);
            if (pt != GEOS_LINESTRING) continue;
            const double len = geos::length(p);
            if (len > most) {
                most = len;
                longest = p;
            }
        }
        if (longest) return geos::point_xy(geos::interpolate_normalized(longest, 0.5).get());
    }
    return geos::point_xy(geos::point_on_surface(g).get());
}

std::string unit_name(const PopulationUnits& u, std::size_t i) {
    if (i < u.name.size() && !u.name[i].empty()) return fmt::format("{} (feature {})", u.name[i], u.fid[i]);
    return fmt::format("feature {}", u.fid[i]);
}

std::string examples(const std::vector<std::string>& names) {
    std::string s;
    for (std::size_t i = 0; i < names.size() && i < 5; ++i) s += (i ? ", " : "") + names[i];
    if (names.size() > 5) s += fmt::format(" and {} more", names.size() - 5);
    return s;
}

SpreadResult Spreader::run() {
    SpreadResult r;
    Layer& out = r.residents;
    out.role = "residents";
    out.source = units_.source;
    out.kind = GeomKind::Point;
    const bool with_elderly = !units_.elderly.empty();
    auto& pop = out.numbers["population"];
    std::vector<double>* old = with_elderly ? &out.numbers["elderly"] : nullptr;

    // The chain of weights, from the one asked for (or the best there is) down to the unit's area.
    std::vector<SpreadBy> chain;
    for (SpreadBy by : {SpreadBy::Buildings, SpreadBy::Builtup, SpreadBy::Roads, SpreadBy::Area})
        if ((options_.by == SpreadBy::Auto || by >= options_.by) && (by == SpreadBy::Area || has(by))) chain.push_back(by);
    std::map<SpreadBy, std::vector<std::string>> used;
    for (std::size_t u = 0; u < units_.geom.size(); ++u) {
        const double n = units_.population[u];
        r.account.read += n;
        if (n <= 0) {
            ++r.account.zero;
            continue;
        }
        const std::vector<geos::GeomPtr> pieces = pieces_of(units_.geom[u].get());
        std::vector<CellMap> cells;
        double total = 0;
        SpreadBy by = SpreadBy::Area;
        for (SpreadBy b : chain) {
            total = weigh(b, pieces, cells);
            by = b;
            if (total > 0) break;
        }
        if (!(total > 0)) {
            ++r.account.unplaceable;
            r.account.dropped += n;
            r.warnings.push_back(fmt::format("residents: {}: {} has population {:g} but no area to place it on; "
                                             "it is left out",
                                             units_.source, unit_name(units_, u), n));
            continue;
        }
        used[by].push_back(unit_name(units_, u));
        const double e = with_elderly && units_.elderly[u] ? *units_.elderly[u] : 0.0;
        double placed = 0, placed_old = 0;
        std::size_t left = 0;
        for (const auto& m : cells) left += m.size();
        for (const auto& m : cells)
            for (const auto& [key, c] : m) {
                const geos::XY p = point_in(c.best.get());
                const double share = c.weight / total;
                const bool last = --left == 0;
                out.x.push_back(p.x);
                out.y.push_back(p.y);
                out.fid.push_back(units_.fid[u]);
                pop.push_back(last ? n - placed : n * share);
                placed += pop.back();
                if (old) {
                    const double v = last ? e - placed_old : e * share;
                    old->push_back(v);
                    placed_old += v;
                }
            }
    }
    // How the units were spread, and which fell back from the weights asked for.
    std::string how;
    std::size_t spread = 0;
    for (const auto& [by, names] : used) {
        how += fmt::format("{}{} {}", how.empty() ? "" : ", ", names.size(), by_words(by));
        spread += names.size();
    }
    if (spread > 0)
        r.notes.push_back(fmt::format("residents: {}: the population of {} polygons spread over {}: {}", units_.source,
                                      spread, options_.cell_m > 0 ? fmt::format("a {:g} m grid", options_.cell_m) : "their area",
                                      how));
    for (const auto& [by, names] : used)
        if (!chain.empty() && by != chain.front())
            r.warnings.push_back(fmt::format("residents: {}: {} polygons hold no {}; spread {} instead: {}", units_.source,
                                             names.size(), spread_by_name(chain.front()), by_words(by), examples(names)));
    if (with_elderly) {
        std::vector<std::string> missing;
        for (std::size_t u = 0; u < units_.elderly.size(); ++u)
            if (!units_.elderly[u] && units_.population[u] > 0) missing.push_back(unit_name(units_, u));
        if (!missing.empty())
            r.warnings.push_back(fmt::format("residents: {}: {} polygons have no elderly count; their residents count "
                                             "as 0 elderly: {}",
                                             units_.source, missing.size(), examples(missing)));
    }
    return r;
}

}  // namespace

SpreadResult spread_population(const PopulationUnits& units, std::span<const geos::GeomPtr> districts,
                               const SpreadWeights& weights, const SpreadOptions& options) {
    return Spreader(units, districts, weights, options).run();
}

}  // namespace hcgis
