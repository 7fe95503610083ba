#include "core/analysis.h"
#include "core/error.h"

#include "core/parallel.h"

#include "core/assess.h"
#include "core/indicators/indicator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <exception>
#include <future>
#include <optional>
#include <stdexcept>

namespace hcgis {

Analysis::Analysis(const City& city, ScorecardOptions options)
    : city_(city), index_(city.districts.geom), options_(std::move(options)) {
    // The families, the district report and a map's renderer read these geometries from several threads
    // at once: GEOS's lazily cached envelopes are computed here, on one thread, first.
    for (const auto& g : city.districts.geom) geos::settle(g.get());
    for (const auto& [role, layer] : city.layers)
        for (const auto& g : layer.geoms) geos::settle(g.get());
}

const WalkGraph* Analysis::walk_graph() {
    if (!graph_ready_) {
        if (const Layer* roads = city_.layer("roads")) {
            std::vector<std::uint8_t> use(roads->size(), 1);
            if (auto hw = roads->texts.find("highway"); hw != roads->texts.end())
                for (std::size_t i = 0; i < use.size(); ++i)
                    for (const auto& ex : city_.walk_exclude_highway)
                        if (hw->second[i] == ex) use[i] = 0;
            graph_ = std::make_unique<WalkGraph>(roads->geoms, use);
        }
        graph_ready_ = true;  // only once built: a graph that failed is built (and fails) again
    }
    return graph_.get();
}

const std::vector<Snap>& Analysis::resident_snaps() {
    if (!snaps_ready_) {
        snaps_ready_ = true;
        const Layer* residents = city_.layer("residents");
        if (const WalkGraph* g = walk_graph(); g && residents) resident_snaps_ = g->snap_all(residents->x, residents->y);
    }
    return resident_snaps_;
}

const PointBlocks& Analysis::resident_blocks() {
    if (!resident_blocks_) {
        const Layer& residents = *city_.layer("residents");
        resident_blocks_ = std::make_unique<PointBlocks>(*walk_graph(), residents.x, residents.y);
    }
    return *resident_blocks_;
}

bool Analysis::network_mode() {
    if (options_.coverage_mode == ModeChoice::Straight) return false;
    const WalkGraph* g = walk_graph();
    const bool usable = g && g->segment_count() > 0;
    if (options_.coverage_mode == ModeChoice::Network && !usable)
        throw InputError(in_file(city_.origin), "walking coverage on the network needs a roads layer with walkable roads");
    return usable;
}

const std::vector<int>& Analysis::district_of(const std::string& role) {
    const std::lock_guard<std::mutex> lock(assigned_mutex_);
    auto it = assigned_.find(role);
    if (it != assigned_.end()) return it->second;
    const Layer* layer = city_.layer(role);
    std::vector<int> where;
    if (layer && layer->kind == GeomKind::Point) where = index_.locate_all(layer->x, layer->y);
    return assigned_.emplace(role, std::move(where)).first->second;
}

const BuiltUp& Analysis::builtup() {
    if (!builtup_) builtup_ = std::make_unique<BuiltUp>(compute_builtup(city_.districts, city_.layer("builtup")));
    return *builtup_;
}

const std::vector<double>& Analysis::resident_weights() {
    if (!resident_weights_) {
        // The population column itself where there is one (no copy of a million values), else ones.
        const Layer* r = city_.layer("residents");
        if (r && r->has_number("population")) {
            resident_weights_ = &r->numbers.at("population");
        } else {
            unit_weights_.assign(r ? r->size() : 0, 1.0);
            resident_weights_ = &unit_weights_;
        }
    }
    return *resident_weights_;
}

std::vector<double> Analysis::union_area_by_district(const std::string& role) {
    const Layer* layer = city_.layer(role);
    std::vector<double> areas(city_.districts.size() + 1, 0.0);
    if (!layer || layer->geoms.empty()) return areas;
    // Per district, the union of only the polygons that reach it, clipped to it.
    geos::StrTree tree;
    for (std::size_t i = 0; i < layer->geoms.size(); ++i) tree.insert(layer->geoms[i].get(), i);
    const std::vector<double> per_district = clipped_union_areas(city_.districts, layer->geoms, tree);
    for (std::size_t d = 0; d < per_district.size(); ++d) {
        areas[d] = per_district[d];
        areas.back() += per_district[d];
    }
    return areas;
}

std::vector<double> Analysis::length_by_district(const std::string& role) {
    const Layer* layer = city_.layer(role);
    std::vector<double> lengths(city_.districts.size() + 1, 0.0);
    if (!layer || layer->geoms.empty()) return lengths;
    std::vector<const GEOSGeometry*> parts;
    for (const auto& g : layer->geoms) parts.push_back(g.get());
    // The union nodes and dissolves the lines, so a stretch mapped twice is measured once.
    const geos::GeomPtr all = geos::unary_union(parts);
    geos::settle(all.get());  // read by every thread below
    // A stretch running along a border lies in both districts: it belongs to the one that takes its
    // midpoint under the border rule of DistrictIndex, so it is counted once. Stretches are taken segment
    // by segment, never merged: a trail that follows the border round a corner (where the district on the
    // other side changes, and with it the one that takes the stretch) is two stretches, each decided by
    // its own midpoint. Each district is clipped on its own (the union and the districts are only read),
    // on every core; the midpoints are located afterwards, on this thread (the index's prepared
    // geometries are not to be shared between threads).
    struct Stretch {
        double length, x, y;
    };
    std::vector<std::vector<Stretch>> on_border(city_.districts.size());
    parallel_for(city_.districts.size(), 8, [&](std::size_t begin, std::size_t end) {
        for (std::size_t d = begin; d < end; ++d) {
            const GEOSGeometry* district = city_.districts.geom[d].get();
            const geos::GeomPtr clip = geos::intersection(district, all.get());
            lengths[d] = geos::length(clip.get());
            const geos::GeomPtr border = geos::boundary(district);
            const geos::GeomPtr shared = geos::intersection(clip.get(), border.get());
            geos::walk_coordinates(shared.get(), [&](geos::Piece, std::span<const geos::XY> xy) {
                for (std::size_t k = 1; k < xy.size(); ++k) {
                    const double len = std::hypot(xy[k].x - xy[k - 1].x, xy[k].y - xy[k - 1].y);
                    if (len > 0) on_border[d].push_back({len, 0.5 * (xy[k - 1].x + xy[k].x), 0.5 * (xy[k - 1].y + xy[k].y)});
                }
            });
        }
    });
    for (std::size_t d = 0; d < city_.districts.size(); ++d) {
        for (const Stretch& s : on_border[d])
            if (index_.locate(s.x, s.y) != static_cast<int>(d)) lengths[d] -= s.length;
        lengths.back() += lengths[d];
    }
    return lengths;
}

void Analysis::report_districts(Scorecard& card) {
    const Districts& ds = city_.districts;
    std::vector<const GEOSGeometry*> parts;
    for (const auto& g : ds.geom) parts.push_back(g.get());
    const geos::GeomPtr all = geos::unary_union(parts);
    const double all_area = geos::area(all.get());
    // Overlaps, pair by pair among districts whose envelopes meet; unless the districts' areas add up to
    // their union's within half a square metre: a place covered k times adds k - 1 to that excess, so no
    // pair can overlap by more than it, and no pair would pass the 1 m² below (the rounding of these areas
    // is under a micrometre² at a city's size).
    double summed = 0.0;
    for (const auto& g : ds.geom) summed += geos::area(g.get());
    if (summed - all_area > 0.5) {
        geos::StrTree tree;
        for (std::size_t d = 0; d < ds.size(); ++d) tree.insert(ds.geom[d].get(), d);
        for (std::size_t d = 0; d < ds.size(); ++d)
            for (std::size_t e : tree.query(ds.geom[d].get())) {
                if (e <= d) continue;
                const double overlap = geos::area(geos::intersection(ds.geom[d].get(), ds.geom[e].get()).get());
                if (overlap > 1.0)
                    card.warnings.push_back(fmt::format("districts: {} and {} overlap by {:.0f} m²; a point in the overlap "
                                                        "counts once, for {} (listed first)",
                                                        ds.name[d], ds.name[e], overlap, ds.name[d]));
            }
    }
    // Gaps: what the districts' outlines enclose but no district covers.
    std::vector<geos::GeomPtr> shells;
    for (const GEOSGeometry* poly : geos::parts(all.get()))
        if (geos::type_id(poly) == GEOS_POLYGON) shells.push_back(geos::shell_of(poly));
    std::vector<const GEOSGeometry*> shell_parts;
    for (const auto& sh : shells) shell_parts.push_back(sh.get());
    const double gaps = shell_parts.empty() ? 0.0 : geos::area(geos::unary_union(shell_parts).get()) - all_area;
    if (gaps > 1.0)
        card.warnings.push_back(fmt::format("districts: a gap of {:.0f} m² lies between the districts (a point there "
                                            "counts in no district)",
                                            gaps));
}

void Analysis::report_layers(Scorecard& card) {
    LayerReport districts{"districts", city_.districts.source, {}, city_.districts.crs};
    districts.account.read = city_.districts.size();
    districts.account.in_district = city_.districts.size();
    card.layers.push_back(districts);

    for (const auto& entry : city_.layers) {
        const std::string& role = entry.first;
        const Layer& layer = entry.second;  // a plain reference: clang 14 cannot capture structured bindings
        LayerReport r{role, layer.source, layer.account, layer.crs};
        if (layer.kind == GeomKind::Point) {
            const auto& where = district_of(role);
            r.account.in_district = r.account.outside = 0;
            for (int d : where) (d == DistrictIndex::outside ? r.account.outside : r.account.in_district)++;
            if (r.account.outside > 0)
                card.warnings.push_back(fmt::format("{}: {} of {} features lie outside every district ({})", role,
                                                    r.account.outside, layer.size(), layer.source));
            // Features at exactly the same place: the same facility mapped twice, most likely (residents
            // often share an address, so they are not checked).
            if (role == "residents") {
                if (r.account.population) {
                    // The population on the points, in a district or outside all (read = placed + outside + dropped).
                    PopulationAccount& p = *r.account.population;
                    const auto& w = resident_weights();
                    p.placed = p.outside = 0;
                    for (std::size_t i = 0; i < where.size(); ++i)
                        (where[i] == DistrictIndex::outside ? p.outside : p.placed) += w[i];
                }
                card.layers.push_back(r);
                continue;
            }
            std::vector<std::size_t> order(layer.size());
            for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
            std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                return std::pair{layer.x[a], layer.y[a]} < std::pair{layer.x[b], layer.y[b]};
            });
            std::size_t twins = 0;
            std::pair<std::int64_t, std::int64_t> example{0, 0};
            for (std::size_t k = 1; k < order.size(); ++k)
                if (layer.x[order[k]] == layer.x[order[k - 1]] && layer.y[order[k]] == layer.y[order[k - 1]]) {
                    if (twins++ == 0)
                        example = {layer.fid[std::max(order[k], order[k - 1])], layer.fid[std::min(order[k], order[k - 1])]};
                }
            if (twins > 0)
                card.warnings.push_back(fmt::format("{}: {} {} exactly where another does (feature {} = feature {})", role,
                                                    twins, twins == 1 ? "feature stands" : "features stand", example.first,
                                                    example.second));
        } else {
            r.account.in_district = layer.size();
        }
        card.layers.push_back(r);
    }
}

