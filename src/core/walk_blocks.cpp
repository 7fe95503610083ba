#include "core/walk_blocks.h"

#include "core/parallel.h"
#include "core/walk_coverage.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace hcgis {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
// The cost of a segment end the search did not reach: a finite stand-in for +inf, so that the bounds
// need no branches (a sum with it stays far above any margin, and it never wins a min).
constexpr double unreached = 1e300;

// A block of the bucketing grid is this many snap cells a side.
constexpr std::int64_t cells_per_block = 1;
// A block of at most this many points is not split: its points are bounded one by one.
constexpr std::size_t leaf_points = 32;
// Splitting stops here whatever the count (points at one place, or closer than rounding can tell apart).
constexpr int max_depth = 24;
// Searches settled in one pass over the blocks (more are taken in turns).
constexpr std::size_t max_fields = 8;

double sq(double v) { return v * v; }

/// A segment that may hold the snap of some point of a block, as snap() reads it.
/// The bounding box of points: x0, y0, x1, y1.
std::array<double, 4> box_of(std::span<const PointBlocks::Point> pts) {
    std::array<double, 4> b{inf, inf, -inf, -inf};
    for (const auto& p : pts) {
        b[0] = std::min(b[0], p.x);
        b[1] = std::min(b[1], p.y);
        b[2] = std::max(b[2], p.x);
        b[3] = std::max(b[3], p.y);
    }
    return b;
}

struct Seg {
    double ax, ay, dx, dy;  // its first node, and its second less its first
    double inv2;            // 1 / (dx² + dy²)
    double nx, ny;          // its unit normal
    double len;             // its length, as the graph has it
    bool degenerate;        // too short for the fractions and the normal (inv2 or the normal not finite)
};

/// Segment `seg` of `g` as the bounds read it.
Seg seg_of(const WalkGraph& g, std::int32_t seg) {
    const auto s = static_cast<std::size_t>(seg);
    const auto a = static_cast<std::size_t>(g.segment_a(s)), b = static_cast<std::size_t>(g.segment_b(s));
    Seg c{};
    c.ax = g.node_x(a);
    c.ay = g.node_y(a);
    c.dx = g.node_x(b) - c.ax;
    c.dy = g.node_y(b) - c.ay;
    c.inv2 = 1.0 / (c.dx * c.dx + c.dy * c.dy);
    c.len = g.segment_length(s);
    c.nx = -c.dy / c.len;
    c.ny = c.dx / c.len;
    c.degenerate = !(std::isfinite(c.inv2) && std::isfinite(c.nx) && std::isfinite(c.ny));
    return c;
}

/// Where a box lies against a segment: the unclamped fraction along it of the box's centre and its
/// spread over the box (u ± eu), and the centre's offset from the segment's line and its spread (v ± ev).
/// Each range is exact: the centre's value ± the half-extents against the direction.
struct Across {
    double u, eu, v, ev;
};

Across across(const Seg& c, double cx, double cy, double hx, double hy) {
    const double rx = cx - c.ax, ry = cy - c.ay;
    return {(rx * c.dx + ry * c.dy) * c.inv2, (hx * std::abs(c.dx) + hy * std::abs(c.dy)) * c.inv2,
            std::abs(rx * c.nx + ry * c.ny), hx * std::abs(c.nx) + hy * std::abs(c.ny)};
}

/// The square of the largest distance from the box to the segment: the offset from its line and the
/// overshoot along it, each at its largest over the box.
double far2(const Seg& c, const Across& a) {
    const double beyond = std::max({0.0, a.eu - a.u, a.u + a.eu - 1.0});
    return sq(a.v + a.ev) + sq(beyond * c.len);
}

/// The largest distance from the box of centre (cx, cy) and half-extents (hx, hy) to segment c, as
/// Decider::block bounds it; +inf for a segment too short for the arithmetic.
double largest_distance(const Seg& c, double cx, double cy, double hx, double hy) {
    return c.degenerate ? inf : std::sqrt(far2(c, across(c, cx, cy, hx, hy)));
}

/// What one search gives at a candidate: the cost at its two ends and the sources on it.
struct Ends {
    double ca, cb;                    // `unreached` where the search did not reach
    std::int32_t src_begin, src_end;  // field.on_segment[src_begin .. src_end)
};

