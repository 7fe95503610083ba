#include "core/walk_coverage.h"

#include "core/parallel.h"

#include <limits>

namespace hcgis {

WalkCoverage walk_coverage(const WalkGraph& graph, std::span<const Snap> facilities, std::span<const double> budget,
                           std::span<const Snap> residents, double report_extra) {
    // Cost = distance - budget of the source: a node is within some facility's budget when its cost is
    // <= 0, whatever the budgets, so one search serves facilities of every class at once.
    std::vector<WalkGraph::Source> sources;
    sources.reserve(facilities.size());
    for (std::size_t f = 0; f < facilities.size(); ++f) {
        if (facilities[f].seg < 0 || budget[f] <= 0) continue;
        sources.push_back({facilities[f], -budget[f], static_cast<std::int32_t>(f)});
    }
    const double bound = report_extra;
    const WalkGraph::Field field = graph.search(sources, bound);

    WalkCoverage out;
    out.covered.assign(residents.size(), 0);
    out.distance.assign(residents.size(), std::numeric_limits<double>::infinity());
    out.facility.assign(residents.size(), -1);
    // Every resident on its own (the field is only read): on every core, in chunks taken in turn.
    parallel_chunks(residents.size(), 50000, 32768, [&](std::size_t begin, std::size_t end) {
        for (std::size_t r = begin; r < end; ++r) {
            std::int32_t from = -1;
            const double cost = graph.cost_at(field, sources, residents[r], bound, from);
            if (from < 0) continue;
            out.facility[r] = from;
            out.distance[r] = cost + budget[static_cast<std::size_t>(from)];
            out.covered[r] = cost <= 1e-9 ? 1 : 0;
        }
    });
    return out;
}

}  // namespace hcgis
