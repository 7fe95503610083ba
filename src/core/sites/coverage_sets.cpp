#include "core/sites/coverage_sets.h"

#include "core/parallel.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace hcgis::sites {

CoverageSets walking_sets(const WalkGraph& graph, std::span<const Snap> candidates, std::span<const Snap> residents,
                          double budget, bool with_distance) {
    // Residents by the segment they stand on (CSR), so a search only looks at the segments it reaches.
    const std::size_t segs = graph.segment_count();
    std::vector<std::int32_t> offset(segs + 1, 0), items;
    for (const Snap& r : residents)
        if (r.seg >= 0) ++offset[static_cast<std::size_t>(r.seg) + 1];
    for (std::size_t s = 0; s < segs; ++s) offset[s + 1] += offset[s];
    items.resize(static_cast<std::size_t>(offset[segs]));
    {
        std::vector<std::int32_t> fill(offset.begin(), offset.end() - 1);
        for (std::size_t i = 0; i < residents.size(); ++i)
            if (residents[i].seg >= 0)
                items[static_cast<std::size_t>(fill[static_cast<std::size_t>(residents[i].seg)]++)] = static_cast<std::int32_t>(i);
    }

    CoverageSets out;
    out.covers.resize(candidates.size());
    if (with_distance) out.distance.resize(candidates.size());
    auto work = [&](std::size_t begin, std::size_t end) {
        WalkGraph::LocalSearch search;
        std::vector<std::int32_t> seen_at(segs, -1);  // last candidate that looked at a segment
        std::vector<std::pair<std::int32_t, float>> found;
        for (std::size_t j = begin; j < end; ++j) {
            const Snap& c = candidates[j];
            if (c.seg < 0 || c.leg > budget) continue;
            graph.search_local(c, budget, search);
            found.clear();
            auto& cover = out.covers[j];
            auto look = [&](std::int32_t s) {
                const auto k = static_cast<std::size_t>(s);
                if (seen_at[k] == static_cast<std::int32_t>(j)) return;
                seen_at[k] = static_cast<std::int32_t>(j);
                const auto a = static_cast<std::size_t>(graph.segment_a(k)), b = static_cast<std::size_t>(graph.segment_b(k));
                const double len = graph.segment_length(k);
                for (auto q = offset[k]; q < offset[k + 1]; ++q) {
                    const auto r = static_cast<std::size_t>(items[static_cast<std::size_t>(q)]);
                    const Snap& at = residents[r];
                    double best = std::min(search.cost[a] + at.t * len, search.cost[b] + (1.0 - at.t) * len);
                    if (s == c.seg) best = std::min(best, c.leg + std::abs(c.t - at.t) * len);
                    if (best + at.leg > budget) continue;
                    if (with_distance) found.emplace_back(static_cast<std::int32_t>(r), static_cast<float>(best + at.leg));
                    else cover.push_back(static_cast<std::int32_t>(r));
                }
            };
            look(c.seg);
            for (std::int32_t n : search.reached) graph.for_each_segment_at(n, look);
            if (!with_distance) {
                std::sort(cover.begin(), cover.end());
                continue;
            }
            std::sort(found.begin(), found.end());
            cover.reserve(found.size());
            out.distance[j].reserve(found.size());
            for (const auto& f : found) {
                cover.push_back(f.first);
                out.distance[j].push_back(f.second);
            }
        }
    };
    parallel_for(candidates.size(), 64, work);
    return out;
}

CoverageSets straight_sets(std::span<const double> cx, std::span<const double> cy, std::span<const double> rx,
                           std::span<const double> ry, double budget, bool with_distance) {
    CoverageSets out;
    out.covers.resize(cx.size());
    if (with_distance) out.distance.resize(cx.size());
    if (cx.empty() || budget <= 0) return out;
    // Residents in a grid of cells one budget wide.
    std::unordered_map<std::int64_t, std::vector<std::int32_t>> grid;
    auto key = [&](double x, double y) {
        return (static_cast<std::int64_t>(std::floor(x / budget)) << 32) ^
               (static_cast<std::int64_t>(std::floor(y / budget)) & 0xffffffff);
    };
    for (std::size_t i = 0; i < rx.size(); ++i) grid[key(rx[i], ry[i])].push_back(static_cast<std::int32_t>(i));
    for (std::size_t j = 0; j < cx.size(); ++j) {
        const auto ci = static_cast<std::int64_t>(std::floor(cx[j] / budget)), cj = static_cast<std::int64_t>(std::floor(cy[j] / budget));
        std::vector<std::pair<std::int32_t, float>> found;
        for (std::int64_t di = -1; di <= 1; ++di)
            for (std::int64_t dj = -1; dj <= 1; ++dj) {
                auto it = grid.find(((ci + di) << 32) ^ ((cj + dj) & 0xffffffff));
                if (it == grid.end()) continue;
                for (std::int32_t r : it->second)
                    if (const double d = std::hypot(rx[static_cast<std::size_t>(r)] - cx[j], ry[static_cast<std::size_t>(r)] - cy[j]); d <= budget)
                        found.emplace_back(r, static_cast<float>(d));
            }
        std::sort(found.begin(), found.end());
        for (const auto& f : found) out.covers[j].push_back(f.first);
        if (with_distance)
            for (const auto& f : found) out.distance[j].push_back(f.second);
    }
    return out;
}

}  // namespace hcgis::sites