/// One search as the bounds read it: c(t) along a candidate = min(ca + t len, cb + (1 - t) len, and for
/// each source on it offset + leg + |t_source - t| len), as cost_at() adds it up.
struct Search {
    WalkGraph::Field field;
    std::vector<WalkGraph::Source> sources;

    const WalkGraph::Source& source(std::int32_t k) const {
        return sources[static_cast<std::size_t>(field.on_segment[static_cast<std::size_t>(k)].second)];
    }
    double at(const Seg& g, const Ends& e, double t) const {
        double best = std::min(e.ca + t * g.len, e.cb + (1.0 - t) * g.len);
        for (auto k = e.src_begin; k < e.src_end; ++k) {
            const auto& s = source(k);
            best = std::min(best, s.offset + s.at.leg + std::abs(s.at.t - t) * g.len);
        }
        return best;
    }
    /// At most c(t) for every t in [t0, t1].
    double least(const Seg& g, const Ends& e, double t0, double t1) const {
        double best = std::min(e.ca + t0 * g.len, e.cb + (1.0 - t1) * g.len);
        for (auto k = e.src_begin; k < e.src_end; ++k) {
            const auto& s = source(k);
            best = std::min(best, s.offset + s.at.leg + std::max({t0 - s.at.t, s.at.t - t1, 0.0}) * g.len);
        }
        return best;
    }
    /// At least c(t) for every t in [t0, t1]: the ends' part, min(ca + t len, cb + (1 - t) len), is
    /// concave and highest where its two lines cross; a source's part is highest at an end of the range.
    double most(const Seg& g, const Ends& e, double t0, double t1) const {
        const double t = std::clamp((e.cb - e.ca + g.len) / (2.0 * g.len), t0, t1);
        double best = std::min(e.ca + t * g.len, e.cb + (1.0 - t) * g.len);
        for (auto k = e.src_begin; k < e.src_end; ++k) {
            const auto& s = source(k);
            best = std::min(best, s.offset + s.at.leg + std::max(std::abs(s.at.t - t0), std::abs(s.at.t - t1)) * g.len);
        }
        return best;
    }
};

/// What one block learns of one candidate: the smallest distance from the block's box to it (squared in
/// the first pass), and the range of fractions the box projects to.
struct Seen {
    double near, t0, t1;
};

/// One thread's work on whole blocks of the bucketing grid, for several searches at once: the geometry
/// (candidates, distances, the quadtree) is shared, the bounds are each search's own.
class Decider {
public:
    Decider(const WalkGraph& g, std::span<const Search> searches, double margin,
            std::span<std::vector<std::uint8_t>> covered)
        : g_(g), searches_(searches), nf_(searches.size()), m_(margin), covered_(covered) {}

    /// Settles the points of block k of the bucketing grid.
    void root(const PointBlocks& points, std::size_t k);
    /// Snaps and costs one point as walk_covered() does, for the searches in `mask`.
    void exact(const PointBlocks::Point& p, unsigned mask);
    BlockStats stats;

private:
    void block(std::span<PointBlocks::Point> pts, int depth, unsigned mask, double reach);
    void one(const PointBlocks::Point& p, std::span<const std::int32_t> cands, unsigned mask);
    void add(std::int32_t seg);
    const Ends& ends(std::int32_t cand, std::size_t f) const { return ends_[static_cast<std::size_t>(cand) * nf_ + f]; }

    const WalkGraph& g_;
    std::span<const Search> searches_;
    std::size_t nf_;
    double m_;
    std::span<std::vector<std::uint8_t>> covered_;
    std::vector<PointBlocks::Point> pts_;
    std::vector<Seg> segs_;                         // the root's candidates
    std::vector<Ends> ends_;                        // and each search's costs on them, nf_ a candidate
    std::vector<std::vector<std::int32_t>> level_;  // level_[k]: the candidates of the block at depth k
    std::vector<Seen> seen_;
    std::vector<std::uint32_t> taken_;  // taken_[s] == roots_: segment s is a candidate of this root
    std::uint32_t roots_ = 0;
};

