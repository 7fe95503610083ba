#include "core/coverage_map.h"
#include "core/error.h"

#include "core/catchment.h"
#include "core/parallel.h"
#include "core/polygon_union.h"
#include "core/indicators/fitness.h"
#include "core/indicators/park.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace hcgis {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

/// Straight-line service: for every resident, the facility with most budget to spare (distance from a
/// point, or from a polygon's edge), reported up to `report_extra` beyond the budget.
WalkCoverage straight_service(std::span<const geos::GeomPtr> shapes, std::span<const double> budget,
                              std::span<const double> rx, std::span<const double> ry, double report_extra) {
    WalkCoverage out;
    out.covered.assign(rx.size(), 0);
    out.distance.assign(rx.size(), inf);
    out.facility.assign(rx.size(), -1);
    geos::StrTree tree;
    std::vector<geos::GeomPtr> boxes;
    for (std::size_t k = 0; k < shapes.size(); ++k) {
        const geos::Envelope e = geos::envelope(shapes[k].get());
        const double r = budget[k] + report_extra;
        boxes.push_back(geos::make_rectangle(e.minx - r, e.miny - r, e.maxx + r, e.maxy + r));
        tree.insert(boxes.back().get(), k);
    }
    if (shapes.empty()) return out;
    for (std::size_t i = 0; i < rx.size(); ++i) {
        const geos::GeomPtr pt = geos::make_point(rx[i], ry[i]);
        double best_slack = inf;
        for (std::size_t k : tree.query(pt.get())) {
            const double d = geos::distance(shapes[k].get(), pt.get());
            const double slack = d - budget[k];
            if (slack <= report_extra && slack < best_slack) {
                best_slack = slack;
                out.facility[i] = static_cast<std::int32_t>(k);
                out.distance[i] = d;
            }
        }
        out.covered[i] = best_slack <= 1e-9 ? 1 : 0;
    }
    return out;
}

/// Each facility's budget: its own radius, or the same walking time for all.
std::vector<double> budgets(const City& city, const Layer& facilities, const CoverageOptions& options) {
    if (options.minutes) return std::vector<double>(facilities.size(), *options.minutes * city.walk_speed_m_per_min);
    if (options.facility == "fitness") return indicators::fitness_budgets(city, city.walk_speed_m_per_min);
    if (options.facility == "parks") return indicators::park_radii(facilities.geoms);
    return std::vector<double>(facilities.size(), city.toilet_service_radius_m);
}

/// Residents' walks and catchments on the network: every facility enters it at its snap, a park at its
/// entrances; the residents first (options.residents_ready is told), then catchments facility by facility
/// on every core (each thread has its own GEOS context), each drawn from its parts, which `parts` keeps.
template <class Lap>
void on_network(Analysis& a, const Layer& facilities, const std::vector<geos::GeomPtr>& shapes,
                const CoverageOptions& options, double max_budget, CoverageMap& map, std::vector<CatchmentParts>& parts,
                Lap& lap) {
    const bool parks = options.facility == "parks";
    const WalkGraph& graph = *a.walk_graph();
    // Every facility enters the network somewhere: a point at its snap, a park at its entrances.
    std::vector<Snap> entries;
    std::vector<double> entry_budget;
    std::vector<std::int32_t> entry_of;
    std::vector<std::vector<Snap>> at(shapes.size());
    for (std::size_t k = 0; k < shapes.size(); ++k) {
        at[k] = parks ? indicators::park_entrances(graph, shapes[k].get())
                      : std::vector<Snap>{graph.snap(facilities.x[k], facilities.y[k])};
        for (const Snap& s : at[k]) {
            entries.push_back(s);
            entry_budget.push_back(map.budget[k]);
            entry_of.push_back(static_cast<std::int32_t>(k));
        }
    }
    lap("entrances");
    map.residents = walk_coverage(graph, entries, entry_budget, a.resident_snaps(), max_budget);
    for (auto& f : map.residents.facility)
        if (f >= 0) f = entry_of[static_cast<std::size_t>(f)];
    lap("residents");
    if (options.residents_ready) options.residents_ready(map);
    // Catchments facility by facility, on every core (each thread has its own GEOS context): a facility's
    // parts are those of all its entrances.
    map.catchment.resize(shapes.size());
    parts.resize(shapes.size());
    auto work = [&](std::size_t k) {
        std::vector<CatchmentParts> each;
        if (map.budget[k] > 0)
            for (const Snap& s : at[k]) each.push_back(catchment_parts(graph, s, map.budget[k], options.half_width_m));
        parts[k] = each.size() == 1 ? std::move(each.front()) : merge_parts(each);
        map.catchment[k] = catchment_polygon(graph, parts[k], options.half_width_m);
    };
    // Facilities taken one by one by each thread as it comes free (their catchments' sizes vary), on the
    // cores the caller leaves.
    take_in_turn(shapes.size(), shapes.size() < 16 ? 1 : pool_threads(shapes.size(), options.cores_taken), work);
    lap("catchments");
}

}  // namespace