namespace {

/// A family computed whole by prepare(), or by the second thread of compute_split(), into a scorecard of
/// its own.
struct FamilyRun {
    Scorecard card;
    double seconds = 0;
    std::exception_ptr error;  // the second thread's failure (prepare() keeps none)
    bool ran = false;          // computed by prepare()
};

}  // namespace

struct Analysis::Prepared {
    std::vector<FamilyRun> families;           // as indicators::families(); ran: computed by prepare()
    std::optional<std::vector<std::string>> district_warnings;  // the districts' report
};

void Analysis::prepare() {
    auto p = std::make_shared<Prepared>();
    for (const auto& [role, layer] : city_.layers)
        if (layer.kind == GeomKind::Point && role != "residents") district_of(role);
    if (options_.coverage_mode != ModeChoice::Straight) {
        try {
            walk_graph();
        } catch (...) {  // built again, and failing, where compute_scorecard() builds it
        }
    }
    try {
        Scorecard report;
        report_districts(report);
        p->district_warnings = std::move(report.warnings);
    } catch (...) {  // made again by compute_scorecard()
    }
    const auto& all = indicators::families();
    p->families.resize(all.size());
    for (std::size_t k = 0; k < all.size(); ++k) {
        const indicators::Family& family = *all[k];
        if (family.prepare) {
            try {
                family.prepare(*this);
            } catch (...) {  // the family computes it all itself
            }
            continue;
        }
        if (indicators::reads_residents(family)) continue;
        FamilyRun& run = p->families[k];
        run.card.districts.resize(city_.districts.size());
        const auto t0 = std::chrono::steady_clock::now();
        try {
            family.compute(*this, run.card);
        } catch (...) {
            // Left to compute_scorecard(), which computes it (and those after it) in place and fails there
            // if it fails again.
            run = FamilyRun{};
            break;
        }
        run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        run.ran = true;
    }
    prepared_ = std::move(p);
}