void Decider::add(std::int32_t seg) {
    const auto s = static_cast<std::size_t>(seg);
    const auto a = static_cast<std::size_t>(g_.segment_a(s)), b = static_cast<std::size_t>(g_.segment_b(s));
    segs_.push_back(seg_of(g_, seg));
    for (const Search& search : searches_) {
        const WalkGraph::Field& field = search.field;
        Ends e{};
        e.ca = field.cost[a] == inf ? unreached : field.cost[a];
        e.cb = field.cost[b] == inf ? unreached : field.cost[b];
        if (field.has_source[s / 64] >> (s % 64) & 1) {
            const auto& on = field.on_segment;
            const auto lo = std::lower_bound(on.begin(), on.end(), std::pair{seg, std::int32_t{-1}});
            auto hi = lo;
            while (hi != on.end() && hi->first == seg) ++hi;
            e.src_begin = static_cast<std::int32_t>(lo - on.begin());
            e.src_end = static_cast<std::int32_t>(hi - on.begin());
        }
        ends_.push_back(e);
    }
}

void Decider::exact(const PointBlocks::Point& p, unsigned mask) {
    const Snap at = g_.snap(p.x, p.y);
    for (std::size_t f = 0; f < nf_; ++f) {
        if (!(mask >> f & 1)) continue;
        std::int32_t from = -1;
        const double cost = g_.cost_at(searches_[f].field, searches_[f].sources, at, 0.0, from);
        covered_[f][static_cast<std::size_t>(p.index)] = from >= 0 && cost <= 1e-9 ? 1 : 0;
        ++stats.snapped;
    }
}

void Decider::root(const PointBlocks& points, std::size_t k) {
    const auto b = static_cast<std::size_t>(points.offset[k]), e = static_cast<std::size_t>(points.offset[k + 1]);
    if (b == e) return;
    pts_.assign(points.points.get() + b, points.points.get() + e);
    const auto [x0, y0, x1, y1] = box_of(pts_);
    const double cell = g_.grid_cell();
    auto col = [&](double x) {
        return std::clamp(static_cast<std::int64_t>(std::floor((x - g_.grid_x0()) / cell)), std::int64_t{0}, g_.grid_columns() - 1);
    };
    auto row = [&](double y) {
        return std::clamp(static_cast<std::int64_t>(std::floor((y - g_.grid_y0()) / cell)), std::int64_t{0}, g_.grid_rows() - 1);
    };
    // Every point of the box lies within r of the network, so its snap lies on a segment that meets the
    // box grown by r, and such a segment is listed in one of the snap grid's cells the grown box
    // overlaps. r: the least largest distance from the box to a segment listed in the snap cell of its
    // centre (a point is no farther from the network than from that segment), or where that cell lists
    // no segment fit for the arithmetic, the centre's distance to the network and half the diagonal;
    // with the margin for rounding.
    const double cx = 0.5 * (x0 + x1), cy = 0.5 * (y0 + y1), hx = 0.5 * (x1 - x0), hy = 0.5 * (y1 - y0);
    double reach = inf;
    for (std::int32_t s : g_.cell_segments(col(cx), row(cy))) reach = std::min(reach, largest_distance(seg_of(g_, s), cx, cy, hx, hy));
    if (!(reach < inf)) reach = g_.snap(cx, cy).leg + std::hypot(hx, hy);
    const double r = reach + m_;
    if (level_.empty()) {
        level_.resize(max_depth + 2);
        taken_.assign(g_.segment_count(), 0);
    }
    ++roots_;
    segs_.clear();
    ends_.clear();
    level_[0].clear();
    const std::int64_t i0 = col(x0 - r), i1 = col(x1 + r), j0 = row(y0 - r), j1 = row(y1 + r);
    for (std::int64_t j = j0; j <= j1; ++j)
        for (std::int64_t i = i0; i <= i1; ++i)
            for (std::int32_t s : g_.cell_segments(i, j)) {
                // A segment listed in several of these cells is taken once,
                auto& mark = taken_[static_cast<std::size_t>(s)];
                if (mark == roots_) continue;
                mark = roots_;
                // nor one whose bounding box stays more than r clear of the box.
                const auto a = static_cast<std::size_t>(g_.segment_a(static_cast<std::size_t>(s)));
                const auto c = static_cast<std::size_t>(g_.segment_b(static_cast<std::size_t>(s)));
                if (std::min(g_.node_x(a), g_.node_x(c)) > x1 + r || std::max(g_.node_x(a), g_.node_x(c)) < x0 - r ||
                    std::min(g_.node_y(a), g_.node_y(c)) > y1 + r || std::max(g_.node_y(a), g_.node_y(c)) < y0 - r)
                    continue;
                level_[0].push_back(static_cast<std::int32_t>(segs_.size()));
                add(s);
            }
    block(pts_, 0, (1u << nf_) - 1, r);
}

