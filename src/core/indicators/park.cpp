#include "core/indicators/park.h"

#include "core/indicators/common.h"
#include "core/indicators/indicator.h"
#include "core/indicators/fitness.h"
#include "core/straight_coverage.h"
#include "core/walk_blocks.h"
#include "core/walk_coverage.h"

#include <limits>
#include <memory>
#include <optional>
#include <unordered_set>

namespace hcgis::indicators {
std::vector<Snap> park_entrances(const WalkGraph& graph, const GEOSGeometry* park, double access_m) {
    std::vector<Snap> out;
    const geos::Envelope e = geos::envelope(park);
    const auto prepared = geos::prepare(park);
    Snap nearest;  // the fallback: the segment point nearest to the park
    // Looks at segment s when it comes within `reach` of the park's envelope.
    auto consider = [&](std::size_t s, double reach) {
        const auto a = static_cast<std::size_t>(graph.segment_a(s)), b = static_cast<std::size_t>(graph.segment_b(s));
        const double ax = graph.node_x(a), ay = graph.node_y(a), bx = graph.node_x(b), by = graph.node_y(b);
        if (std::max(ax, bx) < e.minx - reach || std::min(ax, bx) > e.maxx + reach ||
            std::max(ay, by) < e.miny - reach || std::min(ay, by) > e.maxy + reach)
            return;
        const geos::XY ends[] = {{ax, ay}, {bx, by}};
        const geos::GeomPtr seg = geos::make_line(ends);
        const double d = geos::distance(prepared.get(), seg.get());
        if (d > access_m && d >= nearest.leg) return;
        // The point of the segment nearest the park.
        const auto [x, y] = geos::nearest_point(seg.get(), park);
        double t = 0;
        (void)point_segment_distance(x, y, ax, ay, bx, by, t);
        const Snap at{static_cast<std::int32_t>(s), t, d, x, y};
        if (d <= access_m) out.push_back(at);
        else if (d < nearest.leg) nearest = at;
    };
    for (std::size_t s = 0; s < graph.segment_count(); ++s) consider(s, access_m);
    if (out.empty()) {
        // No road within reach: the nearest one anywhere.
        for (std::size_t s = 0; s < graph.segment_count(); ++s) consider(s, std::numeric_limits<double>::infinity());
        if (nearest.seg >= 0) out.push_back(nearest);
    }
    return out;
}

std::vector<double> park_radii(std::span<const geos::GeomPtr> parks) {
    std::vector<double> radius(parks.size(), 0.0);
    if (parks.empty()) return radius;
    // Parks that meet (overlap or touch, directly or through others) form a group; only a group's parks
    // can make up one whole park of the union, so each group is unioned on its own and a park that
    // meets no other is its own whole. The same wholes as one union of every park, at a fraction of the
    // cost: most parks stand alone.
    geos::StrTree tree;
    for (std::size_t i = 0; i < parks.size(); ++i) tree.insert(parks[i].get(), i);
    std::vector<std::size_t> group(parks.size());
    for (std::size_t i = 0; i < group.size(); ++i) group[i] = i;
    auto root = [&](std::size_t i) {
        while (group[i] != i) i = group[i] = group[group[i]];
        return i;
    };
    for (std::size_t i = 0; i < parks.size(); ++i) {
        const auto prepared = geos::prepare(parks[i].get());
        for (std::size_t j : tree.query(parks[i].get())) {
            if (j <= i || root(i) == root(j) || !geos::intersects(prepared.get(), parks[j].get())) continue;
            group[root(j)] = root(i);
        }
    }
    std::vector<std::vector<std::size_t>> members(parks.size());
    for (std::size_t i = 0; i < parks.size(); ++i) members[root(i)].push_back(i);
    for (const auto& m : members) {
        if (m.empty()) continue;
        // A lone Polygon is its own whole; a lone MultiPolygon's parts may be wholes of their own.
        if (m.size() == 1 && geos::type_id(parks[m[0]].get()) == GEOS_POLYGON) {
            radius[m[0]] = park_service_radius(geos::area(parks[m[0]].get()));
            continue;
        }
        std::vector<const GEOSGeometry*> parts;
        for (std::size_t i : m) parts.push_back(parks[i].get());
        const geos::GeomPtr all = geos::unary_union(parts);
        std::vector<geos::PreparedPtr> whole;
        std::vector<double> area;
        for (const GEOSGeometry* g : geos::parts(all.get())) {
            whole.push_back(geos::prepare(g));
            area.push_back(geos::area(g));
        }
        for (std::size_t i : m) {
            const geos::GeomPtr inside = geos::point_on_surface(parks[i].get());
            for (std::size_t k = 0; k < whole.size(); ++k)
                if (geos::intersects(whole[k].get(), inside.get())) {
                    radius[i] = park_service_radius(area[k]);
                    break;
                }
        }
    }
    return radius;
}

double park_service_radius(double area_m2) {
    if (area_m2 >= 5000.0) return 500.0;
    if (area_m2 >= 2000.0) return 300.0;
    return 0.0;
}

namespace {

/// What the family prepares before the residents are read (Family::prepare): the parks' area in each
/// district, every park's service radius and, when coverage is walked, the entrances' search.
struct Prepared {
    std::optional<std::vector<double>> area;  // made when the districts map a population
    std::vector<double> radius;
    std::optional<WalkSearches> searches;
};

constexpr const char* prepared_key = "park_green_per_capita";

/// The entrances of every park that serves (radius > 0) and each one's budget, its park's radius.
void entrances_of(const WalkGraph& graph, std::span<const geos::GeomPtr> parks, std::span<const double> radius,
                  std::vector<Snap>& entrances, std::vector<double>& budget) {
    for (std::size_t k = 0; k < parks.size(); ++k) {
        if (radius[k] <= 0) continue;
        for (const Snap& e : park_entrances(graph, parks[k].get())) {
            entrances.push_back(e);
            budget.push_back(radius[k]);
        }
    }
}

/// Walking coverage of the parks' service radii: decided per block of residents unless their snaps are
/// made already or will be (fitness.h), against `searches` when prepare() made them.
std::vector<std::uint8_t> park_walk_coverage(Analysis& analysis, std::span<const geos::GeomPtr> parks,
                                             std::span<const double> radius, const WalkSearches* searches) {
    const bool by_blocks = !analysis.resident_snaps_ready() && !analysis.city().walk_network_partial;
    if (by_blocks && searches) return std::move(walk_covered(*searches, analysis.resident_blocks())[0]);
    const WalkGraph& graph = *analysis.walk_graph();
    std::vector<Snap> entrances;
    std::vector<double> budget;
    entrances_of(graph, parks, radius, entrances, budget);
    if (by_blocks) return walk_covered(graph, entrances, budget, analysis.resident_blocks());
    return walk_covered(graph, entrances, budget, analysis.resident_snaps());
}

bool walked(Analysis& analysis) { return analysis.city().park_coverage_mode == Measure::Network && analysis.network_mode(); }

void prepare(Analysis& analysis) {
    const City& city = analysis.city();
    const Layer* parks = city.layer("parks");
    if (!parks) return;
    auto p = std::make_shared<Prepared>();
    if (population(city, 0)) p->area = analysis.union_area_by_district("parks");
    p->radius = park_radii(parks->geoms);
    if (walked(analysis) && !city.walk_network_partial) {
        std::vector<Snap> entrances;
        std::vector<double> budget;
        entrances_of(*analysis.walk_graph(), parks->geoms, p->radius, entrances, budget);
        p->searches.emplace(*analysis.walk_graph(), entrances, std::span<const std::vector<double>>(&budget, 1));
    }
    analysis.keep<Prepared>(prepared_key, std::move(p));
}

void compute(Analysis& analysis, Scorecard& card) {
    const Prepared* ready = analysis.prepared<Prepared>(prepared_key);
    area_per_capita(analysis, card, "park_green_per_capita", "parks", details::park_area_m2,
                    ready && ready->area ? &*ready->area : nullptr);

    const City& city = analysis.city();
    const char* id = "park_service_coverage";
    const Layer* parks = city.layer("parks");
    const Layer* residents = city.layer("residents");
    if (!parks || !residents) {
        not_computed(card, city.districts.size(), {id}, no_layer(!parks ? "parks" : "residents"));
        return;
    }
    const std::vector<double> radius = ready ? ready->radius : park_radii(parks->geoms);
    const auto& weights = analysis.resident_weights();
    if (walked(analysis)) {
        const auto covered = park_walk_coverage(analysis, parks->geoms, radius,
                                                ready && ready->searches ? &*ready->searches : nullptr);
        coverage_values(analysis, card, id, covered, weights, Measure::Network, 0.0);
        return;
    }
    const auto covered = polygon_coverage(parks->geoms, radius, residents->x, residents->y);
    coverage_values(analysis, card, id, covered, weights, Measure::Straight, 0.0);
}

}  // namespace

extern const Family park{
    {{"park_green_per_capita",
      {"parks", "residents"},
      GapRule{&details::park_area_m2, &details::population, 1, "m²", false, "还需公园绿地 {}"}},
     {"park_service_coverage",
      {"parks", "residents"},
      GapRule{&details::covered_population, &details::residents_population, 1, "人", true, "还有 {}未进入公园绿地服务半径"}}},
    compute, prepare};

}  // namespace hcgis::indicators