CoverageMap coverage_map(Analysis& analysis, const CoverageOptions& options) {
    CoverageMap map;
    coverage_map(analysis, options, map);
    return map;
}

void coverage_map(Analysis& analysis, const CoverageOptions& options, CoverageMap& map) {
    const City& city = analysis.city();
    const Layer* facilities = city.layer(options.facility);
    const Layer* residents = city.layer("residents");
    if (options.facility != "fitness" && options.facility != "parks" && options.facility != "toilets")
        throw UsageError("coverage: --facility is fitness, parks or toilets, not \"" + options.facility + "\"");
    if (!facilities) throw InputError(in_file(city.origin), "coverage: the project has no " + options.facility + " layer");
    if (!residents) throw InputError(in_file(city.origin), "coverage: the project has no residents layer");

    map = CoverageMap{};
    StageClock clock(map.timings);
    auto lap = [&](const char* stage) { clock.lap(stage); };
    map.facility = options.facility;
    map.half_width_m = options.half_width_m;
    Analysis& a = analysis;
    // Parks follow the project's park_coverage_mode unless a mode was asked for.
    const bool parks_straight = options.facility == "parks" && a.options().coverage_mode == ModeChoice::Auto &&
                                city.park_coverage_mode == Measure::Straight;
    const bool network = !parks_straight && a.network_mode();
    map.mode = network ? Measure::Network : Measure::Straight;

    const bool parks = options.facility == "parks";
    map.budget = budgets(city, *facilities, options);
    const double max_budget = map.budget.empty() ? 0.0 : *std::max_element(map.budget.begin(), map.budget.end());

    // Facilities as shapes (points or park polygons), for straight distances and straight catchments.
    std::vector<geos::GeomPtr> shapes;
    if (parks) {
        for (const auto& g : facilities->geoms) shapes.push_back(geos::clone(g.get()));
    } else {
        for (std::size_t k = 0; k < facilities->size(); ++k) shapes.push_back(geos::make_point(facilities->x[k], facilities->y[k]));
    }

    const std::size_t cores = core_count();
    if (network) {
        std::vector<CatchmentParts> parts;
        on_network(a, *facilities, shapes, options, max_budget, map, parts, lap);
        if (options.catchments_ready) options.catchments_ready(map);
        // The union from the catchments' parts merged, not from their polygons: the same point set.
        map.all = catchments_union(*a.walk_graph(), parts, options.half_width_m, cores,
                                   {options.cores_taken, options.taken_until});
    } else {
        map.residents = straight_service(shapes, map.budget, residents->x, residents->y, max_budget);
        lap("residents");
        if (options.residents_ready) options.residents_ready(map);
        for (std::size_t k = 0; k < shapes.size(); ++k)
            map.catchment.push_back(map.budget[k] > 0
                                        ? geos::buffer(shapes[k].get(), map.budget[k], 16)
                                        : geos::empty_polygon());
        lap("catchments");
        std::vector<const GEOSGeometry*> raw;
        for (const auto& c : map.catchment)
            if (!geos::is_empty(c.get())) raw.push_back(c.get());
        // The union on every core: the catchments in runs west to east, a run a core, the runs joined. The
        // union reads the catchments on several threads, so they are handed to the writer only after it
        // (GEOS fills some of a geometry's caches when first asked).
        map.all = union_on_cores(raw, cores);
    }
    lap("union");
    if (!network && options.catchments_ready) options.catchments_ready(map);
}

}  // namespace hcgis
