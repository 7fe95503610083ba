// The walking network: roads as a graph, points snapped onto it, and one multi-source bounded Dijkstra.
//
// Junctions are where ways share a vertex, exactly as OpenStreetMap models them: a bridge passing over a
// street without a common vertex is no junction. Every segment between consecutive vertices is an edge,
// walkable both ways, weighted by its length in the working CRS. Adjacency is kept in compressed arrays
// (CSR). Points are snapped to the nearest point of the nearest segment with a uniform grid of segments.
//
// Walking distance between a facility f and a resident r (INDICATORS.md): the straight leg from f to its
// snap point, the shortest path along the roads, and the straight leg from the network to r. Two points
// snapped to the same segment also reach each other directly along it.
#pragma once

#include "core/geos.h"

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace hcgis {

/// Where a point meets the network: segment `seg` at fraction `t` (0 = its first node, 1 = its second),
/// `leg` metres away from the point. seg < 0 when the network is empty.
struct Snap {
    std::int32_t seg = -1;
    double t = 0;
    double leg = std::numeric_limits<double>::infinity();
    double x = 0, y = 0;  // the snap point itself
};

class WalkGraph {
public:
    /// Builds the graph from line geometries (LineString or MultiLineString); `use[i] == 0` leaves line i
    /// out (a non-walkable class). `use` may be empty (every line walks). The lines are read, not kept.
    explicit WalkGraph(std::span<const geos::GeomPtr> lines, std::span<const std::uint8_t> use = {});

    std::size_t node_count() const { return nx_.size(); }
    std::size_t segment_count() const { return seg_a_.size(); }
    double segment_length(std::size_t s) const { return seg_len_[s]; }
    std::int32_t segment_a(std::size_t s) const { return seg_a_[s]; }
    std::int32_t segment_b(std::size_t s) const { return seg_b_[s]; }
    double node_x(std::size_t n) const { return nx_[n]; }
    double node_y(std::size_t n) const { return ny_[n]; }
    /// Number of connected parts of the network (a network cut in two by a river without bridges has 2).
    std::size_t component_count() const;

    /// Nearest point of the network to (x, y).
    Snap snap(double x, double y) const;
    /// Snaps every point; uses every core when there are many.
    std::vector<Snap> snap_all(std::span<const double> x, std::span<const double> y) const;

    /// A start of the search: a snapped point with an initial cost (its leg, less its own service radius
    /// when radii differ by source).
    struct Source {
        Snap at;
        double offset = 0;  // added to the cost of everything reached from this source
        std::int32_t id = 0;
    };

    /// Result of a search: the least cost at every node and which source gave it.
    struct Field {
        std::vector<double> cost;        // +inf where not reached within the bound
        std::vector<std::int32_t> from;  // source id, -1 where not reached
        std::vector<std::pair<std::int32_t, std::int32_t>> on_segment;  // (segment, source index), sorted
        std::vector<std::uint64_t> has_source;  // bit s: some source lies on segment s (spares cost_at a search)
    };

    /// One multi-source Dijkstra (binary heap) from every source at once, cost = offset + leg + path,
    /// stopping at `bound`: nodes costing more stay unreached.
    Field search(std::span<const Source> sources, double bound) const;

    /// Reusable state for many small bounded searches: costs are reset only where a search touched them,
    /// so a search costs what it reaches, not the size of the graph.
    struct LocalSearch {
        std::vector<double> cost;            // +inf where untouched
        std::vector<std::int32_t> reached;   // nodes reached by the last search
    };
    /// A bounded search from one snapped point (cost = leg + path); fills `s.reached` and `s.cost`.
    void search_local(const Snap& from, double bound, LocalSearch& s) const;

    /// Segments meeting at node `n`.
    template <class F>
    void for_each_segment_at(std::int32_t n, F f) const {
        const auto k = static_cast<std::size_t>(n);
        for (auto e = adj_offset_[k]; e < adj_offset_[k + 1]; ++e) f(adj_seg_[static_cast<std::size_t>(e)]);
    }

    /// Least cost of reaching the snapped point `at` (its leg included) in `field`, considering sources on
    /// the same segment directly; sets `from` to the source id, or -1 when over `bound`.
    double cost_at(const Field& field, std::span<const Source> sources, const Snap& at, double bound,
                   std::int32_t& from) const;

    /// The snap grid: square cells of `grid_cell()` metres from (grid_x0(), grid_y0()), grid_columns() ×
    /// grid_rows() of them; cell (i, j) lists every segment whose bounding box touches it.
    double grid_x0() const { return gx0_; }
    double grid_y0() const { return gy0_; }
    double grid_cell() const { return cell_; }
    std::int64_t grid_columns() const { return gnx_; }
    std::int64_t grid_rows() const { return gny_; }
    std::span<const std::int32_t> cell_segments(std::int64_t i, std::int64_t j) const {
        const auto c = static_cast<std::size_t>(j * gnx_ + i);
        return std::span<const std::int32_t>(grid_items_).subspan(static_cast<std::size_t>(grid_offset_[c]),
                                                                  static_cast<std::size_t>(grid_offset_[c + 1] - grid_offset_[c]));
    }

private:
    void build_index();

    std::vector<double> nx_, ny_;                       // node coordinates
    std::vector<std::int32_t> seg_a_, seg_b_;           // segment end nodes
    std::vector<double> seg_len_;
    std::vector<std::int32_t> adj_offset_, adj_node_, adj_seg_;  // CSR: node -> (neighbour, segment)

    // Uniform grid of segments for snapping: cell c holds grid_items_[grid_offset_[c] .. grid_offset_[c+1]).
    double gx0_ = 0, gy0_ = 0, cell_ = 100, slack_ = 0;
    std::int64_t gnx_ = 0, gny_ = 0;
    std::vector<std::int32_t> grid_offset_, grid_items_;
};

/// Distance from (px, py) to segment (ax, ay)-(bx, by); `t` receives the fraction of the nearest point.
double point_segment_distance(double px, double py, double ax, double ay, double bx, double by, double& t);

}  // namespace hcgis
