#include "core/site_reach.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hcgis {

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
}

SiteReach::SiteReach(const WalkGraph& graph, std::span<const Snap> residents) : graph_(&graph), snaps_(residents) {
    const std::size_t segs = graph.segment_count();
    seg_start_.assign(segs + 1, 0);
    for (const Snap& s : residents)
        if (s.seg >= 0) ++seg_start_[static_cast<std::size_t>(s.seg) + 1];
    for (std::size_t k = 1; k < seg_start_.size(); ++k) seg_start_[k] += seg_start_[k - 1];
    seg_items_.resize(static_cast<std::size_t>(seg_start_.back()));
    std::vector<std::int32_t> fill(seg_start_.begin(), seg_start_.end() - 1);
    for (std::size_t r = 0; r < residents.size(); ++r)
        if (residents[r].seg >= 0)
            seg_items_[static_cast<std::size_t>(fill[static_cast<std::size_t>(residents[r].seg)]++)] = static_cast<std::int32_t>(r);
    seg_seen_.assign(segs, 0);
}

SiteReach::SiteReach(std::span<const double> rx, std::span<const double> ry) : rx_(rx), ry_(ry) {
    if (rx.empty()) return;
    double maxx = -inf, maxy = -inf;
    minx_ = miny_ = inf;
    for (std::size_t r = 0; r < rx.size(); ++r) {
        minx_ = std::min(minx_, rx[r]), maxx = std::max(maxx, rx[r]);
        miny_ = std::min(miny_, ry[r]), maxy = std::max(maxy, ry[r]);
    }
    // Cells of 250 m, coarser where that would be more than 4 M cells.
    cell_ = std::max(250.0, std::sqrt((maxx - minx_) * (maxy - miny_) / 4e6));
    nx_ = static_cast<std::int64_t>((maxx - minx_) / cell_) + 1;
    ny_ = static_cast<std::int64_t>((maxy - miny_) / cell_) + 1;
    cell_start_.assign(static_cast<std::size_t>(nx_ * ny_) + 1, 0);
    auto cell_of = [&](std::size_t r) {
        const auto i = static_cast<std::int64_t>((rx[r] - minx_) / cell_), j = static_cast<std::int64_t>((ry[r] - miny_) / cell_);
        return static_cast<std::size_t>(j * nx_ + i);
    };
    for (std::size_t r = 0; r < rx.size(); ++r) ++cell_start_[cell_of(r) + 1];
    for (std::size_t c = 1; c < cell_start_.size(); ++c) cell_start_[c] += cell_start_[c - 1];
    cell_items_.resize(rx.size());
    std::vector<std::int32_t> fill(cell_start_.begin(), cell_start_.end() - 1);
    for (std::size_t r = 0; r < rx.size(); ++r) cell_items_[static_cast<std::size_t>(fill[cell_of(r)]++)] = static_cast<std::int32_t>(r);
}

void SiteReach::on_segment(std::int32_t seg, const Snap& from, double budget, std::vector<std::int32_t>& out) {
    const auto s = static_cast<std::size_t>(seg);
    if (seg_seen_[s] == stamp_) return;
    seg_seen_[s] = stamp_;
    const double len = graph_->segment_length(s);
    const double ca = search_.cost[static_cast<std::size_t>(graph_->segment_a(s))];
    const double cb = search_.cost[static_cast<std::size_t>(graph_->segment_b(s))];
    for (auto k = seg_start_[s]; k < seg_start_[s + 1]; ++k) {
        const std::int32_t r = seg_items_[static_cast<std::size_t>(k)];
        const Snap& at = snaps_[static_cast<std::size_t>(r)];
        // As WalkGraph::cost_at: through either end of the segment, or along it from a source on it.
        double best = std::min(ca + at.t * len + at.leg, cb + (1.0 - at.t) * len + at.leg);
        if (seg == from.seg) best = std::min(best, from.leg + std::abs(from.t - at.t) * len + at.leg);
        if (best - budget <= 0) out.push_back(r);  // walk_coverage's bound of 0 on cost - budget
    }
}

void SiteReach::covered(double x, double y, double budget, std::vector<std::int32_t>& out) {
    out.clear();
    if (!(budget > 0)) return;  // as the whole-city computations: a site without budget serves nobody
    if (graph_) {
        const Snap from = graph_->snap(x, y);
        if (from.seg < 0) return;
        graph_->search_local(from, budget, search_);
        if (++stamp_ == 0) {
            std::fill(seg_seen_.begin(), seg_seen_.end(), 0);
            stamp_ = 1;
        }
        on_segment(from.seg, from, budget, out);
        for (std::int32_t n : search_.reached)
            graph_->for_each_segment_at(n, [&](std::int32_t seg) { on_segment(seg, from, budget, out); });
    } else {
        if (rx_.empty()) return;
        const double r2 = budget * budget;
        auto clamp_i = [&](double v, std::int64_t n) {
            return std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor(v / cell_)), 0, n - 1);
        };
        const std::int64_t i0 = clamp_i(x - budget - minx_, nx_), i1 = clamp_i(x + budget - minx_, nx_);
        const std::int64_t j0 = clamp_i(y - budget - miny_, ny_), j1 = clamp_i(y + budget - miny_, ny_);
        for (std::int64_t j = j0; j <= j1; ++j)
            for (std::int64_t i = i0; i <= i1; ++i) {
                const auto c = static_cast<std::size_t>(j * nx_ + i);
                for (auto q = cell_start_[c]; q < cell_start_[c + 1]; ++q) {
                    const std::int32_t r = cell_items_[static_cast<std::size_t>(q)];
                    // As point_coverage, to the bit.
                    const double dx = x - rx_[static_cast<std::size_t>(r)], dy = y - ry_[static_cast<std::size_t>(r)];
                    if (dx * dx + dy * dy <= r2) out.push_back(r);
                }
            }
    }
    std::sort(out.begin(), out.end());
}

}  // namespace hcgis
