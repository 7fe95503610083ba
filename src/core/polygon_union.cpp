#include "core/polygon_union.h"

#include "core/parallel.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <thread>
#include <numeric>
#include <vector>

namespace hcgis {

geos::GeomPtr union_on_cores(std::span<const GEOSGeometry* const> polygons, std::size_t groups) {
    std::vector<const GEOSGeometry*> items;
    std::vector<double> centre;
    for (const GEOSGeometry* g : polygons) {
        if (geos::is_empty(g)) continue;
        const geos::Envelope e = geos::envelope(g);
        items.push_back(g);
        centre.push_back(0.5 * (e.minx + e.maxx));
    }
    groups = std::max<std::size_t>(1, std::min(groups, items.size() / 8));
    if (groups <= 1) return geos::unary_union(items);
    std::vector<std::size_t> order(items.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return centre[a] < centre[b]; });
    std::vector<std::vector<const GEOSGeometry*>> run(groups);
    for (std::size_t k = 0; k < order.size(); ++k) run[k * groups / order.size()].push_back(items[order[k]]);
    std::vector<geos::GeomPtr> part(groups);
    parallel_for(groups, 2, [&](std::size_t b, std::size_t e) {
        for (std::size_t r = b; r < e; ++r) part[r] = geos::unary_union(run[r]);
    });
    // The join: a polygon of one run's union whose envelope meets no polygon of another run's lies
    // apart from everything else and is kept as it is; the rest is unioned.
    struct Piece {
        const GEOSGeometry* g;
        std::size_t run;
        geos::Envelope e;
    };
    std::vector<Piece> pieces;
    for (std::size_t r = 0; r < groups; ++r)
        for (const GEOSGeometry* p : geos::parts(part[r].get()))
            if (!geos::is_empty(p)) pieces.push_back({p, r, geos::envelope(p)});
    geos::StrTree tree;
    std::vector<geos::GeomPtr> boxes;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const auto& e = pieces[i].e;
        boxes.push_back(geos::make_rectangle(e.minx, e.miny, e.maxx, e.maxy));
        tree.insert(boxes.back().get(), i);
    }
    std::vector<const GEOSGeometry*> apart, meeting;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        bool meets = false;
        for (const std::size_t j : tree.query(boxes[i].get()))
            if (pieces[j].run != pieces[i].run) {
                meets = true;
                break;
            }
        (meets ? meeting : apart).push_back(pieces[i].g);
    }
    std::vector<geos::GeomPtr> out;
    for (const GEOSGeometry* p : apart) out.push_back(geos::clone(p));
    if (!meeting.empty()) {
        const geos::GeomPtr joined = geos::unary_union(meeting);
        for (const GEOSGeometry* p : geos::parts(joined.get()))
            if (!geos::is_empty(p)) out.push_back(geos::clone(p));
    }
    if (out.size() == 1) return std::move(out.front());
    return geos::make_collection(std::move(out), GEOS_MULTIPOLYGON);
}