void Decider::block(std::span<PointBlocks::Point> pts, int depth, unsigned mask, double reach) {
    ++stats.blocks;
    const std::vector<std::int32_t>& cands = level_[static_cast<std::size_t>(depth)];
    const auto [x0, y0, x1, y1] = box_of(pts);
    const double cx = 0.5 * (x0 + x1), cy = 0.5 * (y0 + y1), hx = 0.5 * (x1 - x0), hy = 0.5 * (y1 - y0);
    // First pass: how far each candidate is from the box, at most and at least, and the fractions the
    // box projects to. A point's squared distance to a segment is that to its line plus that along the
    // line beyond the segment's nearer end; over the box both are functions of two affine ones (the
    // offset from the line and the unclamped fraction), whose ranges over the box are exact: the
    // centre's value ± the half-extents against the direction.
    // Every point of the box lies at most `reach` from the network (the enclosing block's bound, or
    // the largest distance from the box to a candidate where that is less).
    seen_.resize(cands.size());
    double reach2 = sq(reach);
    for (std::size_t k = 0; k < cands.size(); ++k) {
        const Seg& c = segs_[static_cast<std::size_t>(cands[k])];
        const Across a = across(c, cx, cy, hx, hy);
        const double beyond_near = std::max({0.0, -a.u - a.eu, a.u - a.eu - 1.0});
        Seen& s = seen_[k];
        s.near = sq(std::max(0.0, a.v - a.ev)) + sq(beyond_near * c.len);
        s.t0 = std::clamp(a.u - a.eu, 0.0, 1.0);
        s.t1 = std::clamp(a.u + a.eu, 0.0, 1.0);
        reach2 = std::min(reach2, far2(c, a));
    }
    // The candidates that may hold a point's snap: no farther from the box than `reach`, with the
    // margin for rounding.
    std::vector<std::int32_t>& kept = level_[static_cast<std::size_t>(depth) + 1];
    kept.clear();
    reach = std::sqrt(reach2);
    const double keep2 = sq(reach + m_);
    std::size_t n = 0;
    for (std::size_t k = 0; k < cands.size(); ++k) {
        if (seen_[k].near > keep2) continue;
        kept.push_back(cands[k]);
        Seen& s = seen_[n++];
        s = seen_[k];
        s.near = std::sqrt(s.near);
    }
    // A segment too short for the bounds' arithmetic (its NaNs would drop out of the min and max below)
    // may hold snaps too (it is kept: NaN is not beyond keep2): its block's points are costed exactly.
    const bool degenerate = std::any_of(kept.begin(), kept.end(), [&](std::int32_t s) { return segs_[static_cast<std::size_t>(s)].degenerate; });
    if (kept.empty() || degenerate) {  // (none kept cannot happen with a graph that has segments)
        for (const auto& p : pts) exact(p, mask);
        return;
    }
    // Each search's bounds on the cost of every point of the box: at least the least over the
    // candidates of the distance and the least cost on the fractions; at most `reach` (no point is
    // farther from its snap) and the largest cost on the fractions of any candidate.
    for (std::size_t f = 0; f < nf_; ++f) {
        if (!(mask >> f & 1)) continue;
        const Search& search = searches_[f];
        double hi = -inf, lo = inf;
        for (std::size_t k = 0; k < n; ++k) {
            const Seen& s = seen_[k];
            const Seg& c = segs_[static_cast<std::size_t>(kept[k])];
            const Ends& e = ends(kept[k], f);
            hi = std::max(hi, search.most(c, e, s.t0, s.t1));
            lo = std::min(lo, s.near + search.least(c, e, s.t0, s.t1));
        }
        hi += reach;
        if (hi <= -m_ || lo > m_) {
            if (hi <= -m_)
                for (const auto& p : pts) covered_[f][static_cast<std::size_t>(p.index)] = 1;
            stats.by_block += pts.size();
            mask &= ~(1u << f);
        }
    }
    if (!mask) return;
    if (pts.size() <= leaf_points || depth + 1 >= max_depth || (hx == 0 && hy == 0)) {
        for (const auto& p : pts) one(p, kept, mask);
        return;
    }
    // Four quarters about the box's centre.
    auto below = std::partition(pts.begin(), pts.end(), [&](const auto& p) { return p.y < cy; });
    auto left0 = std::partition(pts.begin(), below, [&](const auto& p) { return p.x < cx; });
    auto left1 = std::partition(below, pts.end(), [&](const auto& p) { return p.x < cx; });
    const auto at = [&](auto it) { return static_cast<std::size_t>(it - pts.begin()); };
    const std::size_t cut[5] = {0, at(left0), at(below), at(left1), pts.size()};
    for (int q = 0; q < 4; ++q)
        if (cut[q + 1] > cut[q]) block(pts.subspan(cut[q], cut[q + 1] - cut[q]), depth + 1, mask, reach);
}