std::vector<std::string> Analysis::prepared_families() const {
    std::vector<std::string> out;
    const auto& all = indicators::families();
    for (std::size_t k = 0; k < all.size(); ++k) {
        const std::string id = all[k]->indicators.front().id;
        if ((prepared_ && prepared_->families[k].ran) || kept_.count(id)) out.push_back(id);
    }
    return out;
}

namespace {

/// Puts the scorecard's indicators in the catalog's order (the plan's), those the catalog lacks last.
void order_by_catalog(Scorecard& card, const Catalog& catalog) {
    auto rank = [&](const std::string& id) {
        const auto& all = catalog.all();
        for (std::size_t k = 0; k < all.size(); ++k)
            if (all[k].id == id) return k;
        return all.size();
    };
    std::stable_sort(card.ids.begin(), card.ids.end(),
                     [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
}

}  // namespace

Scorecard compute_scorecard(const City& city, const Catalog& catalog, ScorecardOptions options) {
    Analysis analysis(city, std::move(options));
    return compute_scorecard(analysis, catalog);
}

namespace {

/// Families computed on a second thread while the others compute on the calling one: GEOS and straight-line
/// work (on the 1 M city about 0.08 s beside the walking coverage's 0.19 s). The park family stays on the
/// calling thread when its coverage is walked (it shares the residents' blocks or snaps with fitness).
bool on_side(const indicators::Family& f, const City& city) {
    const std::string& id = f.indicators.front().id;
    if (id == "park_green_per_capita") return city.park_coverage_mode != Measure::Network;
    return id == "toilet_density" || id == "sports_area_per_capita" || id == "health_trail_km";
}

/// Every family into `card`, as if computed one after another in their order: each family on the second
/// thread, and each prepare() computed, writes a scorecard of its own, merged afterwards in the families'
/// order (ids, values, warnings, notes, and the timings, each family's own), and when families fail, the
/// first failing one in that order throws. What the families share of the Analysis is computed here
/// first (the districts of every point layer, the residents' weights), so that both threads only read
/// it; the walking graph, which only this thread's families read, is built here once the second thread
/// has started; the built-up area and the district index are read by families of the second thread alone.
void compute_split(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const auto& all = indicators::families();
    for (const auto& [role, layer] : city.layers)
        if (layer.kind == GeomKind::Point) analysis.district_of(role);
    analysis.resident_weights();

    const Analysis::Prepared* prepared = analysis.prepared_part();
    auto done_before = [&](std::size_t k) -> const FamilyRun* {
        return prepared && prepared->families[k].ran ? &prepared->families[k] : nullptr;
    };
    std::vector<FamilyRun> side(all.size());
    std::vector<std::size_t> side_at;
    for (std::size_t k = 0; k < all.size(); ++k)
        if (!done_before(k) && on_side(*all[k], city)) side_at.push_back(k);
    auto side_run = std::async(std::launch::async, [&] {
        for (std::size_t k : side_at) {
            FamilyRun& d = side[k];
            d.card.districts.resize(city.districts.size());
            const auto t0 = std::chrono::steady_clock::now();
            try {
                all[k]->compute(analysis, d.card);
            } catch (...) {
                d.error = std::current_exception();
                return;  // as one after another: nothing after a failure
            }
            d.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        }
    });
    // The walking graph, built here while the second thread's families (which never walk) compute; not
    // needed in straight-line mode, where no family asks for it. Were it to fail, its error would come
    // first, as when it was built before any family.
    std::exception_ptr graph_error;
    if (analysis.options().coverage_mode != ModeChoice::Straight) {
        try {
            analysis.walk_graph();
        } catch (...) {
            graph_error = std::current_exception();
        }
    }
    // Here: the other families into `card`, each one's ids and time noted.
    struct Range {
        std::size_t b = 0, e = 0;
    };
    std::vector<Range> ids_of(all.size()), warnings_of(all.size()), notes_of(all.size());
    const std::size_t warnings_before = card.warnings.size(), notes_before = card.notes.size();
    std::vector<double> seconds(all.size(), 0);
    std::exception_ptr error = graph_error;
    std::size_t failed = graph_error ? 0 : all.size();
    for (std::size_t k = 0; k < all.size() && !error; ++k) {
        if (done_before(k) || on_side(*all[k], city)) continue;
        const std::size_t b = card.ids.size(), w = card.warnings.size(), n = card.notes.size();
        const auto t0 = std::chrono::steady_clock::now();
        try {
            all[k]->compute(analysis, card);
        } catch (...) {
            error = std::current_exception();
            failed = k;
        }
        seconds[k] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ids_of[k] = {b, card.ids.size()};
        warnings_of[k] = {w, card.warnings.size()};
        notes_of[k] = {n, card.notes.size()};
    }
    side_run.get();
    for (std::size_t k : side_at)
        if (side[k].error && k < failed) {
            error = side[k].error;
            failed = k;
        }
    if (error) std::rethrow_exception(error);

    std::vector<std::string> ids;
    std::vector<std::string> warnings(card.warnings.begin(), card.warnings.begin() + static_cast<std::ptrdiff_t>(warnings_before));
    std::vector<std::string> notes(card.notes.begin(), card.notes.begin() + static_cast<std::ptrdiff_t>(notes_before));
    auto add_range = [](std::vector<std::string>& to, std::vector<std::string>& from, Range r) {
        for (std::size_t i = r.b; i < r.e; ++i) to.push_back(std::move(from[i]));
    };
    auto add_id = [&](const std::string& id) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    };
    // A family's own scorecard (the second thread's, or prepare()'s) merged into `card`.
    auto merge = [&](const FamilyRun& d) {
        const Scorecard& c = d.card;
        for (const std::string& id : c.ids) add_id(id);
        for (std::size_t i = 0; i < c.districts.size(); ++i)
            for (const auto& [id, v] : c.districts[i].values) card.districts[i].values[id] = v;
        for (const auto& [id, v] : c.total.values) card.total.values[id] = v;
        warnings.insert(warnings.end(), c.warnings.begin(), c.warnings.end());
        notes.insert(notes.end(), c.notes.begin(), c.notes.end());
    };
    for (std::size_t k = 0; k < all.size(); ++k) {
        if (const FamilyRun* before = done_before(k)) {
            merge(*before);
            seconds[k] = before->seconds;
        } else if (on_side(*all[k], city)) {
            merge(side[k]);
            seconds[k] = side[k].seconds;
        } else {
            for (std::size_t i = ids_of[k].b; i < ids_of[k].e; ++i) add_id(card.ids[i]);
            add_range(warnings, card.warnings, warnings_of[k]);
            add_range(notes, card.notes, notes_of[k]);
        }
        card.timings.emplace_back(all[k]->indicators.front().id, seconds[k]);
    }
    card.ids = std::move(ids);
    card.warnings = std::move(warnings);
    card.notes = std::move(notes);
}

/// The scorecard of every family, or (with `only`) of the families that compute one of `only`, without
/// the accounting and the districts' report.
Scorecard compute_families(Analysis& analysis, const Catalog& catalog, const std::vector<std::string>* only) {
    const City& city = analysis.city();
    Scorecard card;
    card.districts.resize(city.districts.size());
    for (std::size_t d = 0; d < city.districts.size(); ++d) {
        card.districts[d].name = city.districts.name[d];
        card.districts[d].code = city.districts.code[d];
    }
    card.total.name = "合计";
    card.warnings = city.warnings;
    card.notes = city.notes;

    // The districts' overlaps and gaps (GEOS only, reading the districts) are looked for on another
    // thread while the families compute; their warnings take their place after the builtup one.
    std::future<std::vector<std::string>> district_report;
    std::size_t district_warnings_at = 0;
    if (!only) {
        if (!city.layer("builtup"))
            card.warnings.push_back("builtup: no builtup layer, so each district's built-up area is the whole district");
        district_warnings_at = card.warnings.size();
        const Analysis::Prepared* prepared = analysis.prepared_part();
        if (prepared && prepared->district_warnings)
            district_report = std::async(std::launch::deferred, [w = *prepared->district_warnings] { return w; });
        else
            district_report = std::async(std::launch::async, [&analysis] {
                Scorecard report;
                analysis.report_districts(report);
                return std::move(report.warnings);
            });
    }
    auto clock = std::chrono::steady_clock::now();
    auto stage = [&](const char* name, auto&& f) {
        f();
        const auto now = std::chrono::steady_clock::now();
        card.timings.emplace_back(name, std::chrono::duration<double>(now - clock).count());
        clock = now;
    };
    auto wanted = [&](const indicators::Family& family) {
        if (!only) return true;
        for (const indicators::Indicator& i : family.indicators)
            if (std::find(only->begin(), only->end(), i.id) != only->end()) return true;
        return false;
    };
    if (only) {
        for (const indicators::Family* family : indicators::families())
            if (wanted(*family)) stage(family->indicators.front().id, [&] { family->compute(analysis, card); });
    } else {
        compute_split(analysis, card);
        clock = std::chrono::steady_clock::now();
    }
    if (!only) stage("accounting", [&] { analysis.report_layers(card); });
    if (district_report.valid()) {
        const std::vector<std::string> w = district_report.get();
        card.warnings.insert(card.warnings.begin() + static_cast<std::ptrdiff_t>(district_warnings_at), w.begin(), w.end());
    }
    stage("assessment", [&] { assess_scorecard(card, catalog); });
    order_by_catalog(card, catalog);
    return card;
}

}  // namespace

Scorecard compute_scorecard(Analysis& analysis, const Catalog& catalog) { return compute_families(analysis, catalog, nullptr); }

Scorecard compute_scorecard(Analysis& analysis, const Catalog& catalog, const std::vector<std::string>& only) {
    return compute_families(analysis, catalog, &only);
}

}  // namespace hcgis
