#include "core/walk_coverage.h"

#include "core/parallel.h"

#include <limits>

namespace hcgis {

// Cost = distance - budget of the source: a node is within some facility's budget when its cost is
// <= 0, whatever the budgets, so one search serves facilities of every class at once.
std::vector<WalkGraph::Source> walk_sources(std::span<const Snap> facilities, std::span<const double> budget) {
    std::vector<WalkGraph::Source> sources;
    sources.reserve(facilities.size());
    for (std::size_t f = 0; f < facilities.size(); ++f) {
        if (facilities[f].seg < 0 || budget[f] <= 0) continue;
        sources.push_back({facilities[f], -budget[f], static_cast<std::int32_t>(f)});
    }
    return sources;
}

namespace {

/// Every resident's least cost (the field is only read): on every core, in chunks taken in turn;
/// `put(r, from, cost)` for each resident some source reaches within `bound`.
template <class Put>
void each_cost(const WalkGraph& graph, std::span<const WalkGraph::Source> sources, std::span<const Snap> residents,
               double bound, Put put) {
    const WalkGraph::Field field = graph.search(sources, bound);
    parallel_chunks(residents.size(), 50000, 32768, [&](std::size_t begin, std::size_t end) {
        for (std::size_t r = begin; r < end; ++r) {
            std::int32_t from = -1;
            const double cost = graph.cost_at(field, sources, residents[r], bound, from);
            if (from >= 0) put(r, from, cost);
        }
    });
}

}  // namespace

WalkCoverage walk_coverage(const WalkGraph& graph, std::span<const Snap> facilities, std::span<const double> budget,
                           std::span<const Snap> residents, double report_extra) {
    const std::vector<WalkGraph::Source> sources = walk_sources(facilities, budget);
    WalkCoverage out;
    out.covered.assign(residents.size(), 0);
    out.distance.assign(residents.size(), std::numeric_limits<double>::infinity());
    out.facility.assign(residents.size(), -1);
    each_cost(graph, sources, residents, report_extra, [&](std::size_t r, std::int32_t from, double cost) {
        out.facility[r] = from;
        out.distance[r] = cost + budget[static_cast<std::size_t>(from)];
        out.covered[r] = cost <= 1e-9 ? 1 : 0;
    });
    return out;
}

std::vector<std::uint8_t> walk_covered(const WalkGraph& graph, std::span<const Snap> facilities,
                                       std::span<const double> budget, std::span<const Snap> residents) {
    const std::vector<WalkGraph::Source> sources = walk_sources(facilities, budget);
    std::vector<std::uint8_t> covered(residents.size(), 0);
    each_cost(graph, sources, residents, 0.0,
              [&](std::size_t r, std::int32_t, double cost) { covered[r] = cost <= 1e-9 ? 1 : 0; });
    return covered;
}

}  // namespace hcgis