void Decider::one(const PointBlocks::Point& p, std::span<const std::int32_t> cands, unsigned mask) {
    // The same bounds for a box that is one point: the nearest segments (within the margin) are those
    // its snap may be on, each with the cost the point would have there.
    double reach2 = inf;
    seen_.resize(cands.size());
    for (std::size_t k = 0; k < cands.size(); ++k) {
        const Seg& c = segs_[static_cast<std::size_t>(cands[k])];
        const double rx = p.x - c.ax, ry = p.y - c.ay;
        const double t = std::clamp((rx * c.dx + ry * c.dy) * c.inv2, 0.0, 1.0);
        seen_[k].near = sq(t * c.dx - rx) + sq(t * c.dy - ry);
        seen_[k].t0 = t;
        reach2 = std::min(reach2, seen_[k].near);
    }
    const double keep2 = sq(std::sqrt(reach2) + m_);
    std::array<double, max_fields> hi, lo;
    hi.fill(-inf);
    lo.fill(inf);
    for (std::size_t k = 0; k < cands.size(); ++k) {
        if (seen_[k].near > keep2) continue;
        const double d = std::sqrt(seen_[k].near);
        const Seg& c = segs_[static_cast<std::size_t>(cands[k])];
        for (std::size_t f = 0; f < nf_; ++f) {
            if (!(mask >> f & 1)) continue;
            const double cost = d + searches_[f].at(c, ends(cands[k], f), seen_[k].t0);
            hi[f] = std::max(hi[f], cost);
            lo[f] = std::min(lo[f], cost);
        }
    }
    for (std::size_t f = 0; f < nf_; ++f) {
        if (!(mask >> f & 1) || !(hi[f] <= -m_ || lo[f] > m_)) continue;
        covered_[f][static_cast<std::size_t>(p.index)] = hi[f] <= -m_ ? 1 : 0;
        ++stats.by_point;
        mask &= ~(1u << f);
    }
    if (mask) exact(p, mask);
}

