#include "core/polygon_union.h"

#include "core/parallel.h"

#include <algorithm>
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

}  // namespace hcgis