namespace {

/// Disjoint polygons, each with its envelope.
struct Polygons {
    std::vector<geos::GeomPtr> g;
    std::vector<geos::Envelope> e;
    void add(geos::GeomPtr p) {
        if (geos::is_empty(p.get())) return;
        e.push_back(geos::envelope(p.get()));
        g.push_back(std::move(p));
    }
    /// Every non-empty polygon of `shape`.
    void add_parts(geos::GeomPtr shape) {
        if (geos::type_id(shape.get()) == GEOS_POLYGON) return add(std::move(shape));
        for (const GEOSGeometry* p : geos::parts(shape.get())) add(geos::clone(p));
    }
};

bool meet(const geos::Envelope& a, const geos::Envelope& b) {
    return a.minx <= b.maxx && b.minx <= a.maxx && a.miny <= b.maxy && b.miny <= a.maxy;
}

/// Marks (`ma`, `mb`) the envelopes of `a` that meet one of `b` and the other way round: a sweep from west
/// to east, each envelope tested only against the other set's whose x-range is still open, instead of every
/// pair (tens of thousands of catchments apart from each other would make that 10^8 tests).
void mark_meeting(const std::vector<geos::Envelope>& a, const std::vector<geos::Envelope>& b, std::vector<char>& ma,
                  std::vector<char>& mb) {
    struct Ref {
        double minx;
        bool in_b;
        std::size_t i;
    };
    std::vector<Ref> refs;
    refs.reserve(a.size() + b.size());
    for (std::size_t i = 0; i < a.size(); ++i) refs.push_back({a[i].minx, false, i});
    for (std::size_t j = 0; j < b.size(); ++j) refs.push_back({b[j].minx, true, j});
    std::sort(refs.begin(), refs.end(), [](const Ref& x, const Ref& y) { return x.minx < y.minx; });
    std::vector<std::size_t> open_a, open_b;  // envelopes begun whose maxx is not yet passed
    for (const Ref& r : refs) {
        const geos::Envelope& e = r.in_b ? b[r.i] : a[r.i];
        std::vector<std::size_t>& others = r.in_b ? open_a : open_b;
        const std::vector<geos::Envelope>& other_e = r.in_b ? a : b;
        std::erase_if(others, [&](std::size_t k) { return other_e[k].maxx < e.minx; });
        for (const std::size_t k : others)
            if (meet(e, other_e[k])) (r.in_b ? mb[r.i] : ma[r.i]) = 1, (r.in_b ? ma[k] : mb[k]) = 1;
        (r.in_b ? open_b : open_a).push_back(r.i);
    }
}

/// The union of two sets of disjoint polygons: those whose envelopes meet one of the other set's are
/// overlaid, the rest kept.
Polygons merge(Polygons a, Polygons b) {
    std::vector<char> ma(a.g.size(), 0), mb(b.g.size(), 0);
    mark_meeting(a.e, b.e, ma, mb);
    Polygons out;
    std::vector<geos::GeomPtr> sa, sb;
    for (std::size_t i = 0; i < a.g.size(); ++i) {
        if (ma[i]) sa.push_back(std::move(a.g[i]));
        else out.g.push_back(std::move(a.g[i])), out.e.push_back(a.e[i]);
    }
    for (std::size_t j = 0; j < b.g.size(); ++j) {
        if (mb[j]) sb.push_back(std::move(b.g[j]));
        else out.g.push_back(std::move(b.g[j])), out.e.push_back(b.e[j]);
    }
    if (sa.empty()) return out;
    const geos::GeomPtr ga = geos::make_collection(std::move(sa), GEOS_MULTIPOLYGON);
    const geos::GeomPtr gb = geos::make_collection(std::move(sb), GEOS_MULTIPOLYGON);
    out.add_parts(geos::union_of(ga.get(), gb.get()));
    return out;
}

Polygons union_range(std::size_t b, std::size_t e, const std::function<geos::GeomPtr(std::size_t)>& draw) {
    if (e - b == 1) {
        Polygons one;
        one.add_parts(draw(b));
        return one;
    }
    const std::size_t m = b + (e - b) / 2;
    return merge(union_range(b, m, draw), union_range(m, e, draw));
}

}  // namespace

geos::GeomPtr union_in_order(std::size_t n, const std::function<geos::GeomPtr(std::size_t)>& draw, std::size_t cores,
                             const CoresHeld& held) {
    if (n == 0) return geos::empty_polygon();
    // Runs of the order, four a core, taken by the cores as they come free; then the runs merged by
    // halves on this thread.
    const std::size_t threads = std::clamp<std::size_t>(cores, 1, n);
    const std::size_t runs = std::min(n, threads == 1 ? std::size_t{1} : 4 * threads);
    std::vector<Polygons> run(runs);
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> errors(threads);
    const std::size_t late = threads - std::min(held.count, threads - 1);  // the first thread held
    auto worker = [&](std::size_t t) {
        try {
            if (t >= late && held.done.valid())
                while (next < runs && held.done.wait_for(std::chrono::milliseconds(2)) != std::future_status::ready) {
                }
            for (std::size_t r; (r = next++) < runs;) {
                run[r] = union_range(r * n / runs, (r + 1) * n / runs, draw);
                for (const auto& g : run[r].g) geos::settle(g.get());  // before the calling thread reads them
            }
        } catch (...) {
            errors[t] = std::current_exception();
            next = runs;
        }
    };
    if (threads == 1) worker(0);
    else {
        std::vector<std::jthread> pool;
        for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(worker, t);
    }
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
    while (run.size() > 1) {
        std::vector<Polygons> up;
        for (std::size_t i = 0; i + 1 < run.size(); i += 2) up.push_back(merge(std::move(run[i]), std::move(run[i + 1])));
        if (run.size() % 2) up.push_back(std::move(run.back()));
        run = std::move(up);
    }
    std::vector<geos::GeomPtr>& out = run.front().g;
    if (out.empty()) return geos::empty_polygon();
    if (out.size() == 1) return std::move(out.front());
    return geos::make_collection(std::move(out), GEOS_MULTIPOLYGON);
}

}  // namespace hcgis