void settle(const WalkGraph& graph, std::span<const Search> searches, const PointBlocks& points,
            std::span<std::vector<std::uint8_t>> covered, BlockStats& stats) {
    // Rounding in any of the distances, fractions and sums compared here is a few units in the last
    // place of the coordinates (and of the costs, at most a budget away from 0): a few times 1e-16 of
    // their magnitude. The margin is 1e-9 of it (4 mm at projected coordinates of 4,000 km), over a
    // million times more; a point whose cost lies within it of 0 is costed exactly.
    double most_budget = 0;
    for (const Search& s : searches)
        for (const auto& src : s.sources)
            if (std::isfinite(src.offset)) most_budget = std::max(most_budget, std::abs(src.offset) + src.at.leg);
    const double margin = 1e-9 * (points.magnitude + most_budget) + 1e-12;
    std::atomic<std::size_t> by_block{0}, by_point{0}, snapped{0}, blocks{0};
    const std::size_t roots = points.offset.size() - 1;
    // Chunks of a thirty-second of the blocks (each chunk clears a mark a segment).
    parallel_chunks(roots, 64, std::max<std::size_t>(64, roots / 32), [&](std::size_t b, std::size_t e) {
        Decider d(graph, searches, margin, covered);
        for (std::size_t k = b; k < e; ++k) d.root(points, k);
        by_block += d.stats.by_block;
        by_point += d.stats.by_point;
        snapped += d.stats.snapped;
        blocks += d.stats.blocks;
    });
    // Points off the blocks' grid (far off the network, where a snap is the slowest), on every core
    // when there are many.
    const std::size_t apart = points.apart.size();
    parallel_chunks(apart, 4096, std::max<std::size_t>(2048, apart / 16), [&](std::size_t b, std::size_t e) {
        Decider d(graph, searches, margin, covered);
        for (std::size_t k = b; k < e; ++k) {
            const std::int32_t i = points.apart[k];
            d.exact({points.x[static_cast<std::size_t>(i)], points.y[static_cast<std::size_t>(i)], i}, (1u << searches.size()) - 1);
        }
        snapped += d.stats.snapped;
    });
    stats.by_block += by_block;
    stats.by_point += by_point;
    stats.snapped += snapped;
    stats.blocks += blocks;
}

}  // namespace

PointBlocks::PointBlocks(const WalkGraph& g, std::span<const double> px, std::span<const double> py)
    : graph(&g), x(px), y(py), count(px.size()) {
    offset.assign(1, 0);
    if (g.segment_count() == 0) {
        for (std::size_t i = 0; i < count; ++i) apart.push_back(static_cast<std::int32_t>(i));
        return;
    }
    // The snap grid with a ring of one block round it; points beyond are few and costed exactly.
    const double size = g.grid_cell() * static_cast<double>(cells_per_block);
    const double x0 = g.grid_x0() - size, y0 = g.grid_y0() - size;
    const std::int64_t nx = (g.grid_columns() + cells_per_block - 1) / cells_per_block + 2;
    const std::int64_t ny = (g.grid_rows() + cells_per_block - 1) / cells_per_block + 2;
    const double x1 = x0 + static_cast<double>(nx) * size, y1 = y0 + static_cast<double>(ny) * size;
    // Every point on the grid, and every node, lies within these.
    magnitude = std::max({std::abs(x0), std::abs(y0), std::abs(x1), std::abs(y1)});
    // Each point's block (-1 off the grid), on every core; then a counting sort.
    // (Which block a point goes to only groups the points: the bounds are those of the points' own box.)
    std::vector<std::int32_t> key(count);
    const double per = 1.0 / size;
    parallel_for(count, 100000, [&](std::size_t b, std::size_t e) {
        for (std::size_t i = b; i < e; ++i) {
            const double fx = (x[i] - x0) * per, fy = (y[i] - y0) * per;
            // Written so that NaN fails the test too; truncation is the floor of what passes it.
            const bool on = fx >= 0 && fy >= 0 && fx < static_cast<double>(nx) && fy < static_cast<double>(ny);
            key[i] = on ? static_cast<std::int32_t>(static_cast<std::int64_t>(fy) * nx + static_cast<std::int64_t>(fx)) : -1;
        }
    });
    const auto blocks = static_cast<std::size_t>(nx * ny);
    offset.assign(blocks + 1, 0);
    for (std::size_t i = 0; i < count; ++i) {
        if (key[i] < 0) apart.push_back(static_cast<std::int32_t>(i));
        else ++offset[static_cast<std::size_t>(key[i]) + 1];
    }
    for (std::size_t k = 1; k < offset.size(); ++k) offset[k] += offset[k - 1];
    // The points written in their blocks' order by every core, each for a range of blocks of about
    // as many points as the others' (reading the points in their order and writing each where it goes
    // costs less than reading them in the blocks' order in every walk_covered() call).
    const auto placed = static_cast<std::size_t>(offset.back());
    points.reset(new Point[placed]);
    const std::size_t parts = count < 100000 ? 1 : core_count();
    parallel_for(parts, 2, [&](std::size_t pb, std::size_t pe) {
        for (std::size_t part = pb; part < pe; ++part) {
            auto block_at = [&](std::size_t q) {
                const auto n = static_cast<std::int32_t>(placed * q / parts);
                return static_cast<std::int32_t>(std::lower_bound(offset.begin(), offset.end() - 1, n) - offset.begin());
            };
            const std::int32_t kb = block_at(part), ke = part + 1 == parts ? static_cast<std::int32_t>(blocks) : block_at(part + 1);
            std::vector<std::int32_t> fill(offset.begin() + kb, offset.begin() + ke);
            for (std::size_t i = 0; i < count; ++i) {
                const std::int32_t k = key[i];
                if (k < kb || k >= ke) continue;
                points[static_cast<std::size_t>(fill[static_cast<std::size_t>(k - kb)]++)] = {x[i], y[i], static_cast<std::int32_t>(i)};
            }
        }
    });
}

/// The budgets' searches in the budgets' order, none for a budget that covers nobody (no segments, or no
/// facility with a budget): the searches of a run of budgets lie side by side, as settle() takes them.
struct WalkSearches::Impl {
    const WalkGraph* graph = nullptr;
    std::vector<Search> searches;
    std::vector<std::int32_t> at;  // at[k]: budget k's search in `searches`, -1 for none
};

WalkSearches::WalkSearches(const WalkGraph& graph, std::span<const Snap> facilities,
                           std::span<const std::vector<double>> budgets) {
    auto impl = std::make_shared<Impl>();
    impl->graph = &graph;
    for (const auto& budget : budgets) {
        Search s;
        s.sources = walk_sources(facilities, budget);
        if (graph.segment_count() == 0 || s.sources.empty()) {
            impl->at.push_back(-1);
            continue;
        }
        s.field = graph.search(s.sources, 0.0);
        impl->at.push_back(static_cast<std::int32_t>(impl->searches.size()));
        impl->searches.push_back(std::move(s));
    }
    impl_ = std::move(impl);
}

std::size_t WalkSearches::size() const { return impl_->at.size(); }

const WalkGraph& WalkSearches::graph() const { return *impl_->graph; }

std::vector<std::vector<std::uint8_t>> walk_covered(const WalkSearches& searches, const PointBlocks& points,
                                                    BlockStats* stats, std::size_t first_budgets) {
    const WalkGraph& graph = searches.graph();
    if (points.graph != &graph) throw std::invalid_argument("walk_covered: the points were bucketed on another graph");
    const WalkSearches::Impl& impl = *searches.impl_;
    const std::size_t n = std::min(first_budgets, impl.at.size());
    std::vector<std::vector<std::uint8_t>> covered(n, std::vector<std::uint8_t>(points.count, 0));
    BlockStats counts;
    for (std::size_t first = 0; first < n; first += max_fields) {
        const std::size_t last = std::min(n, first + max_fields);
        std::vector<std::size_t> which;
        for (std::size_t k = first; k < last; ++k)
            if (impl.at[k] >= 0) which.push_back(k);
        if (which.empty()) continue;
        const auto group = std::span<const Search>(impl.searches).subspan(static_cast<std::size_t>(impl.at[which.front()]), which.size());
        std::vector<std::vector<std::uint8_t>> flags(which.size());
        for (std::size_t f = 0; f < which.size(); ++f) flags[f].swap(covered[which[f]]);
        settle(graph, group, points, flags, counts);
        for (std::size_t f = 0; f < which.size(); ++f) flags[f].swap(covered[which[f]]);
    }
    if (stats) *stats = counts;
    return covered;
}

std::vector<std::vector<std::uint8_t>> walk_covered(const WalkGraph& graph, std::span<const Snap> facilities,
                                                    std::span<const std::vector<double>> budgets,
                                                    const PointBlocks& points, BlockStats* stats) {
    if (points.graph != &graph) throw std::invalid_argument("walk_covered: the points were bucketed on another graph");
    return walk_covered(WalkSearches(graph, facilities, budgets), points, stats);
}

std::vector<std::uint8_t> walk_covered(const WalkGraph& graph, std::span<const Snap> facilities,
                                       std::span<const double> budget, const PointBlocks& points, BlockStats* stats) {
    const std::vector<double> one(budget.begin(), budget.end());
    return std::move(walk_covered(graph, facilities, std::span<const std::vector<double>>(&one, 1), points, stats)[0]);
}

}  // namespace hcgis
